//! The interpreter's own form of a function: the IR's basic blocks laid end to end as one flat
//! array of small `Copy` operations, translated once when a program is loaded.
//!
//! The IR stays the contract shared with the JIT; this form only changes how the interpreter walks
//! it. What it buys on the hot paths: one dispatch per operation with no block or instruction
//! list to re-enter, jumps to the next block dropped, and a loop's compare, `Tick` and branch run
//! as one operation (the back edge of a `for` loop is then a single dispatch). Everything else
//! runs the IR instruction itself through the general `step`, so semantics live in one place.
//!
//! Every operation remembers the IR position it came from (`locs`), which is how errors get their
//! source span and their exception handler: the failing instruction, as before the translation.

use prism_ir::{BinaryOp, BlockId, CellRef, Function, Instr, MemberRead, Program, Terminator};

/// A comparison of two plain numbers, the test of a fused compare-and-branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    Lt,
    LtEq,
    Gt,
    GtEq,
    Eq,
    NotEq,
}

impl Cmp {
    fn of(op: BinaryOp) -> Option<Cmp> {
        Some(match op {
            BinaryOp::Lt => Cmp::Lt,
            BinaryOp::LtEq => Cmp::LtEq,
            BinaryOp::Gt => Cmp::Gt,
            BinaryOp::GtEq => Cmp::GtEq,
            BinaryOp::Eq => Cmp::Eq,
            BinaryOp::NotEq => Cmp::NotEq,
            _ => return None,
        })
    }

    /// IEEE comparisons: anything with NaN is false except `!=`, as in `ops`.
    #[inline(always)]
    pub(crate) fn holds(self, x: f64, y: f64) -> bool {
        match self {
            Cmp::Lt => x < y,
            Cmp::LtEq => x <= y,
            Cmp::Gt => x > y,
            Cmp::GtEq => x >= y,
            Cmp::Eq => x == y,
            Cmp::NotEq => x != y,
        }
    }
}

/// One operation. Registers are frame-relative indices (validated against the function's
/// register count when the program was loaded); jump targets are indices into [`Code::ops`].
#[derive(Clone, Copy, Debug)]
pub(crate) enum Op {
    /// The IR instruction at this operation's `loc`, run by the general `step`.
    Step,
    /// The terminator of this operation's block, run by the general `terminate`.
    Terminate,
    Move {
        dst: u32,
        src: u32,
    },
    LoadNumber {
        dst: u32,
        value: f64,
    },
    LoadBool {
        dst: u32,
        value: bool,
    },
    /// `+`, `-`, `*` on two registers, or on a register and a number literal (`…Number`), the
    /// operators of counters and accumulators; specialised so that the number path does not go
    /// through a second `match` on the operator.
    Add {
        dst: u32,
        lhs: u32,
        rhs: u32,
    },
    Sub {
        dst: u32,
        lhs: u32,
        rhs: u32,
    },
    Mul {
        dst: u32,
        lhs: u32,
        rhs: u32,
    },
    AddNumber {
        dst: u32,
        lhs: u32,
        rhs: f64,
    },
    SubNumber {
        dst: u32,
        lhs: u32,
        rhs: f64,
    },
    MulNumber {
        dst: u32,
        lhs: u32,
        rhs: f64,
    },
    Binary {
        op: BinaryOp,
        dst: u32,
        lhs: u32,
        rhs: u32,
    },
    BinaryNumber {
        op: BinaryOp,
        dst: u32,
        lhs: u32,
        rhs: f64,
    },
    Call {
        dst: u32,
        callee: u32,
        args: u32,
        argc: u32,
    },
    /// `LoadCell` of a captured cell without a dead-zone check (a function reading itself or a
    /// variable of an enclosing function).
    LoadCaptured {
        dst: u32,
        capture: u32,
    },
    /// `object.push(value)`: appends directly when `object` is a plain array (the builtin is
    /// then certain to be `Array.push`); the general `CallMethod` otherwise.
    Push {
        dst: u32,
        object: u32,
        value: u32,
    },
    /// `{…}` with its literal properties counted: the object is created with room for them.
    NewObject {
        dst: u32,
        capacity: u32,
    },
    /// A literal property with a constant key (`key` indexes the program's constants).
    ObjectInsertNamed {
        object: u32,
        key: u32,
        value: u32,
    },
    /// `object.name` (`.`) with a constant name: read directly from a plain object, the general
    /// `GetMember` otherwise.
    GetMember {
        dst: u32,
        object: u32,
        name: u32,
    },
    /// `object.name = value`: stored directly into a writable object, the general `SetMember`
    /// otherwise.
    SetMember {
        object: u32,
        name: u32,
        value: u32,
    },
    Tick,
    Jump {
        target: u32,
    },
    Branch {
        cond: u32,
        then: u32,
        otherwise: u32,
    },
    /// `Tick` (when `tick`), `dst = lhs <cmp> rhs`, `Branch dst`: the IR's last instructions of a
    /// block and its terminator. `dst` is still written, as the IR says.
    CompareBranch {
        cmp: Cmp,
        tick: bool,
        dst: u32,
        lhs: u32,
        rhs: u32,
        then: u32,
        otherwise: u32,
    },
    /// The same with a number literal on the right (`i < 1000`).
    CompareNumberBranch {
        cmp: Cmp,
        tick: bool,
        dst: u32,
        lhs: u32,
        rhs: f64,
        then: u32,
        otherwise: u32,
    },
    Return {
        src: u32,
    },
}

