//! The shape of lowered code: programs, functions, basic blocks and exception handlers.
//!
//! Every id is a plain index (`u32`) into a vector of its owner, so a backend can keep them in
//! machine words and a Cranelift translation can map them one-to-one onto its own entities.

use prism_span::Span;
use smol_str::SmolStr;

use crate::instr::{Instr, Terminator};

macro_rules! index_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as a vector index.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_id!(
    /// A function of a [`Program`]: an index into [`Program::functions`]. The top level is one too.
    FunctionId
);
index_id!(
    /// A basic block of a [`Function`]: an index into [`Function::blocks`].
    BlockId
);
index_id!(
    /// A virtual register: a numbered value slot of one activation of a function.
    Reg
);
index_id!(
    /// A frame-local slot holding a heap cell (a variable captured by a nested function).
    CellSlot
);
index_id!(
    /// A cell captured by a closure: an index into [`Function::captures`].
    CaptureIdx
);
index_id!(
    /// A constant of a [`Program`]: an index into [`Program::constants`].
    ConstId
);
index_id!(
    /// A name from outside the file (prelude builtin or host binding), resolved once when a
    /// backend loads the program: an index into [`Program::globals`].
    GlobalId
);
index_id!(
    /// An exception handler of a [`Function`]: an index into [`Function::handlers`].
    HandlerId
);
index_id!(
    /// A frame-local slot holding an in-flight exception (its value, code and catchability).
    ExcSlot
);
index_id!(
    /// An import of a module [`Program`]: an index into [`Program::imports`].
    ImportId
);

/// Where a cell comes from, seen from the function that uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellRef {
    /// A cell created by this activation (`NewCell`).
    Local(CellSlot),
    /// A cell captured when the running closure was created.
    Captured(CaptureIdx),
}

/// A constant value referenced by [`ConstId`].
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Number(f64),
    String(SmolStr),
}

/// What a file is, which decides the name of its top-level frame (cli §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRole {
    /// The main program: `<main>`; a top-level `return` ends the run (language §8.8).
    Main,
    /// A module loaded by `import`: `<module>` (language §13).
    Module,
}

/// One lowered source file.
#[derive(Clone, Debug)]
pub struct Program {
    pub role: FileRole,
    /// Every function of the file; [`Program::top_level`] runs the file's statements.
    pub functions: Vec<Function>,
    pub top_level: FunctionId,
    pub constants: Vec<Constant>,
    /// Names of prelude builtins and host bindings used by the file, in first-use order.
    pub globals: Vec<SmolStr>,
    /// Module dependencies in declaration order (language §13.5: they run before the file).
    pub imports: Vec<ImportDecl>,
    /// What the file exports, read after its top level has run (language §13.4).
    pub exports: Vec<ExportDecl>,
    /// The `uncertain` decisions of the file, indexed by `Instr::TraceBranch`.
    pub branch_sites: Vec<BranchSite>,
}

/// An `uncertain if/while/for` as its trace event names it (runtime §13.2 `branch`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchSite {
    /// `"if"`, `"while"` or `"for"`.
    pub form: &'static str,
    /// The branch that runs at each level (high, medium, low): its written name (`"default"`
    /// when the default branch stands in), or `None` when no branch runs.
    pub branches: [Option<&'static str>; 3],
}

/// `import … from "specifier"`: the loader resolves the specifier; the backend runs the module
/// first and then reads its exports through the `LoadImport` instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDecl {
    pub specifier: SmolStr,
    pub span: Span,
}

/// One exported name and where its live value is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportDecl {
    pub name: SmolStr,
    pub source: ExportSource,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExportSource {
    /// A top-level binding held in a cell of the top-level frame (exports are always cells, so
    /// importers see later assignments: language §13.3 "live").
    Cell(CellSlot),
    /// A re-export of another module's export.
    Reexport { import: ImportId, name: SmolStr },
    /// `export * from "m"`: every named export of that module except `default`.
    All(ImportId),
}

/// How a function value was written, which decides its frame name (cli §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// The file's top level (`<main>` or `<module>`).
    TopLevel,
    /// A `function` declaration or a named/anonymous function expression.
    Function,
    /// `x => …`.
    Lambda,
}

/// One function: a control-flow graph over virtual registers.
///
/// Calling convention: argument `i` (for `i < params`) arrives in register `i`; missing arguments
/// are `null`. With `has_rest`, register `params` receives a new array of the remaining
/// arguments. The entry block then runs the parameter prologue (thresholds, defaults,
/// destructuring, copying captured parameters into cells: language §10.2).
#[derive(Clone, Debug)]
pub struct Function {
    /// The name used in call stacks: the declared name, `lambda`, `<main>` or `<module>`.
    pub name: SmolStr,
    pub kind: FunctionKind,
    pub is_async: bool,
    pub params: u32,
    pub has_rest: bool,
    /// Registers used by one activation (`Reg(0)..Reg(registers)`).
    pub registers: u32,
    /// Cell slots used by one activation.
    pub cells: u32,
    /// Exception slots used by one activation.
    pub exception_slots: u32,
    /// How many cells a closure of this function captures (`MakeClosure` lists them, in the
    /// parent's terms; the body reads them as `CellRef::Captured`).
    pub captures: u32,
    pub blocks: Vec<Block>,
    pub handlers: Vec<Handler>,
    pub entry: BlockId,
    pub span: Span,
}

/// A basic block: straight-line instructions and one terminator. `spans[i]` is the source of
/// `instrs[i]` (used for error positions and call stacks).
#[derive(Clone, Debug)]
pub struct Block {
    pub instrs: Vec<Instr>,
    pub spans: Vec<Span>,
    pub terminator: Terminator,
    pub terminator_span: Span,
    /// The handler that receives exceptions raised by this block's instructions and terminator;
    /// `None` lets them leave the function.
    pub handler: Option<HandlerId>,
}

/// An exception handler region entry (language §12.3).
///
/// When an instruction of a block whose `handler` is this one throws, the backend stores the
/// exception in `slot` and continues at `landing`. A `catch` handler does not see conditions that
/// cannot be caught (language §12.4): the backend passes those on to `parent`. A `finally`
/// handler (`catches_uncatchable`) sees everything, runs its copy of the finally block and
/// rethrows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handler {
    pub landing: BlockId,
    pub slot: ExcSlot,
    pub catches_uncatchable: bool,
    pub parent: Option<HandlerId>,
}

impl Program {
    pub fn function(&self, id: FunctionId) -> Option<&Function> {
        self.functions.get(id.index())
    }

    pub fn constant(&self, id: ConstId) -> Option<&Constant> {
        self.constants.get(id.index())
    }

    /// The text of a string constant (`""` for anything else, which lowering never produces).
    pub fn string(&self, id: ConstId) -> &str {
        match self.constants.get(id.index()) {
            Some(Constant::String(text)) => text,
            _ => "",
        }
    }
}

impl Function {
    pub fn block(&self, id: BlockId) -> Option<&Block> {
        self.blocks.get(id.index())
    }
}
