//! Type inference and the type errors of language §15.5 (`E0310`–`E0316`).
//!
//! One walk over the tree gives every expression a [`Type`]. Soundness comes first: an error is
//! reported only when the operand's type proves that the operation fails, so the walk only ever
//! claims what holds on every run:
//! * a variable has a type only when it is never reassigned (a `const`, or a `let`, parameter,
//!   loop or match variable that no assignment touches); everything else reads as `unknown`;
//! * arrays and objects are mutable and shared, so reading an element or member through a variable
//!   gives `unknown` — except for a constant object literal that is only ever read through literal
//!   keys (the condition of `W0404`), whose members are exact;
//! * narrowing (`typeof x == "number"`, `x != null`, `if (x)`, `&&`, `||`, `?:`, `??`, `?.`, match
//!   guards) applies to variables that are never reassigned, so it holds wherever it is seen, but it
//!   is dropped at function boundaries: a function's return type is computed once, for every
//!   caller;
//! * a reassigned `let` has the union of everything assigned to it (`assigned`), sharpened in
//!   straight-line code to the type of its last write (`flow`);
//! * a function's return type is the union of its `return` values and, when the body can end
//!   without `return`, the type of the body's completion value (language §8.1, §10.4).

mod assigned;
mod calls;
mod expr;
mod flow;
mod functions;
mod narrow;
mod schema;
mod stmt;

pub(crate) use expr::erode;

use crate::fast_hash::FastMap as HashMap;

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast::{Expr, Program};

use super::ty::Type;
use crate::check::kinds::{ConfidenceKind, KindEngine};
use crate::check::usage::{Callables, SealedObjects};
use crate::{BindingId, BindingKind, Resolution};

/// A recorded expression or declared name: what hover shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TypedSpan {
    pub span: Span,
    pub ty: Type,
    pub kind: ConfidenceKind,
}

