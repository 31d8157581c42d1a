//! `if`, `while`, `do … while` and `for` (language §3.2), with the parenthesised-condition rule
//! of §3.7.2 and the choice between `for … in/of` and C-style headers.

use super::{PResult, Parser};
use crate::ast::{DeclKind, Expr, ForInKeyword, ForInStmt, ForInit, ForStmt, Pattern, StmtKind};
use crate::token::{Keyword, Punct, Token};

/// A `for` header once it is known which form it has (language §3.2 `ForHead`).
enum ForHead {
    In {
        decl_kind: Option<DeclKind>,
        target: Pattern,
        index: Option<Pattern>,
        keyword: ForInKeyword,
        iterable: Expr,
    },
    C {
        init: Option<ForInit>,
        test: Option<Expr>,
        update: Option<Expr>,
    },
}

impl Parser<'_, '_> {
    /// A parenthesised condition (§3.7.2): exactly the part up to the matching `)`; a token after
    /// it that continues an expression is E0223.
    fn parenthesized_condition(&mut self) -> PResult<Expr> {
        self.bump();
        let test = self.with_lambdas(|parser| parser.expression())?;
        let close = self.expect(Punct::RParen)?;
        self.check_condition_end(close)?;
        Ok(test)
    }

    fn check_condition_end(&self, close: prism_span::Span) -> PResult<()> {
        if !self.continues_condition() {
            return Ok(());
        }
        let diagnostic = self
            .diagnostic(
                "E0223",
                "the condition's parentheses end here",
                close,
                "the condition ends here",
            )
            .with_secondary(self.file, self.span(), "this continues the expression")
            .with_help("put the whole condition in parentheses, or remove them");
        Err(self.error_with(diagnostic))
    }

    /// `IfStmt` (language §3.2, §3.7.2).
    pub(super) fn if_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let parenthesized = self.at(Punct::LParen);
        let (test, consequent) = if parenthesized {
            (self.parenthesized_condition()?, self.body_statement()?)
        } else {
            (self.expression()?, self.block_statement()?)
        };
        let alternate = if self.eat_keyword(Keyword::Else) {
            Some(Box::new(self.body_statement()?))
        } else {
            None
        };
        Ok(StmtKind::If {
            test,
            consequent: Box::new(consequent),
            alternate,
            parenthesized,
        })
    }

    /// `WhileStmt` (language §3.2, §3.7.2).
    pub(super) fn while_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let parenthesized = self.at(Punct::LParen);
        let (test, body) = if parenthesized {
            (self.parenthesized_condition()?, self.body_statement()?)
        } else {
            (self.expression()?, self.block_statement()?)
        };
        Ok(StmtKind::While {
            test,
            body: Box::new(body),
            parenthesized,
        })
    }

    /// `DoWhileStmt = "do" Statement "while" Expression [ ";" ] ;`
    pub(super) fn do_while_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let body = self.body_statement()?;
        if !self.eat_keyword(Keyword::While) {
            return Err(self.error_expected("`while`", "expected `while`"));
        }
        let test = self.expression()?;
        self.eat(Punct::Semi);
        Ok(StmtKind::DoWhile {
            body: Box::new(body),
            test,
        })
    }

    /// `ForStmt = "for" "(" ForHead ")" Statement | "for" ForHead Block ;`
    pub(super) fn for_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let parenthesized = self.at(Punct::LParen);
        let head = if parenthesized {
            self.bump();
            let head = self.with_lambdas(|parser| parser.for_head(true))?;
            let close = self.expect(Punct::RParen)?;
            self.check_condition_end(close)?;
            head
        } else {
            self.for_head(false)?
        };
        let body = if parenthesized {
            self.body_statement()?
        } else {
            self.block_statement()?
        };
        Ok(match head {
            ForHead::In {
                decl_kind,
                target,
                index,
                keyword,
                iterable,
            } => StmtKind::ForIn(Box::new(ForInStmt {
                decl_kind,
                target,
                index,
                keyword,
                iterable,
                body,
                parenthesized,
            })),
            ForHead::C { init, test, update } => StmtKind::For(Box::new(ForStmt {
                init,
                test,
                update,
                body,
                parenthesized,
            })),
        })
    }

    /// `ForHead = ForInHead | ForCHead ;` — a ForInHead when a binding target followed by
    /// `in`/`of` (or `, Ident in/of`) can be read.
    fn for_head(&mut self, parenthesized: bool) -> PResult<ForHead> {
        if let Some(head) = self.try_for_in_head()? {
            return Ok(head);
        }
        let (init, test, update) = self.for_c_head(parenthesized)?;
        Ok(ForHead::C { init, test, update })
    }

    /// `ForInHead`, or `None` (with the cursor restored) when the header is C-style.
    fn try_for_in_head(&mut self) -> PResult<Option<ForHead>> {
        let start = self.pos;
        let reported = self.stmt_reported;
        let diagnostics = self.diagnostics.len();
        let decl_kind = if self.eat_keyword(Keyword::Let) {
            Some(DeclKind::Let)
        } else if self.eat_keyword(Keyword::Const) {
            Some(DeclKind::Const)
        } else {
            None
        };
        let target = self.binding_target().ok();
        let mut index = None;
        if target.is_some() && self.at(Punct::Comma) && self.for_in_keyword_at(2) {
            self.bump();
            index = self.binding_target().ok();
        }
        let keyword = if self.at_keyword(Keyword::In) {
            Some(ForInKeyword::In)
        } else if self.at_word("of") {
            Some(ForInKeyword::Of)
        } else {
            None
        };
        let (Some(target), Some(keyword)) = (target, keyword) else {
            self.pos = start;
            self.stmt_reported = reported;
            self.diagnostics.truncate(diagnostics);
            return Ok(None);
        };
        self.bump();
        let iterable = self.expression()?;
        Ok(Some(ForHead::In {
            decl_kind,
            target,
            index,
            keyword,
            iterable,
        }))
    }

    fn for_in_keyword_at(&self, n: usize) -> bool {
        match self.peek_nth(n) {
            Some(Token::Keyword(Keyword::In)) => true,
            Some(Token::Ident(word)) => word == "of",
            _ => false,
        }
    }

    /// `ForCHead = [ ForInit ] ";" [ Expression ] ";" [ Expression ] ;`
    pub(super) fn for_c_head(
        &mut self,
        parenthesized: bool,
    ) -> PResult<(Option<ForInit>, Option<Expr>, Option<Expr>)> {
        let init = if self.at(Punct::Semi) {
            None
        } else if self.at_keyword(Keyword::Let) || self.at_keyword(Keyword::Const) {
            Some(ForInit::VarDecl(self.var_decl()?))
        } else {
            Some(ForInit::Expr(self.expression()?))
        };
        self.expect(Punct::Semi)?;
        let test = if self.at(Punct::Semi) {
            None
        } else {
            Some(self.expression()?)
        };
        self.expect(Punct::Semi)?;
        let end = if parenthesized {
            Punct::RParen
        } else {
            Punct::LBrace
        };
        let update = if self.at(end) {
            None
        } else {
            Some(self.expression()?)
        };
        Ok((init, test, update))
    }
}
