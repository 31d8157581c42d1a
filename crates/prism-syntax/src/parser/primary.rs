//! Unary, postfix and call expressions, and the primary expressions: literals, names, brackets
//! (language §3.4, §3.7.5). Lambdas and function expressions are in `functions.rs`, templates in
//! `template.rs`.

use chumsky::prelude::*;
use prism_span::Span;

use super::expressions::bracketed;
use super::prims::{
    at, chained, expect, expect_closing, fail, link, list_items, nested, prop_name, punct, span_of,
    when,
};
use super::state::PState;
use super::{Grammar, Rule};
use crate::ast::{ArrayElem, Expr, ExprKind, MemberAccess, Name, StrLit, UnaryOp, UpdateOp};
use crate::token::{Keyword, Punct, Token};

/// `Unary = ( "!" | "-" | "~" | "<~" | "typeof" | "await" | "++" | "--" ) Unary | Postfix ;`
pub(in crate::parser) fn unary<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let prefix = select_ref! {
        (Token::Punct(Punct::Bang), _) => UnaryOp::Not,
        (Token::Punct(Punct::Minus), _) => UnaryOp::Neg,
        (Token::Punct(Punct::Tilde), _) => UnaryOp::Strip,
        (Token::Punct(Punct::LtTilde), _) => UnaryOp::Confidence,
        (Token::Keyword(Keyword::Typeof), _) => UnaryOp::Typeof,
        (Token::Keyword(Keyword::Await), _) => UnaryOp::Await,
    };
    let update = select_ref! {
        (Token::Punct(Punct::PlusPlus), _) => UpdateOp::Increment,
        (Token::Punct(Punct::MinusMinus), _) => UpdateOp::Decrement,
    };
    let operand = nested(g.unary.clone());
    let no_prefix = when(|state: &PState<'_>, index| {
        !matches!(
            state.token_at(index),
            Some(
                Token::Punct(
                    Punct::Bang
                        | Punct::Minus
                        | Punct::Tilde
                        | Punct::LtTilde
                        | Punct::PlusPlus
                        | Punct::MinusMinus
                        | Punct::TildeTilde
                        | Punct::TildeMinus
                ) | Token::Keyword(Keyword::Typeof | Keyword::Await)
            )
        )
    });
    // The alternatives exclude each other; the most frequent comes first.
    choice((
        no_prefix.ignore_then(postfix(g)),
        prefix.then(operand.clone()).map_with(|(op, argument), e| {
            let kind = ExprKind::Unary {
                op,
                argument: Box::new(argument),
            };
            Expr::new(kind, span_of(e))
        }),
        update.then(operand).map_with(|(op, argument), e| {
            e.state().check_update_target(&argument);
            let kind = ExprKind::Update {
                op,
                prefix: true,
                argument: Box::new(argument),
            };
            Expr::new(kind, span_of(e))
        }),
        at(Punct::TildeTilde).ignore_then(fail(|state, index| {
            tilde_prefix(state, index, "to strip confidence write `~x`")
        })),
        at(Punct::TildeMinus).ignore_then(fail(|state, index| {
            tilde_prefix(state, index, "write `~(-x)`")
        })),
    ))
    .boxed()
}

/// E0201 for `~~x` and `~-x` in prefix position (language §2.11), with its help line.
#[cold]
fn tilde_prefix(state: &PState<'_>, index: usize, help: &str) -> super::state::ParseError {
    let message = format!("expected expression, found {}", state.describe_at(index));
    let diagnostic = state
        .diagnostic(
            "E0201",
            message,
            state.span_at(index),
            "expected expression",
        )
        .with_help(help);
    state.error_with(index, diagnostic)
}

/// `Postfix = CallExpr [ "++" | "--" ] ;`
fn postfix<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let update = select_ref! {
        (Token::Punct(Punct::PlusPlus), _) => UpdateOp::Increment,
        (Token::Punct(Punct::MinusMinus), _) => UpdateOp::Decrement,
    };
    call_expr(g)
        .then(update.or_not())
        .map_with(|(expr, op), e| match op {
            None => expr,
            Some(op) => {
                e.state().check_update_target(&expr);
                let kind = ExprKind::Update {
                    op,
                    prefix: false,
                    argument: Box::new(expr),
                };
                Expr::new(kind, span_of(e))
            }
        })
        .boxed()
}

/// One link of a CallExpr, with the end offset of its last token.
enum CallLink {
    Call(bool, Vec<ArrayElem>),
    Member(MemberAccess, Name),
    Index(bool, Expr),
}

