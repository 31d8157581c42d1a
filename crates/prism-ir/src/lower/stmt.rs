//! Statements (language §8), declarations (§8.2), blocks and hoisting (§9), modules (§13).

use std::collections::HashSet;

use prism_checker::resolve::ScopeKind;
use prism_syntax::ast;

use crate::instr::{Instr, Terminator};
use crate::ir::{Block, ExportDecl, ExportSource, ImportDecl, ImportId, Reg};

use super::builder::Cleanup;
use super::pattern::Mode;
use super::{Lowerer, Storage};

impl<'a> Lowerer<'a> {
    /// A statement list: its completion value (language §8.1) is that of its last statement that
    /// is not empty, written to `completion` when asked for.
    pub(crate) fn statement_list(&mut self, statements: &'a [ast::Stmt], completion: Option<Reg>) {
        self.hoist_functions(statements);
        let last = statements
            .iter()
            .rposition(|statement| !matches!(statement.kind, ast::StmtKind::Empty));
        if let (None, Some(dst)) = (last, completion) {
            let span = statements
                .first()
                .map(|statement| statement.span)
                .unwrap_or_default();
            self.emit(Instr::LoadNull { dst }, span);
        }
        let shifts = statements.iter().any(|statement| {
            matches!(&statement.kind, ast::StmtKind::Context(context) if context.shift.is_some())
        });
        let mark = shifts.then(|| {
            let mark = self.reg();
            let span = statements
                .first()
                .map(|statement| statement.span)
                .unwrap_or_default();
            self.emit(Instr::ContextMark { dst: mark }, span);
            mark
        });
        let region = mark.map(|mark| self.begin_cleanup(Cleanup::RestoreContext(mark)));
        for (index, statement) in statements.iter().enumerate() {
            let wanted = if Some(index) == last {
                completion
            } else {
                None
            };
            let watermark = self.f().next_reg;
            self.statement(statement, wanted);
            self.f().next_reg = watermark;
        }
        if let (Some(region), Some(mark)) = (region, mark) {
            self.end_cleanup(region);
            let span = statements
                .last()
                .map(|statement| statement.span)
                .unwrap_or_default();
            self.emit(Instr::ContextRestore { mark }, span);
        }
    }

