//! The cycle collector: frees arrays, objects, closures and cells that only reach each other.
//!
//! Values are reference counted, and reference counting alone never frees a cycle
//! (`o.me = o`, `a.push(a)`, `o.f = () => o`). A cycle is closed by a write: some container
//! (array, object, closure, or a bound method's receiver) is stored into an array, object or
//! cell that already existed, and both are on the cycle. (Building a literal or a builtin's
//! result cannot close one: the new container does not exist yet for the others to refer to.)
//! So the writes of the language and of the builtins call [`stored`], which registers the
//! stored container here as a `Weak` reference. Once the registry has doubled since the last
//! collection (and holds at least [`MIN_THRESHOLD`] entries), a collection runs:
//!
//! 1. entries whose container is gone are dropped;
//! 2. the live ones, and everything they reach, form a graph (see [`super::cycle_graph`]);
//! 3. trial deletion: a node whose strong count exceeds the references it receives from inside
//!    the graph is held from outside (a Rust local, a register, a suspended task, a builtin's
//!    iteration in progress), and so is everything it reaches; the rest is emptied, which
//!    breaks its cycles, and reference counting frees it;
//! 4. the survivors stay registered: one of them may become garbage later.
//!
//! No roots are needed, so nothing outside the runtime has to report what it holds, and the
//! collection may run at any such write. A write that forgets to call [`stored`] can only
//! delay freeing a cycle (it may then never be found), never free something reachable. Objects
//! that only ever hold numbers and strings, the common case, are never registered, so they cost
//! nothing and are freed the moment they die. The next collection waits until the
//! registry holds twice the containers that survived, so the work is amortised over the
//! registered writes, and unreachable cycles never amount to more than a constant factor of the
//! live data (plus [`MIN_THRESHOLD`] containers).
//!
//! The interpreter also starts a collection from a handful of cells when a frame ends
//! ([`collect_from_cells`]): recursive local functions are then freed without waiting.
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use super::cycle_graph::{Graph, Node};
use super::{Closure, Inner, ObjectData, SharedCell, Value};

/// Registrations before the first collection, and the least between two collections.
pub const MIN_THRESHOLD: usize = 4096;

/// A registered container.
enum Entry {
    Array(Weak<RefCell<Vec<super::Value>>>),
    Object(Weak<RefCell<ObjectData>>),
    Closure(Weak<Closure>),
}

impl Entry {
    fn upgrade(&self) -> Option<Node> {
        match self {
            Entry::Array(weak) => weak.upgrade().map(Node::Array),
            Entry::Object(weak) => weak.upgrade().map(Node::Object),
            Entry::Closure(weak) => weak.upgrade().map(Node::Closure),
        }
    }

    fn of_node(node: &Node) -> Option<Entry> {
        match node {
            Node::Array(rc) => Some(Entry::Array(Rc::downgrade(rc))),
            Node::Object(rc) => Some(Entry::Object(Rc::downgrade(rc))),
            Node::Closure(rc) => Some(Entry::Closure(Rc::downgrade(rc))),
            Node::Cell(_) | Node::Bound(_) => None,
        }
    }
}

struct Registry {
    entries: Vec<Entry>,
    threshold: usize,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = const {
        RefCell::new(Registry { entries: Vec::new(), threshold: MIN_THRESHOLD })
    };
    /// Set while a collection runs: a container created meanwhile is registered but starts no
    /// collection of its own.
    static COLLECTING: Cell<bool> = const { Cell::new(false) };
}

/// What one collection did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Collection {
    /// Containers (arrays, objects, closures, cells, bound methods) emptied as unreachable.
    pub freed: usize,
    /// Registered containers still reachable afterwards.
    pub survivors: usize,
}

#[inline]
fn register(entry: Entry) {
    let due = REGISTRY.with(|registry| match registry.try_borrow_mut() {
        Ok(mut registry) => {
            registry.entries.push(entry);
            registry.entries.len() >= registry.threshold
        }
        // Only a collection borrows the registry for long, and it registers nothing.
        Err(_) => false,
    });
    if due {
        collect();
    }
}

/// Records that `value` was just stored into an array, object or cell that already existed
/// (the write barrier: see the module comment). Scalars and strings cost one test. Call it
/// before borrowing the container written to: it may start a collection.
#[inline]
pub fn stored(value: &Value) {
    match value.inner() {
        Inner::Array(rc) => register(Entry::Array(Rc::downgrade(rc))),
        Inner::Object(rc) => register(Entry::Object(Rc::downgrade(rc))),
        Inner::Closure(rc) => register(Entry::Closure(Rc::downgrade(rc))),
        // A bound method on a cycle leads to its receiver, the next container on it.
        Inner::Bound(rc) => stored(&rc.receiver),
        _ => {}
    }
}

/// Frees every unreachable cycle among the registered containers (see the module comment).
/// Nothing the program can still reach is changed.
pub fn collect() -> Collection {
    if COLLECTING.with(|collecting| collecting.replace(true)) {
        return Collection::default();
    }
    let entries = REGISTRY.with(|registry| {
        registry
            .try_borrow_mut()
            .map(|mut registry| std::mem::take(&mut registry.entries))
            .unwrap_or_default()
    });
    let mut graph = Graph::new();
    for node in entries.iter().filter_map(Entry::upgrade) {
        graph.add_start(node, 0);
    }
    drop(entries);
    let result = match graph.explore(usize::MAX) {
        Ok(()) => {
            let live = graph.reachable();
            let (freed, survivors) = graph.free_unreachable(&live);
            let kept: Vec<Entry> = survivors.iter().filter_map(Entry::of_node).collect();
            drop(survivors);
            let survivors = kept.len();
            REGISTRY.with(|registry| {
                if let Ok(mut registry) = registry.try_borrow_mut() {
                    let created_meanwhile = std::mem::replace(&mut registry.entries, kept);
                    registry.entries.extend(created_meanwhile);
                    registry.threshold = MIN_THRESHOLD.max(survivors.saturating_mul(2));
                }
            });
            Collection { freed, survivors }
        }
        // Unreachable with no limit given; kept for completeness: nothing is freed.
        Err(_) => Collection::default(),
    };
    COLLECTING.with(|collecting| collecting.set(false));
    result
}

/// Frees the unreachable cycles that run through `cells`, which the caller holds one
/// reference to each of and is about to release. Gives up (frees nothing) past `limit`
/// containers, leaving those cycles to the next full collection. Returns how many containers
/// were emptied.
pub fn collect_from_cells(cells: &[SharedCell], limit: usize) -> usize {
    if COLLECTING.with(|collecting| collecting.replace(true)) {
        return 0;
    }
    let mut graph = Graph::new();
    for cell in cells {
        graph.add_start(Node::Cell(Rc::clone(cell)), 1);
    }
    let freed = match graph.explore(limit) {
        Ok(()) => {
            let live = graph.reachable();
            graph.free_unreachable(&live).0
        }
        Err(_) => 0,
    };
    COLLECTING.with(|collecting| collecting.set(false));
    freed
}

/// How many containers are registered now (live or not yet pruned).
pub fn registered() -> usize {
    REGISTRY.with(|registry| registry.try_borrow().map_or(0, |r| r.entries.len()))
}

#[cfg(test)]
#[path = "collector_tests.rs"]
mod tests;
