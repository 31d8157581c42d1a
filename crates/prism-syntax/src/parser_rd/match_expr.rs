//! `match` expressions and match patterns (language §3.4 `MatchExpr`, §3.5, §3.7.6).

use super::{PResult, Parser};
use crate::ast::{
    Expr, ExprKind, LambdaBody, Match, MatchArm, MatchElem, MatchPattern, MatchPatternKind,
    MatchProp, MatchRest, Name, UnaryOp,
};
use crate::token::{Keyword, Punct, Token};

impl Parser<'_, '_> {
    /// `MatchExpr = "match" Expression "{" [ MatchArm { ArmSep MatchArm } [ "," ] ] "}" ;` where
    /// the separator may be left out after an arm whose body is a Block.
    pub(super) fn match_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        self.enter()?;
        let result = self.with_lambdas(|parser| parser.match_rest());
        self.leave();
        let (scrutinee, arms) = result?;
        let kind = ExprKind::Match(Box::new(Match { scrutinee, arms }));
        Ok(Expr::new(kind, self.since(start)))
    }

    fn match_rest(&mut self) -> PResult<(Expr, Vec<MatchArm>)> {
        let scrutinee = self.expression()?;
        self.expect(Punct::LBrace)?;
        let mut arms = Vec::new();
        while !self.list_ends(Punct::RBrace) {
            let arm = self.match_arm()?;
            let block_body = matches!(arm.body, LambdaBody::Block(_));
            arms.push(arm);
            if !self.eat(Punct::Comma) && !block_body {
                break;
            }
        }
        self.expect_closing(Punct::RBrace)?;
        Ok((scrutinee, arms))
    }

    /// `MatchArm = MatchPattern [ "~>" Unary ] [ "if" Guard ] "=>" ( Block | Expression ) ;`
    fn match_arm(&mut self) -> PResult<MatchArm> {
        let start = self.start();
        let pattern = self.match_pattern()?;
        let threshold = if self.eat(Punct::TildeArrow) {
            Some(self.unary()?)
        } else {
            None
        };
        let guard = if self.eat_keyword(Keyword::If) {
            Some(self.guard()?)
        } else {
            None
        };
        if !self.eat(Punct::FatArrow) {
            let message = "expected `=>` after the match pattern".to_string();
            return Err(self.error_here(
                "E0222",
                message,
                &format!("expected `=>`, found {}", self.found()),
            ));
        }
        let body = if self.at(Punct::LBrace) {
            LambdaBody::Block(self.block()?)
        } else {
            LambdaBody::Expr(self.expression()?)
        };
        Ok(MatchArm {
            pattern,
            threshold,
            guard,
            body,
            span: self.since(start),
        })
    }

    /// `Guard = Expression ;` in no-lambda mode (§3.7.6).
    fn guard(&mut self) -> PResult<Expr> {
        let saved = std::mem::replace(&mut self.no_lambda, true);
        let guard = self.expression();
        self.no_lambda = saved;
        guard
    }

    /// `MatchPattern = "_" | Ident | Literal | ArrayMatch | ObjectMatch ;`
    fn match_pattern(&mut self) -> PResult<MatchPattern> {
        let start = self.start();
        let kind = match self.peek() {
            Some(Token::Placeholder) => {
                self.bump();
                MatchPatternKind::Wildcard
            }
            Some(Token::Ident(text)) => {
                let span = self.bump();
                MatchPatternKind::Bind(Name {
                    text: text.clone(),
                    span,
                })
            }
            Some(Token::Number(_) | Token::Str { .. })
            | Some(Token::Keyword(
                Keyword::True | Keyword::False | Keyword::Null | Keyword::Undefined,
            )) => MatchPatternKind::Literal(self.primary()?),
            Some(Token::Punct(Punct::Minus))
                if matches!(self.peek_nth(1), Some(Token::Number(_))) =>
            {
                self.bump();
                let number = self.primary()?;
                let kind = ExprKind::Unary {
                    op: UnaryOp::Neg,
                    argument: Box::new(number),
                };
                MatchPatternKind::Literal(Expr::new(kind, self.since(start)))
            }
            Some(Token::Punct(Punct::LBracket)) => self.array_match()?,
            Some(Token::Punct(Punct::LBrace)) => self.object_match()?,
            _ => return Err(self.error_match_pattern()),
        };
        Ok(MatchPattern {
            kind,
            span: self.since(start),
        })
    }

    /// E0221 at the next token.
    #[cold]
    fn error_match_pattern(&self) -> Box<super::ParseError> {
        let message = format!("expected a match pattern, found {}", self.found());
        self.error_here("E0221", message, "expected a match pattern")
    }

    /// `ArrayMatch = "[" [ MatchElem { "," MatchElem } [ "," ] ] "]" ;` with
    /// `MatchElem = MatchPattern [ "~>" Unary ] | "..." ( Ident | "_" ) ;`
    fn array_match(&mut self) -> PResult<MatchPatternKind> {
        self.bump();
        self.enter()?;
        let result = self.array_match_items();
        self.leave();
        result
    }

    fn array_match_items(&mut self) -> PResult<MatchPatternKind> {
        let mut elements = Vec::new();
        let mut rest = None;
        while !self.list_ends(Punct::RBracket) {
            let start = self.start();
            if self.eat(Punct::Ellipsis) {
                let item = match self.peek() {
                    Some(Token::Placeholder) => MatchRest::Discard(self.bump()),
                    Some(Token::Ident(text)) => {
                        let span = self.bump();
                        MatchRest::Bind(Name {
                            text: text.clone(),
                            span,
                        })
                    }
                    _ => return Err(self.error_expected("a name or `_`", "expected a name or `_`")),
                };
                if self.at(Punct::Comma) && !self.nth_is(1, Punct::RBracket) {
                    let diagnostic = self.diagnostic(
                        "E0205",
                        "rest element must be last",
                        self.since(start),
                        "this rest element is not last",
                    );
                    self.report(diagnostic);
                }
                rest.get_or_insert(item);
            } else {
                let pattern = self.match_pattern()?;
                let threshold = if self.eat(Punct::TildeArrow) {
                    Some(self.unary()?)
                } else {
                    None
                };
                elements.push(MatchElem {
                    pattern,
                    threshold,
                    span: self.since(start),
                });
            }
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        self.expect_closing(Punct::RBracket)?;
        Ok(MatchPatternKind::Array { elements, rest })
    }

    /// `ObjectMatch = "{" [ MatchProp { "," MatchProp } [ "," ] ] "}" ;` with
    /// `MatchProp = PropKey [ ":" MatchPattern ] [ "~>" Unary ] | "..." Ident ;`
    fn object_match(&mut self) -> PResult<MatchPatternKind> {
        self.bump();
        self.enter()?;
        let result = self.object_match_props();
        self.leave();
        result
    }

    fn object_match_props(&mut self) -> PResult<MatchPatternKind> {
        let mut properties = Vec::new();
        let mut rest: Option<Name> = None;
        while !self.list_ends(Punct::RBrace) {
            let start = self.start();
            if let Some(previous) = &rest {
                let diagnostic = self.diagnostic(
                    "E0205",
                    "rest element must be last",
                    previous.span,
                    "this rest element is not last",
                );
                self.report(diagnostic);
            }
            if self.eat(Punct::Ellipsis) {
                rest = Some(self.name("a name")?);
            } else {
                if self.at(Punct::LBracket)
                    || matches!(self.peek(), Some(Token::StringStart { .. }))
                {
                    return Err(self.error_match_pattern());
                }
                let key = self.prop_key()?;
                // §3.5: only an identifier key may stand alone (it binds itself).
                if !matches!(key.kind, crate::ast::PropKeyKind::Name(_)) && !self.at(Punct::Colon) {
                    return Err(self.error_expected("`:`", "expected `:` and a pattern"));
                }
                let pattern = if self.eat(Punct::Colon) {
                    Some(self.match_pattern()?)
                } else {
                    None
                };
                let threshold = if self.eat(Punct::TildeArrow) {
                    Some(self.unary()?)
                } else {
                    None
                };
                properties.push(MatchProp {
                    key,
                    pattern,
                    threshold,
                    span: self.since(start),
                });
            }
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        self.expect_closing(Punct::RBrace)?;
        Ok(MatchPatternKind::Object { properties, rest })
    }
}