    pub(crate) fn statement(&mut self, statement: &'a ast::Stmt, completion: Option<Reg>) {
        let span = statement.span;
        match &statement.kind {
            ast::StmtKind::Expr(expr) => match completion {
                Some(dst) => self.expr_into(expr, dst),
                None => self.expr_effect(expr),
            },
            ast::StmtKind::VarDecl(decl) => {
                self.var_decl(decl);
                self.null_completion(completion, span);
            }
            // Created when the scope was entered (language §9.4).
            ast::StmtKind::FunctionDecl(_) | ast::StmtKind::Import(_) | ast::StmtKind::Empty => {
                self.null_completion(completion, span);
            }
            ast::StmtKind::Block(block) => self.block(block, completion),
            ast::StmtKind::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                let cond = self.operand(test);
                let then = self.f().new_block();
                let otherwise = self.f().new_block();
                let join = self.f().new_block();
                self.f().branch(cond, then, otherwise, test.span);
                self.f().start(then);
                self.statement(consequent, completion);
                self.f().jump(join, span);
                self.f().start(otherwise);
                match alternate {
                    Some(alternate) => self.statement(alternate, completion),
                    None => self.null_completion(completion, span),
                }
                self.f().jump_and_start(join, span);
            }
            ast::StmtKind::While { test, body, .. } => {
                self.while_loop(test, body, span);
                self.null_completion(completion, span);
            }
            ast::StmtKind::DoWhile { body, test } => {
                self.do_while_loop(body, test, span);
                self.null_completion(completion, span);
            }
            ast::StmtKind::For(header) => {
                self.for_loop(header, span);
                self.null_completion(completion, span);
            }
            ast::StmtKind::ForIn(header) => {
                self.for_in_loop(header, span);
                self.null_completion(completion, span);
            }
            ast::StmtKind::Uncertain(uncertain) => self.uncertain(uncertain, span, completion),
            ast::StmtKind::Return(value) => {
                let result = self.reg();
                match value {
                    Some(value) => self.expr_into(value, result),
                    None => self.emit(Instr::LoadNull { dst: result }, span),
                }
                self.run_cleanups(0, span);
                self.f().terminate(Terminator::Return(result), span);
            }
            ast::StmtKind::Throw(value) => {
                let thrown = self.operand(value);
                self.f().terminate(Terminator::Throw(thrown), span);
            }
            ast::StmtKind::Break | ast::StmtKind::Continue => {
                let Some(targets) = self.f().loops.last().copied() else {
                    self.internal(span, "a break outside a loop");
                    return;
                };
                self.run_cleanups(targets.cleanup_depth, span);
                let target = if matches!(statement.kind, ast::StmtKind::Break) {
                    targets.break_to
                } else {
                    targets.continue_to
                };
                self.f().jump(target, span);
            }
            ast::StmtKind::Try(try_stmt) => self.try_statement(try_stmt, span, completion),
            ast::StmtKind::Context(context) => self.context(context, span, completion),
            ast::StmtKind::Agents(agents) => {
                self.agents(agents);
                self.null_completion(completion, span);
            }
            ast::StmtKind::Export(export) => {
                self.export(export, span);
                self.null_completion(completion, span);
            }
            ast::StmtKind::Error => self.internal(span, "a statement with a syntax error"),
        }
    }

    pub(crate) fn null_completion(&mut self, completion: Option<Reg>, span: prism_span::Span) {
        if let Some(dst) = completion {
            self.emit(Instr::LoadNull { dst }, span);
        }
    }

    /// A block with its own scope (language §9.1).
    pub(crate) fn block(&mut self, block: &'a ast::Block, completion: Option<Reg>) {
        let scope = self.res.scope_at(ScopeKind::Block, block.span.start);
        self.enter_scope(scope, block.span);
        self.statement_list(&block.body, completion);
    }

    pub(crate) fn var_decl(&mut self, decl: &'a ast::VarDecl) {
        for declarator in &decl.declarators {
            let value = self.reg();
            match &declarator.init {
                Some(init) => self.expr_into(init, value),
                None => self.emit(Instr::LoadNull { dst: value }, declarator.span),
            }
            match (&declarator.target.kind, &declarator.threshold) {
                (ast::PatternKind::Ident(_), Some(threshold)) => {
                    let t = self.operand(threshold);
                    self.emit(
                        Instr::ApplyThreshold {
                            dst: value,
                            value,
                            threshold: t,
                        },
                        threshold.span,
                    );
                    self.bind_pattern(&declarator.target, value, None, Mode::Declare);
                }
                (_, Some(threshold)) => {
                    let t = self.operand(threshold);
                    self.bind_pattern(&declarator.target, value, Some(t), Mode::Declare);
                }
                (_, None) => self.bind_pattern(&declarator.target, value, None, Mode::Declare),
            }
        }
    }

    fn agents(&mut self, agents: &'a [ast::AgentDecl]) {
        for agent in agents {
            let config = self.operand(&agent.object);
            let name = self.string(&agent.name.text);
            let dst = self.reg();
            self.emit(Instr::DeclareAgent { dst, name, config }, agent.span);
            if let Some(binding) = self.binding_at(agent.name.span.start) {
                self.store_binding(binding, dst, agent.span, true);
            }
        }
    }

    fn export(&mut self, export: &'a ast::Export, span: prism_span::Span) {
        if let Some(declaration) = &export.declaration {
            self.statement(declaration, None);
        }
        if let Some(value) = &export.default {
            let reg = self.operand(value);
            if let Some(cell) = self.default_export_cell() {
                self.emit(
                    Instr::StoreCell {
                        cell: crate::ir::CellRef::Local(cell),
                        src: reg,
                        check: None,
                    },
                    span,
                );
            }
        }
    }

    fn default_export_cell(&self) -> Option<crate::ir::CellSlot> {
        self.exports
            .iter()
            .find_map(|export| match (&export.source, export.name.as_str()) {
                (ExportSource::Cell(slot), "default") if self.default_cell == Some(*slot) => {
                    Some(*slot)
                }
                _ => None,
            })
    }
}

