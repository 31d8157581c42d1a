//! Instructions and terminators. Every operation with language semantics is delegated by a backend
//! to the runtime's `ops` (one definition shared by the interpreter and the JIT); the IR only says
//! which operation runs on which registers.

use smol_str::SmolStr;

use crate::ir::{
    BlockId, CellRef, CellSlot, ConstId, ExcSlot, FunctionId, GlobalId, ImportId, Reg,
};

/// Strict binary operators (language §6.7, §6.8, §7.3): the runtime's own type, so that a backend
/// hands an instruction's operator to `ops::binary` unchanged. The lazy operators (`&&`, `||`,
/// `??`, `~??`, `~@>`) never appear here: they are lowered to branches.
pub use prism_runtime::ops::BinaryOp;

/// Unary operators (language §6.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not,
    Neg,
    /// `~x`.
    Strip,
    /// `<~x`.
    Confidence,
    Typeof,
    /// The numeric step of `++` (keeps the confidence; `R0209` on a non-number).
    Increment,
    Decrement,
}

/// How `GetMember` reads (language §6.4.1, §6.4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberRead {
    /// `.` (and `?.` once its null test has passed).
    Dot,
    /// `~.`: null-safe, always confident.
    Confident,
}

/// One operand of a call with spreads, or of an array literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arg {
    pub reg: Reg,
    pub spread: bool,
}

/// A single-bit test whose meaning belongs to the runtime (written into a register as a boolean,
/// then used by a `Branch`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Test {
    /// inner(value) is `null` (`??`, `?.`, defaults).
    IsNull,
    /// `~??` keeps its left side: inner not null and confidence ≥ 0.5 (language §7.3).
    CoalesceKeeps,
    /// `~@>` takes its right side: confidence ≥ 0.7 (language §7.3).
    EscalateTakesRight,
    /// inner(value) is an object (match object patterns, language §6.14.1).
    IsObject,
    /// `instanceof "error"`-style check used by nothing yet; kept for completeness of match.
    IsArray,
}

/// Instructions. `dst` is always written last, so a source may equal the destination.
#[derive(Clone, Debug, PartialEq)]
pub enum Instr {
    // ---- moves and constants ----
    Move {
        dst: Reg,
        src: Reg,
    },
    LoadNull {
        dst: Reg,
    },
    LoadBool {
        dst: Reg,
        value: bool,
    },
    LoadNumber {
        dst: Reg,
        value: f64,
    },
    LoadConst {
        dst: Reg,
        constant: ConstId,
    },
    /// The "uninitialised" marker of a binding in its temporal dead zone (language §9.2).
    LoadUninit {
        dst: Reg,
    },
    /// `R0401` if `src` holds the uninitialised marker; `name` is the binding's name.
    CheckInit {
        src: Reg,
        name: ConstId,
    },
    LoadGlobal {
        dst: Reg,
        global: GlobalId,
    },
    /// The value of the running closure (the name of a named function expression, §10.1).
    LoadSelf {
        dst: Reg,
    },

    // ---- cells (captured variables) ----
    /// Puts a fresh, uninitialised cell in the slot (block entry, each loop iteration).
    NewCell {
        cell: CellSlot,
    },
    /// Puts a fresh cell holding the current value of the slot's cell (per-iteration copies of
    /// C-style `for` variables, language §8.5.1).
    CopyCell {
        cell: CellSlot,
    },
    /// Reads a cell. With `check`, `R0401` when it is uninitialised (the name is `check`'s).
    LoadCell {
        dst: Reg,
        cell: CellRef,
        check: Option<ConstId>,
    },
    /// Writes a cell. With `check`, `R0401` when it is still uninitialised.
    StoreCell {
        cell: CellRef,
        src: Reg,
        check: Option<ConstId>,
    },

