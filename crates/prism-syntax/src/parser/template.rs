//! `Template = StringStart Expression { StringMiddle Expression } StringEnd` (language §2.10).
//! An error inside an interpolation is reported at its own position and the interpolation becomes
//! an `Error` node; tokens left after a complete expression are E0202.

use chumsky::input::InputRef;
use chumsky::prelude::*;
use prism_span::Span;
use smol_str::SmolStr;

use super::prims::{bump, here, nested};
use super::recovery::{attempt, skip_to};
use super::state::ParseError;
use super::{Ex, Grammar, In, Rule};
use crate::ast::{Expr, ExprKind, Template};
use crate::token::Token;

/// `Template` at a `StringStart` token.
pub(super) fn template<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let expression = g.expression.clone();
    let start = custom(|inp| {
        let index = here(inp);
        match inp.state().tokens.get(index) {
            Some((Token::StringStart { value, quote }, _)) => {
                let found = (value.clone(), *quote);
                bump(inp);
                Ok(found)
            }
            _ => Err(inp.state().error_expression(index)),
        }
    });
    let parts = custom(move |inp| {
        // The text before the first `${` takes the first place after the parts are read. Most
        // templates have at most three interpolations, so four places are usually enough.
        let mut quasis = Vec::with_capacity(4);
        quasis.push(SmolStr::default());
        let mut expressions = Vec::new();
        loop {
            expressions.push(interpolation(inp, &expression));
            let index = here(inp);
            match inp.state().token_at(index) {
                Some(Token::StringMiddle(text)) => {
                    quasis.push(text.clone());
                    bump(inp);
                }
                Some(Token::StringEnd(text)) => {
                    quasis.push(text.clone());
                    bump(inp);
                    break;
                }
                // The end of input inside an interpolation: the lexer reported E0109.
                _ => {
                    quasis.push("".into());
                    break;
                }
            }
        }
        Ok::<_, ParseError>((quasis, expressions))
    });
    start
        .then(nested(parts))
        .map_with(|((value, quote), (mut quasis, expressions)), e| {
            if let Some(first) = quasis.first_mut() {
                *first = value;
            }
            let template = Template {
                quote,
                quasis,
                expressions,
            };
            Expr::new(
                ExprKind::Template(Box::new(template)),
                super::prims::span_of(e),
            )
        })
        .boxed()
}

fn at_interpolation_end(token: Option<&Token>) -> bool {
    matches!(
        token,
        None | Some(Token::StringMiddle(_) | Token::StringEnd(_))
    )
}

/// One interpolated expression, up to (not including) its `StringMiddle`/`StringEnd`.
fn interpolation<'src>(
    inp: &mut InputRef<'src, '_, In<'src>, Ex<'src>>,
    expression: &impl Parser<'src, In<'src>, Expr, Ex<'src>>,
) -> Expr {
    let start = here(inp);
    let state = inp.state();
    let start_offset = state.span_at(start).start;
    if at_interpolation_end(state.token_at(start)) {
        // `"${}"`: the lexer reported E0110.
        return Expr::new(ExprKind::Error, Span::at(start_offset));
    }
    let saved_no_lambda = std::mem::replace(&mut state.no_lambda, false);
    let saved_reported = std::mem::replace(&mut state.stmt_reported, false);
    let expr = match attempt(inp, expression) {
        Ok(expr) => {
            let index = here(inp);
            let state = inp.state();
            if at_interpolation_end(state.token_at(index)) {
                expr
            } else {
                let message = "expected `}` to close the interpolation".to_string();
                let error = state.error_here(index, "E0202", message, "expected `}`");
                skip_interpolation(inp, error);
                error_node(inp, start_offset)
            }
        }
        Err(error) => {
            skip_interpolation(inp, error);
            error_node(inp, start_offset)
        }
    };
    let state = inp.state();
    state.no_lambda = saved_no_lambda;
    state.stmt_reported = saved_reported;
    expr
}

fn error_node<'src>(inp: &mut InputRef<'src, '_, In<'src>, Ex<'src>>, start: u32) -> Expr {
    let index = here(inp);
    let end = inp.state().end_before(index).max(start);
    Expr::new(ExprKind::Error, Span::new(start, end))
}

/// Reports `error` and skips to the end of the current interpolation (nested interpolated
/// strings are skipped whole).
fn skip_interpolation<'src>(inp: &mut InputRef<'src, '_, In<'src>, Ex<'src>>, error: ParseError) {
    if let Some(diagnostic) = error.diagnostic {
        inp.state().diagnostics.push(*diagnostic);
    }
    skip_to(inp, error.pos);
    let mut depth = 0usize;
    loop {
        let index = here(inp);
        match inp.state().token_at(index) {
            None => return,
            Some(Token::StringStart { .. }) => depth += 1,
            Some(Token::StringMiddle(_) | Token::StringEnd(_)) if depth == 0 => return,
            Some(Token::StringEnd(_)) => depth -= 1,
            _ => {}
        }
        bump(inp);
    }
}