/// `CallExpr = Primary { Arguments | "." PropName | "?." PropName | "~." PropName
///   | "[" Expression "]" | "?." "[" Expression "]" | "?." Arguments } ;`
fn call_expr<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let optional = punct(Punct::QuestionDot).ignore_then(choice((
        at(Punct::LBracket)
            .ignore_then(index(g))
            .map(|expr| CallLink::Index(true, expr)),
        at(Punct::LParen)
            .ignore_then(arguments(g))
            .map(|args| CallLink::Call(true, args)),
        prop_name().map(|name| CallLink::Member(MemberAccess::Optional, name)),
    )));
    let link_start = when(|state: &PState<'_>, index| {
        matches!(
            state.token_at(index),
            Some(Token::Punct(
                Punct::LParen | Punct::Dot | Punct::TildeDot | Punct::QuestionDot | Punct::LBracket
            ))
        )
    });
    // The guard spares the alternatives when no link follows.
    let call_link = link_start
        .clone()
        .ignore_then(choice((
            at(Punct::LParen)
                .ignore_then(arguments(g))
                .map(|args| CallLink::Call(false, args)),
            punct(Punct::Dot)
                .ignore_then(prop_name())
                .map(|name| CallLink::Member(MemberAccess::Dot, name)),
            punct(Punct::TildeDot)
                .ignore_then(prop_name())
                .map(|name| CallLink::Member(MemberAccess::Confident, name)),
            optional,
            at(Punct::LBracket)
                .ignore_then(index(g))
                .map(|expr| CallLink::Index(false, expr)),
        )))
        .map_with(|link, e| (link, span_of(e).end))
        .then_ignore(link());
    chained(
        primary(g)
            .foldl(call_link.repeated(), |expr, (link, end)| {
                let span = Span::new(expr.span.start, end.max(expr.span.start));
                let kind = match link {
                    CallLink::Call(optional, arguments) => ExprKind::Call {
                        callee: Box::new(expr),
                        optional,
                        arguments,
                    },
                    CallLink::Member(access, property) => ExprKind::Member {
                        object: Box::new(expr),
                        access,
                        property,
                    },
                    CallLink::Index(optional, index) => ExprKind::Index {
                        object: Box::new(expr),
                        optional,
                        index: Box::new(index),
                    },
                };
                Expr::new(kind, span)
            })
            .then_ignore(link_start.not()),
    )
    .boxed()
}

/// `"[" Expression "]"` after an object.
fn index<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    punct(Punct::LBracket)
        .ignore_then(bracketed(g.expression.clone()))
        .then_ignore(expect(Punct::RBracket))
        .boxed()
}

/// `Arguments = "(" [ Argument { "," Argument } [ "," ] ] ")" ;` with
/// `Argument = [ "..." ] Expression ;`
pub(super) fn arguments<'src>(g: &Grammar<'src>) -> Rule<'src, Vec<ArrayElem>> {
    punct(Punct::LParen)
        .ignore_then(bracketed(
            list_items(spread_or_expression(g), Punct::RParen)
                .then_ignore(expect_closing(Punct::RParen)),
        ))
        .boxed()
}

/// `[ "..." ] Expression` (array elements and arguments).
fn spread_or_expression<'src>(g: &Grammar<'src>) -> Rule<'src, ArrayElem> {
    punct(Punct::Ellipsis)
        .or_not()
        .then(g.expression.clone())
        .map_with(|(spread, expr), e| ArrayElem {
            spread: spread.is_some(),
            expr,
            span: span_of(e),
        })
        .boxed()
}

/// What a Primary starts with (language §3.4, §3.7.5).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    Literal,
    Template,
    Lambda,
    Name,
    Array,
    Object,
    Paren,
    Function,
    Match,
    Spread,
    Other,
}

fn primary_start(state: &PState<'_>, index: usize) -> Start {
    let lambdas = !state.no_lambda;
    match state.token_at(index) {
        Some(Token::Number(_) | Token::Str { .. }) => Start::Literal,
        Some(Token::Keyword(
            Keyword::True | Keyword::False | Keyword::Null | Keyword::Undefined,
        )) => Start::Literal,
        Some(Token::StringStart { .. }) => Start::Template,
        Some(Token::Placeholder | Token::Ident(_)) => {
            if lambdas && state.punct_at(index + 1, Punct::FatArrow) {
                Start::Lambda
            } else {
                Start::Name
            }
        }
        Some(Token::Punct(Punct::LBracket)) => Start::Array,
        Some(Token::Punct(Punct::LBrace)) => Start::Object,
        Some(Token::Punct(Punct::LParen)) => {
            if lambdas && state.paren_starts_lambda(index) {
                Start::Lambda
            } else {
                Start::Paren
            }
        }
        Some(Token::Keyword(Keyword::Function | Keyword::Fn)) => Start::Function,
        Some(Token::Keyword(Keyword::Async)) => match state.token_at(index + 1) {
            Some(Token::Keyword(Keyword::Function | Keyword::Fn)) => Start::Function,
            Some(Token::Ident(_) | Token::Placeholder)
                if lambdas && state.punct_at(index + 2, Punct::FatArrow) =>
            {
                Start::Lambda
            }
            Some(Token::Punct(Punct::LParen))
                if lambdas && state.paren_starts_lambda(index + 1) =>
            {
                Start::Lambda
            }
            _ => Start::Other,
        },
        Some(Token::Keyword(Keyword::Match)) => Start::Match,
        Some(Token::Punct(Punct::Ellipsis)) => Start::Spread,
        _ => Start::Other,
    }
}

