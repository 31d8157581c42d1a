//! The lowered intermediate representation of Prism programs, and the lowering from a resolved
//! syntax tree. See `docs/ir.md` for the full description; in short:
//!
//! * A file lowers to one [`Program`]: a vector of [`Function`]s indexed by [`FunctionId`], the
//!   file's top level being one of them.
//! * A function is a control-flow graph of basic [`Block`]s. Each block is a list of
//!   [`Instr`]uctions over numbered virtual registers ([`Reg`]) and one explicit [`Terminator`]
//!   (jump, branch on truthiness, switch, return, throw, rethrow). No names survive lowering:
//!   variables are registers, heap cells ([`CellRef`]) for variables captured by closures, or
//!   globals resolved once at load time.
//! * Exceptions are explicit handler regions: each block names the [`Handler`] that receives its
//!   exceptions; `finally` blocks are duplicated on every exit path (see `lower::control`).
//! * Completion values (language §8.1) are explicit: the lowering writes each statement list's
//!   last value into a register that the function returns.
//! * Every instruction has a source span (for error positions and call stacks).
//!
//! All operation semantics live in the runtime's `ops`; the IR only says which operation runs on
//! which registers, so an interpreter and a Cranelift backend can share them.
#![forbid(unsafe_code)]

pub mod dump;
pub mod instr;
pub mod ir;
mod lower;
pub mod validate;

pub use instr::*;
pub use ir::*;
pub use lower::lower_program;
