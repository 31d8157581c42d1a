//! Tasks and the scheduler (language §14, §6.15, §12.4; builtins §13; runtime §7.4).
//!
//! * A **task** ([`TaskRef`]) is pending, fulfilled, failed or cancelled; tasks compare by
//!   identity and display as `[Task]` (language §4.8).
//! * Every task that runs Prism code runs on its own stackful coroutine, so it can
//!   suspend at any depth. The code is supplied by the backend as a [`TaskBody`], which gets a
//!   [`TaskContext`] to suspend through ([`TaskContext::await_task`]) and to start children
//!   ([`TaskContext::start_child`]).
//! * The [`Scheduler`] is single-threaded and lives outside the coroutines. It owns the FIFO
//!   ready queue, the timer queue ordered by (due time, scheduling order), the run clock (real
//!   or virtual, [`ClockKind`]), the parent/child tree used by cancellation, and the waiters of
//!   each task in the order they started waiting (§14.4).
//! * [`Scheduler::run`] runs the main task to the end of the run (§14.4): it detects deadlock
//!   (`R0811`), enforces the run deadline on the run clock (`R0807`, §14.6), cancels the
//!   unfinished tasks when the main task finishes, and reports unobserved failures (`W0901`,
//!   §14.7).
//! * Native tasks — `delay`, `Promise.*`, `timeout` — are settled by timers and observers
//!   ([`Scheduler::delay`], [`Scheduler::all`], …); `parallel` (builtins §13.1) is in
//!   [`parallel`].
//! * External events (provider responses) come in through [`ExternalEvents`].
//!
//! # Decisions
//!
//! * A new task runs at once on the creator's behalf (§14.2): the creator resumes the new
//!   coroutine directly and continues when it suspends. Likewise a canceller resumes the task
//!   it cancels, so the task's `finally` blocks run before `cancel` returns.
//! * When the clock reaches a time, every timer due then is delivered (in scheduling order)
//!   before the woken tasks run.
//! * A task that is running — or paused while a task it started runs its first part — cannot
//!   be resumed to unwind; it is marked, and unwinds at its next suspension point (or is
//!   cancelled when it finishes, if it reaches none).
//! * The run deadline is measured on the run clock, so under the virtual clock it is virtual
//!   time; the backend polls the wall clock for code that runs without suspending.
mod abort;
mod clock;
mod combinators;
mod external;
mod interrupt;
mod natives;
pub mod parallel;
mod run;
mod runner;
mod scheduler;
mod task;
mod timers;

#[cfg(test)]
mod tests;

pub use abort::CancelReason;
pub use clock::{ClockKind, VIRTUAL_CLOCK_START_MS};
pub use external::ExternalEvents;
pub use interrupt::Interrupt;
pub use natives::Origin;
pub use run::{RunEnd, Unobserved};
pub use runner::{TaskBody, TaskContext, Waker};
pub use scheduler::{Deadline, Scheduler, SchedulerConfig};
pub use task::{Cleanup, FailureTrace, Observer, TaskRef, TaskStatus};
pub use timers::{TimerAction, TimerId};

pub(crate) use task::{Runner, Waiter};

use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// The error of a task operation attempted where no scheduler runs (a backend or a test
/// machine without tasks).
#[cold]
pub fn no_tasks(name: &str) -> Thrown {
    catalogue::range_error(format!("{name}: tasks are not available here"))
}

/// What `await` gives for `task` without a scheduler: the outcome if it has settled.
pub fn outcome_without_scheduler(task: &TaskRef) -> Result<Value, Thrown> {
    match task.status() {
        TaskStatus::Fulfilled(value) => Ok(value),
        TaskStatus::Failed(thrown) => Err(Thrown::user(thrown)),
        TaskStatus::Cancelled => Err(catalogue::cancelled()),
        TaskStatus::Pending => Err(no_tasks("await")),
    }
}
