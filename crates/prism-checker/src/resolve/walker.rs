//! The resolver's state: the scope stack, bindings, lookups and the per-function work queue.
//!
//! Each function body (the file first) is resolved in one walk (language §9.3). Reads that find
//! nothing are kept aside and retried when the walk ends, because an assignment later in the same
//! body may declare the name implicitly. Nested functions and lambdas met on the way are queued and
//! resolved after their enclosing body is complete, so they see its implicit bindings.

use std::collections::VecDeque;

use crate::fast_hash::{FastMap as HashMap, FastSet as HashSet};

use prism_span::{FileId, Span};
use prism_syntax::ast::{Function, Lambda, Program};
use smol_str::SmolStr;

use super::diagnostics as diag;
use super::{
    Access, Binding, BindingId, BindingKind, FileRole, FunctionKind, FunctionScope,
    FunctionScopeId, Resolution, ResolveEnv, Scope, ScopeId, ScopeKind,
};
use crate::prelude::HOST;

/// A function or lambda whose body waits until its enclosing body is resolved.
#[derive(Clone, Copy)]
pub(super) enum PendingNode<'a> {
    Function(&'a Function, FunctionKind),
    Lambda(&'a Lambda),
}

#[derive(Clone, Copy)]
struct Pending<'a> {
    node: PendingNode<'a>,
    /// The scope in which the function value is created.
    scope: ScopeId,
    parent: FunctionScopeId,
}

/// A read (or export specifier) that found no binding during the walk of its function body.
pub(super) struct DeferredRead {
    pub(super) name: SmolStr,
    pub(super) span: Span,
    pub(super) scope: ScopeId,
    pub(super) function: FunctionScopeId,
    pub(super) access: Access,
    /// Export specifiers name top-level bindings only (language §13.4).
    pub(super) file_scope_only: bool,
}

