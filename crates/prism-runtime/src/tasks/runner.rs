//! The coroutine runner: every task that runs Prism code runs on its own stackful coroutine
//! (`corosensei`), so it can suspend at any depth — inside a callback a builtin calls, inside
//! nested Prism calls — while the other tasks run (language §14.1, §14.3).
//!
//! The runner is generic over a [`TaskBody`]: a closure that runs Prism code for the task and
//! receives the task's [`TaskContext`]. The interpreter's body builds the task's own register
//! stack and calls the function; a compiled backend's body would call compiled code. Both suspend
//! through the context.
//!
//! A coroutine is resumed by whoever runs the task next: the scheduler loop for a task taken
//! from the ready queue, the creator for the first run of a new task (§14.2), or the canceller
//! for a task that unwinds (§14.5). When the task suspends, control returns to that resumer.
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, Yielder};
use prism_span::FileSpan;

use super::{Scheduler, TaskRef, Waiter};
use crate::error::Thrown;
use crate::value::Value;

/// The coroutine of one task: resumed with `()`, suspends with `()`, returns the outcome.
pub(crate) type TaskCoroutine = Coroutine<(), (), Result<Value, Thrown>, DefaultStack>;

/// Runs Prism code for one task (see the module documentation).
pub type TaskBody = Box<dyn FnOnce(&TaskContext<'_>) -> Result<Value, Thrown>>;

/// The running task's handle on the scheduler, given to its [`TaskBody`]. Only code running on
/// the task's own coroutine holds one, so every suspension goes through the right coroutine.
pub struct TaskContext<'y> {
    yielder: &'y Yielder<(), ()>,
    scheduler: Scheduler,
    task: TaskRef,
}

/// Wakes one wait of a suspended task: given to an external event source (a provider call in
/// flight, runtime §8) by [`TaskContext::suspend_until`].
#[derive(Clone, Debug)]
pub struct Waker {
    task: TaskRef,
    wait: u64,
}

impl Waker {
    /// Appends the task to the ready queue if it still waits for this wait (language §14.4).
    pub fn wake(&self, scheduler: &Scheduler) {
        scheduler.wake(&self.task, self.wait);
    }
}

pub(crate) fn new_coroutine(
    stack: DefaultStack,
    scheduler: Scheduler,
    task: TaskRef,
    body: TaskBody,
) -> TaskCoroutine {
    Coroutine::with_stack(stack, move |yielder: &Yielder<(), ()>, ()| {
        let cx = TaskContext {
            yielder,
            scheduler,
            task,
        };
        body(&cx)
    })
}

impl TaskContext<'_> {
    /// The task this code runs in.
    pub fn task(&self) -> &TaskRef {
        &self.task
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    /// Throws the condition the task is being unwound by, if any (§12.4): called at every
    /// suspension point and after a task this one started gives control back.
    pub fn check_abort(&self) -> Result<(), Thrown> {
        match self.task.abort() {
            Some(abort) => Err(abort.thrown()),
            None => Ok(()),
        }
    }

    /// `await target` on a task (language §6.15): its value, its thrown value rethrown, or a
    /// catchable `R0803` if it was cancelled. Suspends while `target` is pending (§14.3).
    pub fn await_task(&self, target: &TaskRef) -> Result<Value, Thrown> {
        loop {
            self.check_abort()?;
            if let Some(outcome) = self.scheduler.outcome_for_awaiter(target) {
                return outcome;
            }
            let wait = self.scheduler.begin_wait(&self.task);
            target.add_waiter(Waiter::Task {
                task: self.task.clone(),
                wait,
            });
            self.yielder.suspend(());
            self.scheduler.end_wait(&self.task);
            target.remove_wait(wait);
        }
    }

    /// Suspends until at least one of `targets` has settled (at once if one already has). The
    /// outcomes are left for the caller to read; nothing is marked observed.
    pub fn await_any(&self, targets: &[TaskRef]) -> Result<(), Thrown> {
        self.check_abort()?;
        if targets.is_empty() || targets.iter().any(|target| !target.is_pending()) {
            return Ok(());
        }
        let wait = self.scheduler.begin_wait(&self.task);
        for target in targets {
            target.add_waiter(Waiter::Task {
                task: self.task.clone(),
                wait,
            });
        }
        self.yielder.suspend(());
        self.scheduler.end_wait(&self.task);
        for target in targets {
            target.remove_wait(wait);
        }
        self.check_abort()
    }

    /// Suspends until `register`'s [`Waker`] is woken: the hook for external events such as
    /// provider responses. `register` stores the waker with the event source; the source calls
    /// [`Waker::wake`] when the event is delivered (see [`super::ExternalEvents`]).
    pub fn suspend_until(&self, register: impl FnOnce(Waker)) -> Result<(), Thrown> {
        self.check_abort()?;
        let wait = self.scheduler.begin_wait(&self.task);
        register(Waker {
            task: self.task.clone(),
            wait,
        });
        self.yielder.suspend(());
        self.scheduler.end_wait(&self.task);
        self.check_abort()
    }

    /// Starts a child task that runs `body` (language §14.2: async calls, `spawn`): it runs at
    /// once, and this returns when it first suspends or finishes. The child inherits nothing
    /// from here but its parent link; the body carries what it needs (the backend copies the
    /// context stack into it, §8.10).
    pub fn start_child(&self, origin: Option<FileSpan>, body: TaskBody) -> Result<TaskRef, Thrown> {
        self.check_abort()?;
        let child = self.scheduler.spawn(Some(&self.task), origin, body)?;
        self.check_abort()?;
        Ok(child)
    }
}
