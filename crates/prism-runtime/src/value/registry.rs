//! The agent registry `agents` (runtime §5.3): an array that programs cannot change.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::ArrayRef;

thread_local! {
    /// The agent registry of the current run (runtime §5.3), kept alive here so that its address
    /// identifies it. Only one registry exists per run, so one address is enough.
    static AGENT_REGISTRY: RefCell<Option<ArrayRef>> = const { RefCell::new(None) };
    static AGENT_REGISTRY_ADDRESS: Cell<usize> = const { Cell::new(0) };
}

/// Declares `array` the agent registry of the run on this thread (or clears it with `None`):
/// a read-only array (writes are R0207 "the agent registry is read-only") with the extra methods
/// of [`crate::builtins::MethodOwner::AgentRegistry`].
pub fn set_agent_registry(array: Option<ArrayRef>) {
    let address = array.as_ref().map_or(0, |array| Rc::as_ptr(array) as usize);
    AGENT_REGISTRY_ADDRESS.with(|cell| cell.set(address));
    AGENT_REGISTRY.with(|registry| *registry.borrow_mut() = array);
}

/// Whether `array` is the agent registry (one address comparison).
#[inline]
pub fn is_agent_registry(array: &ArrayRef) -> bool {
    let address = Rc::as_ptr(array) as usize;
    AGENT_REGISTRY_ADDRESS.with(|cell| cell.get() == address)
}
