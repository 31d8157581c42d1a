//! Expressions (language §6): identifier reads, assignments (§6.11), updates (§6.6), functions and
//! lambdas (queued, §9.3) and match arms (§6.14).

use prism_syntax::ast::{AssignOp, Expr, ExprKind, LambdaBody, Match, PropertyKind};

use super::walker::{PendingNode, Resolver};
use super::{Access, FunctionKind, ScopeKind};

impl<'a> Resolver<'a> {
    pub(super) fn resolve_optional(&mut self, expr: Option<&'a Expr>) {
        if let Some(expr) = expr {
            self.resolve_expr(expr);
        }
    }

    pub(super) fn resolve_expr(&mut self, expr: &'a Expr) {
        match &expr.kind {
            ExprKind::Ident(name) => self.read(name, expr.span),
            ExprKind::Template(template) => {
                for part in &template.expressions {
                    self.resolve_expr(part);
                }
            }
            ExprKind::Array(elements) => {
                for element in elements {
                    self.resolve_expr(&element.expr);
                }
            }
            ExprKind::Object(properties) => {
                for property in properties {
                    self.resolve_property(&property.kind);
                }
            }
            ExprKind::Unary { argument, .. } => self.resolve_expr(argument),
            ExprKind::Update { argument, .. } => match &argument.unparenthesized().kind {
                ExprKind::Ident(name) => {
                    let inner = argument.unparenthesized();
                    self.reference(name, inner.span, Access::ReadWrite);
                }
                _ => self.resolve_expr(argument),
            },
            ExprKind::Binary { left, right, .. } | ExprKind::Pipeline { left, right, .. } => {
                self.resolve_expr(left);
                self.resolve_expr(right);
            }
            ExprKind::Conditional {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.resolve_expr(test);
                self.resolve_expr(consequent);
                self.resolve_expr(alternate);
            }
            ExprKind::Assign { op, target, value } => {
                let access = if *op == AssignOp::Assign {
                    Access::Write
                } else {
                    Access::ReadWrite
                };
                self.resolve_assignment_pattern(target, access);
                self.resolve_expr(value);
            }
            ExprKind::Member { object, .. } => self.resolve_expr(object),
            ExprKind::Index { object, index, .. } => {
                self.resolve_expr(object);
                self.resolve_expr(index);
            }
            ExprKind::Call {
                callee, arguments, ..
            } => {
                self.resolve_expr(callee);
                for argument in arguments {
                    self.resolve_expr(&argument.expr);
                }
            }
            ExprKind::Lambda(lambda) => self.queue_function(PendingNode::Lambda(lambda)),
            ExprKind::Function(function) => {
                // The confidence of a function expression is evaluated where the expression is.
                self.resolve_optional(function.confidence.as_ref());
                self.queue_function(PendingNode::Function(function, FunctionKind::Expression));
            }
            ExprKind::Match(match_expr) => self.resolve_match(match_expr),
            ExprKind::Paren(inner) => self.resolve_expr(inner),
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Bool(_)
            | ExprKind::Null { .. }
            | ExprKind::Placeholder
            | ExprKind::Error => {}
        }
    }

    fn resolve_property(&mut self, property: &'a PropertyKind) {
        match property {
            PropertyKind::KeyValue { key, value } => {
                self.resolve_key(key);
                self.resolve_expr(value);
            }
            PropertyKind::Shorthand(name) => self.read(&name.text, name.span),
            PropertyKind::ShorthandPattern {
                name,
                threshold,
                default,
            } => {
                self.read(&name.text, name.span);
                self.resolve_optional(threshold.as_deref());
                self.resolve_optional(default.as_deref());
            }
            PropertyKind::Spread(value) => self.resolve_expr(value),
        }
    }

    /// `match` (language §6.14): the scrutinee outside, then one scope per arm holding the
    /// pattern's bindings, the thresholds, the guard and the body.
    fn resolve_match(&mut self, match_expr: &'a Match) {
        self.resolve_expr(&match_expr.scrutinee);
        for arm in &match_expr.arms {
            self.in_scope(ScopeKind::MatchArm, arm.span, |this| {
                this.in_pattern(|this| this.resolve_match_pattern(&arm.pattern));
                this.resolve_optional(arm.threshold.as_ref());
                this.resolve_optional(arm.guard.as_ref());
                match &arm.body {
                    LambdaBody::Block(block) => this.walk_block(block),
                    LambdaBody::Expr(body) => this.resolve_expr(body),
                }
            });
        }
    }
}
