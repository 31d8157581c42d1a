//! The punctuation an expression's formatted text begins with. Two rules depend on it: the `;`
//! written before a statement that begins with `(`, `[`, `-`, `++` or `--` (cli §6.3
//! "Statements"), and the space kept between a prefix operator and an operand that would merge
//! with it into another token (`- -x`, language §2.11).

use prism_syntax::ast::{Expr, ExprKind, Pattern, PatternKind};

use crate::patterns::bare_lambda_param;

/// The first character of `expr` as formatted, when it is punctuation; `None` when it is a word,
/// a number or a string.
pub fn leading_punctuation(expr: &Expr) -> Option<char> {
    match &expr.kind {
        ExprKind::Paren(_) => Some('('),
        ExprKind::Array(_) => Some('['),
        ExprKind::Object(_) => Some('{'),
        ExprKind::Unary { op, .. } => op
            .as_str()
            .chars()
            .next()
            .filter(char::is_ascii_punctuation),
        ExprKind::Update {
            op, prefix: true, ..
        } => op.as_str().chars().next(),
        ExprKind::Update { argument, .. } => leading_punctuation(argument),
        ExprKind::Binary { left, .. } | ExprKind::Pipeline { left, .. } => {
            leading_punctuation(left)
        }
        ExprKind::Conditional { test, .. } => leading_punctuation(test),
        ExprKind::Assign { target, .. } => pattern_leading_punctuation(target),
        ExprKind::Member { object, .. } | ExprKind::Index { object, .. } => {
            leading_punctuation(object)
        }
        ExprKind::Call { callee, .. } => leading_punctuation(callee),
        ExprKind::Lambda(lambda)
            if !lambda.is_async && bare_lambda_param(&lambda.params).is_none() =>
        {
            Some('(')
        }
        ExprKind::Lambda(_)
        | ExprKind::Function(_)
        | ExprKind::Match(_)
        | ExprKind::Ident(_)
        | ExprKind::Placeholder
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Template(_)
        | ExprKind::Bool(_)
        | ExprKind::Null { .. }
        | ExprKind::Error => None,
    }
}

/// [`leading_punctuation`] for an assignment target.
fn pattern_leading_punctuation(pattern: &Pattern) -> Option<char> {
    match &pattern.kind {
        PatternKind::Array { .. } => Some('['),
        PatternKind::Object { .. } => Some('{'),
        PatternKind::Threshold { pattern, .. } => pattern_leading_punctuation(pattern),
        PatternKind::Target(expr) => leading_punctuation(expr),
        PatternKind::Ident(_) | PatternKind::Discard | PatternKind::Error => None,
    }
}
