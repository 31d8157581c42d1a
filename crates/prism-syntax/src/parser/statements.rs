//! Statements (language §3.2, §3.7.1, §3.7.7): the dispatch on the first tokens, blocks,
//! declarations and the simple statements. Conditions and loops are in `control_flow.rs`.

use chumsky::prelude::*;

use super::prims::{
    at, bump, here, keyword, maybe, nested, opt, peek, punct, span_from, span_of, when, Head, Inp,
};
use super::state::{PState, ParseError};
use super::{Grammar, Rec, Rule};
use crate::ast::{Block, DeclKind, Declarator, Expr, Stmt, StmtKind, TryStmt, VarDecl};
use crate::token::{Keyword, Punct, Token};

/// Which statement starts at a token (language §3.7.1, §3.7.7).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    End,
    Empty,
    Block,
    Misplaced,
    VarDecl,
    FunctionDecl,
    If,
    While,
    Do,
    For,
    Uncertain,
    Return,
    BreakOrContinue,
    Throw,
    Try,
    Context,
    Import,
    Export,
    Agents,
    Expr,
}

fn statement_start(state: &PState<'_>, index: usize) -> Start {
    match state.token_at(index) {
        None => Start::End,
        Some(Token::Punct(Punct::Semi)) => Start::Empty,
        Some(Token::Punct(Punct::LBrace)) if !state.brace_starts_object(index) => Start::Block,
        Some(Token::Punct(Punct::RParen | Punct::RBracket | Punct::RBrace)) => Start::Misplaced,
        Some(Token::Keyword(keyword)) => match keyword {
            Keyword::Let | Keyword::Const => Start::VarDecl,
            Keyword::Function | Keyword::Fn | Keyword::Async
                if function_decl_follows(state, index) =>
            {
                Start::FunctionDecl
            }
            Keyword::If => Start::If,
            Keyword::While => Start::While,
            Keyword::Do => Start::Do,
            Keyword::For => Start::For,
            Keyword::Uncertain => Start::Uncertain,
            Keyword::Return => Start::Return,
            Keyword::Break | Keyword::Continue => Start::BreakOrContinue,
            Keyword::Throw => Start::Throw,
            Keyword::Try => Start::Try,
            Keyword::In => Start::Context,
            Keyword::Import => Start::Import,
            Keyword::Export => Start::Export,
            Keyword::Else | Keyword::Catch | Keyword::Finally => Start::Misplaced,
            _ => Start::Expr,
        },
        Some(Token::Ident(word))
            if word == "agents" && state.punct_at(index + 1, Punct::LBrace) =>
        {
            Start::Agents
        }
        Some(_) => Start::Expr,
    }
}

/// Whether `[async] function|fn` at `index` is followed by a name (a declaration, §3.7.7).
fn function_decl_follows(state: &PState<'_>, index: usize) -> bool {
    let offset = usize::from(matches!(
        state.token_at(index),
        Some(Token::Keyword(Keyword::Async))
    ));
    matches!(
        state.token_at(index + offset),
        Some(Token::Keyword(Keyword::Function | Keyword::Fn))
    ) && matches!(
        state.token_at(index + offset + 1),
        Some(Token::Ident(_) | Token::Keyword(_))
    )
}

/// E0218: `{token} cannot start a statement`.
#[cold]
fn error_cannot_start(state: &PState<'_>, index: usize) -> ParseError {
    let message = format!("{} cannot start a statement", state.describe_at(index));
    state.error_here(index, "E0218", message, "expected a statement")
}

/// `Statement` (language §3.2): the first tokens decide which statement it is (§3.7.7), looked up
/// once rather than tried rule by rule.
pub(super) fn statement<'src>(g: &Grammar<'src>) -> Rule<'src, Stmt> {
    use super::control_flow::{do_while_stmt, for_stmt, if_stmt, while_stmt};
    use super::modules::{agents_stmt, context_stmt, export_decl, import_decl};
    let function = super::functions::function(g, true);
    let rules = StatementRules {
        expression: g.expression.clone(),
        block: g.block.clone().map(StmtKind::Block).boxed(),
        var_decl: var_decl(g).map(StmtKind::VarDecl).boxed(),
        function: function
            .map(|f| StmtKind::FunctionDecl(Box::new(f)))
            .boxed(),
        if_stmt: if_stmt(g),
        while_stmt: while_stmt(g),
        do_while_stmt: do_while_stmt(g),
        for_stmt: for_stmt(g),
        uncertain: super::uncertain::uncertain_stmt(g),
        return_stmt: return_stmt(g),
        throw_stmt: throw_stmt(g),
        try_stmt: try_stmt(g),
        context: context_stmt(g),
        import: import_decl(),
        export: export_decl(g),
        agents: agents_stmt(g),
    };
    custom(move |inp| rules.statement(inp)).boxed()
}

