//! Statement lists and error recovery (language §3.9): a loop that runs the `Statement` parser,
//! and after an error reports it, skips to a statement boundary and records a `StmtKind::Error`.

use std::convert::Infallible;

use chumsky::input::{Checkpoint, InputRef};
use chumsky::prelude::*;
use prism_span::Span;

use super::prims::{bump, here};
use super::state::{PState, ParseError};
use super::{Ex, Grammar, In, Rule};
use crate::ast::{Stmt, StmtKind};
use crate::token::{Punct, Token};

/// `{ Statement }` up to the end of input, or up to the `}` closing a block when `in_block`.
pub(super) fn statement_list<'src>(g: &Grammar<'src>, in_block: bool) -> Rule<'src, Vec<Stmt>> {
    let statement = g.statement.clone();
    custom(move |inp| {
        let mut body = Vec::new();
        loop {
            let index = here(inp);
            let state = inp.state();
            match state.token_at(index) {
                None => return Ok(body),
                Some(Token::Punct(Punct::RBrace)) if in_block => return Ok(body),
                _ => {}
            }
            let outer_reported = std::mem::replace(&mut state.stmt_reported, false);
            // A nested block continues the chain budget of the expression around it.
            let outer_chain = state.chain;
            let start_offset = state.span_at(index).start;
            let stmt = match attempt(inp, &statement) {
                Ok(stmt) => stmt,
                Err(error) => {
                    let resume = inp.state().recovery_point(index, error.pos, in_block);
                    inp.state().push_error(error);
                    skip_to(inp, resume);
                    let state = inp.state();
                    let end = state.end_before(resume).max(start_offset);
                    Stmt::new(StmtKind::Error, Span::new(start_offset, end))
                }
            };
            let state = inp.state();
            if let (false, Some(validation)) = (in_block, state.validation.as_mut()) {
                crate::validate::validate_top_level(&stmt, state.file, validation);
            }
            body.push(stmt);
            state.chain = outer_chain;
            state.stmt_reported = outer_reported;
        }
    })
    .boxed()
}

/// Runs `parser`; after an error the input is back where it was and the scopes the failed rules
/// left open are closed, but the diagnostics they reported are kept.
pub(super) fn attempt<'src, O>(
    inp: &mut InputRef<'src, '_, In<'src>, Ex<'src>>,
    parser: &impl Parser<'src, In<'src>, O, Ex<'src>>,
) -> Result<O, ParseError> {
    let checkpoint = inp.save();
    let state = inp.state();
    let scopes = (state.nesting, state.no_lambda, state.lambda_stack.len());
    match inp.parse(parser) {
        Ok(output) => Ok(output),
        Err(error) => {
            inp.rewind(checkpoint);
            let state = inp.state();
            state.nesting = scopes.0;
            state.no_lambda = scopes.1;
            state.lambda_stack.truncate(scopes.2);
            Err(error)
        }
    }
}

/// Gives `error` the rank that a `custom` parser starting at `before` gives the error it returns:
/// chumsky keeps it, or an error it already holds from further on, or merges the two at the same
/// token. The input ends where it was.
#[cold]
pub(super) fn rank_at<'src, 'parse>(
    inp: &mut InputRef<'src, 'parse, In<'src>, Ex<'src>>,
    before: Checkpoint<'src, 'parse, In<'src>, ()>,
    error: ParseError,
) -> ParseError {
    let after = inp.save();
    inp.rewind(before);
    let failing = custom(move |_| Err::<Infallible, _>(error.clone()));
    let ranked = match inp.parse(failing) {
        Ok(never) => match never {},
        Err(ranked) => ranked,
    };
    inp.rewind(after);
    ranked
}

/// Consumes tokens up to index `target`.
pub(super) fn skip_to<'src>(inp: &mut InputRef<'src, '_, In<'src>, Ex<'src>>, target: usize) {
    while here(inp) < target && inp.peek_ref().is_some() {
        bump(inp);
    }
}

impl PState<'_> {
    /// Where to resume after a statement that began at token `start` failed at token `error`
    /// (language §3.9): the first statement boundary at or after the error — past a `;`, before
    /// a `}` that closes the enclosing block, or before a reserved word that only starts
    /// statements. Bracketed groups that open before the error are skipped whole. Outside blocks
    /// a stray `}` after the error is skipped with the statement.
    fn recovery_point(&self, start: usize, error: usize, in_block: bool) -> usize {
        let mut index = start;
        while index < self.tokens.len() {
            let past_error = index >= error && index > start;
            if past_error {
                match self.token_at(index) {
                    Some(Token::Punct(Punct::Semi)) => return index + 1,
                    Some(Token::Punct(Punct::RBrace)) => {
                        return if in_block { index } else { index + 1 }
                    }
                    _ if self.at_statement_keyword(index) => return index,
                    _ => {}
                }
            }
            index = match self.token_at(index) {
                Some(Token::Punct(Punct::LParen | Punct::LBracket | Punct::LBrace)) => {
                    self.partner(index).map_or(index + 1, |close| close + 1)
                }
                Some(Token::Punct(Punct::Semi)) if index >= error => return index + 1,
                _ => index + 1,
            };
        }
        index.max(start + 1).min(self.tokens.len())
    }
}