pub(crate) struct Infer<'a, 'k> {
    pub file: FileId,
    pub resolution: &'a Resolution,
    pub kinds: &'k mut KindEngine<'a>,
    pub callables: &'k Callables<'a>,
    pub sealed: &'k SealedObjects<'a>,
    /// Types of declared variables: the value's type for a variable that is never reassigned,
    /// the initial value's type for a reassigned `let`.
    binding_types: HashMap<BindingId, Type>,
    assigned: assigned::AssignedTypes,
    /// Types of reassigned variables after their last write in straight-line code.
    flow: flow::Flow,
    /// Narrowed types of never-reassigned bindings, innermost last.
    narrowed: Vec<(BindingId, Type)>,
    /// Return types by function node address; `None` while being computed (recursion).
    results: HashMap<usize, Option<Type>>,
    /// Full function types by node address, once computed.
    node_types: HashMap<usize, Type>,
    /// The `return` types of the functions being walked, innermost last.
    returns: Vec<Type>,
    /// The left sides of the pipelines whose right sides are being walked (placeholders).
    pipeline_values: Vec<Type>,
    /// Above zero while a body is walked only for its return type: nothing is reported.
    silent: u32,
    pub table: Vec<TypedSpan>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a, 'k> Infer<'a, 'k> {
    pub(crate) fn new(
        file: FileId,
        resolution: &'a Resolution,
        kinds: &'k mut KindEngine<'a>,
        callables: &'k Callables<'a>,
        sealed: &'k SealedObjects<'a>,
    ) -> Infer<'a, 'k> {
        Infer {
            file,
            resolution,
            kinds,
            callables,
            sealed,
            binding_types: HashMap::default(),
            assigned: assigned::AssignedTypes::default(),
            flow: flow::Flow::default(),
            narrowed: Vec::new(),
            results: HashMap::default(),
            node_types: HashMap::default(),
            returns: Vec::new(),
            pipeline_values: Vec::new(),
            silent: 0,
            table: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn run(&mut self, program: &'a Program) {
        self.assigned = assigned::AssignedTypes::collect(program, self.resolution);
        self.flow = flow::Flow::collect(self.resolution);
        self.returns.push(Type::Never);
        self.stmts(&program.body);
        self.returns.pop();
    }

    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
        if self.silent == 0 {
            self.diagnostics.push(diagnostic);
        }
    }

    pub(super) fn record(&mut self, expr: &'a Expr, ty: &Type) {
        if self.silent == 0 {
            let kind = self.kinds.expr_kind(expr);
            self.table.push(TypedSpan {
                span: expr.span,
                ty: ty.clone(),
                kind,
            });
        }
    }

    fn record_name(&mut self, span: Span, binding: BindingId, ty: &Type) {
        if self.silent == 0 {
            let kind = self.kinds.binding_kind(binding);
            self.table.push(TypedSpan {
                span,
                ty: ty.clone(),
                kind,
            });
        }
    }

    /// Whether the binding keeps one value for its whole life, so its type and narrowings hold
    /// wherever it is read.
    ///
    /// REPL session bindings (cli §7.2) are never fixed: other entries, and tasks they started,
    /// may assign them.
    pub(super) fn is_fixed(&self, binding: BindingId) -> bool {
        self.resolution.binding(binding).is_some_and(|info| {
            !info.reassigned
                && !matches!(
                    info.kind,
                    BindingKind::Implicit | BindingKind::Import | BindingKind::Host
                )
                && self
                    .resolution
                    .scope(info.scope)
                    .is_some_and(|scope| scope.kind != crate::ScopeKind::Session)
        })
    }

    /// The type of a read of `binding` (before container erosion).
    pub(super) fn binding_type(&mut self, binding: BindingId) -> Type {
        if let Some((_, ty)) = self.narrowed.iter().rev().find(|(id, _)| *id == binding) {
            return ty.clone();
        }
        if let Some(ty) = self.flow.get(binding) {
            return ty.clone();
        }
        let Some(info) = self.resolution.binding(binding) else {
            return Type::Unknown;
        };
        if !self.is_fixed(binding) {
            return self.reassigned_type(binding, info.kind);
        }
        if let Some(ty) = self.binding_types.get(&binding) {
            return ty.clone();
        }
        match info.kind {
            BindingKind::Prelude => super::builtin_signatures::prelude_type(&info.name),
            BindingKind::Agent => Type::Agent,
            BindingKind::Function => match self.callables.get(binding) {
                Some(callable) => {
                    let node = callable.node;
                    self.callable_type(node)
                }
                None => Type::Unknown,
            },
            _ => Type::Unknown,
        }
    }

    /// A reassigned `let` or implicit variable: the union of its initial value and everything
    /// assigned to it, when all assignments are known (see `assigned`).
    fn reassigned_type(&self, binding: BindingId, kind: BindingKind) -> Type {
        let in_session = self
            .resolution
            .binding(binding)
            .and_then(|info| self.resolution.scope(info.scope))
            .is_some_and(|scope| scope.kind == crate::ScopeKind::Session);
        let Some(assigned) = self.assigned.get(binding).filter(|_| !in_session) else {
            return Type::Unknown;
        };
        match kind {
            BindingKind::Let => self
                .binding_types
                .get(&binding)
                .map_or(Type::Unknown, |initial| initial.union(assigned)),
            BindingKind::Implicit => assigned.clone(),
            _ => Type::Unknown,
        }
    }

    fn declare(&mut self, binding: BindingId, ty: Type) {
        let reassigned_let = self
            .resolution
            .binding(binding)
            .is_some_and(|info| info.kind == BindingKind::Let);
        self.flow.assign(binding, ty.clone());
        if reassigned_let || self.is_fixed(binding) {
            self.binding_types.insert(binding, ty);
        }
    }

    /// Runs `walk` with extra narrowings in force.
    pub(super) fn narrowed<T>(
        &mut self,
        narrowings: Vec<(BindingId, Type)>,
        walk: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let depth = self.narrowed.len();
        self.narrowed.extend(narrowings);
        let result = walk(self);
        self.narrowed.truncate(depth);
        result
    }
}
