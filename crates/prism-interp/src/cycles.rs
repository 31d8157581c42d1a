//! Freeing cycles promptly when a frame lets go of its cells.
//!
//! There is one cycle collector, in `prism_runtime::value::collector`: every container stored
//! into an existing container or cell is registered, and a collection over all of them runs
//! once the registry has doubled (see its module comment and docs/memory.md). This module adds a second, earlier
//! starting point for the most common cycle of all: a function declared inside another
//! captures the cell of its own binding (cell → closure → cell), so every call of a function
//! with a recursive local helper, or every loop iteration declaring one, would otherwise leave
//! a cycle for the next full collection.
//!
//! When a frame ends, or a loop iteration gives a binding a fresh cell, the cells it lets go of
//! that hold a closure someone else also holds become suspects. Suspects are examined, after the
//! registers of finished frames are cleared, when a frame with suspects ends or once enough have
//! gathered: the collector's trial deletion runs over what they reach (through closures, cells,
//! arrays and objects, up to [`MAX_NODES`] containers; larger graphs are left to the full
//! collection), counting the reference being let go as one from inside.
//!
//! A suspect still reachable is examined again at the next collection (a register of the running
//! frame may have held it only for the moment) and then given up: if it becomes garbage later,
//! the full collection finds it through its closure, registered when the cell was assigned.

use std::rc::Rc;

use prism_runtime::value::{collector, SharedCell};
use prism_runtime::Inner;

use crate::vm::Vm;

/// Graphs larger than this are left to the full collection: the check at a frame's end stays
/// cheap.
const MAX_NODES: usize = 512;

/// Suspects gathered before a collection runs without waiting for a frame to end.
const SUSPECTS_BEFORE_COLLECTION: usize = 32;

/// Collections a reachable suspect takes part in before it is given up.
const SUSPECT_ROUNDS: u8 = 2;

impl Vm<'_, '_> {
    /// Takes a cell the running frame lets go of (a binding's previous cell in a loop): a
    /// suspect if it may be part of a cycle, otherwise simply released.
    pub(crate) fn let_go(&mut self, cell: SharedCell) {
        if may_cycle(&cell) {
            self.suspects.push((cell, 0));
            if self.suspects.len() >= SUSPECTS_BEFORE_COLLECTION {
                self.collect_cycles();
            }
        }
    }

    /// Moves the cells of the frame that starts at `cell_base` among the suspects and collects,
    /// after the frame's registers are given up. Called as a function's frame ends.
    pub(crate) fn end_frame_cells(&mut self, cell_base: usize) {
        let start = self.suspects.len();
        for cell in self.cells.drain(cell_base..) {
            if may_cycle(&cell) {
                self.suspects.push((cell, 0));
            }
        }
        if self.suspects.len() > start {
            self.collect_cycles();
        }
    }

    /// Frees the unreachable cycles among the suspects. The registers of finished frames (above
    /// the running one) are cleared first: a stale register must not look like a reference.
    fn collect_cycles(&mut self) {
        self.stack.truncate(self.top);
        let (cells, rounds): (Vec<SharedCell>, Vec<u8>) =
            std::mem::take(&mut self.suspects).into_iter().unzip();
        release(&cells);
        self.suspects = cells
            .into_iter()
            .zip(rounds)
            .filter(|(cell, round)| round + 1 < SUSPECT_ROUNDS && may_cycle(cell))
            .map(|(cell, round)| (cell, round + 1))
            .collect();
    }
}

/// A finished task's interpreter examines its last suspects: nothing of it is reachable anymore
/// except through values it returned or stored, which count as outside references.
impl Drop for Vm<'_, '_> {
    fn drop(&mut self) {
        if !self.suspects.is_empty() {
            self.top = 0;
            self.collect_cycles();
        }
    }
}

/// Whether a cell being let go may be part of a cycle: it holds a closure and someone else holds
/// the cell too. Anything else is freed, or kept, correctly by reference counting.
#[inline]
pub(crate) fn may_cycle(cell: &SharedCell) -> bool {
    Rc::strong_count(cell) > 1
        && cell
            .try_borrow()
            .is_ok_and(|value| matches!(value.inner(), Inner::Closure(_)))
}

/// Frees the cycles among `dropped` (cells whose owner is about to release one reference to
/// each) and what they reach, leaving everything reachable from outside alone.
fn release(dropped: &[SharedCell]) {
    if dropped.iter().any(may_cycle) {
        collector::collect_from_cells(dropped, MAX_NODES);
    }
}