pub(crate) struct Resolver<'a> {
    pub(super) out: Resolution,
    /// Name tables of the scopes, indexed like `out.scopes`.
    pub(super) names: Vec<HashMap<SmolStr, BindingId>>,
    /// The initialiser of each `let`/`const`/agent binding: a read inside it can never succeed.
    pub(super) init_spans: HashMap<BindingId, Span>,
    pub(super) captured_pairs: HashSet<(FunctionScopeId, BindingId)>,
    pub(super) prelude_scope: ScopeId,
    pub(super) host_scope: Option<ScopeId>,
    pub(super) session_scope: Option<ScopeId>,
    pub(super) host_names: Vec<SmolStr>,
    pub(super) test_mode: bool,
    pub(super) scope: ScopeId,
    pub(super) function: FunctionScopeId,
    queue: VecDeque<Pending<'a>>,
    pub(super) deferred: Vec<DeferredRead>,
    /// The pattern (or parameter list) being declared, 0 outside one. Duplicate names inside one
    /// pattern are the parser's `E0217` (language §3.3), not `E0302`.
    pub(super) pattern_group: u32,
    pub(super) next_pattern_group: u32,
    pub(super) group_of: HashMap<BindingId, u32>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(file: FileId, env: &ResolveEnv) -> Resolver<'a> {
        let mut host_names: Vec<SmolStr> = Vec::new();
        if env.role == FileRole::Main {
            host_names.extend(HOST.iter().map(SmolStr::new));
        }
        host_names.extend(env.extra_host_names.iter().cloned());
        let has_host_scope = env.role == FileRole::Main || !host_names.is_empty();
        let mut resolver = Resolver {
            out: Resolution {
                file,
                ..Resolution::default()
            },
            names: Vec::new(),
            init_spans: HashMap::default(),
            captured_pairs: HashSet::default(),
            prelude_scope: ScopeId(0),
            host_scope: None,
            session_scope: None,
            host_names,
            test_mode: env.test_mode,
            scope: ScopeId(0),
            function: FunctionScopeId::TOP_LEVEL,
            queue: VecDeque::new(),
            deferred: Vec::new(),
            pattern_group: 0,
            next_pattern_group: 1,
            group_of: HashMap::default(),
        };
        resolver.prelude_scope =
            resolver.new_scope(ScopeKind::Prelude, None, Span::default(), false);
        if has_host_scope {
            let parent = Some(resolver.prelude_scope);
            resolver.host_scope =
                Some(resolver.new_scope(ScopeKind::Host, parent, Span::default(), false));
        }
        if !env.session.is_empty() {
            let parent = Some(resolver.host_scope.unwrap_or(resolver.prelude_scope));
            let session = resolver.new_scope(ScopeKind::Session, parent, Span::default(), false);
            for earlier in &env.session {
                let (name, kind) = (earlier.name.clone(), earlier.kind);
                resolver.add_binding(
                    name,
                    kind,
                    Span::default(),
                    session,
                    FunctionScopeId::TOP_LEVEL,
                );
            }
            resolver.session_scope = Some(session);
        }
        resolver
    }

    pub(crate) fn run(mut self, program: &'a Program) -> Resolution {
        let outer = self
            .session_scope
            .or(self.host_scope)
            .unwrap_or(self.prelude_scope);
        let file_scope = self.new_scope(ScopeKind::File, Some(outer), program.span, true);
        self.out.functions.push(FunctionScope {
            kind: FunctionKind::TopLevel,
            span: program.span,
            name: None,
            parent: None,
            scope: file_scope,
            bindings: Vec::new(),
            implicit: Vec::new(),
            captures: Vec::new(),
        });
        self.scope = file_scope;
        self.function = FunctionScopeId::TOP_LEVEL;
        self.walk_statements(&program.body);
        self.finish_body();
        while let Some(pending) = self.queue.pop_front() {
            self.resolve_function(pending);
        }
        self.out.diagnostics.sort_by(|a, b| {
            let key = |d: &prism_diagnostics::Diagnostic| {
                (d.primary().map_or(0, |label| label.at.span.start), d.code)
            };
            key(a).cmp(&key(b))
        });
        self.out
    }

    // -----------------------------------------------------------------------------------------
    // Scopes and functions

    pub(super) fn new_scope(
        &mut self,
        kind: ScopeKind,
        parent: Option<ScopeId>,
        span: Span,
        hoists: bool,
    ) -> ScopeId {
        let id = ScopeId(to_u32(self.out.scopes.len()));
        self.out.scopes.push(Scope {
            kind,
            parent,
            span,
            function: self.function,
            bindings: Vec::new(),
            hoists_functions: hoists,
        });
        self.names.push(HashMap::default());
        if !matches!(
            kind,
            ScopeKind::Prelude | ScopeKind::Host | ScopeKind::Session
        ) {
            self.out.scope_index.entry((kind, span.start)).or_insert(id);
        }
        id
    }

    /// Runs `body` in a new scope nested in the current one.
    pub(super) fn in_scope(&mut self, kind: ScopeKind, span: Span, body: impl FnOnce(&mut Self)) {
        let hoists = matches!(kind, ScopeKind::Block);
        let scope = self.new_scope(kind, Some(self.scope), span, hoists);
        let saved = std::mem::replace(&mut self.scope, scope);
        body(self);
        self.scope = saved;
    }

    /// Runs `body`, which declares the names of one pattern or parameter list.
    pub(super) fn in_pattern(&mut self, body: impl FnOnce(&mut Self)) {
        let saved = self.pattern_group;
        self.pattern_group = self.next_pattern_group;
        self.next_pattern_group = self.next_pattern_group.wrapping_add(1).max(1);
        body(self);
        self.pattern_group = saved;
    }

    /// Queues the body of a function or lambda created in the current scope.
    pub(super) fn queue_function(&mut self, node: PendingNode<'a>) {
        self.queue.push_back(Pending {
            node,
            scope: self.scope,
            parent: self.function,
        });
    }

    fn resolve_function(&mut self, pending: Pending<'a>) {
        let (span, name, kind) = match pending.node {
            PendingNode::Function(function, kind) => (function.span, function.name.as_ref(), kind),
            PendingNode::Lambda(lambda) => (lambda.span, None, FunctionKind::Lambda),
        };
        let id = FunctionScopeId(to_u32(self.out.functions.len()));
        self.function = id;
        self.out.function_index.entry(span.start).or_insert(id);
        let mut parent_scope = pending.scope;
        if let (FunctionKind::Expression, Some(name)) = (kind, name) {
            // The name is visible inside the body only, and a parameter or local may shadow it.
            parent_scope = self.new_scope(ScopeKind::FunctionName, Some(parent_scope), span, false);
            self.scope = parent_scope;
            self.out.functions.push(placeholder_function(
                kind,
                span,
                pending.parent,
                parent_scope,
            ));
            self.declare(name, BindingKind::FunctionExprName, None);
        } else {
            self.out.functions.push(placeholder_function(
                kind,
                span,
                pending.parent,
                parent_scope,
            ));
        }
        let scope = self.new_scope(ScopeKind::Function, Some(parent_scope), span, true);
        if let Some(function) = self.out.functions.get_mut(id.index()) {
            function.scope = scope;
            function.name = name.map(|name| name.text.clone());
        }
        self.scope = scope;
        self.resolve_function_body(pending.node);
        self.finish_body();
    }

    /// Retries the reads of the finished body (its implicit bindings now exist) and reports the
    /// ones that still resolve nowhere.
    fn finish_body(&mut self) {
        for read in std::mem::take(&mut self.deferred) {
            let found = if read.file_scope_only {
                self.file_scope()
                    .and_then(|scope| self.names.get(scope.index())?.get(&read.name).copied())
            } else {
                self.lookup(&read.name, read.scope)
            };
            match found {
                Some(binding) => self.record_use(binding, read.span, read.access, read.function),
                None => {
                    let candidates = self.visible_names(read.scope, |candidate| {
                        diag::may_be_close(&read.name, candidate)
                    });
                    let diagnostic =
                        diag::unresolved(self.out.file, &read.name, read.span, &candidates);
                    self.out.diagnostics.push(diagnostic);
                }
            }
        }
    }

    fn file_scope(&self) -> Option<ScopeId> {
        self.out.functions.first().map(|function| function.scope)
    }

    // -----------------------------------------------------------------------------------------
    // Declarations

    /// Declares `name` in the current scope. Declaring the same identifier again (hoisting first
    /// declares, the walk then meets the declaration) returns the same binding; another identifier
    /// with a name already declared in the scope is `E0302`. `_` never binds.
    pub(super) fn declare(
        &mut self,
        name: &prism_syntax::ast::Name,
        kind: BindingKind,
        init: Option<Span>,
    ) -> Option<BindingId> {
        if name.text == "_" {
            return None;
        }
        if let Some(existing) = self.out.decl_index.get(&name.span.start) {
            return Some(*existing);
        }
        let existing = self
            .names
            .get(self.scope.index())
            .and_then(|names| names.get(&name.text).copied());
        if let Some(existing) = existing {
            let same_pattern = self.pattern_group != 0
                && self.group_of.get(&existing) == Some(&self.pattern_group);
            self.out.decl_index.insert(name.span.start, existing);
            self.out.declarations.push((name.span, existing));
            if same_pattern {
                return Some(existing);
            }
            let earlier = self
                .out
                .bindings
                .get(existing.index())
                .map_or(Span::default(), |b| b.span);
            let diagnostic = diag::duplicate(self.out.file, &name.text, name.span, earlier);
            self.out.diagnostics.push(diagnostic);
            return Some(existing);
        }
        let id = self.add_binding(
            name.text.clone(),
            kind,
            name.span,
            self.scope,
            self.function,
        );
        self.out.decl_index.insert(name.span.start, id);
        self.out.declarations.push((name.span, id));
        if self.pattern_group != 0 {
            self.group_of.insert(id, self.pattern_group);
        }
        if let Some(init) = init {
            self.init_spans.insert(id, init);
        }
        Some(id)
    }

    pub(super) fn add_binding(
        &mut self,
        name: SmolStr,
        kind: BindingKind,
        span: Span,
        scope: ScopeId,
        function: FunctionScopeId,
    ) -> BindingId {
        let id = BindingId(to_u32(self.out.bindings.len()));
        self.out.bindings.push(Binding {
            name: name.clone(),
            kind,
            span,
            scope,
            function,
            captured: false,
            reassigned: false,
            read: false,
        });
        if let Some(names) = self.names.get_mut(scope.index()) {
            names.insert(name, id);
        }
        if let Some(scope) = self.out.scopes.get_mut(scope.index()) {
            scope.bindings.push(id);
        }
        if !kind.is_global() {
            if let Some(function) = self.out.functions.get_mut(function.index()) {
                function.bindings.push(id);
            }
        }
        id
    }
}

fn placeholder_function(
    kind: FunctionKind,
    span: Span,
    parent: FunctionScopeId,
    scope: ScopeId,
) -> FunctionScope {
    FunctionScope {
        kind,
        span,
        name: None,
        parent: Some(parent),
        scope,
        bindings: Vec::new(),
        implicit: Vec::new(),
        captures: Vec::new(),
    }
}

/// Converts a table length to an id; a file never holds 2^32 nodes, and saturating keeps the
/// conversion panic-free regardless.
pub(super) fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
