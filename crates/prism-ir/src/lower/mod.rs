//! Lowering a resolved syntax tree to the IR (language §6–§13).
//!
//! The lowering trusts the resolver ([`Resolution`]) for what every identifier means and for which
//! bindings nested functions capture; it decides where each binding lives:
//! * a binding captured by a nested function, or exported by a module, lives in a heap cell
//!   (`NewCell` when its scope is entered, so every execution of a scope gets fresh cells);
//! * every other binding lives in a register of its function's frame; simple parameters stay in
//!   the argument registers.
//!
//! Temporal dead zone checks (language §9.2) are emitted only where initialisation is not proven:
//! an access is proven when it is lowered, in the same function, after the declaration's store
//! (lowering follows source order, and a declaration dominates the rest of its own scope). Reads
//! of implicit bindings (§9.3) and accesses from nested functions are always checked.

mod builder;
mod chain;
mod control;
mod expr;
mod functions;
mod matching;
mod pattern;
mod pipeline;
mod simplify;
mod stmt;
mod visit;

use std::collections::{HashMap, HashSet};

use prism_checker::resolve::{BindingId, BindingKind, Resolution, ScopeId};
use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast;
use smol_str::SmolStr;

use crate::instr::Instr;
use crate::ir::{
    BranchSite, CellRef, CellSlot, ConstId, Constant, ExportDecl, FileRole, Function, GlobalId,
    ImportDecl, ImportId, Program, Reg,
};

use builder::FnBuilder;

/// What a closure captures: a binding, or the value of a pipeline whose placeholder is used
/// inside a nested function (language §6.13).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum CaptureKey {
    Binding(BindingId),
    Placeholder(u32),
}

/// Where a binding lives, in the terms of the function that owns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Storage {
    Reg(Reg),
    Cell(CellSlot),
    /// An imported binding: read live from the module (language §13.3).
    Import {
        import: ImportId,
        name: ConstId,
    },
    Namespace(ImportId),
}

/// Lowers one resolved file. Returns internal-error diagnostics (code `E0000`) for trees the
/// lowering cannot handle; callers only lower files without compile errors.
pub fn lower_program(
    program: &ast::Program,
    resolution: &Resolution,
    file: FileId,
    role: FileRole,
) -> Result<Program, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(resolution, file, role);
    let top_level = lowerer.lower_top_level(program);
    if !lowerer.diagnostics.is_empty() {
        return Err(lowerer.diagnostics);
    }
    let functions = lowerer
        .functions
        .into_iter()
        .flatten()
        .collect::<Vec<Function>>();
    Ok(Program {
        role,
        functions,
        top_level,
        constants: lowerer.constants,
        globals: lowerer.globals,
        imports: lowerer.imports,
        exports: lowerer.exports,
        branch_sites: lowerer.branch_sites,
    })
}

