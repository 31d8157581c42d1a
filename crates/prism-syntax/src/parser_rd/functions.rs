//! Function declarations, function expressions and lambdas (language §3.2, §3.4, §3.7.5, §10).

use super::{PResult, Parser};
use crate::ast::{
    Expr, ExprKind, FnKeyword, Function, Lambda, LambdaBody, Param, Pattern, PatternKind,
};
use crate::token::{Keyword, Punct, Token};

impl Parser<'_, '_> {
    /// `FunctionDecl` (when `is_decl`) or `FunctionExpr`:
    /// `[ "async" ] ( "function" | "fn" ) [ Ident ] "(" [ ParamList ] ")" [ "~>" Unary ] Block`.
    pub(super) fn function(&mut self, is_decl: bool) -> PResult<Function> {
        let start = self.start();
        let is_async = self.eat_keyword(Keyword::Async);
        let keyword = if self.eat_keyword(Keyword::Function) {
            FnKeyword::Function
        } else if self.eat_keyword(Keyword::Fn) {
            FnKeyword::Fn
        } else {
            return Err(self.error_expected("`function`", "expected `function` or `fn`"));
        };
        let name = if is_decl || !self.at(Punct::LParen) {
            Some(self.name("function name")?)
        } else {
            None
        };
        self.expect(Punct::LParen)?;
        let params = self.with_lambdas(|parser| parser.param_list(Punct::RParen))?;
        self.expect_closing(Punct::RParen)?;
        let confidence = if self.eat(Punct::TildeArrow) {
            Some(self.unary()?)
        } else {
            None
        };
        if !self.at(Punct::LBrace) {
            return Err(self.error_expected("`{`", "expected the function body"));
        }
        let body = self.with_lambdas(|parser| parser.block())?;
        Ok(Function {
            name,
            is_async,
            keyword,
            params,
            confidence,
            body,
            span: self.since(start),
        })
    }

    /// `ParamList = Param { "," Param } [ "," ] ;` up to (not including) `close`.
    fn param_list(&mut self, close: Punct) -> PResult<Vec<Param>> {
        let mut params = Vec::new();
        while !self.list_ends(close) {
            params.push(self.param()?);
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        Ok(params)
    }

    /// `Param = BindingElement | "..." BindingTarget ;`
    fn param(&mut self) -> PResult<Param> {
        let start = self.start();
        if self.eat(Punct::Ellipsis) {
            let target = self.binding_target()?;
            return Ok(Param {
                rest: true,
                target,
                threshold: None,
                default: None,
                span: self.since(start),
            });
        }
        let (target, threshold, default) = self.binding_element()?;
        Ok(Param {
            rest: false,
            target,
            threshold,
            default,
            span: self.since(start),
        })
    }

    /// `Lambda = [ "async" ] ( BindingIdent | "(" [ ParamList ] ")" ) "=>" ( Block | Expression ) ;`
    /// The caller has checked (§3.7.5) that this is a lambda.
    pub(super) fn lambda(&mut self) -> PResult<Expr> {
        let start = self.start();
        let is_async = self.eat_keyword(Keyword::Async);
        let params = if self.eat(Punct::LParen) {
            let params = self.with_lambdas(|parser| parser.param_list(Punct::RParen))?;
            self.expect_closing(Punct::RParen)?;
            params
        } else {
            let span = self.span();
            let kind = match self.peek() {
                Some(Token::Placeholder) => PatternKind::Discard,
                _ => PatternKind::Ident(self.name("parameter name")?),
            };
            if matches!(kind, PatternKind::Discard) {
                self.bump();
            }
            let target = Pattern::new(kind, span);
            vec![Param {
                rest: false,
                target,
                threshold: None,
                default: None,
                span,
            }]
        };
        self.expect(Punct::FatArrow)?;
        self.enter()?;
        // §3.4: after `=>`, `{` always starts a Block.
        let body = if self.at(Punct::LBrace) {
            self.with_lambdas(|parser| parser.block())
                .map(LambdaBody::Block)
        } else {
            self.expression().map(LambdaBody::Expr)
        };
        self.leave();
        let span = self.since(start);
        Ok(Expr::new(
            ExprKind::Lambda(Box::new(Lambda {
                is_async,
                params,
                body: body?,
                span,
            })),
            span,
        ))
    }
}
