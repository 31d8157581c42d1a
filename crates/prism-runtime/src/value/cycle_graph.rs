//! Trial deletion over a graph of containers: which of them the program can no longer reach.
//!
//! The graph is everything reachable from a set of starting containers through arrays, objects,
//! closures, captured cells and bound methods. Each node's strong count is compared with the
//! references it receives from inside the graph: a node with more is held from somewhere else
//! (a Rust local, a register, a task's frame, a module's exports, a container the graph does
//! not follow such as a task), and so is everything it reaches. Whatever is left is reachable
//! only from itself, so emptying it breaks its cycles and reference counting frees it.
//!
//! The rule is conservative by construction: an edge the graph cannot see (a container that is
//! borrowed right now, a value inside a task) only ever makes a node look held from outside.
use std::collections::HashMap;
use std::rc::Rc;

use super::{ArrayRef, BoundMethod, Closure, Inner, ObjectData, SharedCell, Value};

pub(super) type ObjectRef = Rc<std::cell::RefCell<ObjectData>>;

/// One container of the graph, holding one strong reference of its own.
pub(super) enum Node {
    Array(ArrayRef),
    Object(ObjectRef),
    Closure(Rc<Closure>),
    Cell(SharedCell),
    Bound(Rc<BoundMethod>),
}

impl Node {
    fn address(&self) -> usize {
        match self {
            Node::Array(rc) => Rc::as_ptr(rc) as usize,
            Node::Object(rc) => Rc::as_ptr(rc) as usize,
            Node::Closure(rc) => Rc::as_ptr(rc) as usize,
            Node::Cell(rc) => Rc::as_ptr(rc) as usize,
            Node::Bound(rc) => Rc::as_ptr(rc) as usize,
        }
    }

    fn strong_count(&self) -> usize {
        match self {
            Node::Array(rc) => Rc::strong_count(rc),
            Node::Object(rc) => Rc::strong_count(rc),
            Node::Closure(rc) => Rc::strong_count(rc),
            Node::Cell(rc) => Rc::strong_count(rc),
            Node::Bound(rc) => Rc::strong_count(rc),
        }
    }

    /// The node a value refers to, if it is a container the graph follows.
    fn of_value(value: &Value) -> Option<Node> {
        match value.inner() {
            Inner::Array(rc) => Some(Node::Array(Rc::clone(rc))),
            Inner::Object(rc) => Some(Node::Object(Rc::clone(rc))),
            Inner::Closure(rc) => Some(Node::Closure(Rc::clone(rc))),
            Inner::Bound(rc) => Some(Node::Bound(Rc::clone(rc))),
            _ => None,
        }
    }

    /// Empties a container found unreachable, moving its contents into `junk` (dropped by the
    /// caller once no container is borrowed). Closures and bound methods are immutable: the
    /// cells and receivers they hold are part of the same garbage and are emptied themselves.
    fn empty_into(&self, junk: &mut Vec<Value>) {
        match self {
            Node::Array(rc) => {
                if let Ok(mut elements) = rc.try_borrow_mut() {
                    junk.append(&mut elements);
                }
            }
            Node::Object(rc) => {
                if let Ok(mut object) = rc.try_borrow_mut() {
                    junk.extend(std::mem::take(&mut object.map).into_values());
                }
            }
            Node::Cell(rc) => {
                if let Ok(mut value) = rc.try_borrow_mut() {
                    junk.push(std::mem::replace(&mut *value, Value::NULL));
                }
            }
            Node::Closure(_) | Node::Bound(_) => {}
        }
    }
}

/// The graph reachable from the starting nodes, built without recursion.
pub(super) struct Graph {
    nodes: Vec<Node>,
    /// References each node receives from inside the graph, plus those its caller declared.
    internal: Vec<usize>,
    /// Nodes whose contents could not be read (borrowed right now): kept, with all they reach.
    opaque: Vec<bool>,
    /// The edges of node `i` are `edges[edge_start[i]..edge_start[i + 1]]`.
    edges: Vec<u32>,
    edge_start: Vec<usize>,
    index: HashMap<usize, u32, foldhash::fast::FixedState>,
}

/// Exploring stopped: the graph would exceed the node limit the caller gave.
pub(super) struct TooLarge;