/// Registers the file's imports (their bindings read the module live) and exports (their
/// bindings are kept in cells), before the top-level scope is entered.
pub(crate) fn collect_modules<'a>(lowerer: &mut Lowerer<'a>, program: &'a ast::Program) {
    let mut pending: Vec<(
        smol_str::SmolStr,
        Option<prism_checker::resolve::BindingId>,
        prism_span::Span,
    )> = Vec::new();
    for statement in &program.body {
        match &statement.kind {
            ast::StmtKind::Import(import) => {
                let id = add_import(lowerer, &import.source);
                if let Some(default) = &import.default {
                    bind_import(lowerer, default, id, "default");
                }
                if let Some(namespace) = &import.namespace {
                    if let Some(binding) = lowerer.binding_at(namespace.span.start) {
                        lowerer.storage.insert(binding, Storage::Namespace(id));
                    }
                }
                for spec in &import.names {
                    bind_import(lowerer, &spec.local, id, &spec.imported.text);
                }
            }
            ast::StmtKind::Export(export) => {
                if let Some(source) = &export.source {
                    let id = add_import(lowerer, source);
                    if export.all {
                        lowerer.exports.push(ExportDecl {
                            name: "*".into(),
                            source: ExportSource::All(id),
                            span: statement.span,
                        });
                    }
                    for spec in &export.specifiers {
                        lowerer.exports.push(ExportDecl {
                            name: spec.exported.text.clone(),
                            source: ExportSource::Reexport {
                                import: id,
                                name: spec.local.text.clone(),
                            },
                            span: spec.local.span,
                        });
                    }
                    continue;
                }
                for spec in &export.specifiers {
                    pending.push((
                        spec.exported.text.clone(),
                        lowerer.res.use_of(spec.local.span.start),
                        spec.local.span,
                    ));
                }
                if export.default.is_some() {
                    pending.push(("default".into(), None, statement.span));
                }
                if let Some(declaration) = &export.declaration {
                    for name in declared_names(declaration) {
                        pending.push((
                            name.text.clone(),
                            lowerer.binding_at(name.span.start),
                            name.span,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for (_, binding, _) in &pending {
        if let Some(binding) = binding {
            lowerer.exported.insert(*binding);
        }
    }
    lowerer.pending_exports = pending;
}

/// After the top-level scope is entered, exported bindings have cells: record them.
pub(crate) fn finish_exports(lowerer: &mut Lowerer<'_>) {
    let pending = std::mem::take(&mut lowerer.pending_exports);
    for (name, binding, span) in pending {
        let slot = match binding {
            Some(binding) => match lowerer.storage.get(&binding) {
                Some(Storage::Cell(slot)) => Some(*slot),
                Some(Storage::Import {
                    import,
                    name: imported,
                }) => {
                    let imported = match lowerer.constants.get(imported.index()) {
                        Some(crate::ir::Constant::String(text)) => text.clone(),
                        _ => continue,
                    };
                    lowerer.exports.push(ExportDecl {
                        name,
                        source: ExportSource::Reexport {
                            import: *import,
                            name: imported,
                        },
                        span,
                    });
                    continue;
                }
                _ => None,
            },
            None => {
                let slot = lowerer.f().cell();
                lowerer.emit(Instr::NewCell { cell: slot }, span);
                lowerer.default_cell = Some(slot);
                Some(slot)
            }
        };
        match slot {
            Some(slot) => lowerer.exports.push(ExportDecl {
                name,
                source: ExportSource::Cell(slot),
                span,
            }),
            None => lowerer.internal(span, "an export without a top-level binding"),
        }
    }
}

fn add_import(lowerer: &mut Lowerer<'_>, source: &ast::StrLit) -> ImportId {
    if let Some(index) = lowerer
        .imports
        .iter()
        .position(|import| import.specifier == source.value)
    {
        return ImportId(index as u32);
    }
    let id = ImportId(lowerer.imports.len() as u32);
    lowerer.imports.push(ImportDecl {
        specifier: source.value.clone(),
        span: source.span,
    });
    id
}

fn bind_import(lowerer: &mut Lowerer<'_>, local: &ast::Name, import: ImportId, imported: &str) {
    if let Some(binding) = lowerer.binding_at(local.span.start) {
        let name = lowerer.string(imported);
        lowerer
            .storage
            .insert(binding, Storage::Import { import, name });
        lowerer.initialised.insert(binding);
    }
}

/// The names an exported declaration binds.
fn declared_names(statement: &ast::Stmt) -> Vec<&ast::Name> {
    let mut names = Vec::new();
    match &statement.kind {
        ast::StmtKind::VarDecl(decl) => {
            for declarator in &decl.declarators {
                super::pattern::pattern_names(&declarator.target, &mut names);
            }
        }
        ast::StmtKind::FunctionDecl(function) => names.extend(function.name.as_ref()),
        ast::StmtKind::Agents(agents) => names.extend(agents.iter().map(|agent| &agent.name)),
        _ => {}
    }
    names
}

/// Removes `LoadUninit` of registers that no `CheckInit` ever tests: their dead zone was proven
/// empty during lowering.
pub(crate) fn drop_unused_uninit(blocks: &mut [Block]) {
    let checked: HashSet<Reg> = blocks
        .iter()
        .flat_map(|block| block.instrs.iter())
        .filter_map(|instr| match instr {
            Instr::CheckInit { src, .. } => Some(*src),
            _ => None,
        })
        .collect();
    for block in blocks {
        let mut keep = Vec::with_capacity(block.instrs.len());
        let mut spans = Vec::with_capacity(block.spans.len());
        for (instr, span) in block.instrs.drain(..).zip(block.spans.drain(..)) {
            if matches!(&instr, Instr::LoadUninit { dst } if !checked.contains(dst)) {
                continue;
            }
            keep.push(instr);
            spans.push(span);
        }
        block.instrs = keep;
        block.spans = spans;
    }
}
