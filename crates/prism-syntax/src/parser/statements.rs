//! Statements (language §3.2, §3.7.1, §3.7.7): the dispatch on the first tokens, blocks,
//! declarations and the simple statements. Conditions and loops are in `control_flow.rs`.

use chumsky::prelude::*;

use super::prims::{at, fail, keyword, nested, opt, punct, span_of, when};
use super::state::{PState, ParseError};
use super::{Grammar, Rule};
use crate::ast::{Block, DeclKind, Declarator, Stmt, StmtKind, TryStmt, VarDecl};
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

fn starts<'src>(start: Start) -> impl Parser<'src, super::In<'src>, (), super::Ex<'src>> + Clone {
    when(move |state, index| statement_start(state, index) == start)
}

/// E0218: `{token} cannot start a statement`.
#[cold]
fn error_cannot_start(state: &PState<'_>, index: usize) -> ParseError {
    let message = format!("{} cannot start a statement", state.describe_at(index));
    state.error_here(index, "E0218", message, "expected a statement")
}

/// `Statement` (language §3.2), dispatching on the first tokens (§3.7.7).
pub(super) fn statement<'src>(g: &Grammar<'src>) -> Rule<'src, Stmt> {
    use super::control_flow::{do_while_stmt, for_stmt, if_stmt, while_stmt};
    use super::modules::{agents_stmt, context_stmt, export_decl, import_decl};
    let semi = punct(Punct::Semi).or_not();
    let break_or_continue = select_ref! {
        (Token::Keyword(Keyword::Break), _) => StmtKind::Break,
        (Token::Keyword(Keyword::Continue), _) => StmtKind::Continue,
    }
    .then_ignore(semi.clone());
    choice((
        // The alternatives exclude each other; the most frequent come first.
        starts(Start::Expr).ignore_then(expr_stmt(g)),
        starts(Start::End).ignore_then(fail(|state, index| state.error_expression(index))),
        punct(Punct::Semi).to(StmtKind::Empty),
        starts(Start::Block).ignore_then(g.block.clone().map(StmtKind::Block)),
        starts(Start::Misplaced).ignore_then(fail(error_cannot_start)),
        starts(Start::VarDecl)
            .ignore_then(var_decl(g))
            .then_ignore(semi.clone())
            .map(StmtKind::VarDecl),
        starts(Start::FunctionDecl).ignore_then(
            super::functions::function(g, true).map(|f| StmtKind::FunctionDecl(Box::new(f))),
        ),
        starts(Start::If).ignore_then(if_stmt(g)),
        starts(Start::While).ignore_then(while_stmt(g)),
        starts(Start::Do).ignore_then(do_while_stmt(g)),
        starts(Start::For).ignore_then(for_stmt(g)),
        starts(Start::Uncertain).ignore_then(super::uncertain::uncertain_stmt(g)),
        starts(Start::Return).ignore_then(return_stmt(g)),
        break_or_continue,
        starts(Start::Throw).ignore_then(throw_stmt(g)),
        starts(Start::Try).ignore_then(try_stmt(g)),
        starts(Start::Context).ignore_then(context_stmt(g)),
        starts(Start::Import).ignore_then(import_decl()),
        starts(Start::Export).ignore_then(export_decl(g)),
        starts(Start::Agents).ignore_then(agents_stmt(g)),
    ))
    .map_with(|kind, e| Stmt::new(kind, span_of(e)))
    .boxed()
}

/// `ExprStmt = Expression [ ";" ] ;`
fn expr_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    g.expression
        .clone()
        .then_ignore(punct(Punct::Semi).or_not())
        .map(StmtKind::Expr)
        .boxed()
}

/// `Block = "{" { Statement } "}" ;` — a missing `}` at the end of input is reported and the
/// block kept.
pub(super) fn block<'src>(g: &Grammar<'src>) -> Rule<'src, Block> {
    super::prims::expect(Punct::LBrace)
        .then(nested(super::recovery::statement_list(g, true)))
        .then(punct(Punct::RBrace).or_not())
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
        .then(opt(punct(Punct::TildeArrow), g.unary.clone()))
        .then(opt(punct(Punct::Eq), g.expression.clone()))
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
        .then_ignore(punct(Punct::Semi).or_not())
        .map(StmtKind::Return)
        .boxed()
}

/// `ThrowStmt = "throw" Expression [ ";" ] ;`
fn throw_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    keyword(Keyword::Throw)
        .ignore_then(g.expression.clone())
        .then_ignore(punct(Punct::Semi).or_not())
        .map(StmtKind::Throw)
        .boxed()
}

/// `TryStmt`; a `try` with neither `catch` nor `finally` is reported on the finished tree.
fn try_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let param = opt(
        punct(Punct::LParen),
        g.binding_target
            .clone()
            .then_ignore(super::prims::expect(Punct::RParen)),
    );
    let catch = opt(keyword(Keyword::Catch), param.then(g.block.clone()));
    let finally = opt(keyword(Keyword::Finally), g.block.clone());
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
