//! Where one identifier is both a name and a key (`{ x }`, `import { x }`, `export { x }`), so a
//! rename must keep the key.

use prism_checker::visit::{walk_expr, walk_match_pattern, walk_pattern, walk_stmt, Visitor};
use prism_span::Span;
use prism_syntax::ast::{
    Expr, ExprKind, MatchPattern, MatchPatternKind, Pattern, PatternKind, Program, PropKeyKind,
    PropertyKind, Stmt, StmtKind,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shorthand {
    /// `{ x }` in an object literal or pattern: renaming gives `{ x: y }`.
    Property,
    /// `import { x }`: renaming gives `import { x as y }`.
    Import,
    /// `export { x }`: renaming gives `export { y as x }`.
    Export,
}

/// Every shorthand identifier of the program with its kind.
pub(crate) fn shorthands(program: &Program) -> Vec<(Span, Shorthand)> {
    let mut collector = Collector(Vec::new());
    prism_checker::visit::walk_program(&mut collector, program);
    collector.0
}

struct Collector(Vec<(Span, Shorthand)>);

impl<'a> Visitor<'a> for Collector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match &stmt.kind {
            StmtKind::Import(import) => {
                for spec in &import.names {
                    if spec.local.span == spec.imported.span {
                        self.0.push((spec.local.span, Shorthand::Import));
                    }
                }
            }
            StmtKind::Export(export) => {
                for spec in &export.specifiers {
                    if spec.local.span == spec.exported.span {
                        self.0.push((spec.local.span, Shorthand::Export));
                    }
                }
            }
            _ => {}
        }
        walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let ExprKind::Object(properties) = &expr.kind {
            for property in properties {
                match &property.kind {
                    PropertyKind::Shorthand(name) | PropertyKind::ShorthandPattern { name, .. } => {
                        self.0.push((name.span, Shorthand::Property));
                    }
                    _ => {}
                }
            }
        }
        walk_expr(self, expr);
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if let PatternKind::Object { properties, .. } = &pattern.kind {
            for property in properties.iter().filter(|property| property.shorthand) {
                if let PatternKind::Ident(name) = &property.target.kind {
                    self.0.push((name.span, Shorthand::Property));
                }
            }
        }
        walk_pattern(self, pattern);
    }

    fn visit_match_pattern(&mut self, pattern: &'a MatchPattern) {
        if let MatchPatternKind::Object { properties, .. } = &pattern.kind {
            for property in properties.iter().filter(|p| p.pattern.is_none()) {
                if let PropKeyKind::Name(_) = property.key.kind {
                    self.0.push((property.key.span, Shorthand::Property));
                }
            }
        }
        walk_match_pattern(self, pattern);
    }
}
