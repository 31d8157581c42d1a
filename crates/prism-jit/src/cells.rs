//! Which captured cells provably hold one known function (a whole-file analysis).
//!
//! A function declaration that calls itself (or another declaration of the same scope) reads
//! the callee from a cell: `function fib(n) { … fib(n - 1) … }` captures the cell of `fib`. When
//! every store into that cell, in every function of the file, stores a closure made by
//! `MakeClosure` of one function `F`, a checked-free read of the cell is `F` itself, and the
//! JIT can call `F`'s native code directly without reading the cell at run time.

use std::collections::HashMap;

use prism_ir::{CellRef, FunctionId, Instr, Program, Reg};

use crate::defs::written;

/// A cell by its creator: the function whose frame holds it and the slot.
type Origin = (u32, u32);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Unseen,
    One(Origin),
    Conflict,
}

/// The cells of one file that provably hold a closure of one function.
pub(crate) struct KnownCells {
    captures: Vec<Vec<Capture>>,
    known: HashMap<Origin, u32>,
}

impl KnownCells {
    pub(crate) fn analyse(program: &Program) -> KnownCells {
        let captures = capture_origins(program);
        let mut cells = KnownCells {
            captures,
            known: HashMap::new(),
        };
        cells.known = cells.stored_functions(program).unwrap_or_default();
        cells
    }

    fn origin(&self, function: u32, cell: CellRef) -> Option<Origin> {
        match cell {
            CellRef::Local(slot) => Some((function, slot.0)),
            CellRef::Captured(index) => match self
                .captures
                .get(function as usize)
                .and_then(|list| list.get(index.index()))
            {
                Some(Capture::One(origin)) => Some(*origin),
                _ => None,
            },
        }
    }

    /// The function whose closure the cell `cell`, read in `function`, always holds.
    pub(crate) fn function_in(&self, function: u32, cell: CellRef) -> Option<FunctionId> {
        let origin = self.origin(function, cell)?;
        self.known.get(&origin).map(|id| FunctionId(*id))
    }

    /// For every cell, the one function all its stores make; `None` when some store's cell is
    /// not known (then no cell is trusted).
    fn stored_functions(&self, program: &Program) -> Option<HashMap<Origin, u32>> {
        let mut stores: HashMap<Origin, Option<u32>> = HashMap::new();
        for (index, function) in program.functions.iter().enumerate() {
            let index = index as u32;
            for block in &function.blocks {
                for instr in &block.instrs {
                    match instr {
                        Instr::StoreCell { cell, src, .. } => {
                            let origin = self.origin(index, *cell)?;
                            let made = made_by(program, index, *src);
                            let entry = stores.entry(origin).or_insert(made);
                            if *entry != made {
                                *entry = None;
                            }
                        }
                        Instr::CopyCell { cell } => {
                            stores.insert((index, cell.0), None);
                        }
                        _ => {}
                    }
                }
            }
        }
        Some(
            stores
                .into_iter()
                .filter_map(|(origin, made)| made.map(|id| (origin, id)))
                .collect(),
        )
    }
}

/// The function whose `MakeClosure` is the only definition of `reg` in `function`.
fn made_by(program: &Program, function: u32, reg: Reg) -> Option<u32> {
    let body = program.functions.get(function as usize)?;
    let arguments = body.params + u32::from(body.has_rest);
    if reg.0 < arguments {
        return None;
    }
    let mut made = None;
    for block in &body.blocks {
        for instr in &block.instrs {
            if !written(instr).contains(&Some(reg)) {
                continue;
            }
            match (instr, made) {
                (Instr::MakeClosure(make), None) => made = Some(make.function.0),
                (Instr::MakeClosure(make), Some(id)) if make.function.0 == id => {}
                _ => return None,
            }
        }
    }
    made
}

/// Where each function's captured cells come from, followed through nested closures.
fn capture_origins(program: &Program) -> Vec<Vec<Capture>> {
    let mut captures: Vec<Vec<Capture>> = program
        .functions
        .iter()
        .map(|function| vec![Capture::Unseen; function.captures as usize])
        .collect();
    // Each round resolves at least one more level of nesting; nesting is finite.
    for _ in 0..=program.functions.len() {
        let mut changed = false;
        for (parent, function) in program.functions.iter().enumerate() {
            for block in &function.blocks {
                for instr in &block.instrs {
                    let Instr::MakeClosure(make) = instr else {
                        continue;
                    };
                    for (index, cell) in make.captures.iter().enumerate() {
                        let origin = match cell {
                            CellRef::Local(slot) => Capture::One((parent as u32, slot.0)),
                            CellRef::Captured(outer) => captures
                                .get(parent)
                                .and_then(|list| list.get(outer.index()))
                                .copied()
                                .unwrap_or(Capture::Conflict),
                        };
                        let Some(slot) = captures
                            .get_mut(make.function.index())
                            .and_then(|list| list.get_mut(index))
                        else {
                            continue;
                        };
                        let merged = match (*slot, origin) {
                            (current, Capture::Unseen) => current,
                            (Capture::Unseen, new) => new,
                            (current, new) if current == new => current,
                            _ => Capture::Conflict,
                        };
                        if merged != *slot {
                            *slot = merged;
                            changed = true;
                        }
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    captures
}
