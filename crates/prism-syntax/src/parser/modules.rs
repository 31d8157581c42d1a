//! Imports, exports, context blocks and agents blocks (language §3.2, §8.10, §8.11, §13).

use chumsky::prelude::*;
use prism_span::Span;

use super::prims::{
    at, expect, expect_closing, fail, keyword, lambdas, list_items, maybe, name, prop_name, punct,
    span_of, when, word, Head,
};
use super::state::PState;
use super::{Ex, Grammar, In, Rule};
use crate::ast::{
    AgentDecl, ContextName, ContextStmt, Export, ExportSpec, Import, ImportSpec, Name, Stmt,
    StmtKind, StrLit,
};
use crate::token::{Keyword, Punct, Token};

/// `ContextStmt = "in" "context" ( Ident | String ) Block [ "->" ( Ident | String ) [ ";" ] ] ;`
/// — `in` not followed by `context` is E0201 (§3.7.7).
pub(super) fn context_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let not_context = fail(|state: &PState<'_>, index| {
        let message = format!("expected expression, found {}", state.describe_at(index));
        let diagnostic = state
            .diagnostic(
                "E0201",
                message,
                state.span_at(index),
                "expected expression",
            )
            .with_help("context blocks are written `in context Name { … }`");
        state.error_with(index, diagnostic)
    });
    let context = keyword(Keyword::In)
        .ignore_then(word("context"))
        .ignore_then(context_name())
        .then(g.block.clone())
        .then(
            punct(Punct::ThinArrow)
                .ignore_then(context_name())
                .then_ignore(maybe(Head::Punct(Punct::Semi)))
                .or_not(),
        )
        .then_ignore(at(Punct::ThinArrow).not())
        .map(|((name, body), shift)| {
            StmtKind::Context(Box::new(ContextStmt { name, body, shift }))
        });
    choice((
        when(|state: &PState<'_>, index| {
            matches!(state.token_at(index + 1), Some(Token::Ident(word)) if word == "context")
        })
        .ignore_then(context),
        not_context,
    ))
    .boxed()
}

fn context_name<'src>() -> impl Parser<'src, In<'src>, ContextName, Ex<'src>> + Clone {
    choice((
        select_ref! {
            (Token::Ident(text), span) => ContextName { text: text.clone(), is_string: false, span: *span },
            (Token::Str { value, .. }, span) => ContextName { text: value.clone(), is_string: true, span: *span },
        },
        fail(|state: &PState<'_>, index| {
            state.error_expected(index, "context name", "expected a name or a string")
        }),
    ))
}

/// `AgentsStmt = "agents" "{" [ AgentDecl { [ "," | ";" ] AgentDecl } [ "," | ";" ] ] "}" ;`
pub(super) fn agents_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let separator = choice((punct(Punct::Comma), punct(Punct::Semi))).or_not();
    word("agents")
        .ignore_then(punct(Punct::LBrace))
        .ignore_then(
            at(Punct::RBrace)
                .not()
                .ignore_then(agent_decl(g))
                .then_ignore(separator)
                .repeated()
                .collect::<Vec<_>>(),
        )
        .then_ignore(punct(Punct::RBrace))
        .map(StmtKind::Agents)
        .boxed()
}

/// `AgentDecl = Ident ":" [ "Agent" ] ObjectLit ;`
fn agent_decl<'src>(g: &Grammar<'src>) -> Rule<'src, AgentDecl> {
    let agent_word = when(|state: &PState<'_>, index| state.punct_at(index + 1, Punct::LBrace))
        .ignore_then(word("Agent"))
        .or_not();
    let object = choice((
        at(Punct::LBrace).ignore_then(lambdas(false, super::objects::object_lit(g))),
        fail(|state: &PState<'_>, index| {
            state.error_expected(index, "`{`", "expected the agent's object")
        }),
    ));
    name("agent name")
        .then_ignore(expect(Punct::Colon))
        .then(agent_word)
        .then(object)
        .map_with(|((name, agent_word), object), e| AgentDecl {
            name,
            agent_word,
            object,
            span: span_of(e),
        })
        .boxed()
}

