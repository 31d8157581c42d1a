//! The checks of language §15.1 (`E0401`), §15.2 and §15.3 (`I0302`) that look at one node at a
//! time: they need the tree, the resolution, the confidence kinds and the source text (for the
//! newline rules of §3.8), but no types.
//!
//! Readings of the tables where the wording leaves room (decisions of this checker):
//! * `W0402`: the token is the first of its line when a line break (LF or CR) lies between the end
//!   of the expression it continues and the token; comments in between do not count as tokens.
//! * `W0406`: only the first unreachable statement of a statement list is reported (the ones after
//!   it are unreachable for the same reason); empty statements `;` are not code.
//! * `W0407`: the previous statement must be an expression statement directly before it in the
//!   same list; a `;` between them does not exempt the pair, as the table does not.
//! * `W0408`: a literal `0` is any number literal whose value is zero (`0`, `0.0`, `0x0`),
//!   parentheses allowed; `-0` is an operator applied to a literal and is not reported.
//! * `W0412`, `W0414`: either operand order; `NaN` must resolve to the prelude.
//! * `W0415`: parentheses around the call do not hide it.
//! * `E0401`: the `~>` right side, the confidence of a function, the `~?>` right side and the
//!   first element of a `[t, d]` right side, thresholds of declarations, parameters, pattern
//!   elements and properties, whole patterns, match arms and match pattern elements.

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, LineIndex};
use prism_syntax::ast::{
    AssignOp, BinaryOp, Expr, ExprKind, ForInit, Function, Lambda, MatchPattern, MatchPatternKind,
    Pattern, PatternKind, PipeOp, PropertyKind, Stmt, StmtKind, UnaryOp, UpdateOp,
};

mod calls;
mod confidence;
mod newlines;

use super::kinds::{ConfidenceKind, KindEngine};
use super::usage::Callables;
use crate::visit::{walk_expr, walk_match_pattern, walk_pattern, walk_stmt, Visitor};
use crate::{BindingKind, Resolution};

pub(crate) struct Lints<'a, 'k> {
    pub file: FileId,
    pub source: &'a str,
    pub lines: &'a LineIndex,
    pub resolution: &'a Resolution,
    pub kinds: &'k mut KindEngine<'a>,
    pub callables: &'k Callables<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Lints<'a, '_> {
    fn line(&self, offset: u32) -> usize {
        self.lines.line_of(offset)
    }

