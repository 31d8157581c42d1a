//! Inlay hints (cli §8): the inferred confidence kind (language §15) after the name of each `let`
//! binding. The server only sends them when the client asks.

use prism_checker::visit::{walk_stmt, Visitor};
use prism_checker::ConfidenceKind;
use prism_span::Span;
use prism_syntax::ast::{DeclKind, ForInit, PatternKind, Stmt, StmtKind};

use crate::{Analysis, InlayHint};

struct LetNames {
    range: Span,
    names: Vec<Span>,
}

impl LetNames {
    fn declaration(&mut self, kind: DeclKind, targets: impl Iterator<Item = Span>) {
        if kind == DeclKind::Let {
            let range = self.range;
            self.names
                .extend(targets.filter(|span| range.start <= span.start && span.end <= range.end));
        }
    }
}

impl<'a> Visitor<'a> for LetNames {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if stmt.span.end < self.range.start || stmt.span.start > self.range.end {
            return;
        }
        let decl = match &stmt.kind {
            StmtKind::VarDecl(decl) => Some(decl),
            StmtKind::For(for_stmt) => match &for_stmt.init {
                Some(ForInit::VarDecl(decl)) => Some(decl),
                _ => None,
            },
            _ => None,
        };
        if let StmtKind::ForIn(for_in) = &stmt.kind {
            if let Some(kind) = for_in.decl_kind {
                let mut names = Vec::new();
                identifier_spans(&for_in.target.kind, &mut names);
                if let Some(index) = &for_in.index {
                    identifier_spans(&index.kind, &mut names);
                }
                self.declaration(kind, names.into_iter());
            }
        }
        if let Some(decl) = decl {
            let mut names = Vec::new();
            for declarator in &decl.declarators {
                identifier_spans(&declarator.target.kind, &mut names);
            }
            self.declaration(decl.kind, names.into_iter());
        }
        walk_stmt(self, stmt);
    }
}

fn identifier_spans(pattern: &PatternKind, out: &mut Vec<Span>) {
    match pattern {
        PatternKind::Ident(name) => out.push(name.span),
        PatternKind::Array { elements, rest } => {
            for element in elements.iter().flatten() {
                identifier_spans(&element.target.kind, out);
            }
            if let Some(rest) = rest {
                identifier_spans(&rest.kind, out);
            }
        }
        PatternKind::Object { properties, rest } => {
            for property in properties {
                identifier_spans(&property.target.kind, out);
            }
            if let Some(rest) = rest {
                identifier_spans(&rest.kind, out);
            }
        }
        PatternKind::Threshold { pattern, .. } => identifier_spans(&pattern.kind, out),
        PatternKind::Discard | PatternKind::Target(_) | PatternKind::Error => {}
    }
}

impl Analysis {
    /// A hint after every `let` binding name inside `range` whose kind the checker inferred.
    pub fn inlay_hints(&self, range: Span) -> Vec<InlayHint> {
        let mut names = LetNames {
            range,
            names: Vec::new(),
        };
        prism_checker::visit::walk_program(&mut names, self.program());
        names
            .names
            .into_iter()
            .filter_map(|name| {
                let kind = self.typed_exact(name)?.kind;
                Some(InlayHint {
                    offset: name.end,
                    label: format!(": {}", kind.as_str()),
                    tooltip: tooltip(kind).to_string(),
                })
            })
            .collect()
    }
}

fn tooltip(kind: ConfidenceKind) -> &'static str {
    match kind {
        ConfidenceKind::Plain => "plain: this value never carries a confidence (language §15)",
        ConfidenceKind::Confident => {
            "confident: this value always carries a confidence (language §15)"
        }
        ConfidenceKind::Unknown => "unknown: this value may carry a confidence (language §15)",
    }
}