/// The module path of an import or export: a string without interpolation.
fn module_source<'src>() -> impl Parser<'src, In<'src>, StrLit, Ex<'src>> + Clone {
    choice((
        select_ref! {
            (Token::Str { value, quote }, span) => StrLit { value: value.clone(), quote: *quote, span: *span },
        },
        fail(|state: &PState<'_>, index| {
            state.error_expected(index, "module path", "expected a string")
        }),
    ))
}

/// The contextual keyword `text` or E0202.
fn expect_word<'src>(text: &'static str) -> impl Parser<'src, In<'src>, Name, Ex<'src>> + Clone {
    choice((
        word(text).map(move |span| Name {
            text: text.into(),
            span,
        }),
        fail(move |state: &PState<'_>, index| {
            let expected = format!("`{text}`");
            state.error_expected(index, &expected, &format!("expected {expected}"))
        }),
    ))
}

/// The clause of an import: default name, named imports and namespace name.
type ImportClause = (Option<Name>, Vec<ImportSpec>, Option<Name>);

/// `ImportDecl = "import" ( String | ImportClause "from" String ) [ ";" ] ;`
pub(super) fn import_decl<'src>() -> Rule<'src, StmtKind> {
    let named_or_namespace = choice((
        at(Punct::LBrace)
            .ignore_then(named_imports())
            .map(|names| (names, None)),
        punct(Punct::Star)
            .ignore_then(expect_word("as"))
            .ignore_then(name("name"))
            .map(|namespace| (Vec::new(), Some(namespace))),
        fail(|state: &PState<'_>, index| {
            state.error_expected(index, "import clause", "expected a name, `{` or `*`")
        }),
    ));
    // `ImportClause = Ident [ "," ( NamedImports | NamespaceImport ) ] | NamedImports | NamespaceImport ;`
    let default =
        when(|state: &PState<'_>, index| matches!(state.token_at(index), Some(Token::Ident(_))))
            .ignore_then(name("name"));
    let clause = choice((
        default
            .then(opt_after_comma(named_or_namespace.clone()))
            .map(|(default, more)| {
                let (names, namespace) = more.unwrap_or_default();
                (Some(default), names, namespace)
            }),
        named_or_namespace.map(|(names, namespace)| (None, names, namespace)),
    ));
    let with_clause = clause
        .then_ignore(expect_word("from"))
        .then(module_source())
        .map(
            |((default, names, namespace), source): (ImportClause, StrLit)| Import {
                source,
                default,
                namespace,
                names,
            },
        );
    let bare = select_ref! {
        (Token::Str { value, quote }, span) => Import {
            source: StrLit { value: value.clone(), quote: *quote, span: *span },
            default: None,
            namespace: None,
            names: Vec::new(),
        },
    };
    keyword(Keyword::Import)
        .ignore_then(choice((bare, with_clause)))
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map(|import| StmtKind::Import(Box::new(import)))
        .boxed()
}

/// `"," rest` when a `,` follows, nothing otherwise.
fn opt_after_comma<'src, O>(
    rest: impl Parser<'src, In<'src>, O, Ex<'src>> + Clone,
) -> impl Parser<'src, In<'src>, Option<O>, Ex<'src>> + Clone {
    super::prims::opt(Head::Punct(Punct::Comma), rest)
}

