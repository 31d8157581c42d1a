//! `match` expressions and match patterns (language §3.4 `MatchExpr`, §3.5, §3.7.6).

use chumsky::prelude::*;

use super::expressions::bracketed;
use super::prims::{
    at, custom_flag, expect, expect_closing, fail, keyword, lambdas, list_ends, list_items, maybe,
    name, nested, opt, punct, span_of, when, Head,
};
use super::state::{PState, ParseError};
use super::{Grammar, Rule};
use crate::ast::{
    Expr, ExprKind, LambdaBody, Match, MatchArm, MatchElem, MatchPattern, MatchPatternKind,
    MatchProp, MatchRest, Name, PropKeyKind, UnaryOp,
};
use crate::token::{Keyword, Punct, Token};

/// `MatchExpr = "match" Expression "{" [ MatchArm { ArmSep MatchArm } [ "," ] ] "}" ;` where
/// the separator may be left out after an arm whose body is a Block.
pub(super) fn match_expr<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    // An arm may start after `{`, after `,`, or after an arm whose body is a Block (the state's
    // `arm_follows`, set by the arm before).
    let arm = when(|state: &PState<'_>, index| {
        !list_ends(state, index, Punct::RBrace) && state.arm_follows
    })
    .ignore_then(match_arm(g))
    .then(maybe(Head::Punct(Punct::Comma)))
    .map_with(|(arm, comma), e| {
        e.state().arm_follows = comma.is_some() || matches!(arm.body, LambdaBody::Block(_));
        arm
    });
    let arms = custom_flag(|state| state.arm_follows = true)
        .ignore_then(arm.repeated().collect::<Vec<_>>())
        .then_ignore(expect_closing(Punct::RBrace));
    let rest = g
        .expression
        .clone()
        .then_ignore(expect(Punct::LBrace))
        .then(arms);
    keyword(Keyword::Match)
        .ignore_then(bracketed(rest))
        .map_with(|(scrutinee, arms), e| {
            let kind = ExprKind::Match(Box::new(Match { scrutinee, arms }));
            Expr::new(kind, span_of(e))
        })
        .boxed()
}

/// `MatchArm = MatchPattern [ "~>" Unary ] [ "if" Guard ] "=>" ( Block | Expression ) ;`
fn match_arm<'src>(g: &Grammar<'src>) -> Rule<'src, MatchArm> {
    // `Guard = Expression ;` in no-lambda mode (§3.7.6).
    let guard = lambdas(true, g.expression.clone());
    let arrow = choice((
        punct(Punct::FatArrow),
        fail(|state: &PState<'_>, index| {
            let message = "expected `=>` after the match pattern".to_string();
            let label = format!("expected `=>`, found {}", state.describe_at(index));
            state.error_here(index, "E0222", message, &label)
        }),
    ));
    let body = choice((
        at(Punct::LBrace)
            .ignore_then(g.block.clone())
            .map(LambdaBody::Block),
        at(Punct::LBrace)
            .not()
            .ignore_then(g.expression.clone())
            .map(LambdaBody::Expr),
    ));
    g.match_pattern
        .clone()
        .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
        .then(opt(Head::Keyword(Keyword::If), guard))
        .then_ignore(arrow)
        .then(body)
        .map_with(|(((pattern, threshold), guard), body), e| MatchArm {
            pattern,
            threshold,
            guard,
            body,
            span: span_of(e),
        })
        .boxed()
}

/// E0221 at the next token.
#[cold]
fn error_match_pattern(state: &PState<'_>, index: usize) -> ParseError {
    let message = format!(
        "expected a match pattern, found {}",
        state.describe_at(index)
    );
    state.error_here(index, "E0221", message, "expected a match pattern")
}

/// `MatchPattern = "_" | Ident | Literal | ArrayMatch | ObjectMatch ;`
pub(super) fn match_pattern<'src>(g: &Grammar<'src>) -> Rule<'src, MatchPattern> {
    let simple = select_ref! {
        (Token::Placeholder, _) => MatchPatternKind::Wildcard,
        (Token::Ident(text), span) => MatchPatternKind::Bind(Name { text: text.clone(), span: *span }),
    };
    let literal = super::primary::literal().map(MatchPatternKind::Literal);
    let negative = when(|state: &PState<'_>, index| {
        state.punct_at(index, Punct::Minus)
            && matches!(state.token_at(index + 1), Some(Token::Number(_)))
    })
    .ignore_then(punct(Punct::Minus))
    .ignore_then(
        select_ref! { (Token::Number(value), span) => Expr::new(ExprKind::Number(*value), *span) },
    )
    .map_with(|number, e| {
        let kind = ExprKind::Unary {
            op: UnaryOp::Neg,
            argument: Box::new(number),
        };
        MatchPatternKind::Literal(Expr::new(kind, span_of(e)))
    });
    choice((
        simple,
        literal,
        negative,
        array_match(g),
        object_match(g),
        fail(error_match_pattern),
    ))
    .map_with(|kind, e| MatchPattern {
        kind,
        span: span_of(e),
    })
    .boxed()
}