/// Where an operation came from: an IR block and the index of its first instruction there
/// (`index == instrs.len()` for the terminator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Loc {
    pub block: u32,
    pub index: u32,
}

/// One function in the interpreter's form.
#[derive(Debug)]
pub(crate) struct Code {
    pub ops: Vec<Op>,
    /// `locs[pc]` is the origin of `ops[pc]`.
    pub locs: Vec<Loc>,
    /// The operation each IR block starts at.
    pub block_pc: Vec<u32>,
}

impl Code {
    /// Translates a validated function of `program`.
    pub(crate) fn new(program: &Program, function: &Function) -> Code {
        let mut code = Code {
            ops: Vec::new(),
            locs: Vec::new(),
            block_pc: Vec::with_capacity(function.blocks.len()),
        };
        for (block_index, block) in function.blocks.iter().enumerate() {
            code.block_pc.push(code.ops.len() as u32);
            let block_id = block_index as u32;
            let at = |index: usize| Loc {
                block: block_id,
                index: index as u32,
            };
            let fused = fuse_branch(&block.instrs, &block.terminator);
            let plain = block.instrs.len() - fused.map_or(0, |(_, covered)| covered);
            for (index, instr) in block.instrs.iter().take(plain).enumerate() {
                let op = match *instr {
                    Instr::NewObject { dst } => Op::NewObject {
                        dst: dst.0,
                        capacity: literal_properties(&block.instrs[index + 1..], dst),
                    },
                    _ => simple(program, instr),
                };
                code.push(op, at(index));
            }
            match fused {
                Some((op, _)) => code.push(op, at(plain)),
                None => {
                    let next = BlockId(block_id + 1);
                    match &block.terminator {
                        // Falls through to the next block, laid out right after this one.
                        Terminator::Jump(target) if *target == next => {}
                        terminator => code.push(terminator_op(terminator), at(block.instrs.len())),
                    }
                }
            }
        }
        code.resolve_targets();
        code
    }

    /// The operation block `block` starts at.
    #[inline]
    pub(crate) fn start(&self, block: BlockId) -> usize {
        self.block_pc.get(block.index()).copied().unwrap_or(0) as usize
    }

    /// The IR position operation `pc` came from.
    #[inline]
    pub(crate) fn loc(&self, pc: usize) -> Loc {
        self.locs
            .get(pc)
            .copied()
            .unwrap_or(Loc { block: 0, index: 0 })
    }

    fn push(&mut self, op: Op, loc: Loc) {
        self.ops.push(op);
        self.locs.push(loc);
    }

    /// Jump targets were written as block ids during translation; they become operation indices.
    fn resolve_targets(&mut self) {
        let block_pc = &self.block_pc;
        let pc = |block: &mut u32| *block = block_pc.get(*block as usize).copied().unwrap_or(0);
        for op in &mut self.ops {
            match op {
                Op::Jump { target } => pc(target),
                Op::Branch {
                    then, otherwise, ..
                }
                | Op::CompareBranch {
                    then, otherwise, ..
                }
                | Op::CompareNumberBranch {
                    then, otherwise, ..
                } => {
                    pc(then);
                    pc(otherwise);
                }
                _ => {}
            }
        }
    }
}

