//! Lowering functions, lambdas and the top level (language §10, §9.4 hoisting, §8.1 results).

use prism_checker::resolve::{BindingKind, FunctionScopeId, ScopeKind};
use prism_span::Span;
use prism_syntax::ast;
use smol_str::SmolStr;

use crate::instr::{BinaryOp, Instr, MakeClosureInstr, Terminator};
use crate::ir::{FileRole, Function, FunctionId, FunctionKind, Reg};

use super::builder::FnBuilder;
use super::{CaptureKey, Lowerer, Storage};

/// The body of a function or lambda.
pub(crate) enum Body<'a> {
    Block(&'a ast::Block),
    Expr(&'a ast::Expr),
}

/// Everything needed to lower one function.
pub(crate) struct FnSource<'a> {
    pub name: SmolStr,
    pub kind: FunctionKind,
    pub is_async: bool,
    pub params: &'a [ast::Param],
    pub body: Body<'a>,
    pub span: Span,
}

impl<'a> Lowerer<'a> {
    pub(crate) fn lower_top_level(&mut self, program: &'a ast::Program) -> FunctionId {
        let id = self.reserve_function();
        self.stack
            .push((FnBuilder::new(0), FunctionScopeId::TOP_LEVEL));
        self.collect_modules(program);
        self.enter_scope(self.res.file_scope(), program.span);
        super::stmt::finish_exports(self);
        let completion = self.reg();
        self.emit(Instr::LoadNull { dst: completion }, program.span);
        self.statement_list(&program.body, Some(completion));
        self.f()
            .terminate(Terminator::Return(completion), program.span);
        let name = match self.role {
            FileRole::Main => "<main>",
            FileRole::Module => "<module>",
        };
        let source = FnSource {
            name: name.into(),
            kind: FunctionKind::TopLevel,
            is_async: false,
            params: &[],
            body: Body::Block(&EMPTY_BLOCK),
            span: program.span,
        };
        self.finish_function(id, &source);
        id
    }

    fn reserve_function(&mut self) -> FunctionId {
        let id = FunctionId(self.functions.len() as u32);
        self.functions.push(None);
        id
    }

    /// Lowers a function or lambda and emits the closure creation into `dst`.
    pub(crate) fn closure(&mut self, source: &FnSource<'a>, dst: Reg) {
        let id = self.reserve_function();
        let Some(scope_fn) = self.res.function_at(source.span.start) else {
            self.internal(source.span, "a function the resolver did not see");
            return;
        };
        let params = source.params.iter().filter(|param| !param.rest).count() as u32;
        let has_rest = source.params.iter().any(|param| param.rest);
        self.stack
            .push((FnBuilder::new(params + u32::from(has_rest)), scope_fn));
        self.function_body(source, scope_fn, params);
        let (captures, _) = self.finish_function(id, source);
        let depth = self.stack.len().saturating_sub(1);
        let mut refs = Vec::with_capacity(captures.len());
        for key in captures {
            match self.cell_ref_at(depth, key) {
                Some(cell) => refs.push(cell),
                None => {
                    self.internal(source.span, "a captured variable without a cell");
                    return;
                }
            }
        }
        self.emit(
            Instr::MakeClosure(Box::new(MakeClosureInstr {
                dst,
                function: id,
                captures: refs,
            })),
            source.span,
        );
    }

    /// Parameters (language §10.2) and body.
    fn function_body(&mut self, source: &FnSource<'a>, scope_fn: FunctionScopeId, params: u32) {
        let span = source.span;
        // A named function expression sees its own name (language §10.1).
        if let Some(scope) = self.res.scope_at(ScopeKind::FunctionName, span.start) {
            if let Some(&binding) = self
                .res
                .scope(scope)
                .and_then(|scope| scope.bindings.first())
            {
                self.allocate(binding, span);
                let this = self.reg();
                self.emit(Instr::LoadSelf { dst: this }, span);
                self.store_binding(binding, this, span, true);
            }
        }
        // Simple parameters stay in their argument registers.
        for (index, param) in source.params.iter().enumerate() {
            let arg = if param.rest {
                Reg(params)
            } else {
                Reg(index as u32)
            };
            if let ast::PatternKind::Ident(name) = &param.target.kind {
                let Some(binding) = self.binding_at(name.span.start) else {
                    continue;
                };
                let captured = self
                    .res
                    .binding(binding)
                    .map(|info| info.captured)
                    .unwrap_or(false);
                if !captured && param.threshold.is_none() && param.default.is_none() {
                    self.storage.insert(binding, Storage::Reg(arg));
                }
            }
        }
        let scope = self.res.function(scope_fn).map(|function| function.scope);
        self.enter_scope(scope, span);
        for (index, param) in source.params.iter().enumerate() {
            let arg = if param.rest {
                Reg(params)
            } else {
                Reg(index as u32)
            };
            if let Some(threshold) = &param.threshold {
                let t = self.operand(threshold);
                self.emit(
                    Instr::ApplyThreshold {
                        dst: arg,
                        value: arg,
                        threshold: t,
                    },
                    param.span,
                );
            }
            if let Some(default) = &param.default {
                self.default_if_null(arg, default);
            }
            self.bind_pattern(&param.target, arg, None, super::pattern::Mode::Declare);
        }
        let result = self.reg();
        match source.body {
            Body::Block(block) => self.statement_list(&block.body, Some(result)),
            Body::Expr(expr) => self.expr_into(expr, result),
        }
        self.f().terminate(Terminator::Return(result), span);
    }

