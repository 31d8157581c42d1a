//! Task objects (language §4.8, §14): a shared handle, the task's status, and the bookkeeping
//! the scheduler keeps per task (parent and children for cancellation, waiters in the order they
//! started waiting, the suspended coroutine of a task that runs Prism code).
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use prism_span::FileSpan;
use smol_str::SmolStr;

use super::abort::Abort;
use super::runner::TaskCoroutine;
use super::Scheduler;
use crate::value::Value;

/// A shared handle to one task. Clones refer to the same task; equality is identity (§4.8).
#[derive(Clone)]
pub struct TaskRef(pub(crate) Rc<Task>);

/// The observable state of a task (language §4.8).
#[derive(Clone, Debug)]
pub enum TaskStatus {
    Pending,
    Fulfilled(Value),
    /// Failed with this thrown value (it is rethrown to every task that awaits it).
    Failed(Value),
    Cancelled,
}

impl TaskStatus {
    pub fn is_pending(&self) -> bool {
        matches!(self, TaskStatus::Pending)
    }
}

pub(crate) struct Task {
    /// Creation order: children are cancelled in this order (§14.5), unobserved failures are
    /// reported in it (§14.7).
    pub(crate) serial: u64,
    /// Where the program created the task, for W0901 (§14.7).
    pub(crate) origin: Option<FileSpan>,
    pub(crate) state: RefCell<TaskState>,
}

/// Where a task's failure arose, recorded by the backend that ran it: the frames the error
/// passed (function name and position, innermost first) and its primary position (cli §3.4).
pub type FailureTrace = (Vec<(SmolStr, FileSpan)>, Option<FileSpan>);

/// Code run when a task settles, given the scheduler and the settled task.
pub type Observer = Box<dyn FnOnce(&Scheduler, &TaskRef)>;

/// Clean-up run when a native task is cancelled (removing its timer).
pub type Cleanup = Box<dyn FnOnce(&Scheduler)>;

/// Something to do when a task settles, kept in the order of registration (§14.4).
pub(crate) enum Waiter {
    /// A task suspended in `await`: appended to the ready queue if it still waits for this
    /// wait (identified by its number, so stale entries of an abandoned wait do nothing).
    Task { task: TaskRef, wait: u64 },
    /// A combinator or other native observer, run at once when the task settles.
    Observer(Observer),
}

/// How a task's work is carried out.
pub(crate) enum Runner {
    /// Settled by the scheduler or a combinator (delay, Promise.*, timeout).
    Native,
    /// Runs Prism code on a coroutine: `Some` while suspended, `None` while it is on the chain
    /// of running coroutines (running, or paused while a task it started runs).
    Coroutine(Option<Box<TaskCoroutine>>),
    /// The coroutine has returned.
    Finished,
}

pub(crate) struct TaskState {
    pub(crate) status: TaskStatus,
    pub(crate) parent: Weak<Task>,
    /// Unfinished children by serial, so cancellation visits them in creation order.
    pub(crate) children: BTreeMap<u64, TaskRef>,
    pub(crate) waiters: Vec<Waiter>,
    pub(crate) runner: Runner,
    /// The number of the wait the task is suspended in, if it waits.
    pub(crate) waiting: Option<u64>,
    /// Set once the task is being cancelled or unwound by a run-ending condition (§12.4).
    pub(crate) abort: Option<Abort>,
    /// Whether a task (or a combinator) has received its outcome (§14.7).
    pub(crate) observed: bool,
    /// The position of this task's settling among all settlings of the run (0 while pending).
    pub(crate) settle_order: u64,
    /// Clean-up of a native task when it is cancelled (removing its timer).
    pub(crate) on_cancel: Vec<Cleanup>,
    /// Where its failure arose, when the backend recorded it (reports outside the task, such
    /// as a failed test case, show it; an `await` rethrows at its own position).
    pub(crate) failure_trace: Option<Box<FailureTrace>>,
}