/// `NamedImports = "{" [ ImportSpec { "," ImportSpec } [ "," ] ] "}" ;` with
/// `ImportSpec = PropName [ "as" Ident ] ;`
fn named_imports<'src>() -> Rule<'src, Vec<ImportSpec>> {
    // §3.2: a keyword name or `_` cannot be a local binding.
    let plain = when(|state: &PState<'_>, index| {
        matches!(state.token_at(index), Some(Token::Ident(word)) if word != "default")
    })
    .ignore_then(prop_name())
    .then(super::prims::opt(Head::Word("as"), name("name")))
    .map(|(imported, local)| {
        let local = local.unwrap_or_else(|| imported.clone());
        ImportSpec { imported, local }
    });
    let renamed = prop_name()
        .then(choice((
            word("as").ignore_then(name("name")),
            fail(|state: &PState<'_>, index| {
                state.error_expected(index, "`as`", "a keyword or `_` must be renamed with `as`")
            }),
        )))
        .map(|(imported, local)| ImportSpec { imported, local });
    punct(Punct::LBrace)
        .ignore_then(list_items(choice((plain, renamed)), Punct::RBrace))
        .then_ignore(expect_closing(Punct::RBrace))
        .boxed()
}

/// `ExportDecl` (language §3.2).
pub(super) fn export_decl<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let declaration = |kind: StmtKind, span: Span| Export {
        declaration: Some(Stmt::new(kind, span)),
        ..empty()
    };
    let var = super::statements::var_decl(g)
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map_with(move |decl, e| declaration(StmtKind::VarDecl(decl), span_of(e)));
    let function = when(|state: &PState<'_>, index| {
        matches!(
            state.token_at(index),
            Some(Token::Keyword(
                Keyword::Function | Keyword::Fn | Keyword::Async
            ))
        )
    })
    .ignore_then(super::functions::function(g, true))
    .map_with(move |function, e| {
        declaration(StmtKind::FunctionDecl(Box::new(function)), span_of(e))
    });
    let agents = when(|state: &PState<'_>, index| state.punct_at(index + 1, Punct::LBrace))
        .ignore_then(agents_stmt(g))
        .map_with(move |agents, e| declaration(agents, span_of(e)));
    let default = word("default")
        .ignore_then(g.expression.clone())
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map(move |expr| Export {
            default: Some(expr),
            ..empty()
        });
    let all = punct(Punct::Star)
        .ignore_then(expect_word("from"))
        .ignore_then(module_source())
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map(move |source| Export {
            source: Some(source),
            all: true,
            ..empty()
        });
    let specifiers = export_specifiers()
        .then(super::prims::opt(Head::Word("from"), module_source()))
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map(move |(specifiers, source)| Export {
            specifiers,
            source,
            ..empty()
        });
    let fallback = fail(|state: &PState<'_>, index| {
        state.error_expected(
            index,
            "declaration",
            "expected a declaration, `default`, `*` or `{`",
        )
    });
    keyword(Keyword::Export)
        .ignore_then(choice((
            when(|state: &PState<'_>, index| {
                matches!(
                    state.token_at(index),
                    Some(Token::Keyword(Keyword::Let | Keyword::Const))
                )
            })
            .ignore_then(var),
            function,
            agents,
            default,
            all,
            at(Punct::LBrace).ignore_then(specifiers),
            fallback,
        )))
        .map(|export| StmtKind::Export(Box::new(export)))
        .boxed()
}

fn empty() -> Export {
    Export {
        declaration: None,
        default: None,
        specifiers: Vec::new(),
        source: None,
        all: false,
    }
}

/// `"{" [ ExportSpec { "," ExportSpec } [ "," ] ] "}"` with `ExportSpec = PropName [ "as" PropName ] ;`
fn export_specifiers<'src>() -> Rule<'src, Vec<ExportSpec>> {
    let spec = prop_name()
        .then(super::prims::opt(Head::Word("as"), prop_name()))
        .map(|(local, exported)| {
            let exported = exported.unwrap_or_else(|| local.clone());
            ExportSpec { local, exported }
        });
    punct(Punct::LBrace)
        .ignore_then(list_items(spec, Punct::RBrace))
        .then_ignore(expect_closing(Punct::RBrace))
        .boxed()
}
