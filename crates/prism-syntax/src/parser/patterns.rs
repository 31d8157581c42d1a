//! Binding patterns (language §3.3): `let`/`const` targets, parameters, `for` and `catch` bindings.

use chumsky::prelude::*;

use super::prims::{
    after_separator, bump, expect, expect_closing, fail, here, lambdas, list_ends, list_items,
    maybe, name, nested, opt, punct, span_of, when, Head,
};
use super::state::PState;
use super::{Grammar, Rule};
use crate::ast::{
    Expr, ObjectPatternProp, Pattern, PatternElem, PatternKind, PropKey, PropKeyKind,
};
use crate::token::{Punct, Token};

/// `target [~> threshold] [= default]`, the parts of a `BindingElement`.
pub(super) type Element = (Pattern, Option<Expr>, Option<Expr>);

/// `BindingTarget = BindingIdent | ArrayBinding | ObjectBinding ;`, decided by the next token.
pub(super) fn binding_target<'src>(g: &Grammar<'src>) -> Rule<'src, Pattern> {
    let array = array_binding(g);
    let object = object_binding(g);
    let ident = name("a name or pattern")
        .map(|name| {
            let span = name.span;
            Pattern::new(PatternKind::Ident(name), span)
        })
        .boxed();
    custom(move |inp| {
        let index = here(inp);
        let state = inp.state();
        let rule = match state.tokens.get(index) {
            Some((Token::Placeholder, span)) => {
                let pattern = Pattern::new(PatternKind::Discard, *span);
                bump(inp);
                return Ok(pattern);
            }
            Some((Token::Punct(Punct::LBracket), _)) => &array,
            Some((Token::Punct(Punct::LBrace), _)) => &object,
            Some((Token::Ident(_) | Token::Keyword(_), _)) => &ident,
            _ => {
                return Err(state.error_expected(
                    index,
                    "a name or pattern",
                    "expected a name or pattern",
                ))
            }
        };
        inp.parse(rule)
    })
    .boxed()
}

/// `BindingElement = BindingTarget [ "~>" Unary ] [ "=" Expression ] ;`
pub(super) fn binding_element<'src>(g: &Grammar<'src>) -> Rule<'src, Element> {
    g.binding_target
        .clone()
        .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
        .then(opt(Head::Punct(Punct::Eq), g.expression.clone()))
        .map(|((target, threshold), default)| (target, threshold, default))
        .boxed()
}

/// An item of an array pattern: a hole, a rest target or an element.
enum ArrayItem {
    Hole,
    Rest(Pattern),
    Element(PatternElem),
}

/// `ArrayBinding = "[" [ ArrayBindItem { "," ArrayBindItem } ] [ "," ] "]" ;`
fn array_binding<'src>(g: &Grammar<'src>) -> Rule<'src, Pattern> {
    let rest = punct(Punct::Ellipsis)
        .ignore_then(g.binding_target.clone())
        .map_with(|target, e| {
            let span = span_of(e);
            let end = e.span().end;
            let state = e.state();
            if state.punct_at(end, Punct::Comma) {
                state.report_rest_not_last(span);
            }
            ArrayItem::Rest(target)
        });
    let element = binding_element(g).map_with(|(target, threshold, default), e| {
        ArrayItem::Element(PatternElem {
            target,
            threshold,
            default,
            span: span_of(e),
        })
    });
    let item = choice((
        punct(Punct::Comma).map(|_| ArrayItem::Hole),
        when(after_separator)
            .ignore_then(choice((rest, element)))
            .then_ignore(maybe(Head::Punct(Punct::Comma))),
    ));
    let items = when(|state: &PState<'_>, index| !list_ends(state, index, Punct::RBracket))
        .ignore_then(item)
        .repeated()
        .collect::<Vec<_>>()
        .then_ignore(expect_closing(Punct::RBracket));
    punct(Punct::LBracket)
        .ignore_then(nested(lambdas(false, items)))
        .map_with(|items, e| {
            let mut elements = Vec::new();
            let mut rest = None;
            for item in items {
                match item {
                    ArrayItem::Hole => elements.push(None),
                    ArrayItem::Rest(target) => {
                        rest.get_or_insert(Box::new(target));
                    }
                    ArrayItem::Element(element) => elements.push(Some(element)),
                }
            }
            Pattern::new(PatternKind::Array { elements, rest }, span_of(e))
        })
        .boxed()
}