/// An item of an array match: an element or the rest.
enum ArrayItem {
    Element(MatchElem),
    Rest(MatchRest),
}

/// `ArrayMatch = "[" [ MatchElem { "," MatchElem } [ "," ] ] "]" ;` with
/// `MatchElem = MatchPattern [ "~>" Unary ] | "..." ( Ident | "_" ) ;`
fn array_match<'src>(g: &Grammar<'src>) -> Rule<'src, MatchPatternKind> {
    let rest_item = choice((
        select_ref! {
            (Token::Placeholder, span) => MatchRest::Discard(*span),
            (Token::Ident(text), span) => MatchRest::Bind(Name { text: text.clone(), span: *span }),
        },
        fail(|state, index| state.error_expected(index, "a name or `_`", "expected a name or `_`")),
    ));
    let rest = punct(Punct::Ellipsis)
        .ignore_then(rest_item)
        .map_with(|item, e| {
            let span = span_of(e);
            let end = e.span().end;
            let state = e.state();
            if state.punct_at(end, Punct::Comma) && !state.punct_at(end + 1, Punct::RBracket) {
                let diagnostic = state.diagnostic(
                    "E0205",
                    "rest element must be last",
                    span,
                    "this rest element is not last",
                );
                state.report(diagnostic);
            }
            ArrayItem::Rest(item)
        });
    let element = g
        .match_pattern
        .clone()
        .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
        .map_with(|(pattern, threshold), e| {
            ArrayItem::Element(MatchElem {
                pattern,
                threshold,
                span: span_of(e),
            })
        });
    let items = list_items(choice((rest, element)), Punct::RBracket)
        .then_ignore(expect_closing(Punct::RBracket));
    punct(Punct::LBracket)
        .ignore_then(nested(items))
        .map(|items| {
            let mut elements = Vec::new();
            let mut rest = None;
            for item in items {
                match item {
                    ArrayItem::Element(element) => elements.push(element),
                    ArrayItem::Rest(item) => {
                        rest.get_or_insert(item);
                    }
                }
            }
            MatchPatternKind::Array { elements, rest }
        })
        .boxed()
}

/// A property of an object match, or its rest.
enum ObjectItem {
    Prop(MatchProp),
    Rest(Name),
}

/// `ObjectMatch = "{" [ MatchProp { "," MatchProp } [ "," ] ] "}" ;` with
/// `MatchProp = PropKey [ ":" MatchPattern ] [ "~>" Unary ] | "..." Ident ;`
fn object_match<'src>(g: &Grammar<'src>) -> Rule<'src, MatchPatternKind> {
    let rest = punct(Punct::Ellipsis)
        .ignore_then(name("a name"))
        .map(ObjectItem::Rest);
    let is_bad_key = |state: &PState<'_>, index: usize| {
        state.punct_at(index, Punct::LBracket)
            || matches!(state.token_at(index), Some(Token::StringStart { .. }))
    };
    let bad_key = when(is_bad_key).ignore_then(fail(error_match_pattern));
    // §3.5: only an identifier key may stand alone (it binds itself).
    let key = super::objects::prop_key(g).then(choice((
        when(|state: &PState<'_>, index| state.punct_at(index, Punct::Colon)).to(true),
        when(|state: &PState<'_>, index| !state.punct_at(index, Punct::Colon)).to(false),
    )));
    let key = key.try_map_with(|(key, colon), e| {
        if colon || matches!(key.kind, PropKeyKind::Name(_)) {
            Ok(key)
        } else {
            let index = e.span().end;
            Err(e
                .state()
                .error_expected(index, "`:`", "expected `:` and a pattern"))
        }
    });
    let prop = when(move |state, index| !is_bad_key(state, index))
        .ignore_then(key)
        .then(opt(Head::Punct(Punct::Colon), g.match_pattern.clone()))
        .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
        .map_with(|((key, pattern), threshold), e| {
            ObjectItem::Prop(MatchProp {
                key,
                pattern,
                threshold,
                span: span_of(e),
            })
        });
    let items = list_items(choice((rest, bad_key, prop)), Punct::RBrace)
        .then_ignore(expect_closing(Punct::RBrace));
    punct(Punct::LBrace)
        .ignore_then(nested(items))
        .map_with(|items, e| {
            let mut properties = Vec::new();
            let mut rest: Option<Name> = None;
            let state = e.state();
            for item in items {
                if let Some(previous) = &rest {
                    let diagnostic = state.diagnostic(
                        "E0205",
                        "rest element must be last",
                        previous.span,
                        "this rest element is not last",
                    );
                    state.report(diagnostic);
                }
                match item {
                    ObjectItem::Prop(prop) => properties.push(prop),
                    ObjectItem::Rest(name) => rest = Some(name),
                }
            }
            MatchPatternKind::Object { properties, rest }
        })
        .boxed()
}
