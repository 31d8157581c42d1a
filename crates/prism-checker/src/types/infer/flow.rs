//! Flow-sensitive types of reassigned variables in straight-line code (language §15.5: "a
//! reassigned `let` takes the union of everything assigned to it (flow-insensitive across loops,
//! flow-sensitive within straight-line code)").
//!
//! After `x = null` as a statement of its own, a following read of `x` in the same statement
//! list has type `null` until the next write. This holds only where nothing else can write the
//! variable in between, so a binding qualifies only when:
//! * it is a `let` or an implicit variable that is reassigned (others are already exact or
//!   `unknown`), outside a REPL session;
//! * no nested function uses it (`captured` is false): no callback, task or closure can write it
//!   while straight-line code runs.
//!
//! The walk keeps the type of the last write for these bindings, and forgets it wherever the
//! order of writes is not straight-line: before any compound statement (branches, loops, `try`,
//! `match`, blocks) every binding written somewhere inside it is forgotten, and writes inside such
//! a statement record nothing. A statement that writes a binding inside an expression (`c && (x =
//! 1)`, `x++`, a destructuring assignment) forgets it too. Forgetting falls back to the
//! flow-insensitive union, so this only ever sharpens a type that already held.
use prism_span::Span;
use prism_syntax::ast::{ExprKind, PatternKind, Stmt, StmtKind};

use super::Infer;
use crate::fast_hash::FastMap;
use crate::types::ty::Type;
use crate::{Access, BindingId, BindingKind, Resolution, ScopeKind};

#[derive(Default)]
pub(super) struct Flow {
    /// Start offsets of the writes of each qualifying binding.
    writes: FastMap<BindingId, Vec<u32>>,
    /// The type of the last straight-line write of each qualifying binding.
    current: FastMap<BindingId, Type>,
    /// Above zero inside a compound statement of the function being walked.
    frozen: u32,
}

impl Flow {
    pub(super) fn collect(resolution: &Resolution) -> Flow {
        let mut writes: FastMap<BindingId, Vec<u32>> = FastMap::default();
        for record in &resolution.uses {
            if record.access != Access::Read && qualifies(resolution, record.binding) {
                writes
                    .entry(record.binding)
                    .or_default()
                    .push(record.span.start);
            }
        }
        Flow {
            writes,
            current: FastMap::default(),
            frozen: 0,
        }
    }

    /// The type of `binding` after its last straight-line write, if one is known.
    pub(super) fn get(&self, binding: BindingId) -> Option<&Type> {
        self.current.get(&binding)
    }

    /// Records a straight-line write (a declaration or a statement `x = value`).
    pub(super) fn assign(&mut self, binding: BindingId, ty: Type) {
        if self.frozen == 0 && self.writes.contains_key(&binding) {
            self.current.insert(binding, ty);
        }
    }

    /// Forgets every binding written inside `span`.
    pub(super) fn forget_writes_in(&mut self, span: Span) {
        if self.current.is_empty() {
            return;
        }
        let writes = &self.writes;
        self.current.retain(|binding, _| {
            writes.get(binding).is_none_or(|offsets| {
                !offsets
                    .iter()
                    .any(|offset| (span.start..span.end).contains(offset))
            })
        });
    }

    /// Enters a compound statement: writes inside it are not straight-line.
    pub(super) fn freeze(&mut self) {
        self.frozen += 1;
    }

    pub(super) fn thaw(&mut self) {
        self.frozen = self.frozen.saturating_sub(1);
    }

    /// Enters a function body, whose own statements are straight-line again; returns the outer
    /// state for [`Flow::leave_function`].
    pub(super) fn enter_function(&mut self) -> u32 {
        std::mem::take(&mut self.frozen)
    }

    pub(super) fn leave_function(&mut self, outer: u32) {
        self.frozen = outer;
    }
}

fn qualifies(resolution: &Resolution, binding: BindingId) -> bool {
    resolution.binding(binding).is_some_and(|info| {
        matches!(info.kind, BindingKind::Let | BindingKind::Implicit)
            && info.reassigned
            && !info.captured
            && resolution
                .scope(info.scope)
                .is_some_and(|scope| scope.kind != ScopeKind::Session)
    })
}

impl<'a> Infer<'a, '_> {
    /// Walks a statement (see [`Infer::stmt_kind`]) keeping the straight-line types of the
    /// module documentation.
    pub(super) fn stmt(&mut self, stmt: &'a Stmt) -> Type {
        if let Some((binding, value)) = self.plain_assignment(stmt) {
            self.flow.forget_writes_in(value);
            let ty = self.frozen(|this| this.stmt_kind(stmt));
            self.flow.assign(binding, ty.clone());
            return ty;
        }
        self.flow.forget_writes_in(stmt.span);
        if matches!(stmt.kind, StmtKind::VarDecl(_)) {
            // `declarators` freezes around the initialisers and records the declared names.
            return self.stmt_kind(stmt);
        }
        self.frozen(|this| this.stmt_kind(stmt))
    }

    /// Walks code whose writes are not straight-line: branches, loops, handlers, and the
    /// expressions of a statement (a `match` arm or a conditional operand may hold a write).
    pub(super) fn frozen<T>(&mut self, walk: impl FnOnce(&mut Self) -> T) -> T {
        self.flow.freeze();
        let result = walk(self);
        self.flow.thaw();
        result
    }

    /// `name = value` or `name op= value` as a statement of its own: the binding written and
    /// the span of the value.
    fn plain_assignment(&self, stmt: &Stmt) -> Option<(BindingId, Span)> {
        let StmtKind::Expr(expr) = &stmt.kind else {
            return None;
        };
        let ExprKind::Assign { target, value, .. } = &expr.kind else {
            return None;
        };
        let start = match &target.kind {
            PatternKind::Target(place) if matches!(place.kind, ExprKind::Ident(_)) => {
                place.span.start
            }
            PatternKind::Ident(name) => name.span.start,
            _ => return None,
        };
        let binding = self.resolution.use_of(start)?;
        Some((binding, value.span))
    }
}
