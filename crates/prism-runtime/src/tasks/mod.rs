//! Tasks and the scheduler (language §14). The core only needs an opaque, shareable handle that
//! compares by identity (§4.8) and displays as `[Task]`; the tasks module fills in the state.
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A shared handle to one task. Clones refer to the same task.
#[derive(Clone)]
pub struct TaskRef(Rc<RefCell<Box<dyn Any>>>);

impl TaskRef {
    /// Wraps the scheduler's own task state.
    pub fn new(state: Box<dyn Any>) -> TaskRef {
        TaskRef(Rc::new(RefCell::new(state)))
    }

    /// The scheduler's state for this task.
    pub fn state(&self) -> &RefCell<Box<dyn Any>> {
        &self.0
    }

    /// Identity comparison (tasks are compared by identity, §4.8).
    pub fn ptr_eq(&self, other: &TaskRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
