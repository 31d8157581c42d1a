//! Identifier uses: lookup through the scope chain, the host scope and the prelude (language §9.1),
//! implicit declarations (§9.3), assignment checks (`E0303`–`E0305`), the dead zone (`E0306`) and
//! captures (§9.6).

use prism_span::Span;
use smol_str::SmolStr;

use super::diagnostics as diag;
use super::walker::{DeferredRead, Resolver};
use super::{Access, BindingId, BindingKind, FunctionKind, FunctionScopeId, ScopeId, Use};
use crate::prelude::{PRELUDE, TEST_PRELUDE};

impl Resolver<'_> {
    /// Resolves a read of `name` at `span` in the current scope.
    pub(super) fn read(&mut self, name: &SmolStr, span: Span) {
        self.reference(name, span, Access::Read);
    }

    /// Resolves an identifier that is read, written or both. An assigned name that resolves
    /// nowhere is declared implicitly in the current function body (language §9.3).
    pub(super) fn reference(&mut self, name: &SmolStr, span: Span, access: Access) {
        if name == "_" {
            return;
        }
        match self.lookup(name, self.scope) {
            Some(binding) => {
                if access != Access::Read {
                    self.check_assignable(binding, span);
                }
                if access != Access::Write {
                    self.check_dead_zone(binding, span);
                }
                self.record_use(binding, span, access, self.function);
            }
            None if access == Access::Read => self.deferred.push(DeferredRead {
                name: name.clone(),
                span,
                scope: self.scope,
                function: self.function,
                access,
                file_scope_only: false,
            }),
            None => {
                let binding = self.declare_implicit(name, span);
                self.record_use(binding, span, access, self.function);
            }
        }
    }

    /// Resolves the local name of an export specifier against the file's top-level bindings,
    /// after the whole top level has been walked.
    pub(super) fn export_specifier(&mut self, name: &SmolStr, span: Span) {
        self.deferred.push(DeferredRead {
            name: name.clone(),
            span,
            scope: self.scope,
            function: self.function,
            access: Access::Read,
            file_scope_only: true,
        });
    }

    fn declare_implicit(&mut self, name: &SmolStr, span: Span) -> BindingId {
        let (scope, in_file) = match self.out.functions.get(self.function.index()) {
            Some(function) => (function.scope, function.kind == FunctionKind::TopLevel),
            None => (self.scope, true),
        };
        let id = self.add_binding(
            name.clone(),
            BindingKind::Implicit,
            span,
            scope,
            self.function,
        );
        if let Some(function) = self.out.functions.get_mut(self.function.index()) {
            function.implicit.push(id);
        }
        self.out
            .diagnostics
            .push(diag::implicit(self.out.file, name, span, in_file));
        id
    }

    fn check_assignable(&mut self, binding: BindingId, span: Span) {
        let Some(target) = self.out.bindings.get(binding.index()) else {
            return;
        };
        if target.kind.is_assignable() {
            return;
        }
        let diagnostic = diag::not_assignable(self.out.file, target, span);
        self.out.diagnostics.push(diagnostic);
    }

    /// `E0306`: a `let`/`const` (or agent) binding read textually before its declaration, or inside
    /// its own initialiser, in the same function body (language §9.2).
    fn check_dead_zone(&mut self, binding: BindingId, span: Span) {
        let Some(target) = self.out.bindings.get(binding.index()) else {
            return;
        };
        if !matches!(
            target.kind,
            BindingKind::Let | BindingKind::Const | BindingKind::Agent
        ) || target.function != self.function
        {
            return;
        }
        let before = span.start < target.span.start;
        let inside_init = self
            .init_spans
            .get(&binding)
            .is_some_and(|init| init.contains_span(span));
        if before || inside_init {
            let diagnostic =
                diag::used_before_declaration(self.out.file, &target.name, span, target.span);
            self.out.diagnostics.push(diagnostic);
        }
    }

    pub(super) fn record_use(
        &mut self,
        binding: BindingId,
        span: Span,
        access: Access,
        from: FunctionScopeId,
    ) {
        let Some(target) = self.out.bindings.get_mut(binding.index()) else {
            return;
        };
        if access != Access::Write {
            target.read = true;
        }
        if access != Access::Read {
            target.reassigned = true;
        }
        let owner = target.function;
        let outside_file = target.kind.is_global() || Some(target.scope) == self.session_scope;
        if owner != from && !outside_file {
            target.captured = true;
            self.note_capture(binding, owner, from);
        }
        let index = self.out.uses.len();
        self.out.uses.push(Use {
            span,
            binding,
            access,
            function: from,
        });
        self.out.use_index.entry(span.start).or_insert(index);
    }

    /// Adds `binding` to the captures of `from` and of every function between it and `owner`.
    fn note_capture(&mut self, binding: BindingId, owner: FunctionScopeId, from: FunctionScopeId) {
        let mut current = Some(from);
        while let Some(function) = current.filter(|&function| function != owner) {
            if self.captured_pairs.insert((function, binding)) {
                if let Some(scope) = self.out.functions.get_mut(function.index()) {
                    scope.captures.push(binding);
                }
            }
            current = self
                .out
                .functions
                .get(function.index())
                .and_then(|scope| scope.parent);
        }
    }

    /// Finds the binding `name` refers to from `scope`: the scope chain, then the host scope and
    /// the prelude (whose bindings are created on first use).
    pub(super) fn lookup(&mut self, name: &SmolStr, scope: ScopeId) -> Option<BindingId> {
        let mut current = Some(scope);
        while let Some(scope) = current {
            if let Some(&binding) = self
                .names
                .get(scope.index())
                .and_then(|names| names.get(name))
            {
                return Some(binding);
            }
            if Some(scope) == self.host_scope && self.host_names.iter().any(|host| host == name) {
                return Some(self.add_global(name, BindingKind::Host, scope));
            }
            if scope == self.prelude_scope && self.is_prelude_name(name) {
                return Some(self.add_global(name, BindingKind::Prelude, scope));
            }
            current = self
                .out
                .scopes
                .get(scope.index())
                .and_then(|scope| scope.parent);
        }
        None
    }

    fn is_prelude_name(&self, name: &str) -> bool {
        PRELUDE.contains(&name) || (self.test_mode && TEST_PRELUDE.contains(&name))
    }

    fn add_global(&mut self, name: &SmolStr, kind: BindingKind, scope: ScopeId) -> BindingId {
        self.add_binding(
            name.clone(),
            kind,
            Span::default(),
            scope,
            FunctionScopeId::TOP_LEVEL,
        )
    }

    /// Every name visible from `scope` that passes `keep`, innermost first (for "did you mean"
    /// suggestions; `keep` drops the names that cannot be close before they are sorted).
    pub(super) fn visible_names(
        &self,
        scope: ScopeId,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<SmolStr> {
        let mut names = Vec::new();
        let mut current = Some(scope);
        while let Some(scope) = current {
            if let Some(table) = self.names.get(scope.index()) {
                let mut local: Vec<&SmolStr> = table.keys().filter(|name| keep(name)).collect();
                local.sort();
                names.extend(local.into_iter().cloned());
            }
            current = self
                .out
                .scopes
                .get(scope.index())
                .and_then(|scope| scope.parent);
        }
        names.extend(self.host_names.iter().filter(|name| keep(name)).cloned());
        names.extend(PRELUDE.iter().filter(|name| keep(name)).map(SmolStr::new));
        if self.test_mode {
            names.extend(
                TEST_PRELUDE
                    .iter()
                    .filter(|name| keep(name))
                    .map(SmolStr::new),
            );
        }
        names
    }
}
