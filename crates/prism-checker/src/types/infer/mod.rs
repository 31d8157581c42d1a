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
//! * a function's return type is the union of its `return` values and, when the body can end
//!   without `return`, the type of the body's completion value (language §8.1, §10.4).

mod assigned;
mod calls;
mod expr;
mod narrow;
mod schema;

pub(crate) use expr::erode;

use crate::fast_hash::FastMap as HashMap;

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast::{
    Block, Declarator, Expr, ForInKeyword, ForInit, Function, Lambda, LambdaBody, Param, Pattern,
    PatternKind, Program, Stmt, StmtKind,
};

use super::ty::{FunctionType, ParamType, Tag, Type};
use crate::check::kinds::{ConfidenceKind, KindEngine};
use crate::check::usage::{CallableNode, Callables, SealedObjects};
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

    // -----------------------------------------------------------------------------------------
    // Statements

    /// Walks a statement list and gives its completion type (language §8.1): that of the last
    /// statement, not counting `;`, or `null` for an empty list.
    pub(super) fn stmts(&mut self, list: &'a [Stmt]) -> Type {
        let mut completion = Type::Null;
        for stmt in list {
            let ty = self.stmt(stmt);
            // `;` on its own changes no completion value.
            if !matches!(stmt.kind, StmtKind::Empty) {
                completion = ty;
            }
        }
        completion
    }

    fn block(&mut self, block: &'a Block) -> Type {
        self.stmts(&block.body)
    }

    /// Walks a statement and gives its completion type (language §8.1): `never` when it always
    /// finishes abruptly (`return`, `throw`, `break`, `continue`).
    fn stmt(&mut self, stmt: &'a Stmt) -> Type {
        match &stmt.kind {
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::Return(value) => {
                let ty = match value {
                    Some(value) => self.expr(value),
                    None => Type::Null,
                };
                if let Some(returns) = self.returns.last_mut() {
                    *returns = returns.union(&ty);
                }
                Type::Never
            }
            StmtKind::Throw(value) => {
                self.expr(value);
                Type::Never
            }
            StmtKind::Break | StmtKind::Continue => Type::Never,
            StmtKind::VarDecl(decl) => {
                self.declarators(&decl.declarators);
                Type::Null
            }
            StmtKind::FunctionDecl(function) => {
                let ty = self.function_type(function);
                if let Some(name) = &function.name {
                    if let Some(binding) = self.resolution.decl_of(name.span.start) {
                        self.record_name(name.span, binding, &ty);
                    }
                }
                Type::Null
            }
            StmtKind::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test);
                let when_true = self.narrowing(test, true);
                let taken = self.narrowed(when_true, |this| this.stmt(consequent));
                let other = match alternate {
                    Some(alternate) => {
                        let when_false = self.narrowing(test, false);
                        self.narrowed(when_false, |this| this.stmt(alternate))
                    }
                    None => Type::Null,
                };
                taken.union(&other)
            }
            StmtKind::While { test, body, .. } => {
                self.expr(test);
                let when_true = self.narrowing(test, true);
                self.narrowed(when_true, |this| this.stmt(body));
                Type::Null
            }
            StmtKind::DoWhile { body, test } => {
                self.stmt(body);
                self.expr(test);
                Type::Null
            }
            StmtKind::For(for_stmt) => {
                if let Some(init) = &for_stmt.init {
                    self.for_init(init);
                }
                if let Some(test) = &for_stmt.test {
                    self.expr(test);
                }
                let when_true = match &for_stmt.test {
                    Some(test) => self.narrowing(test, true),
                    None => Vec::new(),
                };
                self.narrowed(when_true, |this| {
                    this.stmt(&for_stmt.body);
                    if let Some(update) = &for_stmt.update {
                        this.expr(update);
                    }
                });
                Type::Null
            }
            StmtKind::ForIn(for_in) => {
                let iterable = self.expr(&for_in.iterable);
                self.check_iterable(&for_in.iterable, &iterable, for_in.keyword);
                self.pattern(&for_in.target, Type::Unknown);
                if let Some(index) = &for_in.index {
                    self.pattern(index, Type::Unknown);
                }
                self.stmt(&for_in.body);
                Type::Null
            }
            StmtKind::Uncertain(uncertain) => {
                if let Some(init) = &uncertain.init {
                    self.for_init(init);
                }
                if let Some(test) = &uncertain.test {
                    self.expr(test);
                }
                if let Some(update) = &uncertain.update {
                    self.expr(update);
                }
                // `uncertain if` completes with the branch taken, or null when none is.
                let mut completion = Type::Null;
                for branch in &uncertain.branches {
                    let ty = self.block(&branch.body);
                    completion = completion.union(&ty);
                }
                match uncertain.form {
                    prism_syntax::ast::UncertainForm::If => completion,
                    _ => Type::Null,
                }
            }
            StmtKind::Try(try_stmt) => {
                let mut completion = self.block(&try_stmt.block);
                if let Some(param) = &try_stmt.param {
                    self.pattern(param, Type::Unknown);
                }
                if let Some(handler) = &try_stmt.handler {
                    let ty = self.block(handler);
                    completion = completion.union(&ty);
                }
                if let Some(finalizer) = &try_stmt.finalizer {
                    self.block(finalizer);
                }
                completion
            }
            StmtKind::Context(context) => self.block(&context.body),
            StmtKind::Agents(decls) => {
                for decl in decls {
                    self.expr(&decl.object);
                    if let Some(binding) = self.resolution.decl_of(decl.name.span.start) {
                        self.record_name(decl.name.span, binding, &Type::Agent);
                    }
                }
                Type::Null
            }
            StmtKind::Export(export) => {
                if let Some(declaration) = &export.declaration {
                    self.stmt(declaration);
                }
                if let Some(default) = &export.default {
                    self.expr(default);
                }
                Type::Null
            }
            StmtKind::Block(block) => self.block(block),
            StmtKind::Empty | StmtKind::Import(_) => Type::Null,
            StmtKind::Error => Type::Unknown,
        }
    }

    fn for_init(&mut self, init: &'a ForInit) {
        match init {
            ForInit::VarDecl(decl) => self.declarators(&decl.declarators),
            ForInit::Expr(expr) => {
                self.expr(expr);
            }
        }
    }

    fn declarators(&mut self, declarators: &'a [Declarator]) {
        for declarator in declarators {
            if let Some(threshold) = &declarator.threshold {
                self.expr(threshold);
            }
            let mut ty = match &declarator.init {
                Some(init) => self.expr(init),
                None => Type::Null,
            };
            // Below the threshold the variable is bound to null (language §11.3).
            if declarator.threshold.is_some() {
                ty = ty.union(&Type::Null);
            }
            self.pattern(&declarator.target, ty);
        }
    }

    /// Binds the names of a binding pattern; only a plain name receives the value's type.
    pub(super) fn pattern(&mut self, pattern: &'a Pattern, ty: Type) {
        match &pattern.kind {
            PatternKind::Ident(name) => {
                if let Some(binding) = self.resolution.decl_of(name.span.start) {
                    self.record_name(name.span, binding, &ty);
                    self.declare(binding, ty);
                }
            }
            PatternKind::Array { elements, rest } => {
                for element in elements.iter().flatten() {
                    if let Some(threshold) = &element.threshold {
                        self.expr(threshold);
                    }
                    if let Some(default) = &element.default {
                        self.expr(default);
                    }
                    self.pattern(&element.target, Type::Unknown);
                }
                if let Some(rest) = rest {
                    self.pattern(rest, Type::array(Type::Unknown));
                }
            }
            PatternKind::Object { properties, rest } => {
                for property in properties {
                    if let prism_syntax::ast::PropKeyKind::Computed(key) = &property.key.kind {
                        self.expr(key);
                    }
                    if let Some(threshold) = &property.threshold {
                        self.expr(threshold);
                    }
                    if let Some(default) = &property.default {
                        self.expr(default);
                    }
                    self.pattern(&property.target, Type::Unknown);
                }
                if let Some(rest) = rest {
                    self.pattern(rest, Type::open_object());
                }
            }
            PatternKind::Threshold { pattern, threshold } => {
                self.expr(threshold);
                self.pattern(pattern, Type::Unknown);
            }
            PatternKind::Target(target) => self.assign_target(target),
            PatternKind::Discard | PatternKind::Error => {}
        }
    }

    fn check_iterable(&mut self, iterable: &'a Expr, ty: &Type, keyword: ForInKeyword) {
        let iterable_tags = [Tag::Array, Tag::Object, Tag::String];
        if ty.excludes(|member| member.tag().is_some_and(|tag| iterable_tags.contains(&tag))) {
            let keyword = match keyword {
                ForInKeyword::In => "in",
                ForInKeyword::Of => "of",
            };
            self.report(
                Diagnostic::error(
                    "E0316",
                    format!("cannot iterate over {}", ty.message_name()),
                )
                .with_primary(
                    self.file,
                    iterable.span,
                    format!("this is {}", ty.message_name()),
                )
                .with_note(format!(
                    "`for … {keyword}` walks arrays, objects and strings"
                )),
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Functions

    fn params(&mut self, params: &'a [Param]) -> (Vec<ParamType>, Option<Type>) {
        let mut types = Vec::new();
        let mut rest = None;
        for param in params {
            if let Some(threshold) = &param.threshold {
                self.expr(threshold);
            }
            if let Some(default) = &param.default {
                self.expr(default);
            }
            if param.rest {
                self.pattern(&param.target, Type::array(Type::Unknown));
                rest = Some(Type::Unknown);
            } else {
                self.pattern(&param.target, Type::Unknown);
                types.push(ParamType {
                    ty: Type::Unknown,
                    optional: param.default.is_some(),
                });
            }
        }
        (types, rest)
    }

    /// The type of a function value; walks the body (reporting, unless silent).
    pub(super) fn function_type(&mut self, function: &'a Function) -> Type {
        if let Some(confidence) = &function.confidence {
            self.expr(confidence);
        }
        let (params, rest) = self.params(&function.params);
        let key = function as *const Function as usize;
        let result = self.body_result(key, |this| this.stmts(&function.body.body));
        let result = if function.is_async {
            Type::task(result)
        } else {
            result
        };
        self.function_value(key, params, rest, result)
    }

    fn function_value(
        &mut self,
        key: usize,
        params: Vec<ParamType>,
        rest: Option<Type>,
        result: Type,
    ) -> Type {
        let ty = Type::Function(std::rc::Rc::new(FunctionType {
            params,
            rest,
            result,
        }));
        self.node_types.insert(key, ty.clone());
        ty
    }

    pub(super) fn lambda_type(&mut self, lambda: &'a Lambda) -> Type {
        let (params, rest) = self.params(&lambda.params);
        let key = lambda as *const Lambda as usize;
        let result = self.body_result(key, |this| match &lambda.body {
            LambdaBody::Block(block) => this.stmts(&block.body),
            LambdaBody::Expr(expr) => {
                let ty = this.expr(expr);
                // An expression body ends the function: it counts as a `return`.
                if let Some(returns) = this.returns.last_mut() {
                    *returns = returns.union(&ty);
                }
                Type::Never
            }
        });
        let result = if lambda.is_async {
            Type::task(result)
        } else {
            result
        };
        self.function_value(key, params, rest, result)
    }

    /// Walks a body with the narrowings of the enclosing code dropped, and memoises the result.
    fn body_result(&mut self, key: usize, walk: impl FnOnce(&mut Self) -> Type) -> Type {
        let outer_narrowed = std::mem::take(&mut self.narrowed);
        let outer_pipelines = std::mem::take(&mut self.pipeline_values);
        let known = self.results.get(&key).cloned();
        if known.is_none() {
            self.results.insert(key, None);
        }
        self.returns.push(Type::Never);
        let completion = walk(self);
        let returns = self.returns.pop().unwrap_or(Type::Unknown);
        let result = match completion {
            Type::Never => returns,
            // A body whose last statement is not an expression: the checker cannot tell.
            Type::Unknown => Type::Unknown,
            completion => returns.union(&completion),
        };
        self.narrowed = outer_narrowed;
        self.pipeline_values = outer_pipelines;
        match known {
            Some(Some(known)) => known,
            _ => {
                self.results.insert(key, Some(result.clone()));
                result
            }
        }
    }

    /// The type of a known function without reporting (for calls before its declaration).
    fn callable_type(&mut self, node: CallableNode<'a>) -> Type {
        let key = match node {
            CallableNode::Function(function) => function as *const Function as usize,
            CallableNode::Lambda(lambda) => lambda as *const Lambda as usize,
        };
        if let Some(known) = self.node_types.get(&key) {
            return known.clone();
        }
        if let Some(None) = self.results.get(&key) {
            // Recursion: the result is being computed.
            return Type::any_function();
        }
        self.silent += 1;
        let ty = match node {
            CallableNode::Function(function) => self.function_type(function),
            CallableNode::Lambda(lambda) => self.lambda_type(lambda),
        };
        self.silent -= 1;
        ty
    }
}
