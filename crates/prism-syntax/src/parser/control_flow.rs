//! `if`, `while`, `do … while` and `for` (language §3.2), with the parenthesised-condition rule
//! of §3.7.2 and the choice between `for … in/of` and C-style headers.

use chumsky::prelude::*;

use super::prims::{at, expect, fail, here, keyword, lambdas, maybe, opt, punct, Head};
use super::recovery::attempt;
use super::state::PState;
use super::statements::{block_statement, body_statement, var_decl};
use super::{Grammar, In, Rule};
use crate::ast::{
    DeclKind, Expr, ForInKeyword, ForInStmt, ForInit, ForStmt, Pattern, Stmt, StmtKind,
};
use crate::token::{Keyword, Punct, Token};

/// The beginning of a `for … in/of` header, up to its keyword.
#[derive(Clone)]
struct ForInPrefix {
    decl_kind: Option<DeclKind>,
    target: Pattern,
    index: Option<Pattern>,
    keyword: ForInKeyword,
}

/// A `for` header once it is known which form it has (language §3.2 `ForHead`).
enum ForHead {
    In(ForInPrefix, Expr),
    C(Option<ForInit>, Option<Expr>, Option<Expr>),
}

/// After a condition's `)`: a token that continues the expression is E0223 (§3.7.2).
fn condition_end<'src>() -> impl Parser<'src, In<'src>, (), super::Ex<'src>> + Clone {
    chumsky::primitive::custom(|inp| {
        let index = here(inp);
        let state = inp.state();
        if !state.continues_condition(index) {
            return Ok(());
        }
        let close = state.span_at(index.saturating_sub(1));
        let diagnostic = state
            .diagnostic(
                "E0223",
                "the condition's parentheses end here",
                close,
                "the condition ends here",
            )
            .with_secondary(
                state.file,
                state.span_at(index),
                "this continues the expression",
            )
            .with_help("put the whole condition in parentheses, or remove them");
        Err(state.error_with(index, diagnostic))
    })
}

/// A condition and its body: `"(" Expression ")" BodyStatement` or `Expression Block`, with
/// whether it was parenthesised.
fn condition_and_body<'src>(g: &Grammar<'src>) -> Rule<'src, (Expr, Stmt, bool)> {
    let parenthesized = punct(Punct::LParen)
        .ignore_then(lambdas(false, g.expression.clone()))
        .then_ignore(expect(Punct::RParen))
        .then_ignore(condition_end())
        .then(body_statement(g))
        .map(|(test, body)| (test, body, true));
    let bare = g
        .expression
        .clone()
        .then(block_statement(g))
        .map(|(test, body)| (test, body, false));
    choice((
        at(Punct::LParen).ignore_then(parenthesized),
        at(Punct::LParen).not().ignore_then(bare),
    ))
    .boxed()
}

/// `IfStmt` (language §3.2, §3.7.2).
pub(super) fn if_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    keyword(Keyword::If)
        .ignore_then(condition_and_body(g))
        .then(opt(Head::Keyword(Keyword::Else), body_statement(g)))
        .map(
            |((test, consequent, parenthesized), alternate)| StmtKind::If {
                test,
                consequent: Box::new(consequent),
                alternate: alternate.map(Box::new),
                parenthesized,
            },
        )
        .boxed()
}

/// `WhileStmt` (language §3.2, §3.7.2).
pub(super) fn while_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    keyword(Keyword::While)
        .ignore_then(condition_and_body(g))
        .map(|(test, body, parenthesized)| StmtKind::While {
            test,
            body: Box::new(body),
            parenthesized,
        })
        .boxed()
}

/// `DoWhileStmt = "do" Statement "while" Expression [ ";" ] ;`
pub(super) fn do_while_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let while_keyword = choice((
        keyword(Keyword::While),
        fail(|state: &PState<'_>, index| {
            state.error_expected(index, "`while`", "expected `while`")
        }),
    ));
    keyword(Keyword::Do)
        .ignore_then(body_statement(g))
        .then_ignore(while_keyword)
        .then(g.expression.clone())
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map(|(body, test)| StmtKind::DoWhile {
            body: Box::new(body),
            test,
        })
        .boxed()
}

/// `ForStmt = "for" "(" ForHead ")" Statement | "for" ForHead Block ;`
pub(super) fn for_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let parenthesized = punct(Punct::LParen)
        .ignore_then(lambdas(false, for_head(g, true)))
        .then_ignore(expect(Punct::RParen))
        .then_ignore(condition_end())
        .then(body_statement(g))
        .map(|(head, body)| (head, body, true));
    let bare = for_head(g, false)
        .then(block_statement(g))
        .map(|(head, body)| (head, body, false));
    keyword(Keyword::For)
        .ignore_then(choice((
            at(Punct::LParen).ignore_then(parenthesized),
            at(Punct::LParen).not().ignore_then(bare),
        )))
        .map(|(head, body, parenthesized)| match head {
            ForHead::In(prefix, iterable) => StmtKind::ForIn(Box::new(ForInStmt {
                decl_kind: prefix.decl_kind,
                target: prefix.target,
                index: prefix.index,
                keyword: prefix.keyword,
                iterable,
                body,
                parenthesized,
            })),
            ForHead::C(init, test, update) => StmtKind::For(Box::new(ForStmt {
                init,
                test,
                update,
                body,
                parenthesized,
            })),
        })
        .boxed()
}

