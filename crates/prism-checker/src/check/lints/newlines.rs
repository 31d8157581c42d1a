//! The rules about line breaks (language §3.8): `W0402` (a `(`, `[`, `++` or `--` that starts a
//! line continues the expression before it), `W0407` (`a <~b` is two statements) and `W0420`
//! (`return` with its value on the next line), with `W0406` (unreachable statements), which walks
//! the same statement lists.

use prism_diagnostics::Diagnostic;
use prism_span::Span;
use prism_syntax::ast::{Expr, Stmt, StmtKind};

use super::Lints;

impl Lints<'_, '_> {
    /// `W0402`: a `(`, `[`, `++` or `--` that is the first token of its line but continues the
    /// expression before it (§3.8).
    pub(super) fn continuation(&mut self, before: &Expr, token: &str) {
        let Some(start) = next_token(self.source, before.span.end) else {
            return;
        };
        let found = self.source.get(start..).unwrap_or("");
        if !found.starts_with(token) {
            return;
        }
        let gap = self
            .source
            .get(before.span.end as usize..start)
            .unwrap_or("");
        if !gap.contains(['\n', '\r']) {
            return;
        }
        let at = Span::from_range(start..start + token.len());
        self.diagnostics.push(
            Diagnostic::warning(
                "W0402",
                format!("this `{token}` continues the expression on the previous line"),
            )
            .with_primary(self.file, at, "read as part of the expression above")
            .with_secondary(self.file, before.span, "this expression continues")
            .with_help("end the previous statement with `;` if a new statement was meant"),
        );
    }

    /// `W0406` and `W0407` over one statement list. Only the first unreachable statement of a list
    /// is reported: the ones after it are unreachable for the same reason.
    pub(super) fn statement_list(&mut self, list: &[Stmt]) {
        let mut terminator: Option<&Stmt> = None;
        let mut reported = false;
        let mut previous: Option<&Stmt> = None;
        for stmt in list {
            if matches!(stmt.kind, StmtKind::Empty) {
                continue;
            }
            if let (Some(end), false) = (terminator, reported) {
                reported = true;
                let word = match end.kind {
                    StmtKind::Return(_) => "return",
                    StmtKind::Throw(_) => "throw",
                    StmtKind::Break => "break",
                    _ => "continue",
                };
                self.diagnostics.push(
                    Diagnostic::warning("W0406", "unreachable code")
                        .with_primary(self.file, stmt.span, "this statement never runs")
                        .with_secondary(
                            self.file,
                            end.span,
                            format!("any code after this `{word}` is unreachable"),
                        ),
                );
            }
            if let (Some(prev), StmtKind::Expr(_)) = (previous, &stmt.kind) {
                self.confidence_statement(prev, stmt);
            }
            if terminator.is_none()
                && matches!(
                    stmt.kind,
                    StmtKind::Return(_) | StmtKind::Throw(_) | StmtKind::Break | StmtKind::Continue
                )
            {
                terminator = Some(stmt);
            }
            previous = Some(stmt);
        }
    }

    /// `W0407`: `a <~b` on one line is two statements (§3.8).
    pub(super) fn confidence_statement(&mut self, previous: &Stmt, stmt: &Stmt) {
        let starts_with_confidence = self
            .source
            .get(stmt.span.start as usize..)
            .is_some_and(|rest| rest.starts_with("<~"));
        if starts_with_confidence
            && matches!(previous.kind, StmtKind::Expr(_))
            && self.line(previous.span.end.saturating_sub(1)) == self.line(stmt.span.start)
        {
            let at = Span::new(stmt.span.start, stmt.span.start + 2);
            self.diagnostics.push(
                Diagnostic::warning("W0407", "`<~` starts a new statement here")
                    .with_primary(self.file, at, "this reads a confidence")
                    .with_secondary(self.file, previous.span, "this statement ends before it")
                    .with_help("put the two statements on separate lines"),
            );
        }
    }

    /// `W0420`: `return` with its value on a later line (§3.8).
    pub(super) fn return_value(&mut self, stmt: &Stmt, value: &Expr) {
        if self.line(value.span.start) > self.line(stmt.span.start) {
            let keyword = Span::new(stmt.span.start, stmt.span.start + 6);
            self.diagnostics.push(
                Diagnostic::warning("W0420", "the value on the next line is returned")
                    .with_primary(self.file, keyword, "this `return` takes the value below")
                    .with_secondary(self.file, value.span, "returned")
                    .with_help("move the value onto the line of `return`"),
            );
        }
    }
}

/// The start of the first token at or after `from`, skipping whitespace (language §2.3) and
/// comments (§2.4).
fn next_token(source: &str, from: u32) -> Option<usize> {
    let mut at = from as usize;
    loop {
        let rest = source.get(at..)?;
        if let Some(comment) = rest.strip_prefix("//") {
            at += 2 + comment.find(['\n', '\r']).unwrap_or(comment.len());
        } else if let Some(comment) = rest.strip_prefix("/*") {
            at += 2 + comment.find("*/").map_or(comment.len(), |end| end + 2);
        } else {
            let next = rest.chars().next()?;
            if next.is_whitespace() || next == '\u{FEFF}' {
                at += next.len_utf8();
            } else {
                return Some(at);
            }
        }
    }
}