/// The operation for an instruction on its own.
fn simple(program: &Program, instr: &Instr) -> Op {
    match *instr {
        Instr::LoadCell {
            dst,
            cell: CellRef::Captured(capture),
            check: None,
        } => Op::LoadCaptured {
            dst: dst.0,
            capture: capture.0,
        },
        Instr::CallMethod {
            dst,
            object,
            name,
            args,
            argc: 1,
        } if program.string(name) == "push" => Op::Push {
            dst: dst.0,
            object: object.0,
            value: args.0,
        },
        Instr::Move { dst, src } => Op::Move {
            dst: dst.0,
            src: src.0,
        },
        Instr::LoadNumber { dst, value } => Op::LoadNumber { dst: dst.0, value },
        Instr::LoadBool { dst, value } => Op::LoadBool { dst: dst.0, value },
        Instr::Binary { dst, op, lhs, rhs } => {
            let (dst, lhs, rhs) = (dst.0, lhs.0, rhs.0);
            match op {
                BinaryOp::Add => Op::Add { dst, lhs, rhs },
                BinaryOp::Sub => Op::Sub { dst, lhs, rhs },
                BinaryOp::Mul => Op::Mul { dst, lhs, rhs },
                op => Op::Binary { op, dst, lhs, rhs },
            }
        }
        Instr::BinaryNumber { dst, op, lhs, rhs } => {
            let (dst, lhs) = (dst.0, lhs.0);
            match op {
                BinaryOp::Add => Op::AddNumber { dst, lhs, rhs },
                BinaryOp::Sub => Op::SubNumber { dst, lhs, rhs },
                BinaryOp::Mul => Op::MulNumber { dst, lhs, rhs },
                op => Op::BinaryNumber { op, dst, lhs, rhs },
            }
        }
        Instr::Call {
            dst,
            callee,
            args,
            argc,
        } => Op::Call {
            dst: dst.0,
            callee: callee.0,
            args: args.0,
            argc,
        },
        Instr::ObjectInsertNamed { object, key, value } => Op::ObjectInsertNamed {
            object: object.0,
            key: key.0,
            value: value.0,
        },
        Instr::GetMember {
            dst,
            object,
            name,
            read: MemberRead::Dot,
        } => Op::GetMember {
            dst: dst.0,
            object: object.0,
            name: name.0,
        },
        Instr::SetMember {
            object,
            name,
            value,
        } => Op::SetMember {
            object: object.0,
            name: name.0,
            value: value.0,
        },
        Instr::Tick => Op::Tick,
        _ => Op::Step,
    }
}

/// How many properties the object literal created into `object` inserts right after (the
/// instructions that follow its `NewObject` in the block). Only a size hint: a later key that
/// repeats an earlier one just leaves room unused.
fn literal_properties(following: &[Instr], object: prism_ir::Reg) -> u32 {
    following
        .iter()
        .take_while(|instr| !matches!(instr, Instr::NewObject { dst } if *dst == object))
        .filter(|instr| {
            matches!(instr,
                Instr::ObjectInsertNamed { object: target, .. }
                | Instr::ObjectInsert { object: target, .. } if *target == object)
        })
        .take(64)
        .count() as u32
}

fn terminator_op(terminator: &Terminator) -> Op {
    match *terminator {
        Terminator::Jump(target) => Op::Jump { target: target.0 },
        Terminator::Branch {
            cond,
            then,
            otherwise,
        } => Op::Branch {
            cond: cond.0,
            then: then.0,
            otherwise: otherwise.0,
        },
        Terminator::Return(src) => Op::Return { src: src.0 },
        _ => Op::Terminate,
    }
}

/// A block ending in a comparison whose result is the branch condition (optionally preceded by
/// a `Tick`): the fused operation and how many instructions it covers.
fn fuse_branch(instrs: &[Instr], terminator: &Terminator) -> Option<(Op, usize)> {
    let Terminator::Branch {
        cond,
        then,
        otherwise,
    } = *terminator
    else {
        return None;
    };
    let (last, before) = instrs.split_last()?;
    let tick = matches!(before.last(), Some(Instr::Tick));
    let covered = 1 + usize::from(tick);
    let op = match *last {
        Instr::Binary { dst, op, lhs, rhs } if dst == cond => Op::CompareBranch {
            cmp: Cmp::of(op)?,
            tick,
            dst: dst.0,
            lhs: lhs.0,
            rhs: rhs.0,
            then: then.0,
            otherwise: otherwise.0,
        },
        Instr::BinaryNumber { dst, op, lhs, rhs } if dst == cond => Op::CompareNumberBranch {
            cmp: Cmp::of(op)?,
            tick,
            dst: dst.0,
            lhs: lhs.0,
            rhs,
            then: then.0,
            otherwise: otherwise.0,
        },
        _ => return None,
    };
    Some((op, covered))
}

#[cfg(test)]
mod tests;
