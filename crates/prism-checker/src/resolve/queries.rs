//! Queries over a [`Resolution`] for the language server (definition, references, completion)
//! and the type checker: positions inside identifiers, the scope at an offset, visible names.

use prism_span::Span;

use super::{BindingId, Resolution, ScopeId, ScopeKind};

impl Resolution {
    /// The identifier (declaring or using) whose span contains `offset`, with its binding. An
    /// offset just past the end of an identifier also counts, as editors place the cursor there.
    pub fn identifier_at(&self, offset: u32) -> Option<(Span, BindingId)> {
        let declarations = self.declarations.iter().copied();
        let uses = self.uses.iter().map(|record| (record.span, record.binding));
        declarations
            .chain(uses)
            .find(|(span, _)| span.start <= offset && offset <= span.end)
    }

    /// Every declaring identifier of `binding` (more than one only after `E0302`).
    pub fn declarations_of(&self, binding: BindingId) -> impl Iterator<Item = Span> + '_ {
        self.declarations
            .iter()
            .filter(move |(_, declared)| *declared == binding)
            .map(|(span, _)| *span)
    }

    /// The declaration and every use of `binding`, in source order.
    pub fn references(&self, binding: BindingId) -> Vec<Span> {
        let mut spans: Vec<Span> = self.declarations_of(binding).collect();
        spans.extend(self.uses_of(binding).map(|record| record.span));
        spans.sort();
        spans.dedup();
        spans
    }

    /// The innermost scope whose node contains `offset` (the file scope for offsets between
    /// top-level statements).
    pub fn innermost_scope_at(&self, offset: u32) -> Option<ScopeId> {
        let mut best: Option<(u32, usize)> = None;
        for (index, scope) in self.scopes.iter().enumerate() {
            if matches!(
                scope.kind,
                ScopeKind::Prelude | ScopeKind::Host | ScopeKind::Session
            ) {
                continue;
            }
            let contains = scope.span.start <= offset && offset <= scope.span.end;
            // Scopes are created outer before inner, so among equal spans the later is inner.
            if contains && best.is_none_or(|(length, _)| scope.span.len() <= length) {
                best = Some((scope.span.len(), index));
            }
        }
        best.and_then(|(_, index)| u32::try_from(index).ok())
            .map(ScopeId)
    }

    /// The scope and its ancestors, innermost first.
    pub fn scope_chain(&self, scope: ScopeId) -> impl Iterator<Item = ScopeId> + '_ {
        std::iter::successors(Some(scope), |&current| {
            self.scope(current).and_then(|s| s.parent)
        })
    }

    /// The bindings visible from `scope`, innermost first, one per name (a shadowed binding is
    /// left out). Prelude and host bindings appear only if the file uses them: completion adds the
    /// rest from [`crate::prelude`].
    pub fn visible_bindings(&self, scope: ScopeId) -> Vec<BindingId> {
        let mut seen = std::collections::HashSet::new();
        let mut visible = Vec::new();
        for current in self.scope_chain(scope) {
            let Some(scope) = self.scope(current) else {
                continue;
            };
            for &binding in &scope.bindings {
                let Some(info) = self.binding(binding) else {
                    continue;
                };
                if seen.insert(info.name.clone()) {
                    visible.push(binding);
                }
            }
        }
        visible
    }
}
