//! Binding patterns (language §3.3): `let`/`const` targets, parameters, `for` and `catch` bindings.

use prism_span::Span;

use super::{PResult, Parser};
use crate::ast::{
    Expr, ObjectPatternProp, Pattern, PatternElem, PatternKind, PropKey, PropKeyKind,
};
use crate::token::{Punct, Token};

/// `target [~> threshold] [= default]`, the parts of a `BindingElement`.
pub(super) type Element = (Pattern, Option<Expr>, Option<Expr>);

/// The items of an array pattern: elements (`None` for a hole) and the rest target.
type ArrayItems = (Vec<Option<PatternElem>>, Option<Box<Pattern>>);

impl Parser<'_, '_> {
    /// `BindingTarget = BindingIdent | ArrayBinding | ObjectBinding ;`
    pub(super) fn binding_target(&mut self) -> PResult<Pattern> {
        match self.peek() {
            Some(Token::Placeholder) => Ok(Pattern::new(PatternKind::Discard, self.bump())),
            Some(Token::Punct(Punct::LBracket)) => self.array_binding(),
            Some(Token::Punct(Punct::LBrace)) => self.object_binding(),
            Some(Token::Ident(_) | Token::Keyword(_)) => {
                let name = self.name("a name or pattern")?;
                let span = name.span;
                Ok(Pattern::new(PatternKind::Ident(name), span))
            }
            _ => Err(self.error_expected("a name or pattern", "expected a name or pattern")),
        }
    }

    /// `BindingElement = BindingTarget [ "~>" Unary ] [ "=" Expression ] ;`
    pub(super) fn binding_element(&mut self) -> PResult<Element> {
        let target = self.binding_target()?;
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
        Ok((target, threshold, default))
    }

    /// `ArrayBinding = "[" [ ArrayBindItem { "," ArrayBindItem } ] [ "," ] "]" ;`
    fn array_binding(&mut self) -> PResult<Pattern> {
        let start = self.start();
        self.bump();
        self.enter()?;
        let result = self.with_lambdas(|parser| parser.array_binding_items());
        self.leave();
        let (elements, rest) = result?;
        Ok(Pattern::new(
            PatternKind::Array { elements, rest },
            self.since(start),
        ))
    }

    fn array_binding_items(&mut self) -> PResult<ArrayItems> {
        let mut elements = Vec::new();
        let mut rest = None;
        while !self.list_ends(Punct::RBracket) {
            if self.eat(Punct::Comma) {
                elements.push(None);
                continue;
            }
            let start = self.start();
            if self.eat(Punct::Ellipsis) {
                let target = self.binding_target()?;
                let span = self.since(start);
                if self.at(Punct::Comma) {
                    self.report_rest_not_last(span);
                }
                rest.get_or_insert(Box::new(target));
            } else {
                let (target, threshold, default) = self.binding_element()?;
                elements.push(Some(PatternElem {
                    target,
                    threshold,
                    default,
                    span: self.since(start),
                }));
            }
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        self.expect_closing(Punct::RBracket)?;
        Ok((elements, rest))
    }

    /// `ObjectBinding = "{" [ ObjBindProp { "," ObjBindProp } [ "," ] ] "}" ;`
    fn object_binding(&mut self) -> PResult<Pattern> {
        let start = self.start();
        self.bump();
        self.enter()?;
        let result = self.with_lambdas(|parser| parser.object_binding_props());
        self.leave();
        let (properties, rest) = result?;
        Ok(Pattern::new(
            PatternKind::Object { properties, rest },
            self.since(start),
        ))
    }

    /// `ObjBindProp = PropKey ":" BindingElement | Ident [ "~>" Unary ] [ "=" Expression ]
    ///   | "..." BindingIdent ;`
    fn object_binding_props(&mut self) -> PResult<(Vec<ObjectPatternProp>, Option<Box<Pattern>>)> {
        let mut properties = Vec::new();
        let mut rest: Option<Box<Pattern>> = None;
        while !self.list_ends(Punct::RBrace) {
            let start = self.start();
            if let Some(previous) = &rest {
                self.report_rest_not_last(previous.span);
            }
            if self.eat(Punct::Ellipsis) {
                let target = self.binding_target()?;
                if !matches!(target.kind, PatternKind::Ident(_) | PatternKind::Discard) {
                    let diagnostic = self.diagnostic(
                        "E0219",
                        "`...` is not allowed here",
                        target.span,
                        "an object rest must be a name",
                    );
                    self.report(diagnostic);
                }
                rest = Some(Box::new(target));
            } else if self.nth_is(1, Punct::Colon)
                || matches!(self.peek(), Some(Token::Punct(Punct::LBracket)))
            {
                let key = self.prop_key()?;
                self.expect(Punct::Colon)?;
                let (target, threshold, default) = self.binding_element()?;
                properties.push(ObjectPatternProp {
                    key,
                    target,
                    threshold,
                    default,
                    shorthand: false,
                    span: self.since(start),
                });
            } else {
                let target = self.binding_target()?;
                let PatternKind::Ident(name) = &target.kind else {
                    return Err(self.error_expected("`:`", "expected `:`"));
                };
                let key = PropKey {
                    kind: PropKeyKind::Name(name.text.clone()),
                    span: name.span,
                };
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
                properties.push(ObjectPatternProp {
                    key,
                    target,
                    threshold,
                    default,
                    shorthand: true,
                    span: self.since(start),
                });
            }
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        self.expect_closing(Punct::RBrace)?;
        Ok((properties, rest))
    }

    #[cold]
    pub(super) fn report_rest_not_last(&mut self, span: Span) {
        let diagnostic = self.diagnostic(
            "E0205",
            "rest element must be last",
            span,
            "this rest element is not last",
        );
        self.report(diagnostic);
    }
}
