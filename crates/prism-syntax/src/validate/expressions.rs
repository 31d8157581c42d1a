//! The expression half of the traversal: E0203 (threshold targets), E0204 (holes), E0215
//! (placeholders), E0220 (pattern shorthands in literals), and the names bound in patterns.

use prism_span::Span;

use super::walk::Validator;
use crate::ast::*;
use crate::parser::is_hole;

impl Validator<'_> {
    /// The expressions inside a pattern (defaults, thresholds, computed keys, member targets).
    pub(super) fn pattern_exprs(&mut self, pattern: &Pattern) {
        match &pattern.kind {
            PatternKind::Array { elements, rest } => {
                for element in elements.iter().flatten() {
                    self.pattern_exprs(&element.target);
                    self.opt_expr(&element.threshold);
                    self.opt_expr(&element.default);
                }
                if let Some(rest) = rest {
                    self.pattern_exprs(rest);
                }
            }
            PatternKind::Object { properties, rest } => {
                for property in properties {
                    if let PropKeyKind::Computed(key) = &property.key.kind {
                        self.expr(key);
                    }
                    self.pattern_exprs(&property.target);
                    self.opt_expr(&property.threshold);
                    self.opt_expr(&property.default);
                }
                if let Some(rest) = rest {
                    self.pattern_exprs(rest);
                }
            }
            PatternKind::Threshold { pattern, threshold } => {
                self.pattern_exprs(pattern);
                self.expr(threshold);
            }
            PatternKind::Target(expr) => self.expr(expr),
            PatternKind::Ident(_) | PatternKind::Discard | PatternKind::Error => {}
        }
    }

    pub(super) fn opt_expr(&mut self, expr: &Option<Expr>) {
        if let Some(expr) = expr {
            self.expr(expr);
        }
    }

    pub(super) fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Bool(_)
            | ExprKind::Null { .. }
            | ExprKind::Ident(_)
            | ExprKind::Error => {}
            ExprKind::Placeholder => {
                if !self.in_pipeline_right {
                    let message =
                        "the placeholder `_` can only be used in the right side of a pipeline"
                            .to_string();
                    self.error(
                        "E0215",
                        message,
                        expr.span,
                        "not in the right side of a pipeline",
                    );
                }
            }
            ExprKind::Template(template) => {
                for part in &template.expressions {
                    self.expr(part);
                }
            }
            ExprKind::Array(elements) => {
                for element in elements {
                    if is_hole(&element.expr) {
                        let comma = Span::new(element.span.start, element.span.start + 1);
                        let message = "array literals cannot have holes".to_string();
                        self.error(
                            "E0204",
                            message,
                            comma,
                            "expected an element before this `,`",
                        );
                    } else {
                        self.expr(&element.expr);
                    }
                }
            }
            ExprKind::Object(properties) => self.object(properties),
            ExprKind::Unary { argument, .. } | ExprKind::Update { argument, .. } => {
                self.expr(argument)
            }
            ExprKind::Binary { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Pipeline { left, right, .. } => {
                self.expr(left);
                let outer = std::mem::replace(&mut self.in_pipeline_right, true);
                self.expr(right);
                self.in_pipeline_right = outer;
            }
            ExprKind::Conditional {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test);
                self.expr(consequent);
                self.expr(alternate);
            }
            ExprKind::Assign { target, value, .. } => {
                if let PatternKind::Threshold { pattern, .. } = &target.kind {
                    if !matches!(
                        pattern.kind,
                        PatternKind::Array { .. } | PatternKind::Object { .. }
                    ) {
                        self.error(
                            "E0203",
                            "invalid assignment target".to_string(),
                            target.span,
                            "cannot be assigned to",
                        );
                    }
                }
                self.check_pattern(target);
                self.pattern_exprs(target);
                self.expr(value);
            }
            ExprKind::Member { object, .. } => self.expr(object),
            ExprKind::Index { object, index, .. } => {
                self.expr(object);
                self.expr(index);
            }
            ExprKind::Call {
                callee, arguments, ..
            } => {
                self.expr(callee);
                for argument in arguments {
                    self.expr(&argument.expr);
                }
            }
            ExprKind::Lambda(lambda) => {
                self.check_params(&lambda.params);
                self.in_function(|validator| {
                    validator.params(&lambda.params);
                    match &lambda.body {
                        LambdaBody::Block(block) => validator.block(block),
                        LambdaBody::Expr(body) => validator.expr(body),
                    }
                });
            }
            ExprKind::Function(function) => self.function(function),
            ExprKind::Match(match_expr) => self.match_expr(match_expr),
            ExprKind::Paren(inner) => self.expr(inner),
        }
    }

    pub(super) fn object(&mut self, properties: &[Property]) {
        for property in properties {
            match &property.kind {
                PropertyKind::KeyValue { key, value } => {
                    if let PropKeyKind::Computed(key) = &key.kind {
                        self.expr(key);
                    }
                    self.expr(value);
                }
                PropertyKind::Shorthand(name) => self.check_name(name),
                PropertyKind::ShorthandPattern {
                    name,
                    threshold,
                    default,
                } => {
                    self.check_name(name);
                    let message = "`=` is only allowed in destructuring patterns".to_string();
                    self.error(
                        "E0220",
                        message,
                        property.span,
                        "this object literal is not a pattern",
                    );
                    for part in [threshold, default].into_iter().flatten() {
                        self.expr(part);
                    }
                }
                PropertyKind::Spread(argument) => self.expr(argument),
            }
        }
    }

    pub(super) fn match_expr(&mut self, match_expr: &Match) {
        self.expr(&match_expr.scrutinee);
        for arm in &match_expr.arms {
            self.match_pattern(&arm.pattern);
            self.opt_expr(&arm.threshold);
            self.opt_expr(&arm.guard);
            match &arm.body {
                LambdaBody::Block(block) => self.block(block),
                LambdaBody::Expr(body) => self.expr(body),
            }
        }
    }

    pub(super) fn match_pattern(&mut self, pattern: &MatchPattern) {
        match &pattern.kind {
            MatchPatternKind::Array { elements, .. } => {
                for element in elements {
                    self.match_pattern(&element.pattern);
                    self.opt_expr(&element.threshold);
                }
            }
            MatchPatternKind::Object { properties, .. } => {
                for property in properties {
                    match &property.pattern {
                        Some(pattern) => self.match_pattern(pattern),
                        None => {
                            if let PropKeyKind::Name(text) = &property.key.kind {
                                self.check_name(&Name {
                                    text: text.clone(),
                                    span: property.key.span,
                                });
                            }
                        }
                    }
                    self.opt_expr(&property.threshold);
                }
            }
            MatchPatternKind::Wildcard
            | MatchPatternKind::Bind(_)
            | MatchPatternKind::Literal(_)
            | MatchPatternKind::Error => {}
        }
    }
}
