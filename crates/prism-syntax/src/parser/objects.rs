//! Object literals and property keys (language §3.4 `ObjectLit`, `PropKey`), including the
//! pattern-only shorthands that the cover grammar of §3.7.4 turns into object patterns.

use chumsky::prelude::*;

use super::prims::{
    expect, expect_closing, fail, here, list_items, nested, opt, punct, span_from, span_of, when,
    Head,
};
use super::state::PState;
use super::{Ex, Grammar, In, Rule};
use crate::ast::{Expr, ExprKind, Name, PropKey, PropKeyKind, Property, PropertyKind};
use crate::token::{Punct, Token};

/// `ObjectLit = "{" [ ObjProp { "," ObjProp } [ "," ] ] "}" ;`
pub(super) fn object_lit<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    punct(Punct::LBrace)
        .ignore_then(nested(
            list_items(obj_prop(g), Punct::RBrace).then_ignore(expect_closing(Punct::RBrace)),
        ))
        .map_with(|properties, e| Expr::new(ExprKind::Object(properties), span_of(e)))
        .boxed()
}

/// A name that can stand alone in an object literal (identifier, keyword or `_`).
fn shorthand_name<'src>() -> impl Parser<'src, In<'src>, Name, Ex<'src>> + Clone {
    select_ref! {
        (Token::Ident(text), span) => Name { text: text.clone(), span: *span },
        (Token::Keyword(keyword), span) => Name { text: keyword.as_str().into(), span: *span },
        (Token::Placeholder, span) => Name { text: "_".into(), span: *span },
    }
}

/// `ObjProp = PropKey ":" Expression | Ident | "..." Expression ;` plus the pattern-only
/// shorthands `Ident "~>" Unary` and `Ident "=" Expression` (E0220 if the literal stays an
/// expression).
fn obj_prop<'src>(g: &Grammar<'src>) -> Rule<'src, Property> {
    let is_name = |state: &PState<'_>, index: usize| {
        matches!(
            state.token_at(index),
            Some(Token::Ident(_) | Token::Keyword(_) | Token::Placeholder)
        )
    };
    let spread = punct(Punct::Ellipsis)
        .ignore_then(g.expression.clone())
        .map(PropertyKind::Spread)
        .boxed();
    let pattern_shorthand = shorthand_name()
        .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
        .then(opt(Head::Punct(Punct::Eq), g.expression.clone()))
        .map(
            |((name, threshold), default)| PropertyKind::ShorthandPattern {
                name,
                threshold: threshold.map(Box::new),
                default: default.map(Box::new),
            },
        )
        .boxed();
    let shorthand = shorthand_name()
        .then_ignore(choice((
            when(|state: &PState<'_>, index| {
                state.punct_at(index, Punct::Comma) || state.punct_at(index, Punct::RBrace)
            }),
            fail(|state, index| state.error_expected(index, "`:`", "expected `:`")),
        )))
        .map(PropertyKind::Shorthand)
        .boxed();
    let key_value = prop_key(g)
        .then_ignore(expect(Punct::Colon))
        .then(g.expression.clone())
        .map(|(key, value)| PropertyKind::KeyValue { key, value })
        .boxed();
    custom(move |inp| {
        let start = here(inp);
        let state = inp.state();
        let rule = if state.punct_at(start, Punct::Ellipsis) {
            &spread
        } else if is_name(state, start)
            && (state.punct_at(start + 1, Punct::TildeArrow)
                || state.punct_at(start + 1, Punct::Eq))
        {
            &pattern_shorthand
        } else if is_name(state, start) && !state.punct_at(start + 1, Punct::Colon) {
            &shorthand
        } else {
            &key_value
        };
        let kind = inp.parse(rule)?;
        Ok(Property {
            kind,
            span: span_from(inp, start),
        })
    })
    .boxed()
}

/// `PropKey = PropName | String | Number | "[" Expression "]" ;`
pub(super) fn prop_key<'src>(g: &Grammar<'src>) -> Rule<'src, PropKey> {
    let simple = select_ref! {
        (Token::Ident(text), span) => PropKey { kind: PropKeyKind::Name(text.clone()), span: *span },
        (Token::Keyword(keyword), span) => PropKey { kind: PropKeyKind::Name(keyword.as_str().into()), span: *span },
        (Token::Placeholder, span) => PropKey { kind: PropKeyKind::Name("_".into()), span: *span },
        (Token::Str { value, .. }, span) => PropKey { kind: PropKeyKind::String(value.clone()), span: *span },
        (Token::Number(value), span) => PropKey { kind: PropKeyKind::Number(*value), span: *span },
    };
    let computed = punct(Punct::LBracket)
        .ignore_then(super::prims::lambdas(false, g.expression.clone()))
        .then_ignore(expect(Punct::RBracket))
        .map_with(|key, e| PropKey {
            kind: PropKeyKind::Computed(Box::new(key)),
            span: span_of(e),
        });
    choice((
        simple,
        computed,
        fail(|state, index| state.error_expected(index, "property key", "expected a property key")),
    ))
    .boxed()
}
