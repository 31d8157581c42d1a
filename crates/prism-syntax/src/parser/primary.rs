//! Unary, postfix and call expressions, and the primary expressions: literals, names, brackets
//! (language §3.4, §3.7.5). Lambdas and function expressions are in `functions.rs`, templates in
//! `template.rs`.

use std::rc::Rc;

use chumsky::prelude::*;
use prism_span::Span;

use chumsky::span::SimpleSpan;

use super::expressions::bracketed;
use super::prims::{
    bump, expect, expect_closing, here, link_here, list_items, maybe, nested, peek, prop_name,
    punct, span_from, span_of, when, Head, Inp,
};
use super::state::{PState, ParseError};
use super::{Grammar, Rule};
use crate::ast::{ArrayElem, Expr, ExprKind, MemberAccess, Name, StrLit, UnaryOp, UpdateOp};
use crate::token::{Keyword, Punct, Token};

/// `Unary = ( "!" | "-" | "~" | "<~" | "typeof" | "await" | "++" | "--" ) Unary | Postfix ;`
/// with `Postfix` and `CallExpr`, in one parser that decides every step by the next token (see
/// `expression`, which does the same for the operator levels).
///
/// The rules come back shared as well, so that the operator levels can call them directly (see
/// [`UnaryRules::parse_in_place`]).
pub(in crate::parser) fn unary<'src>(
    g: &Grammar<'src>,
) -> (Rule<'src, Expr>, Rc<UnaryRules<'src>>) {
    use super::functions::{function_expr, lambda};
    let rules = Rc::new(UnaryRules {
        operand: nested(g.unary.clone()).boxed(),
        arguments: arguments(g),
        index: index(g),
        prop_name: prop_name().boxed(),
        template: super::template::template(g),
        lambda: lambda(g),
        array: array_lit(g),
        object: super::prims::lambdas(false, super::objects::object_lit(g)).boxed(),
        paren: paren_expr(g),
        function: function_expr(g),
        match_expr: super::match_expr::match_expr(g),
    });
    let shared = Rc::clone(&rules);
    (custom(move |inp| rules.unary(inp)).boxed(), shared)
}

/// The rules a Unary calls.
pub(in crate::parser) struct UnaryRules<'src> {
    /// The operand of a prefix operator, one nesting level deeper.
    operand: Rule<'src, Expr>,
    arguments: Rule<'src, Vec<ArrayElem>>,
    index: Rule<'src, Expr>,
    prop_name: Rule<'src, Name>,
    template: Rule<'src, Expr>,
    lambda: Rule<'src, Expr>,
    array: Rule<'src, Expr>,
    object: Rule<'src, Expr>,
    paren: Rule<'src, Expr>,
    function: Rule<'src, Expr>,
    match_expr: Rule<'src, Expr>,
}

impl<'src> UnaryRules<'src> {
    /// A Unary, as `inp.parse` of the `unary` rule gives it but without chumsky's calls through
    /// the recursive handle, the box and `custom` on the way: an operand is parsed this way for
    /// almost every token of an expression. An error is ranked as `custom` ranks it, at the token
    /// where the Unary started, and the input is left where the failed parse left it.
    pub(in crate::parser) fn parse_in_place(
        &self,
        inp: &mut Inp<'src, '_>,
    ) -> Result<Expr, ParseError> {
        let before = inp.save();
        match self.unary(inp) {
            Ok(expr) => Ok(expr),
            Err(error) => Err(super::recovery::rank_at(inp, before, error)),
        }
    }

    fn unary(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let start = here(inp);
        let state = inp.state();
        let op = match state.token_at(start) {
            Some(Token::Punct(Punct::Bang)) => UnaryOp::Not,
            Some(Token::Punct(Punct::Minus)) => UnaryOp::Neg,
            Some(Token::Punct(Punct::Tilde)) => UnaryOp::Strip,
            Some(Token::Punct(Punct::LtTilde)) => UnaryOp::Confidence,
            Some(Token::Keyword(Keyword::Typeof)) => UnaryOp::Typeof,
            Some(Token::Keyword(Keyword::Await)) => UnaryOp::Await,
            Some(Token::Punct(Punct::PlusPlus)) => {
                return self.prefix_update(inp, UpdateOp::Increment)
            }
            Some(Token::Punct(Punct::MinusMinus)) => {
                return self.prefix_update(inp, UpdateOp::Decrement)
            }
            Some(Token::Punct(Punct::TildeTilde)) => {
                return Err(tilde_prefix(state, start, "to strip confidence write `~x`"))
            }
            Some(Token::Punct(Punct::TildeMinus)) => {
                return Err(tilde_prefix(state, start, "write `~(-x)`"))
            }
            _ => return self.postfix(inp),
        };
        bump(inp);
        let argument = inp.parse(&self.operand)?;
        let kind = ExprKind::Unary {
            op,
            argument: Box::new(argument),
        };
        Ok(Expr::new(kind, span_from(inp, start)))
    }

    fn prefix_update(&self, inp: &mut Inp<'src, '_>, op: UpdateOp) -> Result<Expr, ParseError> {
        let start = here(inp);
        bump(inp);
        let argument = inp.parse(&self.operand)?;
        inp.state().check_update_target(&argument);
        let kind = ExprKind::Update {
            op,
            prefix: true,
            argument: Box::new(argument),
        };
        Ok(Expr::new(kind, span_from(inp, start)))
    }