    // ---- operators ----
    Unary {
        dst: Reg,
        op: UnaryOp,
        src: Reg,
    },
    Binary {
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: Reg,
    },
    /// `Binary` whose right operand is a number literal (`i < 10`, `n - 1`, `i += 1`): saves a
    /// register load on the hottest paths.
    BinaryNumber {
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: f64,
    },
    Test {
        dst: Reg,
        test: Test,
        src: Reg,
    },
    /// `c ~? x : y` after the branch: inner(value) with conf(cond) × conf(value).
    ConfidentBranch {
        dst: Reg,
        cond: Reg,
        value: Reg,
    },
    /// `~@>` when the left side is kept: inner(a) with conf(a) × 0.5.
    Escalate {
        dst: Reg,
        src: Reg,
    },
    /// The confidence rule of `a ~|> r` applied to the pipeline result (language §7.3).
    ConfidentPipe {
        dst: Reg,
        left: Reg,
        result: Reg,
    },
    /// `uncertain`: the level of conf(src) as 0 (high), 1 (medium) or 2 (low) (language §7.8).
    Level {
        dst: Reg,
        src: Reg,
    },
    /// Writes the trace's `branch` event for an `uncertain` decision (runtime §13.2) when a
    /// trace is being written: `level` holds the result of `Level` on `value`, `site` indexes
    /// [`crate::Program::branch_sites`].
    TraceBranch {
        level: Reg,
        value: Reg,
        site: u32,
    },

    // ---- literals ----
    NewArray {
        dst: Reg,
    },
    /// Appends a value (or spreads an array/string: `R0206`).
    ArrayPush {
        array: Reg,
        value: Reg,
        spread: bool,
    },
    NewObject {
        dst: Reg,
    },
    /// Stores a literal property (`key` is a string or number value; `R0205` otherwise).
    ObjectInsert {
        object: Reg,
        key: Reg,
        value: Reg,
    },
    ObjectInsertNamed {
        object: Reg,
        key: ConstId,
        value: Reg,
    },
    /// `...value` in an object literal (`R0206`).
    ObjectSpread {
        object: Reg,
        value: Reg,
    },
    /// An interpolated string: quasis interleaved with the text forms of `values`.
    Template(Box<TemplateInstr>),

    // ---- access ----
    GetMember {
        dst: Reg,
        object: Reg,
        name: ConstId,
        read: MemberRead,
    },
    GetIndex {
        dst: Reg,
        object: Reg,
        index: Reg,
    },
    SetMember {
        object: Reg,
        name: ConstId,
        value: Reg,
    },
    SetIndex {
        object: Reg,
        index: Reg,
        value: Reg,
    },

    // ---- functions ----
    /// Calls `callee` with the `argc` registers starting at `args`.
    Call {
        dst: Reg,
        callee: Reg,
        args: Reg,
        argc: u32,
    },
    /// `object.name(args)` without materialising a bound method (language §6.5): a builtin
    /// method of the receiver's type, otherwise the value `object.name` called without receiver.
    CallMethod {
        dst: Reg,
        object: Reg,
        name: ConstId,
        args: Reg,
        argc: u32,
    },
    /// A call with spread arguments.
    CallSpread(Box<CallSpreadInstr>),
    MakeClosure(Box<MakeClosureInstr>),
    /// `await src` (language §6.15): a non-task value passes through unchanged.
    Await {
        dst: Reg,
        src: Reg,
    },

    // ---- iteration (`for … in/of`, language §8.5.2) ----
    /// Checks that `src` is iterable (`R0212`) and writes the sequence the loop walks (the
    /// array itself, the characters of a string, the keys of an object when the loop starts).
    IterPrepare {
        dst: Reg,
        src: Reg,
    },
    /// The current length of a prepared sequence (arrays may grow or shrink while iterated).
    IterLength {
        dst: Reg,
        prepared: Reg,
    },
    /// Iteration `index`: the first and second loop values (element and index, or key and
    /// value), read by the access rule from `source`.
    IterItem(Box<IterItemInstr>),

