//! Statement lists and error recovery (language §3.9).

use super::{ParseError, Parser};
use crate::ast::{Stmt, StmtKind};
use crate::token::{Punct, Token};

impl Parser<'_, '_> {
    /// `{ Statement }` up to the end of input, or up to the `}` closing a block when `in_block`.
    /// A statement that fails is reported, skipped up to a statement boundary and kept as
    /// `StmtKind::Error`, so that later statements are still parsed.
    pub(super) fn statement_list(&mut self, in_block: bool) -> Vec<Stmt> {
        let mut body = Vec::new();
        loop {
            if self.at_end() || (in_block && self.at(Punct::RBrace)) {
                return body;
            }
            let outer_reported = std::mem::replace(&mut self.stmt_reported, false);
            let start = self.pos;
            let start_offset = self.start();
            // A nested block continues the chain budget of the expression around it, so the depth of
            // the whole tree stays bounded.
            let outer_chain = self.chain;
            match self.statement() {
                Ok(stmt) => body.push(stmt),
                Err(error) => {
                    let resume = self.recovery_point(start, &error, in_block);
                    self.push_error(*error);
                    self.pos = resume;
                    body.push(Stmt::new(StmtKind::Error, self.since(start_offset)));
                }
            }
            self.chain = outer_chain;
            self.stmt_reported = outer_reported;
        }
    }

    /// Where to resume after a statement that began at token `start` failed (language §3.9): the
    /// first statement boundary at or after the error — past a `;`, before a `}` that closes the
    /// enclosing block, or before a reserved word that only starts statements. Bracketed groups
    /// that open before the error are skipped whole, so a `}` or keyword inside them is no boundary.
    /// Outside blocks a stray `}` after the error is skipped with the statement.
    fn recovery_point(&self, start: usize, error: &ParseError, in_block: bool) -> usize {
        let mut index = start;
        while index < self.tokens.len() {
            let past_error = index >= error.pos && index > start;
            if past_error {
                match self.token_at(index) {
                    Some(Token::Punct(Punct::Semi)) => return index + 1,
                    // At the top level a `}` closes nothing: skip it rather than report it again.
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
                Some(Token::Punct(Punct::Semi)) if index >= error.pos => return index + 1,
                _ => index + 1,
            };
        }
        index.max(start + 1).min(self.tokens.len())
    }
}