/// The rules a Statement dispatches to.
#[derive(Clone)]
struct StatementRules<'src> {
    expression: Rec<'src, Expr>,
    block: Rule<'src, StmtKind>,
    var_decl: Rule<'src, StmtKind>,
    function: Rule<'src, StmtKind>,
    if_stmt: Rule<'src, StmtKind>,
    while_stmt: Rule<'src, StmtKind>,
    do_while_stmt: Rule<'src, StmtKind>,
    for_stmt: Rule<'src, StmtKind>,
    uncertain: Rule<'src, StmtKind>,
    return_stmt: Rule<'src, StmtKind>,
    throw_stmt: Rule<'src, StmtKind>,
    try_stmt: Rule<'src, StmtKind>,
    context: Rule<'src, StmtKind>,
    import: Rule<'src, StmtKind>,
    export: Rule<'src, StmtKind>,
    agents: Rule<'src, StmtKind>,
}

impl<'src> StatementRules<'src> {
    fn statement(&self, inp: &mut Inp<'src, '_>) -> Result<Stmt, ParseError> {
        let start = here(inp);
        let state = inp.state();
        let rule = match statement_start(state, start) {
            Start::Expr => {
                // `ExprStmt = Expression [ ";" ] ;`
                let expr = inp.parse(&self.expression)?;
                skip_semicolon(inp);
                return Ok(Stmt::new(StmtKind::Expr(expr), span_from(inp, start)));
            }
            Start::End => return Err(state.error_expression(start)),
            Start::Misplaced => return Err(error_cannot_start(state, start)),
            Start::Empty => {
                bump(inp);
                return Ok(Stmt::new(StmtKind::Empty, span_from(inp, start)));
            }
            Start::BreakOrContinue => {
                let kind = match state.token_at(start) {
                    Some(Token::Keyword(Keyword::Continue)) => StmtKind::Continue,
                    _ => StmtKind::Break,
                };
                bump(inp);
                skip_semicolon(inp);
                return Ok(Stmt::new(kind, span_from(inp, start)));
            }
            Start::Block => &self.block,
            Start::VarDecl => {
                let kind = inp.parse(&self.var_decl)?;
                skip_semicolon(inp);
                return Ok(Stmt::new(kind, span_from(inp, start)));
            }
            Start::FunctionDecl => &self.function,
            Start::If => &self.if_stmt,
            Start::While => &self.while_stmt,
            Start::Do => &self.do_while_stmt,
            Start::For => &self.for_stmt,
            Start::Uncertain => &self.uncertain,
            Start::Return => &self.return_stmt,
            Start::Throw => &self.throw_stmt,
            Start::Try => &self.try_stmt,
            Start::Context => &self.context,
            Start::Import => &self.import,
            Start::Export => &self.export,
            Start::Agents => &self.agents,
        };
        let kind = inp.parse(rule)?;
        Ok(Stmt::new(kind, span_from(inp, start)))
    }
}

/// Consumes an optional `;`.
fn skip_semicolon(inp: &mut Inp<'_, '_>) {
    if matches!(peek(inp), Some(Token::Punct(Punct::Semi))) {
        bump(inp);
    }
}

/// `Block = "{" { Statement } "}" ;` — a missing `}` at the end of input is reported and the
/// block kept.
pub(super) fn block<'src>(g: &Grammar<'src>) -> Rule<'src, Block> {
    super::prims::expect(Punct::LBrace)
        .then(nested(super::recovery::statement_list(g, true)))
        .then(maybe(Head::Punct(Punct::RBrace)))
        .map_with(|((open, body), close), e| {
            if close.is_none() {
                let index = e.span().end;
                let state = e.state();
                let message = format!("expected `}}`, found {}", state.describe_at(index));
                let diagnostic = state
                    .diagnostic("E0202", message, state.span_at(index), "expected `}`")
                    .with_secondary(state.file, open, "this `{` is not closed");
                state.report(diagnostic);
            }
            Block {
                body,
                span: span_of(e),
            }
        })
        .boxed()
}