/// A property of an object pattern, or its rest target.
enum ObjectItem {
    Prop(ObjectPatternProp),
    Rest(Pattern),
}

/// `ObjectBinding = "{" [ ObjBindProp { "," ObjBindProp } [ "," ] ] "}" ;`
fn object_binding<'src>(g: &Grammar<'src>) -> Rule<'src, Pattern> {
    let items =
        list_items(obj_bind_prop(g), Punct::RBrace).then_ignore(expect_closing(Punct::RBrace));
    punct(Punct::LBrace)
        .ignore_then(nested(lambdas(false, items)))
        .map_with(|items, e| {
            let mut properties = Vec::new();
            let mut rest: Option<Box<Pattern>> = None;
            let state = e.state();
            for item in items {
                if let Some(previous) = &rest {
                    state.report_rest_not_last(previous.span);
                }
                match item {
                    ObjectItem::Prop(prop) => properties.push(prop),
                    ObjectItem::Rest(target) => rest = Some(Box::new(target)),
                }
            }
            Pattern::new(PatternKind::Object { properties, rest }, span_of(e))
        })
        .boxed()
}

/// `ObjBindProp = PropKey ":" BindingElement | Ident [ "~>" Unary ] [ "=" Expression ]
///   | "..." BindingIdent ;`
fn obj_bind_prop<'src>(g: &Grammar<'src>) -> Rule<'src, ObjectItem> {
    let rest = punct(Punct::Ellipsis)
        .ignore_then(g.binding_target.clone())
        .map_with(|target, e| {
            if !matches!(target.kind, PatternKind::Ident(_) | PatternKind::Discard) {
                let state = e.state();
                let diagnostic = state.diagnostic(
                    "E0219",
                    "`...` is not allowed here",
                    target.span,
                    "an object rest must be a name",
                );
                state.report(diagnostic);
            }
            ObjectItem::Rest(target)
        });
    let keyed = when(|state: &PState<'_>, index| {
        state.punct_at(index + 1, Punct::Colon) || state.punct_at(index, Punct::LBracket)
    })
    .ignore_then(super::objects::prop_key(g))
    .then_ignore(expect(Punct::Colon))
    .then(binding_element(g))
    .map_with(|(key, (target, threshold, default)), e| {
        ObjectItem::Prop(ObjectPatternProp {
            key,
            target,
            threshold,
            default,
            shorthand: false,
            span: span_of(e),
        })
    });
    let name_follows = |state: &PState<'_>, index: usize| {
        matches!(
            state.token_at(index),
            Some(Token::Ident(_) | Token::Keyword(_))
        )
    };
    let shorthand = when(move |state, index| {
        name_follows(state, index)
            && !state.punct_at(index + 1, Punct::Colon)
            && !state.punct_at(index, Punct::LBracket)
    })
    .ignore_then(g.binding_target.clone())
    .then(opt(Head::Punct(Punct::TildeArrow), g.unary.clone()))
    .then(opt(Head::Punct(Punct::Eq), g.expression.clone()))
    .map_with(|((target, threshold), default), e| {
        let key = match &target.kind {
            PatternKind::Ident(name) => PropKey {
                kind: PropKeyKind::Name(name.text.clone()),
                span: name.span,
            },
            _ => PropKey {
                kind: PropKeyKind::Name("".into()),
                span: target.span,
            },
        };
        ObjectItem::Prop(ObjectPatternProp {
            key,
            target,
            threshold,
            default,
            shorthand: true,
            span: span_of(e),
        })
    });
    // Any other target (`_`, a nested pattern) needs a key: `expected `:``.
    let keyless = when(move |state, index| {
        !name_follows(state, index)
            && !state.punct_at(index + 1, Punct::Colon)
            && !state.punct_at(index, Punct::LBracket)
    })
    .ignore_then(g.binding_target.clone())
    .then(fail(|state, index| {
        state.error_expected(index, "`:`", "expected `:`")
    }))
    .map(|(_, item): (Pattern, ObjectItem)| item);
    choice((rest, keyed, shorthand, keyless)).boxed()
}

impl PState<'_> {
    #[cold]
    pub(super) fn report_rest_not_last(&mut self, span: prism_span::Span) {
        let diagnostic = self.diagnostic(
            "E0205",
            "rest element must be last",
            span,
            "this rest element is not last",
        );
        self.report(diagnostic);
    }
}
