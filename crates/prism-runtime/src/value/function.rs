//! Function values (language §4.7), agents (runtime §5) and builtin namespaces (§4.1).
use std::cell::RefCell;
use std::rc::Rc;

use smol_str::SmolStr;

use super::{Inner, Value};
use crate::builtins::Builtin;

/// Identifies a compiled function: the module (file) and the function's index inside it. The
/// runtime never looks inside; backends map it to their own code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FunctionId {
    pub module: u32,
    pub index: u32,
}

/// A captured variable shared between a closure and the scope that declared it (§9.6).
pub type SharedCell = Rc<RefCell<Value>>;

/// A user function value (§4.7, §10).
pub struct Closure {
    pub id: FunctionId,
    pub captures: Box<[SharedCell]>,
    /// Shown by display (§5.3): the declared name, or `lambda` for anonymous functions.
    pub name: SmolStr,
    pub is_async: bool,
}

/// A builtin method together with the value it was read from (§4.7). The receiver keeps its
/// confidence so that the method's confidence mode counts it exactly once (§7.4).
pub struct BoundMethod {
    pub receiver: Value,
    pub method: &'static Builtin,
}

/// A configured agent (runtime §5). The core needs the name for display (`[Agent: name]`) and
/// reads properties through [`AgentDetails`]; methods (`ask`, `call`) are builtin methods of
/// [`crate::builtins::MethodOwner::Agent`].
pub struct AgentHandle {
    pub name: SmolStr,
    pub details: Box<dyn AgentDetails>,
}

/// What the agents module stores in an agent value.
pub trait AgentDetails {
    /// The read-only property `key` (runtime §5.2), or `None` if the agent has no such property.
    fn property(&self, key: &str) -> Option<Value>;

    /// Downcasting access for the agents module.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// A read-only builtin namespace (`Math`, `JSON`, `console`, …).
pub struct Namespace {
    pub name: &'static str,
    pub members: &'static [(&'static str, Member)],
}

/// A member of a namespace or of a builtin function with members (`Number.EPSILON`).
pub enum Member {
    Function(&'static Builtin),
    Number(f64),
    Namespace(&'static Namespace),
}

impl Member {
    pub fn to_value(&self) -> Value {
        match self {
            Member::Function(builtin) => Value::from_inner(Inner::Builtin(builtin)),
            Member::Number(n) => Value::number(*n),
            Member::Namespace(ns) => Value::from_inner(Inner::Namespace(ns)),
        }
    }
}

/// Finds a member by name in a static member table.
pub fn find_member(members: &'static [(&'static str, Member)], key: &str) -> Option<Value> {
    members
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, member)| member.to_value())
}
