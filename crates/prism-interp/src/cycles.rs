//! Freeing the reference cycles of recursive local functions.
//!
//! A function declared inside another captures the cell of its own binding, and mutually
//! recursive functions capture each other's: cell → closure → cell. Reference counting alone
//! never frees such a cycle, so every call of a function with a recursive local helper (or every
//! loop iteration declaring one) would leak the helper and its cells.
//!
//! When a frame ends, or a loop iteration gives a binding a fresh cell, the cells it lets go of
//! that hold a closure someone else also holds become suspects. Suspects are examined, after the
//! registers of finished frames are cleared, when a frame with suspects ends or once enough have
//! gathered, by trial deletion: the cells and closures reachable from them through captures
//! form a small graph. A node whose reference count exceeds the references from inside the graph
//! (plus the reference being let go) is held from outside, and so is everything it reaches. The
//! rest can no longer be reached by the program: emptying its cells breaks the cycles, and
//! reference counting frees it. Values other than closures are not followed (a reference from
//! an array or object counts as one from outside), so the rule never frees anything reachable.
//!
//! A suspect still reachable is examined again at the next collection (a register of the running
//! frame may have held it only for the moment) and then given up. Not covered: a recursive
//! closure that outlives its frame (returned or stored elsewhere) still leaks once its last
//! outside reference goes.

use std::collections::HashMap;
use std::rc::Rc;

use prism_runtime::value::{Closure, SharedCell};
use prism_runtime::{Inner, Value};

use crate::vm::Vm;

/// Graphs larger than this are left alone (kept, never freed): the check stays cheap.
const MAX_NODES: usize = 256;

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
/// each) and the closures and cells they reach, leaving everything reachable from outside alone.
pub(crate) fn release(dropped: &[SharedCell]) {
    if !dropped.iter().any(may_cycle) {
        return;
    }
    let Some(graph) = Graph::explore(dropped) else {
        return;
    };
    let live = graph.live();
    for (index, cell) in graph.cells.iter().enumerate() {
        if !live[index] {
            // Taken out first and dropped after the borrow ends: the value may hold the cell.
            let value = cell
                .try_borrow_mut()
                .map(|mut slot| std::mem::replace(&mut *slot, Value::NULL));
            drop(value);
        }
    }
}

/// The cells and closures reachable from the dropped cells. Nodes are numbered cells first
/// (`0..cells.len()`), then closures (offset by `MAX_NODES`).
struct Graph {
    cells: Vec<SharedCell>,
    closures: Vec<Rc<Closure>>,
    /// References to each node from inside the graph (and from the owner letting go).
    internal: Vec<usize>,
    edges: Vec<Vec<usize>>,
}

impl Graph {
    fn explore(dropped: &[SharedCell]) -> Option<Graph> {
        let mut graph = Graph {
            cells: Vec::new(),
            closures: Vec::new(),
            internal: Vec::new(),
            edges: Vec::new(),
        };
        let mut cell_index: HashMap<*const (), usize> = HashMap::new();
        let mut closure_index: HashMap<*const (), usize> = HashMap::new();
        let mut pending: Vec<usize> = Vec::new();
        for cell in dropped {
            let node = graph.add_cell(cell, &mut cell_index, &mut pending)?;
            graph.internal[node] += 1;
        }
        while let Some(node) = pending.pop() {
            if let Some(cell) = graph.cells.get(node).cloned() {
                let value = cell.try_borrow().ok()?;
                if let Inner::Closure(closure) = value.inner() {
                    let target = graph.add_closure(closure, &mut closure_index, &mut pending)?;
                    graph.internal[target] += 1;
                    graph.edges[node].push(target);
                }
            } else {
                let closure = graph.closures.get(node - MAX_NODES)?.clone();
                for capture in closure.captures.iter() {
                    let target = graph.add_cell(capture, &mut cell_index, &mut pending)?;
                    graph.internal[target] += 1;
                    graph.edges[node].push(target);
                }
            }
        }
        Some(graph)
    }

    fn add_cell(
        &mut self,
        cell: &SharedCell,
        index: &mut HashMap<*const (), usize>,
        pending: &mut Vec<usize>,
    ) -> Option<usize> {
        let key = Rc::as_ptr(cell).cast::<()>();
        if let Some(&node) = index.get(&key) {
            return Some(node);
        }
        if self.cells.len() >= MAX_NODES {
            return None;
        }
        let node = self.cells.len();
        self.cells.push(Rc::clone(cell));
        self.grow_to(node);
        index.insert(key, node);
        pending.push(node);
        Some(node)
    }

    fn add_closure(
        &mut self,
        closure: &Rc<Closure>,
        index: &mut HashMap<*const (), usize>,
        pending: &mut Vec<usize>,
    ) -> Option<usize> {
        let key = Rc::as_ptr(closure).cast::<()>();
        if let Some(&node) = index.get(&key) {
            return Some(node);
        }
        if self.closures.len() >= MAX_NODES {
            return None;
        }
        let node = MAX_NODES + self.closures.len();
        self.closures.push(Rc::clone(closure));
        self.grow_to(node);
        index.insert(key, node);
        pending.push(node);
        Some(node)
    }

    fn grow_to(&mut self, node: usize) {
        if self.internal.len() <= node {
            self.internal.resize(node + 1, 0);
            self.edges.resize_with(node + 1, Vec::new);
        }
    }

    /// The count of references to `node` from outside the graph (the graph's own clone of each
    /// node is not one of them).
    fn outside(&self, node: usize) -> usize {
        let count = if node < MAX_NODES {
            self.cells.get(node).map_or(0, Rc::strong_count)
        } else {
            self.closures
                .get(node - MAX_NODES)
                .map_or(0, Rc::strong_count)
        };
        count.saturating_sub(1 + self.internal[node])
    }

    /// Which cells stay reachable: those held from outside and everything those reach.
    fn live(&self) -> Vec<bool> {
        let nodes = self.internal.len();
        let mut live = vec![false; nodes];
        let mut pending: Vec<usize> = (0..self.cells.len())
            .chain((0..self.closures.len()).map(|index| MAX_NODES + index))
            .filter(|&node| self.outside(node) > 0)
            .collect();
        while let Some(node) = pending.pop() {
            if std::mem::replace(&mut live[node], true) {
                continue;
            }
            pending.extend(self.edges[node].iter().copied().filter(|&next| !live[next]));
        }
        live.truncate(self.cells.len());
        live
    }
}