pub(crate) struct Lowerer<'a> {
    pub res: &'a Resolution,
    pub file: FileId,
    pub role: FileRole,
    /// Functions by id; `None` while a function is being lowered.
    pub functions: Vec<Option<Function>>,
    pub constants: Vec<Constant>,
    pub branch_sites: Vec<BranchSite>,
    string_index: HashMap<SmolStr, ConstId>,
    pub globals: Vec<SmolStr>,
    global_index: HashMap<SmolStr, GlobalId>,
    pub imports: Vec<ImportDecl>,
    pub exports: Vec<ExportDecl>,
    /// Builders of the functions being lowered, innermost last, with the resolver's id of each.
    pub stack: Vec<(FnBuilder<'a>, prism_checker::resolve::FunctionScopeId)>,
    pub storage: HashMap<BindingId, Storage>,
    /// Bindings whose initialising store has been lowered (see the module docs).
    pub initialised: HashSet<BindingId>,
    /// Top-level bindings that a module exports: they live in cells.
    pub exported: HashSet<BindingId>,
    /// Pipelines being lowered, innermost last: where their value is and which function owns it.
    pub pipelines: Vec<PipelineValue>,
    next_pipeline: u32,
    pub placeholder_cells: HashMap<u32, CellSlot>,
    /// Exports waiting for their bindings' cells (see `stmt::finish_exports`).
    pub pending_exports: Vec<(SmolStr, Option<BindingId>, Span)>,
    /// The cell of `export default`.
    pub default_cell: Option<CellSlot>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PipelineValue {
    pub id: u32,
    pub reg: Reg,
    /// Depth in [`Lowerer::stack`] of the function that evaluates the pipeline.
    pub depth: usize,
}

impl<'a> Lowerer<'a> {
    fn new(res: &'a Resolution, file: FileId, role: FileRole) -> Lowerer<'a> {
        Lowerer {
            res,
            file,
            role,
            functions: Vec::new(),
            constants: Vec::new(),
            branch_sites: Vec::new(),
            string_index: HashMap::new(),
            globals: Vec::new(),
            global_index: HashMap::new(),
            imports: Vec::new(),
            exports: Vec::new(),
            stack: Vec::new(),
            storage: HashMap::new(),
            initialised: HashSet::new(),
            exported: HashSet::new(),
            pipelines: Vec::new(),
            next_pipeline: 0,
            placeholder_cells: HashMap::new(),
            pending_exports: Vec::new(),
            default_cell: None,
            diagnostics: Vec::new(),
        }
    }

    /// The builder of the function being lowered.
    pub fn f(&mut self) -> &mut FnBuilder<'a> {
        let fallback_needed = self.stack.is_empty();
        if fallback_needed {
            self.stack.push((
                FnBuilder::new(0),
                prism_checker::resolve::FunctionScopeId::TOP_LEVEL,
            ));
        }
        let last = self.stack.len() - 1;
        &mut self.stack[last].0
    }

    pub fn emit(&mut self, instr: Instr, span: Span) {
        self.f().emit(instr, span);
    }

    pub fn reg(&mut self) -> Reg {
        self.f().reg()
    }

    pub fn string(&mut self, text: &str) -> ConstId {
        if let Some(id) = self.string_index.get(text) {
            return *id;
        }
        let id = ConstId(self.constants.len() as u32);
        self.constants.push(Constant::String(text.into()));
        self.string_index.insert(text.into(), id);
        id
    }

    pub fn global(&mut self, name: &str) -> GlobalId {
        if let Some(id) = self.global_index.get(name) {
            return *id;
        }
        let id = GlobalId(self.globals.len() as u32);
        self.globals.push(name.into());
        self.global_index.insert(name.into(), id);
        id
    }

    pub fn next_pipeline_id(&mut self) -> u32 {
        self.next_pipeline += 1;
        self.next_pipeline
    }

    #[cold]
    pub fn internal(&mut self, span: Span, what: &str) {
        self.diagnostics.push(
            Diagnostic::error("E0000", format!("internal error: cannot lower {what}"))
                .with_primary(self.file, span, "here"),
        );
    }

    /// Allocates storage for every binding of a scope and emits what entering the scope needs:
    /// fresh cells for captured bindings, the uninitialised marker for registers with a dead zone.
    pub fn enter_scope(&mut self, scope: Option<ScopeId>, span: Span) {
        let Some(scope) = scope.and_then(|id| self.res.scope(id)) else {
            return;
        };
        for &binding in &scope.bindings {
            self.allocate(binding, span);
        }
    }

    /// Gives a binding its storage (idempotent) and emits its scope-entry instruction.
    pub fn allocate(&mut self, binding: BindingId, span: Span) {
        let Some(info) = self.res.binding(binding) else {
            return;
        };
        if matches!(
            info.kind,
            BindingKind::Import | BindingKind::Prelude | BindingKind::Host
        ) {
            return;
        }
        match self.storage.get(&binding).copied() {
            Some(Storage::Cell(slot)) => {
                // Re-entering a scope (a loop body): a fresh cell per execution.
                self.emit(Instr::NewCell { cell: slot }, span);
                self.initialised.remove(&binding);
            }
            Some(Storage::Reg(reg)) => {
                if info.kind.has_dead_zone() {
                    self.emit(Instr::LoadUninit { dst: reg }, span);
                }
                self.initialised.remove(&binding);
            }
            Some(_) => {}
            None => {
                if info.captured || self.exported.contains(&binding) {
                    let slot = self.f().cell();
                    self.storage.insert(binding, Storage::Cell(slot));
                    self.emit(Instr::NewCell { cell: slot }, span);
                } else {
                    let reg = self.reg();
                    self.storage.insert(binding, Storage::Reg(reg));
                    if info.kind.has_dead_zone() {
                        self.emit(Instr::LoadUninit { dst: reg }, span);
                    }
                }
            }
        }
    }

    /// Whether the binding is owned by the function being lowered.
    fn owned_here(&self, binding: BindingId) -> bool {
        let owner = self.res.binding(binding).map(|info| info.function);
        self.stack
            .last()
            .map(|(_, id)| Some(*id) == owner)
            .unwrap_or(false)
    }

    /// The cell of a captured binding or placeholder, seen from the function at `depth`.
    pub fn cell_ref_at(&mut self, depth: usize, key: CaptureKey) -> Option<CellRef> {
        let owner_here = match key {
            CaptureKey::Binding(binding) => {
                let owner = self.res.binding(binding).map(|info| info.function);
                self.stack
                    .get(depth)
                    .map(|(_, id)| Some(*id) == owner)
                    .unwrap_or(false)
            }
            CaptureKey::Placeholder(id) => self
                .pipelines
                .iter()
                .any(|pipeline| pipeline.id == id && pipeline.depth == depth),
        };
        if owner_here {
            let slot = match key {
                CaptureKey::Binding(binding) => match self.storage.get(&binding) {
                    Some(Storage::Cell(slot)) => Some(*slot),
                    _ => None,
                },
                CaptureKey::Placeholder(id) => self.placeholder_cells.get(&id).copied(),
            };
            return slot.map(CellRef::Local);
        }
        let (builder, _) = self.stack.get_mut(depth)?;
        Some(builder.capture(key))
    }

    /// The cell of a binding seen from the current function.
    pub fn cell_ref(&mut self, key: CaptureKey) -> Option<CellRef> {
        let depth = self.stack.len().checked_sub(1)?;
        self.cell_ref_at(depth, key)
    }

    /// Where a binding is, if it lives in a register of the current function.
    pub fn binding_reg(&self, binding: BindingId) -> Option<Reg> {
        if !self.owned_here(binding) {
            return None;
        }
        match self.storage.get(&binding) {
            Some(Storage::Reg(reg)) => Some(*reg),
            _ => None,
        }
    }

    fn needs_check(&self, binding: BindingId) -> bool {
        let Some(info) = self.res.binding(binding) else {
            return false;
        };
        if !info.kind.has_dead_zone() {
            return false;
        }
        !(self.owned_here(binding) && self.initialised.contains(&binding))
    }

    /// Reads a binding into `dst`.
    pub fn load_binding(&mut self, binding: BindingId, dst: Reg, span: Span) {
        let Some(info) = self.res.binding(binding) else {
            self.internal(span, "an unresolved name");
            return;
        };
        let name = info.name.clone();
        if matches!(info.kind, BindingKind::Prelude | BindingKind::Host) {
            let global = self.global(&name);
            self.emit(Instr::LoadGlobal { dst, global }, span);
            return;
        }
        let check = self.needs_check(binding).then(|| self.string(&name));
        match self.storage.get(&binding).copied() {
            Some(Storage::Import { import, name }) => {
                self.emit(Instr::LoadImport { dst, import, name }, span)
            }
            Some(Storage::Namespace(import)) => {
                self.emit(Instr::LoadNamespace { dst, import }, span)
            }
            Some(Storage::Reg(reg)) if self.owned_here(binding) => {
                // The check tests the variable's own register, so that its `LoadUninit` is kept.
                if let Some(name) = check {
                    self.emit(Instr::CheckInit { src: reg, name }, span);
                }
                if reg != dst {
                    self.emit(Instr::Move { dst, src: reg }, span);
                }
            }
            _ => match self.cell_ref(CaptureKey::Binding(binding)) {
                Some(cell) => self.emit(Instr::LoadCell { dst, cell, check }, span),
                None => self.internal(span, &format!("a read of '{name}' (no storage)")),
            },
        }
    }

    /// Stores `src` into a binding. `initialising` marks declarations (no check, and later
    /// accesses in this function are proven initialised).
    pub fn store_binding(&mut self, binding: BindingId, src: Reg, span: Span, initialising: bool) {
        let Some(info) = self.res.binding(binding) else {
            self.internal(span, "an unresolved assignment");
            return;
        };
        let name = info.name.clone();
        let implicit = info.kind == BindingKind::Implicit;
        // Writes to implicit bindings initialise them (language §9.3); only reads are checked.
        let check =
            (!initialising && !implicit && self.needs_check(binding)).then(|| self.string(&name));
        match self.storage.get(&binding).copied() {
            Some(Storage::Reg(reg)) if self.owned_here(binding) => {
                if let Some(name) = check {
                    self.emit(Instr::CheckInit { src: reg, name }, span);
                }
                if reg != src {
                    self.emit(Instr::Move { dst: reg, src }, span);
                }
            }
            Some(Storage::Import { .. }) | Some(Storage::Namespace(_)) => {
                self.internal(span, "an assignment to an import");
            }
            _ => match self.cell_ref(CaptureKey::Binding(binding)) {
                Some(cell) => self.emit(Instr::StoreCell { cell, src, check }, span),
                None => self.internal(span, &format!("an assignment to '{name}' (no storage)")),
            },
        }
        if initialising && self.owned_here(binding) {
            self.initialised.insert(binding);
        }
    }

    /// The binding declared by (or used at) an identifier.
    pub fn binding_at(&self, start: u32) -> Option<BindingId> {
        self.res.binding_at(start)
    }
}
