//! Function declarations, function expressions and lambdas (language §3.2, §3.4, §3.7.5, §10).

use chumsky::prelude::*;

use super::prims::{
    at, expect, expect_closing, fail, lambdas, list_items, maybe, name, nested, opt, peek, punct,
    span_of, Head,
};
use super::{Grammar, Rule};
use crate::ast::{
    Expr, ExprKind, FnKeyword, Function, Lambda, LambdaBody, Param, Pattern, PatternKind,
};
use crate::token::{Keyword, Punct, Token};

/// `FunctionDecl` (when `is_decl`) or `FunctionExpr`:
/// `[ "async" ] ( "function" | "fn" ) [ Ident ] "(" [ ParamList ] ")" [ "~>" Unary ] Block`.
pub(super) fn function<'src>(g: &Grammar<'src>, is_decl: bool) -> Rule<'src, Function> {
    let fn_keyword = select_ref! {
        (Token::Keyword(Keyword::Function), _) => FnKeyword::Function,
        (Token::Keyword(Keyword::Fn), _) => FnKeyword::Fn,
    };
    let fn_keyword = choice((
        fn_keyword,
        fail(|state, index| {
            state.error_expected(index, "`function`", "expected `function` or `fn`")
        }),
    ));
    let function_name = if is_decl {
        name("function name").map(Some).boxed()
    } else {
        choice((at(Punct::LParen).to(None), name("function name").map(Some))).boxed()
    };
    let body = choice((
        at(Punct::LBrace).ignore_then(lambdas(false, g.block.clone())),
        fail(|state, index| state.error_expected(index, "`{`", "expected the function body")),
    ));
    maybe(Head::Keyword(Keyword::Async))
        .then(fn_keyword)
        .then(function_name)
        .then_ignore(expect(Punct::LParen))
        .then(param_list(g))
        .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
        .then(body)
        .map_with(
            |(((((is_async, keyword), name), params), confidence), body), e| Function {
                name,
                is_async: is_async.is_some(),
                keyword,
                params,
                confidence,
                body,
                span: span_of(e),
            },
        )
        .boxed()
}

/// `FunctionExpr` as a Primary.
pub(super) fn function_expr<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    nested(function(g, false))
        .map(|function| {
            let span = function.span;
            Expr::new(ExprKind::Function(Box::new(function)), span)
        })
        .boxed()
}

/// `ParamList = Param { "," Param } [ "," ] ;` and the closing `)`.
fn param_list<'src>(g: &Grammar<'src>) -> Rule<'src, Vec<Param>> {
    lambdas(false, list_items(param(g), Punct::RParen))
        .then_ignore(expect_closing(Punct::RParen))
        .boxed()
}

/// `Param = BindingElement | "..." BindingTarget ;`
fn param<'src>(g: &Grammar<'src>) -> Rule<'src, Param> {
    let rest = punct(Punct::Ellipsis)
        .ignore_then(g.binding_target.clone())
        .map_with(|target, e| Param {
            rest: true,
            target,
            threshold: None,
            default: None,
            span: span_of(e),
        });
    let element =
        super::patterns::binding_element(g).map_with(|(target, threshold, default), e| Param {
            rest: false,
            target,
            threshold,
            default,
            span: span_of(e),
        });
    choice((rest, element)).boxed()
}

/// `Lambda = [ "async" ] ( BindingIdent | "(" [ ParamList ] ")" ) "=>" ( Block | Expression ) ;`
/// The caller has checked (§3.7.5) that this is a lambda.
pub(super) fn lambda<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let single = choice((
        select_ref! { (Token::Placeholder, span) => Pattern::new(PatternKind::Discard, *span) },
        name("parameter name").map(|name| {
            let span = name.span;
            Pattern::new(PatternKind::Ident(name), span)
        }),
    ))
    .map(|target| {
        let span = target.span;
        vec![Param {
            rest: false,
            target,
            threshold: None,
            default: None,
            span,
        }]
    });
    let params = choice((punct(Punct::LParen).ignore_then(param_list(g)), single));
    // §3.4: after `=>`, `{` always starts a Block.
    let block = lambdas(false, g.block.clone())
        .map(LambdaBody::Block)
        .boxed();
    let expression = g.expression.clone().map(LambdaBody::Expr).boxed();
    let body = nested(custom(move |inp| {
        if matches!(peek(inp), Some(Token::Punct(Punct::LBrace))) {
            inp.parse(&block)
        } else {
            inp.parse(&expression)
        }
    }));
    maybe(Head::Keyword(Keyword::Async))
        .then(params)
        .then_ignore(expect(Punct::FatArrow))
        .then(body)
        .map_with(|((is_async, params), body), e| {
            let span = span_of(e);
            let lambda = Lambda {
                is_async: is_async.is_some(),
                params,
                body,
                span,
            };
            Expr::new(ExprKind::Lambda(Box::new(lambda)), span)
        })
        .boxed()
}