    /// Closes the current builder into `functions[id]`; returns its captures.
    fn finish_function(&mut self, id: FunctionId, source: &FnSource<'a>) -> (Vec<CaptureKey>, ()) {
        let Some((builder, _)) = self.stack.pop() else {
            return (Vec::new(), ());
        };
        let params = source.params.iter().filter(|param| !param.rest).count() as u32;
        let has_rest = source.params.iter().any(|param| param.rest);
        let mut blocks = builder.blocks;
        super::simplify::simplify(&mut blocks, &builder.handlers, crate::ir::BlockId(0));
        super::stmt::drop_unused_uninit(&mut blocks);
        let function = Function {
            name: source.name.clone(),
            kind: source.kind,
            is_async: source.is_async,
            params,
            has_rest,
            registers: builder.max_reg,
            cells: builder.cells,
            exception_slots: builder.exception_slots,
            captures: builder.captures.len() as u32,
            blocks,
            handlers: builder.handlers,
            entry: crate::ir::BlockId(0),
            span: source.span,
        };
        if let Some(slot) = self.functions.get_mut(id.index()) {
            *slot = Some(function);
        }
        (builder.captures, ())
    }

    /// Creates the function declarations of a statement list before anything else runs
    /// (language §9.4), including confident ones (§10.5).
    pub(crate) fn hoist_functions(&mut self, statements: &'a [ast::Stmt]) {
        for statement in statements {
            let function = match &statement.kind {
                ast::StmtKind::FunctionDecl(function) => function,
                ast::StmtKind::Export(export) => {
                    match export.declaration.as_ref().map(|decl| &decl.kind) {
                        Some(ast::StmtKind::FunctionDecl(function)) => function,
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let Some(name) = &function.name else { continue };
            let Some(binding) = self.binding_at(name.span.start) else {
                continue;
            };
            let dst = self.reg();
            self.function_value(function, dst);
            self.store_binding(binding, dst, function.span, true);
        }
    }

    /// A `function` declaration or expression as a value, with its confidence if any.
    pub(crate) fn function_value(&mut self, function: &'a ast::Function, dst: Reg) {
        let source = FnSource {
            name: function
                .name
                .as_ref()
                .map(|name| name.text.clone())
                .unwrap_or_else(|| "lambda".into()),
            kind: FunctionKind::Function,
            is_async: function.is_async,
            params: &function.params,
            body: Body::Block(&function.body),
            span: function.span,
        };
        self.closure(&source, dst);
        if let Some(confidence) = &function.confidence {
            let c = self.operand(confidence);
            self.emit(
                Instr::Binary {
                    dst,
                    op: BinaryOp::Annotate,
                    lhs: dst,
                    rhs: c,
                },
                confidence.span,
            );
        }
    }

    pub(crate) fn lambda_value(&mut self, lambda: &'a ast::Lambda, dst: Reg) {
        let body = match &lambda.body {
            ast::LambdaBody::Block(block) => Body::Block(block),
            ast::LambdaBody::Expr(expr) => Body::Expr(expr),
        };
        let source = FnSource {
            name: "lambda".into(),
            kind: FunctionKind::Lambda,
            is_async: lambda.is_async,
            params: &lambda.params,
            body,
            span: lambda.span,
        };
        self.closure(&source, dst);
    }

    /// Records imports and exports of the file and decides which bindings need cells.
    fn collect_modules(&mut self, program: &'a ast::Program) {
        super::stmt::collect_modules(self, program);
        let _ = BindingKind::Import;
    }
}

static EMPTY_BLOCK: ast::Block = ast::Block {
    body: Vec::new(),
    span: Span::new(0, 0),
};