fn starts<'src>(start: Start) -> impl Parser<'src, super::In<'src>, (), super::Ex<'src>> + Clone {
    when(move |state, index| primary_start(state, index) == start)
}

/// `Primary = Number | String | Template | "true" | "false" | "null" | "undefined" | "_"
///   | Ident | ArrayLit | ObjectLit | "(" Expression ")" | Lambda | FunctionExpr | MatchExpr ;`
fn primary<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let name = select_ref! {
        (Token::Placeholder, span) => Expr::new(ExprKind::Placeholder, *span),
        (Token::Ident(name), span) => Expr::new(ExprKind::Ident(name.clone()), *span),
    };
    choice((
        // The alternatives exclude each other; the most frequent come first.
        starts(Start::Name).ignore_then(name),
        starts(Start::Literal).ignore_then(literal()),
        starts(Start::Template).ignore_then(super::template::template(g)),
        starts(Start::Lambda).ignore_then(super::functions::lambda(g)),
        starts(Start::Array).ignore_then(array_lit(g)),
        starts(Start::Object)
            .ignore_then(super::prims::lambdas(false, super::objects::object_lit(g))),
        starts(Start::Paren).ignore_then(paren_expr(g)),
        starts(Start::Function).ignore_then(super::functions::function_expr(g)),
        starts(Start::Match).ignore_then(super::match_expr::match_expr(g)),
        starts(Start::Spread).ignore_then(fail(|state, index| {
            let message = "`...` is not allowed here".to_string();
            state.error_here(index, "E0219", message, "not allowed here")
        })),
        fail(|state, index| state.error_expression(index)),
    ))
    .boxed()
}

/// A literal token as an expression.
pub(super) fn literal<'src>() -> impl Parser<'src, super::In<'src>, Expr, super::Ex<'src>> + Clone {
    select_ref! {
        (Token::Number(value), span) => Expr::new(ExprKind::Number(*value), *span),
        (Token::Str { value, quote }, span) => Expr::new(
            ExprKind::String(StrLit { value: value.clone(), quote: *quote, span: *span }),
            *span,
        ),
        (Token::Keyword(Keyword::True), span) => Expr::new(ExprKind::Bool(true), *span),
        (Token::Keyword(Keyword::False), span) => Expr::new(ExprKind::Bool(false), *span),
        (Token::Keyword(Keyword::Null), span) => Expr::new(ExprKind::Null { undefined: false }, *span),
        (Token::Keyword(Keyword::Undefined), span) => Expr::new(ExprKind::Null { undefined: true }, *span),
    }
}

/// `"(" Expression ")"`, kept as a `Paren` node.
fn paren_expr<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    punct(Punct::LParen)
        .ignore_then(bracketed(g.expression.clone()))
        .then_ignore(expect(Punct::RParen))
        .map_with(|inner, e| Expr::new(ExprKind::Paren(Box::new(inner)), span_of(e)))
        .boxed()
}

/// `ArrayLit = "[" [ ArrayElem { "," ArrayElem } [ "," ] ] "]" ;` — holes are kept as
/// zero-width `Error` elements, so that the literal can still become an array pattern
/// (§3.7.4); one that stays a literal is E0204 on the finished tree.
fn array_lit<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let hole = punct(Punct::Comma).map(|span| {
        let hole = Span::at(span.start);
        ArrayElem {
            spread: false,
            expr: Expr::new(ExprKind::Error, hole),
            span: hole,
        }
    });
    let items = choice((
        hole,
        when(|state: &PState<'_>, index| super::prims::after_separator(state, index))
            .ignore_then(spread_or_expression(g))
            .then_ignore(punct(Punct::Comma).or_not()),
    ));
    let items =
        when(|state: &PState<'_>, index| !super::prims::list_ends(state, index, Punct::RBracket))
            .ignore_then(items)
            .repeated()
            .collect::<Vec<_>>()
            .then_ignore(expect_closing(Punct::RBracket));
    punct(Punct::LBracket)
        .ignore_then(bracketed(items))
        .map_with(|elements, e| Expr::new(ExprKind::Array(elements), span_of(e)))
        .boxed()
}
