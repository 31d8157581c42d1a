//! Primary expressions: literals, names, brackets, lambdas (language §3.4, §3.7.5, §2.10).

use prism_span::Span;

use super::{PResult, Parser};
use crate::ast::{
    ArrayElem, Expr, ExprKind, Name, PropKey, PropKeyKind, Property, PropertyKind, StrLit, Template,
};
use crate::token::{Keyword, Punct, Token};

impl Parser<'_, '_> {
    /// `Primary = Number | String | Template | "true" | "false" | "null" | "undefined" | "_"
    ///   | Ident | ArrayLit | ObjectLit | "(" Expression ")" | Lambda | FunctionExpr | MatchExpr ;`
    pub(super) fn primary(&mut self) -> PResult<Expr> {
        let Some(token) = self.peek() else {
            return Err(self.error_expression());
        };
        let kind = match token {
            Token::Number(value) => ExprKind::Number(*value),
            Token::Str { value, quote } => {
                let span = self.span();
                ExprKind::String(StrLit {
                    value: value.clone(),
                    quote: *quote,
                    span,
                })
            }
            Token::StringStart { .. } => return self.template(),
            Token::Keyword(Keyword::True) => ExprKind::Bool(true),
            Token::Keyword(Keyword::False) => ExprKind::Bool(false),
            Token::Keyword(Keyword::Null) => ExprKind::Null { undefined: false },
            Token::Keyword(Keyword::Undefined) => ExprKind::Null { undefined: true },
            Token::Placeholder | Token::Ident(_)
                if self.nth_is(1, Punct::FatArrow) && !self.no_lambda =>
            {
                return self.lambda();
            }
            Token::Placeholder => ExprKind::Placeholder,
            Token::Ident(name) => ExprKind::Ident(name.clone()),
            Token::Punct(Punct::LBracket) => return self.array_lit(),
            Token::Punct(Punct::LBrace) => return self.with_lambdas(|parser| parser.object_lit()),
            Token::Punct(Punct::LParen) => {
                if self.paren_starts_lambda() && !self.no_lambda {
                    return self.lambda();
                }
                return self.paren_expr();
            }
            Token::Keyword(Keyword::Function | Keyword::Fn) => return self.function_expr(),
            Token::Keyword(Keyword::Async) => return self.async_primary(),
            Token::Keyword(Keyword::Match) => return self.match_expr(),
            Token::Punct(Punct::Ellipsis) => {
                return Err(self.error_here(
                    "E0219",
                    "`...` is not allowed here".to_string(),
                    "not allowed here",
                ));
            }
            _ => return Err(self.error_expression()),
        };
        let span = self.bump();
        Ok(Expr::new(kind, span))
    }

