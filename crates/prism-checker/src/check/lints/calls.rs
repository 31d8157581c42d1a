//! Calls of known functions (language §15.2): `W0405` (argument count) and `W0415` (a task that is
//! started and dropped), with the `W0402` rule for a call's `(`.

use prism_diagnostics::Diagnostic;
use prism_syntax::ast::{ArrayElem, Expr, ExprKind};

use super::Lints;

impl Lints<'_, '_> {
    /// `W0405` (arity of a known function) and the `W0402` rule for `(`.
    pub(super) fn call(&mut self, callee: &Expr, optional: bool, arguments: &[ArrayElem]) {
        if !optional {
            self.continuation(callee, "(");
        }
        let ExprKind::Ident(name) = &callee.kind else {
            return;
        };
        if arguments.iter().any(|argument| argument.spread) {
            return;
        }
        let Some(callable) = self
            .resolution
            .use_of(callee.span.start)
            .and_then(|binding| self.callables.get(binding))
        else {
            return;
        };
        let got = arguments.len();
        let expected = if got < callable.required {
            callable.required
        } else if !callable.rest && got > callable.params {
            callable.params
        } else {
            return;
        };
        let span = callee
            .span
            .merge(arguments.last().map_or(callee.span, |a| a.span));
        self.diagnostics.push(
            Diagnostic::warning(
                "W0405",
                format!("'{name}' expects {expected} argument(s), got {got}"),
            )
            .with_primary(self.file, span, format!("{got} argument(s) passed"))
            .with_secondary(
                self.file,
                callable.name_span,
                format!("'{name}' is declared here"),
            ),
        );
    }

    /// `W0415`: a call of an `async` function declaration whose task is dropped.
    pub(super) fn dropped_task(&mut self, expr: &Expr) {
        let expr = expr.unparenthesized();
        let ExprKind::Call { callee, .. } = &expr.kind else {
            return;
        };
        let ExprKind::Ident(name) = &callee.kind else {
            return;
        };
        let is_async_declaration = self
            .resolution
            .use_of(callee.span.start)
            .and_then(|binding| self.callables.get(binding))
            .is_some_and(|callable| callable.is_async_declaration);
        if is_async_declaration {
            self.diagnostics.push(
                Diagnostic::warning("W0415", "this task is not awaited")
                    .with_primary(
                        self.file,
                        expr.span,
                        format!("'{name}' is async: this starts a task"),
                    )
                    .with_help(format!(
                        "write `await {}` to wait for it",
                        expr.span.text(self.source)
                    )),
            );
        }
    }
}
