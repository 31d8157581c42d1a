//! `E0401` (language §15.1, §7.1): a number literal, possibly negated, used as a confidence or a
//! threshold must lie in [0, 1].

use prism_diagnostics::Diagnostic;
use prism_syntax::ast::{Declarator, Expr, ExprKind, Param, UnaryOp};

use super::Lints;

impl Lints<'_, '_> {
    /// `E0401`: a number literal, possibly negated, used as a confidence or threshold (§15.1).
    pub(super) fn confidence_literal(&mut self, expr: &Expr) {
        let Some(value) = literal_number(expr) else {
            return;
        };
        if (0.0..=1.0).contains(&value) {
            return;
        }
        let shown = ryu_js::Buffer::new().format(value).to_string();
        let literal = expr.unparenthesized().span;
        self.diagnostics.push(
            Diagnostic::error("E0401", format!("confidence {shown} is outside [0, 1]"))
                .with_primary(self.file, literal, "a confidence must lie between 0 and 1")
                .with_help("write the confidence as a fraction: 0.85 means 85%"),
        );
    }

    pub(super) fn thresholds_of_declarators(&mut self, declarators: &[Declarator]) {
        for declarator in declarators {
            if let Some(threshold) = &declarator.threshold {
                self.confidence_literal(threshold);
            }
        }
    }

    pub(super) fn thresholds_of_params(&mut self, params: &[Param]) {
        for param in params {
            if let Some(threshold) = &param.threshold {
                self.confidence_literal(threshold);
            }
        }
    }
}

/// The value of a number literal, possibly negated and parenthesised.
fn literal_number(expr: &Expr) -> Option<f64> {
    match &expr.unparenthesized().kind {
        ExprKind::Number(value) => Some(*value),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            argument,
        } => match argument.unparenthesized().kind {
            ExprKind::Number(value) => Some(-value),
            _ => None,
        },
        _ => None,
    }
}
