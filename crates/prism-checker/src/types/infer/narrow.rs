//! Narrowing (language §15.5): what a condition proves about the variables it tests, when it is
//! truthy and when it is falsy. Only never-reassigned variables are narrowed (see the module
//! documentation of `infer`).

use prism_syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};

use super::Infer;
use crate::types::ty::{Tag, Type};
use crate::BindingId;

impl<'a> Infer<'a, '_> {
    /// The narrowings that hold where `condition` was `truthy`.
    pub(super) fn narrowing(
        &mut self,
        condition: &'a Expr,
        truthy: bool,
    ) -> Vec<(BindingId, Type)> {
        let mut found = Vec::new();
        self.collect_narrowing(condition, truthy, &mut found);
        found
    }

    fn collect_narrowing(
        &mut self,
        condition: &Expr,
        truthy: bool,
        found: &mut Vec<(BindingId, Type)>,
    ) {
        match &condition.kind {
            ExprKind::Paren(inner) => self.collect_narrowing(inner, truthy, found),
            ExprKind::Unary {
                op: UnaryOp::Not,
                argument,
            } => self.collect_narrowing(argument, !truthy, found),
            ExprKind::Binary {
                op: BinaryOp::And,
                left,
                right,
            } if truthy => {
                self.collect_narrowing(left, true, found);
                self.collect_narrowing(right, true, found);
            }
            ExprKind::Binary {
                op: BinaryOp::Or,
                left,
                right,
            } if !truthy => {
                self.collect_narrowing(left, false, found);
                self.collect_narrowing(right, false, found);
            }
            ExprKind::Binary { op, left, right } => {
                let equal = match op {
                    BinaryOp::Eq | BinaryOp::StrictEq => truthy,
                    BinaryOp::NotEq | BinaryOp::StrictNotEq => !truthy,
                    _ => return,
                };
                for (side, other) in [(left, right), (right, left)] {
                    if let Some(narrowing) = self.comparison(side, other, equal) {
                        found.push(narrowing);
                        return;
                    }
                }
            }
            ExprKind::Ident(_) if truthy => {
                if let Some(binding) = self.narrowable(condition) {
                    let ty = self.binding_type(binding).without(Tag::Null);
                    found.push((binding, ty));
                }
            }
            _ => {}
        }
    }

    /// `typeof x == "tag"`, `x == null` and `x == <literal>` (or their negations when `!equal`).
    fn comparison(&mut self, side: &Expr, other: &Expr, equal: bool) -> Option<(BindingId, Type)> {
        let other = other.unparenthesized();
        if let ExprKind::Unary {
            op: UnaryOp::Typeof,
            argument,
        } = &side.unparenthesized().kind
        {
            let ExprKind::String(name) = &other.kind else {
                return None;
            };
            let tag = Tag::from_typeof(&name.value)?;
            let binding = self.narrowable(argument)?;
            let current = self.binding_type(binding);
            let ty = if equal {
                current.only(tag)
            } else {
                current.without(tag)
            };
            return Some((binding, ty));
        }
        let binding = self.narrowable(side)?;
        let tag = match &other.kind {
            ExprKind::Null { .. } => Tag::Null,
            // Values of different types are never equal (language §4.13); the reverse says nothing.
            ExprKind::Number(_) if equal => Tag::Number,
            ExprKind::String(_) if equal => Tag::String,
            ExprKind::Bool(_) if equal => Tag::Boolean,
            _ => return None,
        };
        let current = self.binding_type(binding);
        let ty = if equal {
            current.only(tag)
        } else {
            current.without(tag)
        };
        Some((binding, ty))
    }

    /// The binding of an identifier that may be narrowed.
    pub(super) fn narrowable(&self, expr: &Expr) -> Option<BindingId> {
        let expr = expr.unparenthesized();
        if !matches!(expr.kind, ExprKind::Ident(_)) {
            return None;
        }
        let binding = self.resolution.use_of(expr.span.start)?;
        self.is_fixed(binding).then_some(binding)
    }
}
