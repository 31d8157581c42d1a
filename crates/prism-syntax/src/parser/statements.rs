//! Statements (language §3.2, §3.7.1, §3.7.2, §3.7.7).

use super::{PResult, Parser};
use crate::ast::{
    Block, Branch, BranchName, DeclKind, Declarator, ForInKeyword, ForInStmt, ForInit, ForStmt,
    Stmt, StmtKind, TryStmt, Uncertain, UncertainForm, VarDecl,
};
use crate::ast::{Expr, Pattern};
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
    fn body_statement(&mut self) -> PResult<Stmt> {
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
    fn block_statement(&mut self) -> PResult<Stmt> {
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
    fn if_stmt(&mut self) -> PResult<StmtKind> {
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
    fn while_stmt(&mut self) -> PResult<StmtKind> {
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
    fn do_while_stmt(&mut self) -> PResult<StmtKind> {
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
    fn for_stmt(&mut self) -> PResult<StmtKind> {
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
    fn for_c_head(
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

    /// `UncertainStmt` (language §3.2, §8.7).
    fn uncertain_stmt(&mut self) -> PResult<StmtKind> {
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
