//! `uncertain if/while/for` and branch sets (language §3.2, §3.7.8, §8.7).

use super::{PResult, Parser};
use crate::ast::{Branch, BranchName, StmtKind, Uncertain, UncertainForm};
use crate::token::{Keyword, Punct, Token};

impl Parser<'_, '_> {
    /// `UncertainStmt` (language §3.2, §8.7).
    pub(super) fn uncertain_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut uncertain = Uncertain {
            form: UncertainForm::If,
            init: None,
            test: None,
            update: None,
            branches: Vec::new(),
        };
        if self.eat_keyword(Keyword::If) {
            uncertain.test = Some(self.expression()?);
        } else if self.eat_keyword(Keyword::While) {
            uncertain.form = UncertainForm::While;
            uncertain.test = Some(self.expression()?);
        } else if self.eat_keyword(Keyword::For) {
            uncertain.form = UncertainForm::For;
            let (init, test, update) = if self.eat(Punct::LParen) {
                let head = self.with_lambdas(|parser| parser.for_c_head(true))?;
                self.expect(Punct::RParen)?;
                head
            } else {
                self.for_c_head(false)?
            };
            (uncertain.init, uncertain.test, uncertain.update) = (init, test, update);
        } else {
            return Err(
                self.error_expected("`if`, `while` or `for`", "expected `if`, `while` or `for`")
            );
        }
        uncertain.branches = self.branch_set()?;
        Ok(StmtKind::Uncertain(Box::new(uncertain)))
    }

    /// `BranchSet = "{" Branch { Branch } "}" ;` — E0210 for anything but a branch name (§3.7.8);
    /// an empty set is reported on the finished tree.
    fn branch_set(&mut self) -> PResult<Vec<Branch>> {
        self.expect(Punct::LBrace)?;
        let mut branches = Vec::new();
        while !self.eat(Punct::RBrace) {
            let name = match self.peek() {
                Some(Token::Ident(word)) => match word.as_str() {
                    "high" => Some(BranchName::High),
                    "medium" => Some(BranchName::Medium),
                    "low" => Some(BranchName::Low),
                    "default" => Some(BranchName::Default),
                    _ => None,
                },
                _ => None,
            };
            let Some(name) = name else {
                if self.at_end() {
                    return Err(self.error_expected("`}`", "expected `}`"));
                }
                let message = "expected `high`, `medium`, `low` or `default`".to_string();
                return Err(self.error_here("E0210", message, "expected a branch name"));
            };
            let name_span = self.bump();
            let body = self.block()?;
            branches.push(Branch {
                name,
                name_span,
                body,
            });
        }
        Ok(branches)
    }
}
