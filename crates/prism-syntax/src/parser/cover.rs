//! The assignment cover grammar (language §3.7.4): the left side of an assignment is parsed as an
//! expression and then reinterpreted as a target or pattern here.

use prism_span::Span;

use super::patterns::Element;
use super::state::PState;

use crate::ast::{
    AssignOp, BinaryOp, Expr, ExprKind, MemberAccess, Name, ObjectPatternProp, Pattern,
    PatternElem, PatternKind, PropKey, PropKeyKind, PropertyKind,
};

impl PState<'_> {
    /// Reinterprets the left side of an assignment as a target (§3.7.4). Errors are reported and
    /// the target becomes `PatternKind::Error`.
    pub fn expr_to_target(&mut self, expr: Expr, op: AssignOp) -> Pattern {
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
                        threshold: right,
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
                        threshold: threshold.map(|threshold| *threshold),
                        default: default.map(|default| *default),
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
                        (*pattern, Some(*threshold), Some(*value))
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
    pub fn check_update_target(&mut self, argument: &Expr) {
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
