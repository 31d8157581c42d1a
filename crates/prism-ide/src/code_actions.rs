//! Quick fixes (cli §8) for the diagnostics whose repair is certain: the checker's did-you-mean
//! names (`E0301`), parentheses for `-x ** y` (`W0410`), a `;` (or joining the lines) for a line
//! that continues the previous statement (`W0402`), `Number.isNaN` (`W0412`), `"null"` for
//! `"undefined"` (`W0414`), joining `return` with its value (`W0420`), `_` for unused variables
//! (`W0411`) and removing the needless `Agent` word (`I0302`).

use prism_checker::visit::{walk_expr, Visitor};
use prism_diagnostics::Diagnostic;
use prism_span::Span;
use prism_syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};

use crate::{Analysis, CodeAction, TextEdit};

impl Analysis {
    /// The fixes for the diagnostics of this document that overlap `range`.
    pub fn code_actions(&self, range: Span) -> Vec<CodeAction> {
        let mut actions = Vec::new();
        for diagnostic in self.diagnostics() {
            let Some(primary) = diagnostic.primary().map(|label| label.at.span) else {
                continue;
            };
            let overlaps = primary.start <= range.end && range.start <= primary.end;
            if overlaps {
                self.fixes(diagnostic, primary, &mut actions);
            }
        }
        actions
    }

    fn fixes(&self, diagnostic: &Diagnostic, at: Span, actions: &mut Vec<CodeAction>) {
        let mut add = |title: String, edits: Vec<TextEdit>, preferred: bool| {
            actions.push(CodeAction {
                title,
                edits,
                diagnostic_code: diagnostic.code,
                diagnostic_span: at,
                preferred,
            })
        };
        match diagnostic.code {
            "E0301" => {
                for help in &diagnostic.help {
                    let suggestion = help
                        .strip_prefix("did you mean '")
                        .and_then(|rest| rest.strip_suffix("'?"));
                    if let Some(name) = suggestion {
                        add(format!("Change to '{name}'"), vec![edit(at, name)], true);
                    }
                }
            }
            "W0410" => {
                let Some((power, negated, operand)) = self.negated_power(at) else {
                    return;
                };
                add(
                    "Add parentheses: `(-x) ** y` (the current meaning)".to_string(),
                    vec![insert(negated.start, "("), insert(negated.end, ")")],
                    true,
                );
                add(
                    "Add parentheses: `-(x ** y)`".to_string(),
                    vec![
                        edit(Span::new(negated.start, operand.start), "-("),
                        insert(power.end, ")"),
                    ],
                    false,
                );
            }
            "W0402" => {
                let previous = diagnostic.labels.iter().find(|label| !label.primary);
                if let Some(previous) = previous {
                    let end = previous.at.span.end;
                    add(
                        "End the previous statement with `;`".to_string(),
                        vec![insert(end, ";")],
                        true,
                    );
                    // Keeping the current meaning: the `(` or `[` moves up to what it continues
                    // (not `++`/`--`, which would then lex with the next token).
                    let gap = Span::new(end, at.start);
                    let bracket = matches!(self.slice(at), "(" | "[");
                    if bracket && self.slice(gap).trim().is_empty() {
                        add(
                            "Join with the previous line (keeps the current meaning)".to_string(),
                            vec![edit(gap, "")],
                            false,
                        );
                    }
                }
            }
            "W0412" => {
                if let Some(replacement) = self.nan_test(at) {
                    add(
                        format!("Write `{replacement}`"),
                        vec![edit(at, &replacement)],
                        true,
                    );
                }
            }
            "W0414" => add(
                "Compare with \"null\"".to_string(),
                vec![edit(at, "\"null\"")],
                true,
            ),
            "W0420" => {
                let value = diagnostic.labels.iter().find(|label| !label.primary);
                if let Some(value) = value {
                    let gap = Span::new(at.end, value.at.span.start);
                    if self.slice(gap).trim().is_empty() {
                        add(
                            "Move the value onto the line of `return`".to_string(),
                            vec![edit(gap, " ")],
                            true,
                        );
                    }
                }
            }
            "W0411" => {
                let name = self.slice(at);
                if let Ok(edits) = self.rename(at.start, &format!("_{name}")) {
                    add(format!("Rename to '_{name}'"), edits, true);
                }
            }
            "I0302" => {
                let rest = &self.text()[at.end as usize..];
                let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                let word = Span::new(at.start, at.end + spaces as u32);
                add("Remove `Agent`".to_string(), vec![edit(word, "")], true);
            }
            _ => {}
        }
    }

    /// For `-x ** y` at `at`: the whole power, the negation `-x` and the operand `x`.
    fn negated_power(&self, at: Span) -> Option<(Span, Span, Span)> {
        let power = self.expr_with_span(at)?;
        let ExprKind::Binary {
            op: BinaryOp::Pow,
            left,
            ..
        } = &power.kind
        else {
            return None;
        };
        let ExprKind::Unary {
            op: UnaryOp::Neg,
            argument,
        } = &left.kind
        else {
            return None;
        };
        Some((power.span, left.span, argument.span))
    }

    /// `Number.isNaN(x)` (or its negation) for the comparison `x == NaN` at `at`.
    fn nan_test(&self, at: Span) -> Option<String> {
        let ExprKind::Binary { op, left, right } = &self.expr_with_span(at)?.kind else {
            return None;
        };
        let is_nan =
            |e: &Expr| matches!(&e.unparenthesized().kind, ExprKind::Ident(n) if n == "NaN");
        let operand = if is_nan(right) { left } else { right };
        let negated = matches!(op, BinaryOp::NotEq | BinaryOp::StrictNotEq);
        let bang = if negated { "!" } else { "" };
        Some(format!("{bang}Number.isNaN({})", self.slice(operand.span)))
    }

    /// The expression whose span is exactly `span`.
    fn expr_with_span(&self, span: Span) -> Option<&Expr> {
        struct Finder<'a> {
            span: Span,
            found: Option<&'a Expr>,
        }
        impl<'a> Visitor<'a> for Finder<'a> {
            fn visit_expr(&mut self, expr: &'a Expr) {
                if self.found.is_none() && expr.span.contains_span(self.span) {
                    if expr.span == self.span {
                        self.found = Some(expr);
                    }
                    walk_expr(self, expr);
                }
            }
        }
        let mut finder = Finder { span, found: None };
        prism_checker::visit::walk_program(&mut finder, self.program());
        finder.found
    }
}

fn edit(span: Span, text: &str) -> TextEdit {
    TextEdit {
        span,
        new_text: text.to_string(),
    }
}

fn insert(at: u32, text: &str) -> TextEdit {
    edit(Span::at(at), text)
}
