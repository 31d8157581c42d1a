//! Binding patterns (language §3.3) and the assignment cover grammar (§3.7.4).

use prism_span::Span;

use super::{PResult, Parser};
use crate::ast::{
    AssignOp, BinaryOp, Expr, ExprKind, MemberAccess, Name, ObjectPatternProp, Pattern,
    PatternElem, PatternKind, PropKey, PropKeyKind, PropertyKind,
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
    fn report_rest_not_last(&mut self, span: Span) {
        let diagnostic = self.diagnostic(
            "E0205",
            "rest element must be last",
            span,
            "this rest element is not last",
        );
        self.report(diagnostic);
    }

    /// Reinterprets the left side of an assignment as a target (§3.7.4). Errors are reported and
    /// the target becomes `PatternKind::Error`.
    pub(super) fn expr_to_target(&mut self, expr: Expr, op: AssignOp) -> Pattern {
        let span = expr.span;
        match expr.kind {
            ExprKind::Ident(text) => Pattern::new(PatternKind::Ident(Name { text, span }), span),
            ExprKind::Placeholder => Pattern::new(PatternKind::Discard, span),
            ExprKind::Paren(inner) if is_simple_target(&inner) => self.expr_to_target(*inner, op),
            ExprKind::Member { .. } | ExprKind::Index { .. } => {
                if has_optional_access(&expr) {
                    self.report_invalid_target(span, "optional access cannot be assigned to");
                    return Pattern::new(PatternKind::Error, span);
                }
                Pattern::new(PatternKind::Target(Box::new(expr)), span)
            }
            ExprKind::Array(_)
            | ExprKind::Object(_)
            | ExprKind::Binary {
                op: BinaryOp::Annotate,
                ..
            } if op != AssignOp::Assign => {
                self.report_invalid_target(span, "a pattern can only be assigned with `=`");
                Pattern::new(PatternKind::Error, span)
            }
            ExprKind::Array(elements) => {
                let count = elements.len();
                let mut pattern_elements = Vec::with_capacity(count);
                let mut rest = None;
                for (position, element) in elements.into_iter().enumerate() {
                    if is_hole(&element.expr) {
                        pattern_elements.push(None);
                    } else if element.spread {
                        if position + 1 != count {
                            self.report_rest_not_last(element.span);
                        }
                        rest.get_or_insert(Box::new(self.expr_to_target(element.expr, op)));
                    } else {
                        let (target, threshold, default) = self.expr_to_element(element.expr);
                        pattern_elements.push(Some(PatternElem {
                            target,
                            threshold,
                            default,
                            span: element.span,
                        }));
                    }
                }
                Pattern::new(
                    PatternKind::Array {
                        elements: pattern_elements,
                        rest,
                    },
                    span,
                )
            }
            ExprKind::Object(properties) => self.object_to_pattern(properties, span),
            ExprKind::Binary {
                op: BinaryOp::Annotate,
                left,
                right,
            } => {
                let pattern = self.expr_to_target(*left, op);
                Pattern::new(
                    PatternKind::Threshold {
                        pattern: Box::new(pattern),
                        threshold: *right,
                    },
                    span,
                )
            }
            _ => {
                self.report_invalid_target(span, "cannot be assigned to");
                Pattern::new(PatternKind::Error, span)
            }
        }
    }

    fn object_to_pattern(&mut self, properties: Vec<crate::ast::Property>, span: Span) -> Pattern {
        let count = properties.len();
        let mut pattern_properties = Vec::with_capacity(count);
        let mut rest = None;
        for (position, property) in properties.into_iter().enumerate() {
            let prop_span = property.span;
            match property.kind {
                PropertyKind::KeyValue { key, value } => {
                    let (target, threshold, default) = self.expr_to_element(value);
                    let shorthand = false;
                    pattern_properties.push(ObjectPatternProp {
                        key,
                        target,
                        threshold,
                        default,
                        shorthand,
                        span: prop_span,
                    });
                }
                PropertyKind::Shorthand(name) => {
                    let key = PropKey {
                        kind: PropKeyKind::Name(name.text.clone()),
                        span: name.span,
                    };
                    let target = Pattern::new(PatternKind::Ident(name), key.span);
                    let (threshold, default, shorthand) = (None, None, true);
                    pattern_properties.push(ObjectPatternProp {
                        key,
                        target,
                        threshold,
                        default,
                        shorthand,
                        span: prop_span,
                    });
                }
                PropertyKind::ShorthandPattern {
                    name,
                    threshold,
                    default,
                } => {
                    let key = PropKey {
                        kind: PropKeyKind::Name(name.text.clone()),
                        span: name.span,
                    };
                    let target = Pattern::new(PatternKind::Ident(name), key.span);
                    let shorthand = true;
                    pattern_properties.push(ObjectPatternProp {
                        key,
                        target,
                        threshold,
                        default,
                        shorthand,
                        span: prop_span,
                    });
                }
                PropertyKind::Spread(argument) => {
                    if position + 1 != count {
                        self.report_rest_not_last(prop_span);
                    }
                    let target = self.expr_to_target(argument, AssignOp::Assign);
                    if !matches!(
                        target.kind,
                        PatternKind::Ident(_) | PatternKind::Discard | PatternKind::Error
                    ) {
                        let diagnostic = self.diagnostic(
                            "E0219",
                            "`...` is not allowed here",
                            target.span,
                            "an object rest must be a name",
                        );
                        self.report(diagnostic);
                    }
                    rest.get_or_insert(Box::new(target));
                }
            }
        }
        Pattern::new(
            PatternKind::Object {
                properties: pattern_properties,
                rest,
            },
            span,
        )
    }

    /// An element or property value of a literal becoming a pattern: `t`, `t ~> c`, `t = d`,
    /// `t ~> c = d`.
    fn expr_to_element(&mut self, expr: Expr) -> Element {
        match expr.kind {
            ExprKind::Assign {
                op: AssignOp::Assign,
                target,
                value,
            } => {
                let target = *target;
                match target.kind {
                    PatternKind::Threshold { pattern, threshold } => {
                        (*pattern, Some(threshold), Some(*value))
                    }
                    _ => (target, None, Some(*value)),
                }
            }
            ExprKind::Binary {
                op: BinaryOp::Annotate,
                left,
                right,
            } => (
                self.expr_to_target(*left, AssignOp::Assign),
                Some(*right),
                None,
            ),
            _ => (self.expr_to_target(expr, AssignOp::Assign), None, None),
        }
    }

    #[cold]
    fn report_invalid_target(&mut self, span: Span, label: &str) {
        let diagnostic = self.diagnostic("E0203", "invalid assignment target", span, label);
        self.report(diagnostic);
    }

    /// Prefix and postfix `++`/`--` need a simple target (§3.7.4).
    pub(super) fn check_update_target(&mut self, argument: &Expr) {
        if !is_simple_target(argument) || has_optional_access(argument.unparenthesized()) {
            self.report_invalid_target(argument.span, "cannot be incremented or decremented");
        }
    }
}

/// A zero-width `Error` element stands for a hole in an array literal.
pub(crate) fn is_hole(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Error) && expr.span.is_empty()
}

/// An identifier, `_`, a member access or an index access (possibly parenthesised).
fn is_simple_target(expr: &Expr) -> bool {
    matches!(
        expr.unparenthesized().kind,
        ExprKind::Ident(_)
            | ExprKind::Placeholder
            | ExprKind::Member { .. }
            | ExprKind::Index { .. }
    )
}

/// Whether `?.` or `~.` occurs anywhere along a member/index/call chain.
fn has_optional_access(expr: &Expr) -> bool {
    let mut current = expr;
    loop {
        current = match &current.kind {
            ExprKind::Member { object, access, .. } => {
                if *access != MemberAccess::Dot {
                    return true;
                }
                object
            }
            ExprKind::Index {
                object, optional, ..
            } => {
                if *optional {
                    return true;
                }
                object
            }
            ExprKind::Call {
                callee, optional, ..
            } => {
                if *optional {
                    return true;
                }
                callee
            }
            ExprKind::Paren(inner) => inner,
            _ => return false,
        };
    }
}