    // ---- destructuring (language §11) and match (language §6.14) ----
    /// `R0213` unless inner(src) is an array.
    ExpectArray {
        src: Reg,
    },
    /// `R0214` when inner(src) is null.
    ExpectNotNull {
        src: Reg,
    },
    /// `R0214` unless inner(src) is an object (object rest patterns).
    ExpectObject {
        src: Reg,
    },
    /// Element `index` by the access rule, `null` past the end.
    ElementAt {
        dst: Reg,
        array: Reg,
        index: u32,
    },
    /// A new array of the elements from `from` on (access rule), dropping those whose confidence
    /// is below `threshold` when there is one.
    ArrayRest {
        dst: Reg,
        array: Reg,
        from: u32,
        threshold: Option<Reg>,
    },
    /// A new object without `excluded` keys (access rule), filtered by `threshold` as above.
    ObjectRest(Box<ObjectRestInstr>),
    /// `null` when conf(value) < threshold; `R0502` for a bad threshold (language §11.3).
    ApplyThreshold {
        dst: Reg,
        value: Reg,
        threshold: Reg,
    },
    /// Boolean: conf(value) ≥ threshold; `R0502` for a bad threshold (language §6.14.2).
    ConfAtLeast {
        dst: Reg,
        value: Reg,
        threshold: Reg,
    },
    /// Boolean: inner(value) is an array whose length is `len` (`exact`) or at least `len`.
    ArrayShape {
        dst: Reg,
        value: Reg,
        len: u32,
        exact: bool,
    },
    /// Boolean: inner(object) is an object with the key.
    HasKey {
        dst: Reg,
        object: Reg,
        key: ConstId,
    },
    /// Boolean: inner(lhs) and inner(rhs) are equal by SameValueZero (language §4.13).
    SameValueZero {
        dst: Reg,
        lhs: Reg,
        rhs: Reg,
    },

    // ---- exceptions ----
    /// The thrown value of an in-flight exception (the `catch` parameter).
    LoadException {
        dst: Reg,
        slot: ExcSlot,
    },

    // ---- context stack (language §8.10) ----
    PushContext {
        name: ConstId,
    },
    PopContext,
    /// Saves the depth of the context stack (for shifts that last until the statement list ends).
    ContextMark {
        dst: Reg,
    },
    ContextRestore {
        mark: Reg,
    },

    // ---- agents and modules ----
    /// Creates and registers agent `name` from the evaluated declaration object (language §8.11).
    DeclareAgent {
        dst: Reg,
        name: ConstId,
        config: Reg,
    },
    /// Reads an export of an imported module (live: read at each use).
    LoadImport {
        dst: Reg,
        import: ImportId,
        name: ConstId,
    },
    /// The namespace object of an imported module (`import * as ns`).
    LoadNamespace {
        dst: Reg,
        import: ImportId,
    },

    /// A deadline and interruption poll, placed on loop back edges (cheap: a counter).
    Tick,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateInstr {
    pub dst: Reg,
    /// One more than `values`.
    pub quasis: Vec<SmolStr>,
    pub values: Vec<Reg>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallSpreadInstr {
    pub dst: Reg,
    pub callee: Reg,
    pub args: Vec<Arg>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MakeClosureInstr {
    pub dst: Reg,
    pub function: FunctionId,
    /// The cells handed to the closure, in the callee's capture order.
    pub captures: Vec<CellRef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IterItemInstr {
    pub first: Reg,
    pub second: Reg,
    pub source: Reg,
    pub prepared: Reg,
    pub index: Reg,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectRestInstr {
    pub dst: Reg,
    pub object: Reg,
    pub excluded: Vec<SmolStr>,
    pub threshold: Option<Reg>,
}

/// How a block ends.
#[derive(Clone, Debug, PartialEq)]
pub enum Terminator {
    Jump(BlockId),
    /// On the truthiness of inner(cond) (language §4.12).
    Branch {
        cond: Reg,
        then: BlockId,
        otherwise: BlockId,
    },
    /// On a small non-negative integer held in `on` (the `uncertain` levels).
    Switch {
        on: Reg,
        targets: Vec<BlockId>,
    },
    Return(Reg),
    /// `throw value` (language §12.1).
    Throw(Reg),
    /// Rethrows an in-flight exception unchanged (end of a `finally` landing pad).
    Rethrow(ExcSlot),
    /// Never reached (the block after a `return`, `throw` or jump).
    Unreachable,
}

impl Terminator {
    /// The blocks control may continue at.
    pub fn successors(&self) -> Vec<BlockId> {
        match self {
            Terminator::Jump(target) => vec![*target],
            Terminator::Branch {
                then, otherwise, ..
            } => vec![*then, *otherwise],
            Terminator::Switch { targets, .. } => targets.clone(),
            Terminator::Return(_)
            | Terminator::Throw(_)
            | Terminator::Rethrow(_)
            | Terminator::Unreachable => Vec::new(),
        }
    }
}