    fn binary(&mut self, expr: &Expr, op: BinaryOp, left: &Expr, right: &Expr) {
        match op {
            BinaryOp::Annotate => self.confidence_literal(right),
            BinaryOp::Div | BinaryOp::Rem | BinaryOp::ConfDiv => self.division(op.as_str(), right),
            BinaryOp::Pow => {
                if let ExprKind::Unary {
                    op: UnaryOp::Neg, ..
                } = left.kind
                {
                    self.diagnostics.push(
                        Diagnostic::warning("W0410", "`-x ** y` means `(-x) ** y`")
                            .with_primary(self.file, expr.span, "the negation applies first")
                            .with_help("add parentheses: `(-x) ** y` or `-(x ** y)`"),
                    );
                }
            }
            BinaryOp::Eq | BinaryOp::NotEq | BinaryOp::StrictEq | BinaryOp::StrictNotEq => {
                self.equality(expr, left, right)
            }
            _ => {}
        }
        if let Some(plain_form) = confidence_operator_plain_form(op) {
            let left_kind = self.kinds.expr_kind(left);
            let right_kind = self.kinds.expr_kind(right);
            if left_kind == ConfidenceKind::Plain && right_kind == ConfidenceKind::Plain {
                let mut diagnostic = Diagnostic::warning(
                    "W0403",
                    "both operands are plain; the result always has confidence 100%",
                )
                .with_primary(
                    self.file,
                    expr.span,
                    "neither operand carries a confidence",
                );
                diagnostic = match plain_form {
                    "" => diagnostic.with_help("attach a confidence to an operand with `~>`"),
                    plain => diagnostic.with_help(format!(
                        "use `{plain}` for plain values, or attach a confidence with `~>`"
                    )),
                };
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// `W0408`: a literal `0` divisor.
    fn division(&mut self, op: &str, divisor: &Expr) {
        let divisor = divisor.unparenthesized();
        if matches!(divisor.kind, ExprKind::Number(value) if value == 0.0) {
            self.diagnostics.push(
                Diagnostic::warning("W0408", "division by zero gives Infinity or NaN")
                    .with_primary(self.file, divisor.span, format!("`{op}` by zero")),
            );
        }
    }

    /// `W0412` (comparison with `NaN`) and `W0414` (`typeof x == "undefined"`).
    fn equality(&mut self, expr: &Expr, left: &Expr, right: &Expr) {
        for (side, other) in [(left, right), (right, left)] {
            let side = side.unparenthesized();
            if matches!(&side.kind, ExprKind::Ident(name) if name == "NaN") && self.is_prelude(side)
            {
                let operand = other.span.text(self.source);
                self.diagnostics.push(
                    Diagnostic::warning(
                        "W0412",
                        "comparison with NaN is always false; use Number.isNaN(x)",
                    )
                    .with_primary(self.file, expr.span, "NaN equals nothing, not even itself")
                    .with_help(format!("write `Number.isNaN({operand})`")),
                );
                return;
            }
        }
        for (side, other) in [(left, right), (right, left)] {
            let is_typeof = matches!(
                side.unparenthesized().kind,
                ExprKind::Unary {
                    op: UnaryOp::Typeof,
                    ..
                }
            );
            let other = other.unparenthesized();
            if is_typeof
                && matches!(&other.kind, ExprKind::String(text) if text.value == "undefined")
            {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "W0414",
                        "typeof never returns \"undefined\"; compare with \"null\"",
                    )
                    .with_primary(self.file, other.span, "this comparison never holds")
                    .with_help("write `\"null\"`: `undefined` is another spelling of null"),
                );
                return;
            }
        }
    }

    fn is_prelude(&self, ident: &Expr) -> bool {
        self.resolution
            .use_of(ident.span.start)
            .and_then(|binding| self.resolution.binding(binding))
            .is_some_and(|binding| binding.kind == BindingKind::Prelude)
    }

    /// `W0413`: a literal that overflows to Infinity or underflows to zero.
    fn number_literal(&mut self, expr: &Expr, value: f64) {
        let text = expr.span.text(self.source);
        let radix_prefixed = text.len() > 1
            && text.starts_with('0')
            && matches!(
                text.as_bytes().get(1),
                Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')
            );
        let mantissa = text.split(['e', 'E']).next().unwrap_or("");
        let underflows = value == 0.0
            && !radix_prefixed
            && mantissa.bytes().any(|byte| (b'1'..=b'9').contains(&byte));
        if value.is_infinite() || underflows {
            let what = if underflows {
                "rounds to 0"
            } else {
                "is Infinity"
            };
            self.diagnostics.push(
                Diagnostic::warning("W0413", "number literal is not representable").with_primary(
                    self.file,
                    expr.span,
                    format!("this literal {what}"),
                ),
            );
        }
    }

    /// `W0409`: a match that can fall through to `null`.
    fn match_fallthrough(&mut self, expr: &Expr, arms: &[prism_syntax::ast::MatchArm]) {
        let catch_all = arms.last().is_some_and(|arm| {
            arm.threshold.is_none()
                && arm.guard.is_none()
                && matches!(
                    arm.pattern.kind,
                    MatchPatternKind::Wildcard | MatchPatternKind::Bind(_)
                )
        });
        if catch_all {
            return;
        }
        let at = arms.last().map_or(expr.span, |arm| arm.span);
        self.diagnostics.push(
            Diagnostic::warning("W0409", "this match produces null when no arm matches")
                .with_primary(self.file, at, "the last arm is not a catch-all")
                .with_help("add a final arm `_ => …`"),
        );
    }
}

impl<'a> Visitor<'a> for Lints<'a, '_> {
    fn visit_stmt_list(&mut self, list: &'a [Stmt]) {
        self.statement_list(list);
        for stmt in list {
            self.visit_stmt(stmt);
        }
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match &stmt.kind {
            StmtKind::VarDecl(decl) => self.thresholds_of_declarators(&decl.declarators),
            StmtKind::For(for_stmt) => {
                if let Some(ForInit::VarDecl(decl)) = &for_stmt.init {
                    self.thresholds_of_declarators(&decl.declarators);
                }
            }
            StmtKind::Uncertain(uncertain) => {
                if let Some(ForInit::VarDecl(decl)) = &uncertain.init {
                    self.thresholds_of_declarators(&decl.declarators);
                }
                if let Some(test) = &uncertain.test {
                    if self.kinds.expr_kind(test) == ConfidenceKind::Plain {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                "W0401",
                                "this condition has no confidence, so it always counts as 100% (level high)",
                            )
                            .with_primary(self.file, test.span, "this condition is plain")
                            .with_help("attach a confidence with `~>`, or use an ordinary `if`"),
                        );
                    }
                }
            }
            StmtKind::Return(Some(value)) => self.return_value(stmt, value),
            StmtKind::Expr(expr) => self.dropped_task(expr),
            StmtKind::Agents(decls) => {
                for decl in decls {
                    if let Some(word) = decl.agent_word {
                        self.diagnostics.push(
                            Diagnostic::info("I0302", "`Agent` is not needed here")
                                .with_primary(
                                    self.file,
                                    word,
                                    "every entry of `agents` is an agent",
                                )
                                .with_help("remove `Agent`"),
                        );
                    }
                }
            }
            _ => {}
        }
        walk_stmt(self, stmt);
    }

    fn visit_function(&mut self, function: &'a Function) {
        self.thresholds_of_params(&function.params);
        if let Some(confidence) = &function.confidence {
            self.confidence_literal(confidence);
        }
        crate::visit::walk_function(self, function);
    }

    fn visit_lambda(&mut self, lambda: &'a Lambda) {
        self.thresholds_of_params(&lambda.params);
        crate::visit::walk_lambda(self, lambda);
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        match &pattern.kind {
            PatternKind::Array { elements, .. } => {
                for element in elements.iter().flatten() {
                    if let Some(threshold) = &element.threshold {
                        self.confidence_literal(threshold);
                    }
                }
            }
            PatternKind::Object { properties, .. } => {
                for property in properties {
                    if let Some(threshold) = &property.threshold {
                        self.confidence_literal(threshold);
                    }
                }
            }
            PatternKind::Threshold { threshold, .. } => self.confidence_literal(threshold),
            _ => {}
        }
        walk_pattern(self, pattern);
    }

    fn visit_match_pattern(&mut self, pattern: &'a MatchPattern) {
        match &pattern.kind {
            MatchPatternKind::Array { elements, .. } => {
                for element in elements {
                    if let Some(threshold) = &element.threshold {
                        self.confidence_literal(threshold);
                    }
                }
            }
            MatchPatternKind::Object { properties, .. } => {
                for property in properties {
                    if let Some(threshold) = &property.threshold {
                        self.confidence_literal(threshold);
                    }
                }
            }
            _ => {}
        }
        walk_match_pattern(self, pattern);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match &expr.kind {
            ExprKind::Number(value) => self.number_literal(expr, *value),
            ExprKind::Binary { op, left, right } => self.binary(expr, *op, left, right),
            ExprKind::Pipeline {
                op: PipeOp::Gate,
                right,
                ..
            } => match &right.unparenthesized().kind {
                ExprKind::Array(elements) => {
                    if let Some(first) = elements.first().filter(|element| !element.spread) {
                        self.confidence_literal(&first.expr);
                    }
                }
                _ => self.confidence_literal(right),
            },
            ExprKind::Assign {
                op: AssignOp::Div,
                value,
                ..
            } => self.division("/=", value),
            ExprKind::Update {
                op,
                prefix: false,
                argument,
            } => {
                let token = match op {
                    UpdateOp::Increment => "++",
                    UpdateOp::Decrement => "--",
                };
                self.continuation(argument, token);
            }
            ExprKind::Index {
                object,
                optional: false,
                ..
            } => self.continuation(object, "["),
            ExprKind::Call {
                callee,
                optional,
                arguments,
            } => self.call(callee, *optional, arguments),
            ExprKind::Match(match_expr) => {
                for arm in &match_expr.arms {
                    if let Some(threshold) = &arm.threshold {
                        self.confidence_literal(threshold);
                    }
                }
                self.match_fallthrough(expr, &match_expr.arms);
            }
            ExprKind::Object(properties) => {
                for property in properties {
                    if let PropertyKind::ShorthandPattern {
                        threshold: Some(threshold),
                        ..
                    } = &property.kind
                    {
                        self.confidence_literal(threshold);
                    }
                }
            }
            _ => {}
        }
        walk_expr(self, expr);
    }
}

/// For the confidence operators of `W0403`, the ordinary operator to suggest instead (`""` for
/// `~~`, which has none); `None` for every other operator.
fn confidence_operator_plain_form(op: BinaryOp) -> Option<&'static str> {
    Some(match op {
        BinaryOp::ConfAdd => "+",
        BinaryOp::ConfSub => "-",
        BinaryOp::ConfMul => "*",
        BinaryOp::ConfDiv => "/",
        BinaryOp::ConfEq => "==",
        BinaryOp::ConfNotEq => "!=",
        BinaryOp::ConfLt => "<",
        BinaryOp::ConfLtEq => "<=",
        BinaryOp::ConfGtEq => ">=",
        BinaryOp::ConfAnd => "&&",
        BinaryOp::ConfOr => "||",
        BinaryOp::Chain => "",
        _ => return None,
    })
}
