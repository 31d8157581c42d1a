//! Statements (language §3.2, §3.7.1, §3.7.7): the dispatch on the first token, blocks,
//! declarations and the simple statements. Conditions and loops are in `control_flow.rs`.

use super::{PResult, Parser};
use crate::ast::{Block, DeclKind, Declarator, Stmt, StmtKind, TryStmt, VarDecl};
use crate::token::{Keyword, Punct, Token};

impl Parser<'_, '_> {
    /// `Statement` (language §3.2), dispatching on the first token (§3.7.7).
    pub(super) fn statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let kind = match self.peek() {
            None => return Err(self.error_expression()),
            Some(Token::Punct(Punct::Semi)) => {
                self.bump();
                StmtKind::Empty
            }
            Some(Token::Punct(Punct::LBrace)) if !self.brace_starts_object() => {
                StmtKind::Block(self.block()?)
            }
            Some(Token::Punct(Punct::RParen | Punct::RBracket | Punct::RBrace)) => {
                return Err(self.error_cannot_start())
            }
            Some(Token::Keyword(keyword)) => match keyword {
                Keyword::Let | Keyword::Const => {
                    let decl = self.var_decl()?;
                    self.eat(Punct::Semi);
                    StmtKind::VarDecl(decl)
                }
                Keyword::Function | Keyword::Fn | Keyword::Async
                    if self.function_decl_follows() =>
                {
                    StmtKind::FunctionDecl(Box::new(self.function(true)?))
                }
                Keyword::If => self.if_stmt()?,
                Keyword::While => self.while_stmt()?,
                Keyword::Do => self.do_while_stmt()?,
                Keyword::For => self.for_stmt()?,
                Keyword::Uncertain => self.uncertain_stmt()?,
                Keyword::Return => self.return_stmt()?,
                Keyword::Break | Keyword::Continue => self.break_or_continue_stmt(),
                Keyword::Throw => self.throw_stmt()?,
                Keyword::Try => self.try_stmt()?,
                Keyword::In => self.context_stmt()?,
                Keyword::Import => self.import_decl()?,
                Keyword::Export => self.export_decl()?,
                Keyword::Else | Keyword::Catch | Keyword::Finally => {
                    return Err(self.error_cannot_start())
                }
                _ => self.expr_stmt()?,
            },
            Some(Token::Ident(word)) if word == "agents" && self.nth_is(1, Punct::LBrace) => {
                self.agents_stmt()?
            }
            Some(_) => self.expr_stmt()?,
        };
        Ok(Stmt::new(kind, self.since(start)))
    }

    /// E0218: `{token} cannot start a statement`.
    #[cold]
    fn error_cannot_start(&self) -> Box<super::ParseError> {
        let message = format!("{} cannot start a statement", self.found());
        self.error_here("E0218", message, "expected a statement")
    }

    /// Whether `[async] function|fn` at the cursor is followed by a name (a declaration, §3.7.7).
    fn function_decl_follows(&self) -> bool {
        let offset = usize::from(self.at_keyword(Keyword::Async));
        let keyword = matches!(
            self.peek_nth(offset),
            Some(Token::Keyword(Keyword::Function | Keyword::Fn))
        );
        keyword
            && matches!(
                self.peek_nth(offset + 1),
                Some(Token::Ident(_) | Token::Keyword(_))
            )
    }

    /// `ExprStmt = Expression [ ";" ] ;`
    fn expr_stmt(&mut self) -> PResult<StmtKind> {
        let expr = self.expression()?;
        self.eat(Punct::Semi);
        Ok(StmtKind::Expr(expr))
    }

    /// `Block = "{" { Statement } "}" ;` — a missing `}` at the end of input is reported and the
    /// block kept.
    pub(super) fn block(&mut self) -> PResult<Block> {
        let start = self.start();
        let open = self.expect(Punct::LBrace)?;
        self.enter()?;
        let body = self.statement_list(true);
        self.leave();
        if !self.eat(Punct::RBrace) {
            let message = format!("expected `}}`, found {}", self.found());
            let diagnostic = self
                .diagnostic("E0202", message, self.span(), "expected `}`")
                .with_secondary(self.file, open, "this `{` is not closed");
            self.report(diagnostic);
        }
        Ok(Block {
            body,
            span: self.since(start),
        })
    }

    /// The body of `if`/`else`/`while`/`for`/`do`: any statement, where `{` always opens a Block
    /// (§3.7.1).
    pub(super) fn body_statement(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let result = if self.at(Punct::LBrace) {
            self.block().map(|block| {
                let span = block.span;
                Stmt::new(StmtKind::Block(block), span)
            })
        } else {
            self.statement()
        };
        self.leave();
        result
    }

    /// A Block used as a statement (bodies of unparenthesised `if`/`while`/`for`).
    pub(super) fn block_statement(&mut self) -> PResult<Stmt> {
        let block = self.block()?;
        let span = block.span;
        Ok(Stmt::new(StmtKind::Block(block), span))
    }

    /// `VarDecl` without its optional `;`: `("let" | "const") VarBinding { "," VarBinding }`.
    pub(super) fn var_decl(&mut self) -> PResult<VarDecl> {
        let start = self.start();
        let kind = if self.eat_keyword(Keyword::Const) {
            DeclKind::Const
        } else {
            self.bump();
            DeclKind::Let
        };
        let mut declarators = vec![self.var_binding()?];
        while self.eat(Punct::Comma) {
            declarators.push(self.var_binding()?);
        }
        Ok(VarDecl {
            kind,
            declarators,
            span: self.since(start),
        })
    }

    /// `VarBinding = BindingTarget [ "~>" Unary ] [ "=" Expression ] ;`
    fn var_binding(&mut self) -> PResult<Declarator> {
        let start = self.start();
        let target = self.binding_target()?;
        let threshold = if self.eat(Punct::TildeArrow) {
            Some(self.unary()?)
        } else {
            None
        };
        let init = if self.eat(Punct::Eq) {
            Some(self.expression()?)
        } else {
            None
        };
        Ok(Declarator {
            target,
            threshold,
            init,
            span: self.since(start),
        })
    }

    /// `ReturnStmt = "return" [ Expression ] [ ";" ] ;` — no value exactly when the next token is
    /// `;`, `}` or the end of input.
    fn return_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let value = if self.at_end() || self.at(Punct::Semi) || self.at(Punct::RBrace) {
            None
        } else {
            Some(self.expression()?)
        };
        self.eat(Punct::Semi);
        Ok(StmtKind::Return(value))
    }

    /// `BreakStmt` and `ContinueStmt`.
    fn break_or_continue_stmt(&mut self) -> StmtKind {
        let is_break = self.at_keyword(Keyword::Break);
        self.bump();
        self.eat(Punct::Semi);
        if is_break {
            StmtKind::Break
        } else {
            StmtKind::Continue
        }
    }

    /// `ThrowStmt = "throw" Expression [ ";" ] ;`
    fn throw_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let value = self.expression()?;
        self.eat(Punct::Semi);
        Ok(StmtKind::Throw(value))
    }

    /// `TryStmt`; a `try` with neither `catch` nor `finally` is reported on the finished tree.
    fn try_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let block = self.block()?;
        let mut param = None;
        let mut handler = None;
        if self.eat_keyword(Keyword::Catch) {
            if self.eat(Punct::LParen) {
                param = Some(self.binding_target()?);
                self.expect(Punct::RParen)?;
            }
            handler = Some(self.block()?);
        }
        let finalizer = if self.eat_keyword(Keyword::Finally) {
            Some(self.block()?)
        } else {
            None
        };
        Ok(StmtKind::Try(Box::new(TryStmt {
            block,
            param,
            handler,
            finalizer,
        })))
    }

    /// Runs `parse` with lambdas recognised again (inside brackets, §3.7.6).
    pub(super) fn with_lambdas<T>(
        &mut self,
        parse: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        let saved = std::mem::replace(&mut self.no_lambda, false);
        let result = parse(self);
        self.no_lambda = saved;
        result
    }
}