    fn function_expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let function = self.function(false);
        self.leave();
        let function = function?;
        let span = function.span;
        Ok(Expr::new(ExprKind::Function(Box::new(function)), span))
    }

    /// `async` at a Primary position (§3.7.5): an async lambda or function expression, E0201
    /// otherwise.
    fn async_primary(&mut self) -> PResult<Expr> {
        let lambdas = !self.no_lambda;
        match self.peek_nth(1) {
            Some(Token::Keyword(Keyword::Function | Keyword::Fn)) => self.function_expr(),
            Some(Token::Ident(_) | Token::Placeholder)
                if lambdas && self.nth_is(2, Punct::FatArrow) =>
            {
                self.lambda()
            }
            Some(Token::Punct(Punct::LParen)) if lambdas => {
                let after_paren = self.partner(self.pos + 1).map(|close| close + 1);
                if matches!(
                    after_paren.and_then(|index| self.token_at(index)),
                    Some(Token::Punct(Punct::FatArrow))
                ) {
                    self.lambda()
                } else {
                    Err(self.error_expression())
                }
            }
            _ => Err(self.error_expression()),
        }
    }

    /// `"(" Expression ")"`, kept as a `Paren` node.
    fn paren_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        self.enter()?;
        let inner = self.with_lambdas(|parser| parser.expression());
        self.leave();
        let inner = inner?;
        self.expect(Punct::RParen)?;
        Ok(Expr::new(
            ExprKind::Paren(Box::new(inner)),
            self.since(start),
        ))
    }

    /// `ArrayLit = "[" [ ArrayElem { "," ArrayElem } [ "," ] ] "]" ;` — holes are kept as
    /// zero-width `Error` elements, so that the literal can still become an array pattern
    /// (§3.7.4); one that stays a literal is E0204 on the finished tree.
    fn array_lit(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        self.enter()?;
        let elements = self.with_lambdas(|parser| {
            let mut elements = Vec::new();
            while !parser.list_ends(Punct::RBracket) {
                if parser.at(Punct::Comma) {
                    let hole = Span::at(parser.start());
                    elements.push(ArrayElem {
                        spread: false,
                        expr: Expr::new(ExprKind::Error, hole),
                        span: hole,
                    });
                    parser.bump();
                    continue;
                }
                elements.push(parser.spread_or_expression()?);
                if !parser.eat(Punct::Comma) {
                    break;
                }
            }
            parser.expect_closing(Punct::RBracket)?;
            Ok(elements)
        });
        self.leave();
        Ok(Expr::new(ExprKind::Array(elements?), self.since(start)))
    }

    /// `ObjectLit = "{" [ ObjProp { "," ObjProp } [ "," ] ] "}" ;`
    pub(super) fn object_lit(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        self.enter()?;
        let properties = self.object_properties();
        self.leave();
        Ok(Expr::new(ExprKind::Object(properties?), self.since(start)))
    }

    fn object_properties(&mut self) -> PResult<Vec<Property>> {
        let mut properties = Vec::new();
        while !self.list_ends(Punct::RBrace) {
            properties.push(self.obj_prop()?);
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        self.expect_closing(Punct::RBrace)?;
        Ok(properties)
    }

    /// `ObjProp = PropKey ":" Expression | Ident | "..." Expression ;` plus the pattern-only
    /// shorthands `Ident "~>" Unary` and `Ident "=" Expression` (E0220 if the literal stays an
    /// expression).
    fn obj_prop(&mut self) -> PResult<Property> {
        let start = self.start();
        if self.eat(Punct::Ellipsis) {
            let argument = self.expression()?;
            return Ok(Property {
                kind: PropertyKind::Spread(argument),
                span: self.since(start),
            });
        }
        let shorthand_name = match self.peek() {
            Some(Token::Ident(text)) => Some(text.clone()),
            Some(Token::Keyword(keyword)) => Some(keyword.as_str().into()),
            Some(Token::Placeholder) => Some("_".into()),
            _ => None,
        };
        if let Some(text) = shorthand_name {
            if !self.nth_is(1, Punct::Colon) {
                let span = self.bump();
                let name = Name { text, span };
                let threshold = if self.eat(Punct::TildeArrow) {
                    Some(self.unary()?)
                } else {
                    None
                };
                let default = if self.eat(Punct::Eq) {
                    Some(self.expression()?)
                } else {
                    None
                };
                let kind = if threshold.is_none() && default.is_none() {
                    if !self.at(Punct::Comma) && !self.at(Punct::RBrace) {
                        return Err(self.error_expected("`:`", "expected `:`"));
                    }
                    PropertyKind::Shorthand(name)
                } else {
                    PropertyKind::ShorthandPattern {
                        name,
                        threshold,
                        default,
                    }
                };
                return Ok(Property {
                    kind,
                    span: self.since(start),
                });
            }
        }
        let key = self.prop_key()?;
        self.expect(Punct::Colon)?;
        let value = self.expression()?;
        Ok(Property {
            kind: PropertyKind::KeyValue { key, value },
            span: self.since(start),
        })
    }

    /// `PropKey = PropName | String | Number | "[" Expression "]" ;`
    pub(super) fn prop_key(&mut self) -> PResult<PropKey> {
        let start = self.start();
        let kind = match self.peek() {
            Some(Token::Ident(text)) => PropKeyKind::Name(text.clone()),
            Some(Token::Keyword(keyword)) => PropKeyKind::Name(keyword.as_str().into()),
            Some(Token::Placeholder) => PropKeyKind::Name("_".into()),
            Some(Token::Str { value, .. }) => PropKeyKind::String(value.clone()),
            Some(Token::Number(value)) => PropKeyKind::Number(*value),
            Some(Token::Punct(Punct::LBracket)) => {
                self.bump();
                let key = self.with_lambdas(|parser| parser.expression())?;
                self.expect(Punct::RBracket)?;
                return Ok(PropKey {
                    kind: PropKeyKind::Computed(Box::new(key)),
                    span: self.since(start),
                });
            }
            _ => return Err(self.error_expected("property key", "expected a property key")),
        };
        let span = self.bump();
        Ok(PropKey { kind, span })
    }

    /// `Template = StringStart Expression { StringMiddle Expression } StringEnd` (language §2.10).
    /// An error inside an interpolation is reported at its own position and the interpolation
    /// becomes an `Error` node; tokens left after a complete expression are E0202.
    fn template(&mut self) -> PResult<Expr> {
        let start = self.start();
        let Some(Token::StringStart { value, quote }) = self.peek() else {
            return Err(self.error_expression());
        };
        let quote = *quote;
        let mut quasis = vec![value.clone()];
        let mut expressions = Vec::new();
        self.bump();
        self.enter()?;
        loop {
            expressions.push(self.interpolation());
            match self.peek() {
                Some(Token::StringMiddle(text)) => {
                    quasis.push(text.clone());
                    self.bump();
                }
                Some(Token::StringEnd(text)) => {
                    quasis.push(text.clone());
                    self.bump();
                    break;
                }
                // The end of input inside an interpolation: the lexer reported E0109.
                _ => {
                    quasis.push("".into());
                    break;
                }
            }
        }
        self.leave();
        let template = Template {
            quote,
            quasis,
            expressions,
        };
        Ok(Expr::new(
            ExprKind::Template(Box::new(template)),
            self.since(start),
        ))
    }

    /// One interpolated expression, up to (not including) its `StringMiddle`/`StringEnd`.
    fn interpolation(&mut self) -> Expr {
        let start = self.start();
        if self.at_interpolation_end() {
            // `"${}"`: the lexer reported E0110.
            return Expr::new(ExprKind::Error, Span::at(start));
        }
        let saved_no_lambda = std::mem::replace(&mut self.no_lambda, false);
        let saved_reported = std::mem::replace(&mut self.stmt_reported, false);
        let result = self.expression();
        let expr = match result {
            Ok(expr) if self.at_interpolation_end() => expr,
            Ok(_) => {
                let message = "expected `}` to close the interpolation";
                let error = self.error_here("E0202", message.to_string(), "expected `}`");
                self.skip_interpolation(*error);
                Expr::new(ExprKind::Error, self.since(start))
            }
            Err(error) => {
                self.skip_interpolation(*error);
                Expr::new(ExprKind::Error, self.since(start))
            }
        };
        self.no_lambda = saved_no_lambda;
        self.stmt_reported = saved_reported;
        expr
    }

    fn at_interpolation_end(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(Token::StringMiddle(_) | Token::StringEnd(_))
        )
    }

    /// Reports `error` and skips to the end of the current interpolation (nested interpolated
    /// strings are skipped whole).
    fn skip_interpolation(&mut self, error: super::ParseError) {
        if let Some(diagnostic) = error.diagnostic {
            self.diagnostics.push(diagnostic);
        }
        self.pos = self.pos.max(error.pos);
        let mut depth = 0usize;
        while let Some(token) = self.peek() {
            match token {
                Token::StringStart { .. } => depth += 1,
                Token::StringMiddle(_) if depth == 0 => return,
                Token::StringEnd(_) if depth == 0 => return,
                Token::StringEnd(_) => depth -= 1,
                _ => {}
            }
            self.pos += 1;
        }
    }
}
