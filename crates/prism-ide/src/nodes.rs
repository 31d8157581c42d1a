//! Finding syntax nodes around an offset: the member read whose property is under the cursor and
//! the import it is in. Also exact-span type lookups.

use prism_checker::types::{Type, TypedSpan};
use prism_checker::visit::{walk_expr, walk_stmt, Visitor};
use prism_span::Span;
use prism_syntax::ast::{Expr, ExprKind, Import, Name, Stmt, StmtKind};

use crate::Analysis;

/// A member read `object.property` (also `?.` and `~.`).
pub(crate) struct MemberRead<'a> {
    pub object: &'a Expr,
    pub property: &'a Name,
    pub span: Span,
}

#[derive(Default)]
struct Finder<'a> {
    offset: u32,
    member: Option<MemberRead<'a>>,
    import: Option<&'a Import>,
}

impl<'a> Visitor<'a> for Finder<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let StmtKind::Import(import) = &stmt.kind {
            if stmt.span.start <= self.offset && self.offset <= stmt.span.end {
                self.import = Some(import);
            }
        }
        walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if !(expr.span.start <= self.offset && self.offset <= expr.span.end) {
            return;
        }
        match &expr.kind {
            ExprKind::Member {
                object, property, ..
            } if property.span.start <= self.offset && self.offset <= property.span.end => {
                self.member = Some(MemberRead {
                    object,
                    property,
                    span: expr.span,
                });
            }
            _ => {}
        }
        walk_expr(self, expr);
    }
}

impl Analysis {
    fn find(&self, offset: u32) -> Finder<'_> {
        let mut finder = Finder {
            offset,
            ..Finder::default()
        };
        prism_checker::visit::walk_program(&mut finder, self.program());
        finder
    }

    /// The member read whose property name contains `offset` (or ends there).
    pub(crate) fn member_at(&self, offset: u32) -> Option<MemberRead<'_>> {
        self.find(offset).member
    }

    /// The import statement containing `offset`.
    pub(crate) fn import_at(&self, offset: u32) -> Option<&Import> {
        self.find(offset).import
    }

    /// The type and kind the checker recorded for exactly `span`.
    pub(crate) fn typed_exact(&self, span: Span) -> Option<&TypedSpan> {
        let types = &self.checked().types;
        let first = types.partition_point(|typed| typed.span.start < span.start);
        types[first..]
            .iter()
            .take_while(|typed| typed.span.start == span.start)
            .find(|typed| typed.span == span)
    }

    /// The static type of exactly `span`, `unknown` when the checker recorded none.
    pub(crate) fn type_of(&self, span: Span) -> Type {
        self.typed_exact(span)
            .map_or(Type::Unknown, |typed| typed.ty.clone())
    }
}