impl TaskRef {
    pub(crate) fn create(
        serial: u64,
        origin: Option<FileSpan>,
        parent: Option<&TaskRef>,
        runner: Runner,
    ) -> TaskRef {
        TaskRef(Rc::new(Task {
            serial,
            origin,
            state: RefCell::new(TaskState {
                status: TaskStatus::Pending,
                parent: parent.map_or_else(Weak::new, |parent| Rc::downgrade(&parent.0)),
                children: BTreeMap::new(),
                waiters: Vec::new(),
                runner,
                waiting: None,
                abort: None,
                observed: false,
                settle_order: 0,
                on_cancel: Vec::new(),
                failure_trace: None,
            }),
        }))
    }

    /// A pending task that belongs to no scheduler and never settles (for tests and displays).
    pub fn detached() -> TaskRef {
        TaskRef::create(0, None, None, Runner::Native)
    }

    /// Kept for code written before the scheduler existed: a detached pending task; the
    /// payload is not used.
    pub fn new(payload: Box<dyn std::any::Any>) -> TaskRef {
        drop(payload);
        TaskRef::detached()
    }

    /// Identity comparison (tasks are compared by identity, §4.8).
    pub fn ptr_eq(&self, other: &TaskRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The task's status now.
    pub fn status(&self) -> TaskStatus {
        self.0.state.borrow().status.clone()
    }

    pub fn is_pending(&self) -> bool {
        self.0.state.borrow().status.is_pending()
    }

    /// The creation order number (unique within a run).
    pub fn serial(&self) -> u64 {
        self.0.serial
    }

    /// Where the program created the task, if known.
    pub fn origin(&self) -> Option<FileSpan> {
        self.0.origin
    }

    /// Whether the task is being cancelled or unwound (§12.4).
    pub fn is_aborting(&self) -> bool {
        self.0.state.borrow().abort.is_some()
    }

    /// When the task settled, relative to the other tasks of its run (`None` while pending):
    /// "the order failures happen" of builtins §13.
    pub fn settle_order(&self) -> Option<u64> {
        let order = self.0.state.borrow().settle_order;
        (order > 0).then_some(order)
    }

    /// Records where the task's failure arose (the backend calls this as the task fails).
    pub fn set_failure_trace(&self, trace: FailureTrace) {
        self.0.state.borrow_mut().failure_trace = Some(Box::new(trace));
    }

    /// Where the task's failure arose, if the backend recorded it.
    pub fn failure_trace(&self) -> Option<FailureTrace> {
        self.0.state.borrow().failure_trace.as_deref().cloned()
    }

    pub(crate) fn abort(&self) -> Option<Abort> {
        self.0.state.borrow().abort.clone()
    }

    pub(crate) fn parent(&self) -> Option<TaskRef> {
        self.0.state.borrow().parent.upgrade().map(TaskRef)
    }

    pub(crate) fn add_waiter(&self, waiter: Waiter) {
        self.0.state.borrow_mut().waiters.push(waiter);
    }

    /// Forgets the waiter entry of wait `wait` (after a wait on several tasks ended).
    pub(crate) fn remove_wait(&self, wait: u64) {
        self.0
            .state
            .borrow_mut()
            .waiters
            .retain(|waiter| !matches!(waiter, Waiter::Task { wait: w, .. } if *w == wait));
    }

    /// Takes the suspended coroutine out to resume it; `None` if the task is not suspended.
    pub(crate) fn take_coroutine(&self) -> Option<Box<TaskCoroutine>> {
        match &mut self.0.state.borrow_mut().runner {
            Runner::Coroutine(slot) => slot.take(),
            _ => None,
        }
    }

    pub(crate) fn is_suspended(&self) -> bool {
        matches!(&self.0.state.borrow().runner, Runner::Coroutine(Some(_)))
    }

    pub(crate) fn is_native(&self) -> bool {
        matches!(&self.0.state.borrow().runner, Runner::Native)
    }

    pub(crate) fn children(&self) -> Vec<TaskRef> {
        self.0.state.borrow().children.values().cloned().collect()
    }
}

impl PartialEq for TaskRef {
    fn eq(&self, other: &TaskRef) -> bool {
        self.ptr_eq(other)
    }
}

impl Eq for TaskRef {}

impl std::fmt::Debug for TaskRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.state.try_borrow() {
            Ok(state) => write!(f, "Task#{}({:?})", self.0.serial, state.status),
            Err(_) => write!(f, "Task#{}(busy)", self.0.serial),
        }
    }
}
