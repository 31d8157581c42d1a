//! The hook for events from outside the scheduler (language §14.1, §14.4): provider responses
//! and child patterns. The agent runtime implements [`ExternalEvents`] and installs it with
//! [`super::Scheduler::set_external`]:
//!
//! 1. A suspending builtin (`llm`, `agent.ask`, …) starts the call with its event source and
//!    suspends the calling task with [`super::TaskContext::suspend_until`], handing the source
//!    the task's [`super::Waker`].
//! 2. When no task can run and no timer is due, the scheduler asks the source whether an event
//!    is still expected ([`ExternalEvents::pending`]); if so it lets the source wait for one
//!    ([`ExternalEvents::wait`]). The source stores the response where the suspended builtin
//!    will find it and calls [`super::Waker::wake`], which appends the task to the ready queue.
//! 3. If a waiting task is cancelled, its builtin resumes with the cancellation condition
//!    ([`super::TaskContext::check_abort`]) and must tell the source to abort the call
//!    (runtime §7.3, §8.4).
//!
//! Under the virtual clock, mock latencies and replayed latencies are plain timers
//! ([`super::Scheduler::after`]); a source is then never pending and time stays virtual.
use super::Scheduler;

/// A source of external events (see the module documentation).
pub trait ExternalEvents {
    /// Whether an event is still expected (a call is in flight). While one is, an empty ready
    /// queue is not a deadlock.
    fn pending(&self) -> bool;

    /// Blocks until at least one event has arrived, or until the run clock reaches
    /// `until_ms` (run time; `None` = no limit), then delivers what arrived by waking the
    /// waiting tasks. The scheduler calls this only when no task can run and no timer is due
    /// earlier, and only while [`ExternalEvents::pending`] is true.
    fn wait(&mut self, scheduler: &Scheduler, until_ms: Option<f64>);
}