/// The body of `if`/`else`/`while`/`for`/`do`: any statement, where `{` always opens a Block
/// (§3.7.1).
pub(super) fn body_statement<'src>(g: &Grammar<'src>) -> Rule<'src, Stmt> {
    nested(choice((
        at(Punct::LBrace).ignore_then(block_statement(g)),
        at(Punct::LBrace).not().ignore_then(g.statement.clone()),
    )))
    .boxed()
}

/// A Block used as a statement (bodies of unparenthesised `if`/`while`/`for`).
pub(super) fn block_statement<'src>(g: &Grammar<'src>) -> Rule<'src, Stmt> {
    g.block
        .clone()
        .map(|block| {
            let span = block.span;
            Stmt::new(StmtKind::Block(block), span)
        })
        .boxed()
}

/// `VarDecl` without its optional `;`: `("let" | "const") VarBinding { "," VarBinding }`.
pub(super) fn var_decl<'src>(g: &Grammar<'src>) -> Rule<'src, VarDecl> {
    let kind = select_ref! {
        (Token::Keyword(Keyword::Let), _) => DeclKind::Let,
        (Token::Keyword(Keyword::Const), _) => DeclKind::Const,
    };
    let binding = var_binding(g);
    kind.then(binding.clone())
        .then(
            punct(Punct::Comma)
                .ignore_then(binding)
                .repeated()
                .collect::<Vec<_>>(),
        )
        .then_ignore(at(Punct::Comma).not())
        .map_with(|((kind, first), rest), e| {
            let mut declarators = vec![first];
            declarators.extend(rest);
            VarDecl {
                kind,
                declarators,
                span: span_of(e),
            }
        })
        .boxed()
}

/// `VarBinding = BindingTarget [ "~>" Unary ] [ "=" Expression ] ;`
fn var_binding<'src>(g: &Grammar<'src>) -> Rule<'src, Declarator> {
    g.binding_target
        .clone()
        .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
        .then(opt(Head::Punct(Punct::Eq), g.expression.clone()))
        .map_with(|((target, threshold), init), e| Declarator {
            target,
            threshold,
            init,
            span: span_of(e),
        })
        .boxed()
}

/// `ReturnStmt = "return" [ Expression ] [ ";" ] ;` — no value exactly when the next token is
/// `;`, `}` or the end of input.
fn return_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let no_value = |state: &PState<'_>, index: usize| {
        matches!(
            state.token_at(index),
            None | Some(Token::Punct(Punct::Semi | Punct::RBrace))
        )
    };
    keyword(Keyword::Return)
        .ignore_then(choice((
            when(no_value).to(None),
            g.expression.clone().map(Some),
        )))
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map(StmtKind::Return)
        .boxed()
}

/// `ThrowStmt = "throw" Expression [ ";" ] ;`
fn throw_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    keyword(Keyword::Throw)
        .ignore_then(g.expression.clone())
        .then_ignore(maybe(Head::Punct(Punct::Semi)))
        .map(StmtKind::Throw)
        .boxed()
}

/// `TryStmt`; a `try` with neither `catch` nor `finally` is reported on the finished tree.
fn try_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let param = opt(
        Head::Punct(Punct::LParen),
        g.binding_target
            .clone()
            .then_ignore(super::prims::expect(Punct::RParen)),
    );
    let catch = opt(Head::Keyword(Keyword::Catch), param.then(g.block.clone()));
    let finally = opt(Head::Keyword(Keyword::Finally), g.block.clone());
    keyword(Keyword::Try)
        .ignore_then(g.block.clone())
        .then(catch)
        .then(finally)
        .map(|((block, catch), finalizer)| {
            let (param, handler) = match catch {
                Some((param, handler)) => (param, Some(handler)),
                None => (None, None),
            };
            StmtKind::Try(Box::new(TryStmt {
                block,
                param,
                handler,
                finalizer,
            }))
        })
        .boxed()
}