/// `ForHead = ForInHead | ForCHead ;` — a ForInHead when a binding target followed by
/// `in`/`of` (or `, Ident in/of`) can be read.
fn for_head<'src>(g: &Grammar<'src>, parenthesized: bool) -> Rule<'src, ForHead> {
    let prefix = for_in_prefix(g);
    // Tries the prefix; a header that is not `for … in/of` leaves no trace (no input consumed,
    // no diagnostic kept).
    let maybe_prefix = chumsky::primitive::custom(move |inp| {
        let _ = here(inp);
        let reported = inp.state().stmt_reported;
        let diagnostics = inp.state().diagnostics.len();
        match attempt(inp, &prefix) {
            Ok(prefix) => Ok(Some(prefix)),
            Err(_) => {
                let state = inp.state();
                state.stmt_reported = reported;
                state.diagnostics.truncate(diagnostics);
                Ok(None)
            }
        }
    });
    let iterable = after_for_in_keyword()
        .ignore_then(g.expression.clone())
        .map(Ok);
    let c_head = after_for_in_keyword()
        .not()
        .ignore_then(for_c_head(g, parenthesized))
        .map(Err);
    maybe_prefix
        .then(choice((iterable, c_head)))
        .map(|(prefix, rest)| match (prefix, rest) {
            (Some(prefix), Ok(iterable)) => ForHead::In(prefix, iterable),
            (None, Ok(iterable)) => ForHead::C(None, Some(iterable), None),
            (_, Err((init, test, update))) => ForHead::C(init, test, update),
        })
        .boxed()
}

/// Whether the token before the next one is the `in`/`of` of a ForInHead.
fn after_for_in_keyword<'src>() -> impl Parser<'src, In<'src>, (), super::Ex<'src>> + Clone {
    super::prims::when(|state: &PState<'_>, index| {
        index
            .checked_sub(1)
            .is_some_and(|previous| for_in_keyword(state.token_at(previous)).is_some())
    })
}

fn for_in_keyword(token: Option<&Token>) -> Option<ForInKeyword> {
    match token {
        Some(Token::Keyword(Keyword::In)) => Some(ForInKeyword::In),
        Some(Token::Ident(word)) if word == "of" => Some(ForInKeyword::Of),
        _ => None,
    }
}

/// `[ "let" | "const" ] BindingTarget [ "," BindingIdent ] ( "in" | "of" )`.
fn for_in_prefix<'src>(g: &Grammar<'src>) -> Rule<'src, ForInPrefix> {
    let decl_kind = select_ref! {
        (Token::Keyword(Keyword::Let), _) => DeclKind::Let,
        (Token::Keyword(Keyword::Const), _) => DeclKind::Const,
    };
    let index = super::prims::when(|state: &PState<'_>, index| {
        state.punct_at(index, Punct::Comma) && for_in_keyword(state.token_at(index + 2)).is_some()
    })
    .ignore_then(punct(Punct::Comma))
    .ignore_then(g.binding_target.clone())
    .or_not();
    let for_keyword = select_ref! { (token, _) => for_in_keyword(Some(token)) }.try_map(
        |keyword, span: chumsky::span::SimpleSpan| {
            keyword.ok_or(super::state::ParseError {
                pos: span.start,
                diagnostic: None,
                explicit: false,
            })
        },
    );
    decl_kind
        .or_not()
        .then(g.binding_target.clone())
        .then(index)
        .then(for_keyword)
        .map(|(((decl_kind, target), index), keyword)| ForInPrefix {
            decl_kind,
            target,
            index,
            keyword,
        })
        .boxed()
}

/// `ForCHead = [ ForInit ] ";" [ Expression ] ";" [ Expression ] ;`
pub(super) fn for_c_head<'src>(
    g: &Grammar<'src>,
    parenthesized: bool,
) -> Rule<'src, (Option<ForInit>, Option<Expr>, Option<Expr>)> {
    let init = choice((
        at(Punct::Semi).to(None),
        super::prims::when(|state: &PState<'_>, index| {
            matches!(
                state.token_at(index),
                Some(Token::Keyword(Keyword::Let | Keyword::Const))
            )
        })
        .ignore_then(var_decl(g))
        .map(|decl| Some(ForInit::VarDecl(decl))),
        g.expression.clone().map(|expr| Some(ForInit::Expr(expr))),
    ));
    let test = choice((at(Punct::Semi).to(None), g.expression.clone().map(Some)));
    let end = if parenthesized {
        Punct::RParen
    } else {
        Punct::LBrace
    };
    let update = choice((at(end).to(None), g.expression.clone().map(Some)));
    init.then_ignore(expect(Punct::Semi))
        .then(test)
        .then_ignore(expect(Punct::Semi))
        .then(update)
        .map(|((init, test), update)| (init, test, update))
        .boxed()
}
