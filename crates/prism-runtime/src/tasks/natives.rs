//! Tasks settled by the scheduler rather than by Prism code (builtins §13): `delay`,
//! `Promise.resolve`, `Promise.reject`, `timeout`. Each is a child of the task that creates it,
//! so cancelling that task also cancels them (§14.5).
use std::cell::Cell;
use std::rc::Rc;

use prism_span::FileSpan;

use super::{CancelReason, Scheduler, TaskRef, TaskStatus};
use crate::error::catalogue;
use crate::value::{Inner, Value};

/// Where a native task comes from: its parent (the creating task) and the creation position.
#[derive(Clone, Default, Debug)]
pub struct Origin {
    pub parent: Option<TaskRef>,
    pub position: Option<FileSpan>,
}

impl Origin {
    pub fn new(parent: Option<TaskRef>, position: Option<FileSpan>) -> Origin {
        Origin { parent, position }
    }
}

impl Scheduler {
    /// A new pending native task created at `origin`.
    pub fn native_at(&self, origin: &Origin) -> TaskRef {
        self.native_task(origin.parent.as_ref(), origin.position)
    }

    /// `delay(ms, value)`: fulfils with `value` after `ms` milliseconds of the run clock
    /// (negative counts as 0). Cancelling it removes its timer.
    pub fn delay(&self, origin: &Origin, ms: f64, value: Value) -> TaskRef {
        let task = self.native_at(origin);
        let target = task.clone();
        let timer = self.after(
            ms,
            Box::new(move |scheduler: &Scheduler| scheduler.fulfil(&target, value)),
        );
        self.on_cancel(
            &task,
            Box::new(move |scheduler: &Scheduler| scheduler.cancel_timer(timer)),
        );
        task
    }

    /// `Promise.resolve(v)`: `v` itself if it is a task, else a task fulfilled with `v`.
    pub fn resolved(&self, origin: &Origin, value: Value) -> TaskRef {
        if let Inner::Task(task) = value.inner() {
            return task.clone();
        }
        let task = self.native_at(origin);
        self.fulfil(&task, value);
        task
    }

    /// `Promise.reject(x)`: a task already failed with the thrown value `x`.
    pub fn rejected(&self, origin: &Origin, thrown: Value) -> TaskRef {
        let task = self.native_at(origin);
        self.fail(&task, thrown);
        task
    }

    /// `timeout(x, ms)`: settles like `x` if `x` settles within `ms`; otherwise `x` is cancelled
    /// and the result fails with TimeoutError `R0801` ("task timed out after {ms} ms").
    pub fn timeout(&self, origin: &Origin, target: &TaskRef, ms: f64) -> TaskRef {
        let result = self.native_at(origin);
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let (result, target, timed_out) = (result.clone(), target.clone(), timed_out.clone());
            self.after(
                ms,
                Box::new(move |scheduler: &Scheduler| {
                    if !result.is_pending() {
                        return;
                    }
                    // Marked first, so the cancellation below does not settle the result.
                    timed_out.set(true);
                    scheduler.cancel(&target, CancelReason::Timeout);
                    let error = catalogue::timed_out("task", ms.max(0.0));
                    scheduler.fail(&result, error.into_value());
                }),
            )
        };
        self.on_cancel(
            &result,
            Box::new(move |scheduler: &Scheduler| scheduler.cancel_timer(timer)),
        );
        let follower = result.clone();
        self.when_settled(
            target,
            Box::new(move |scheduler: &Scheduler, target: &TaskRef| {
                if timed_out.get() || !follower.is_pending() {
                    return;
                }
                scheduler.cancel_timer(timer);
                scheduler.settle_like(&follower, target);
            }),
        );
        result
    }

    /// Settles `result` as `source` settled: the same value, the same thrown value, or the
    /// `Cancelled` error (`R0803`) for a cancelled source. Receives `source`'s outcome.
    pub fn settle_like(&self, result: &TaskRef, source: &TaskRef) {
        match self.observe_status(source) {
            TaskStatus::Pending => {}
            TaskStatus::Fulfilled(value) => self.fulfil(result, value),
            TaskStatus::Failed(thrown) => self.fail(result, thrown),
            TaskStatus::Cancelled => self.fail(result, catalogue::cancelled().into_value()),
        }
    }
}