impl Graph {
    pub(super) fn new() -> Graph {
        Graph {
            nodes: Vec::new(),
            internal: Vec::new(),
            opaque: Vec::new(),
            edges: Vec::new(),
            edge_start: Vec::new(),
            index: HashMap::default(),
        }
    }

    /// Adds a starting node (a duplicate is ignored). `held` counts references the caller owns
    /// and is about to release: they are treated as coming from inside the graph.
    pub(super) fn add_start(&mut self, node: Node, held: usize) {
        let id = self.intern(node);
        self.internal[id as usize] += held;
    }

    fn intern(&mut self, node: Node) -> u32 {
        let address = node.address();
        if let Some(&id) = self.index.get(&address) {
            return id;
        }
        let id = self.nodes.len() as u32;
        self.nodes.push(node);
        self.internal.push(0);
        self.opaque.push(false);
        self.index.insert(address, id);
        id
    }

    /// Follows every node's references, adding the containers they reach, until the graph is
    /// closed (or larger than `limit` nodes).
    pub(super) fn explore(&mut self, limit: usize) -> Result<(), TooLarge> {
        let mut children: Vec<Node> = Vec::new();
        let mut next = 0;
        while next < self.nodes.len() {
            if self.nodes.len() > limit {
                return Err(TooLarge);
            }
            children.clear();
            self.opaque[next] = !children_of(&self.nodes[next], &mut children);
            self.edge_start.push(self.edges.len());
            for child in children.drain(..) {
                let id = self.intern(child);
                self.internal[id as usize] += 1;
                self.edges.push(id);
            }
            next += 1;
        }
        self.edge_start.push(self.edges.len());
        Ok(())
    }

    /// Which nodes the program may still reach: those held from outside the graph, the opaque
    /// ones, and everything they reach. Call after [`Graph::explore`] succeeded.
    pub(super) fn reachable(&self) -> Vec<bool> {
        let mut live = vec![false; self.nodes.len()];
        let mut pending: Vec<u32> = (0..self.nodes.len())
            .filter(|&id| {
                // The graph's own reference is one of the strong ones.
                self.opaque[id] || self.nodes[id].strong_count() > 1 + self.internal[id]
            })
            .map(|id| id as u32)
            .collect();
        while let Some(id) = pending.pop() {
            let id = id as usize;
            if std::mem::replace(&mut live[id], true) {
                continue;
            }
            let edges = &self.edges[self.edge_start[id]..self.edge_start[id + 1]];
            pending.extend(edges.iter().copied().filter(|&next| !live[next as usize]));
        }
        live
    }

    /// Empties the unreachable nodes and releases the graph's references. Returns how many
    /// nodes were emptied, and the arrays, objects and closures that stay reachable.
    pub(super) fn free_unreachable(self, live: &[bool]) -> (usize, Vec<Node>) {
        let mut junk = Vec::new();
        let mut freed = 0;
        for (node, _) in self.nodes.iter().zip(live).filter(|(_, live)| !**live) {
            node.empty_into(&mut junk);
            freed += 1;
        }
        // Released once every container is emptied (no borrow is held), before the graph's
        // own references go.
        drop(junk);
        let survivors = self
            .nodes
            .into_iter()
            .zip(live)
            .filter(|(node, live)| **live && !matches!(node, Node::Cell(_) | Node::Bound(_)))
            .map(|(node, _)| node)
            .collect();
        (freed, survivors)
    }
}

/// Pushes the containers `node` refers to; false if its contents cannot be read right now.
fn children_of(node: &Node, out: &mut Vec<Node>) -> bool {
    match node {
        Node::Array(rc) => match rc.try_borrow() {
            Ok(elements) => out.extend(elements.iter().filter_map(Node::of_value)),
            Err(_) => return false,
        },
        Node::Object(rc) => match rc.try_borrow() {
            Ok(object) => out.extend(object.map.values().filter_map(Node::of_value)),
            Err(_) => return false,
        },
        Node::Cell(rc) => match rc.try_borrow() {
            Ok(value) => out.extend(Node::of_value(&value)),
            Err(_) => return false,
        },
        Node::Closure(rc) => out.extend(rc.captures.iter().map(|cell| Node::Cell(cell.clone()))),
        Node::Bound(rc) => out.extend(Node::of_value(&rc.receiver)),
    }
    true
}