    /// `Postfix = CallExpr [ "++" | "--" ] ;`
    fn postfix(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let start = here(inp);
        let expr = self.call_expr(inp)?;
        let op = match peek(inp) {
            Some(Token::Punct(Punct::PlusPlus)) => UpdateOp::Increment,
            Some(Token::Punct(Punct::MinusMinus)) => UpdateOp::Decrement,
            _ => return Ok(expr),
        };
        bump(inp);
        inp.state().check_update_target(&expr);
        let kind = ExprKind::Update {
            op,
            prefix: false,
            argument: Box::new(expr),
        };
        Ok(Expr::new(kind, span_from(inp, start)))
    }

    /// `CallExpr = Primary { Arguments | "." PropName | "?." PropName | "~." PropName
    ///   | "[" Expression "]" | "?." "[" Expression "]" | "?." Arguments } ;` — its links form a
    /// chain.
    fn call_expr(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let chain = inp.state().chain;
        let mut expr = self.primary(inp)?;
        loop {
            let link = match peek(inp) {
                Some(Token::Punct(Punct::LParen)) => {
                    CallLink::Call(false, inp.parse(&self.arguments)?)
                }
                Some(Token::Punct(Punct::LBracket)) => {
                    CallLink::Index(false, inp.parse(&self.index)?)
                }
                Some(Token::Punct(Punct::Dot)) => {
                    bump(inp);
                    CallLink::Member(MemberAccess::Dot, inp.parse(&self.prop_name)?)
                }
                Some(Token::Punct(Punct::TildeDot)) => {
                    bump(inp);
                    CallLink::Member(MemberAccess::Confident, inp.parse(&self.prop_name)?)
                }
                Some(Token::Punct(Punct::QuestionDot)) => {
                    bump(inp);
                    match peek(inp) {
                        Some(Token::Punct(Punct::LBracket)) => {
                            CallLink::Index(true, inp.parse(&self.index)?)
                        }
                        Some(Token::Punct(Punct::LParen)) => {
                            CallLink::Call(true, inp.parse(&self.arguments)?)
                        }
                        _ => CallLink::Member(MemberAccess::Optional, inp.parse(&self.prop_name)?),
                    }
                }
                _ => break,
            };
            let next = here(inp);
            let end = inp.state().end_before(next);
            link_here(inp)?;
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
            expr = Expr::new(kind, span);
        }
        inp.state().chain = chain;
        Ok(expr)
    }

    /// `Primary = Number | String | Template | "true" | "false" | "null" | "undefined" | "_"
    ///   | Ident | ArrayLit | ObjectLit | "(" Expression ")" | Lambda | FunctionExpr | MatchExpr ;`
    fn primary(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let index = here(inp);
        let state = inp.state();
        let rule = match primary_start(state, index) {
            Start::Name | Start::Literal => {
                let expr = match state.tokens.get(index) {
                    Some((Token::Placeholder, span)) => Expr::new(ExprKind::Placeholder, *span),
                    Some((Token::Ident(name), span)) => {
                        Expr::new(ExprKind::Ident(name.clone()), *span)
                    }
                    Some((token, span)) => {
                        literal_expr(token, *span).ok_or_else(|| state.error_expression(index))?
                    }
                    None => return Err(state.error_expression(index)),
                };
                bump(inp);
                return Ok(expr);
            }
            Start::Template => &self.template,
            Start::Lambda => &self.lambda,
            Start::Array => &self.array,
            Start::Object => &self.object,
            Start::Paren => &self.paren,
            Start::Function => &self.function,
            Start::Match => &self.match_expr,
            Start::Spread => {
                let message = "`...` is not allowed here".to_string();
                return Err(state.error_here(index, "E0219", message, "not allowed here"));
            }
            Start::Other => return Err(state.error_expression(index)),
        };
        inp.parse(rule)
    }
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

/// One link of a CallExpr.
enum CallLink {
    Call(bool, Vec<ArrayElem>),
    Member(MemberAccess, Name),
    Index(bool, Expr),
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
    maybe(Head::Punct(Punct::Ellipsis))
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

/// A literal token as an expression.
pub(super) fn literal<'src>() -> impl Parser<'src, super::In<'src>, Expr, super::Ex<'src>> + Clone {
    select_ref! { (token, span) => literal_expr(token, *span) }.try_map(|expr, span: SimpleSpan| {
        expr.ok_or(ParseError {
            pos: span.start,
            diagnostic: None,
            explicit: false,
        })
    })
}

/// The expression of a literal token.
fn literal_expr(token: &Token, span: Span) -> Option<Expr> {
    let kind = match token {
        Token::Number(value) => ExprKind::Number(*value),
        Token::Str { value, quote } => ExprKind::String(StrLit {
            value: value.clone(),
            quote: *quote,
            span,
        }),
        Token::Keyword(Keyword::True) => ExprKind::Bool(true),
        Token::Keyword(Keyword::False) => ExprKind::Bool(false),
        Token::Keyword(Keyword::Null) => ExprKind::Null { undefined: false },
        Token::Keyword(Keyword::Undefined) => ExprKind::Null { undefined: true },
        _ => return None,
    };
    Some(Expr::new(kind, span))
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
            .then_ignore(maybe(Head::Punct(Punct::Comma))),
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
