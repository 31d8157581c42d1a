//! Running a whole program as its main task (language §14.4): the scheduler loop, the run
//! deadline (§14.6), deadlock (`R0811`), the end of the run (cancel the rest) and the report of
//! unobserved failures (`W0901`, §14.7).
use prism_diagnostics::Diagnostic;
use prism_span::FileSpan;

use super::abort::{Abort, CancelReason};
use super::runner::TaskBody;
use super::{Scheduler, TaskRef, TaskStatus};
use crate::display::text_form;
use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// How many tasks the end of the run cancels at most (tasks whose `finally` blocks keep
/// starting new tasks would otherwise never let the run end).
const END_OF_RUN_CANCEL_LIMIT: usize = 1_000_000;

/// The result of [`Scheduler::run`].
#[derive(Debug)]
pub struct RunEnd {
    /// The main task's value, or what it threw (with its code and catchability).
    pub result: Result<Value, Thrown>,
    /// Tasks that failed and were never awaited, in creation order (§14.7).
    pub unobserved: Vec<Unobserved>,
}

/// A task that failed and was never awaited (§14.7).
#[derive(Clone, Debug)]
pub struct Unobserved {
    /// Where the task was created.
    pub origin: Option<FileSpan>,
    /// The failure's message: an error object's `message`, or the display of another value.
    pub message: String,
}

impl Unobserved {
    /// Warning `W0901` at the position where the task was created.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let diagnostic = Diagnostic::warning(
            "W0901",
            format!("a task failed and was never awaited: {}", self.message),
        );
        match self.origin {
            Some(origin) => diagnostic.with_primary(origin.file, origin.span, ""),
            None => diagnostic,
        }
    }
}

impl Scheduler {
    /// Runs `main` as the main task until it finishes, resuming the other tasks as they
    /// become ready and advancing the clock when none can run; then cancels every unfinished
    /// task and reports the unobserved failures.
    pub fn run(&self, main: TaskBody) -> RunEnd {
        let result = match self.coroutine_task(None, None, main) {
            Ok(main) => {
                // Known as the main task before it first runs: its outcome is the run's.
                *self.0.main.borrow_mut() = Some(main.clone());
                self.resume(&main);
                self.drive(&main);
                self.take_main_outcome(&main)
            }
            Err(thrown) => Err(thrown),
        };
        let reason = match &result {
            Err(thrown) if thrown.code() == "R0807" => CancelReason::Deadline,
            _ => CancelReason::RunEnd,
        };
        self.cancel_everything(reason);
        RunEnd {
            result,
            unobserved: self.take_unobserved(),
        }
    }

    /// The loop of §14.4 until `main` has settled.
    fn drive(&self, main: &TaskRef) {
        while main.is_pending() {
            if self.interrupt_requested() {
                self.end_run_with(Abort::fatal(&catalogue::interrupted()));
                continue;
            }
            if self.run_next_ready() {
                continue;
            }
            let next_due = self.0.timers.borrow().next_due();
            if !self.clock_kind().is_virtual() && self.external_pending() {
                // Real time: wait for a response, but no longer than the next timer.
                let until = earliest(next_due, self.deadline_at());
                self.wait_external(earliest(until, self.interrupt_poll_at()));
                self.deliver_due_timers();
                continue;
            }
            if self.deliver_timers() {
                continue;
            }
            if self.external_pending() {
                let until = earliest(self.deadline_at(), self.interrupt_poll_at());
                self.wait_external(until);
                continue;
            }
            // Nothing can run and nothing can happen: every task waits forever.
            self.end_run_with(Abort::fatal(&catalogue::deadlock()));
        }
    }

    /// Resumes the task at the head of the ready queue; false if the queue is empty.
    fn run_next_ready(&self) -> bool {
        let Some(task) = self.0.ready.borrow_mut().pop_front() else {
            return false;
        };
        if task.is_pending() {
            self.resume(&task);
        }
        true
    }

    /// Moves the clock to the earliest timer and delivers every timer due then, in scheduling
    /// order. Ends the run with `R0807` instead if the deadline comes first.
    fn deliver_timers(&self) -> bool {
        let Some(due) = self.0.timers.borrow().next_due() else {
            return false;
        };
        let interrupt = self.0.config.interrupt.as_ref();
        if let Some(deadline) = self.0.config.deadline {
            if due > deadline.at_ms {
                if !self
                    .0
                    .clock
                    .borrow_mut()
                    .advance_to(deadline.at_ms, interrupt)
                {
                    // Interrupted first: the loop ends the run with R0812.
                    return true;
                }
                let thrown = catalogue::run_timeout(deadline.limit_ms);
                self.end_run_with(Abort::fatal(&thrown));
                return true;
            }
        }
        if self.0.clock.borrow_mut().advance_to(due, interrupt) {
            self.deliver_due_timers();
        }
        true
    }

    fn interrupt_requested(&self) -> bool {
        super::interrupt::requested(self.0.config.interrupt.as_ref())
    }

    /// When a real-clock wait for external events must return to look at the interruption
    /// request again (a provider's wait cannot see it).
    fn interrupt_poll_at(&self) -> Option<f64> {
        match self.0.config.interrupt {
            Some(_) if !self.clock_kind().is_virtual() => {
                Some(self.elapsed_ms() + super::clock::INTERRUPT_POLL_MS)
            }
            _ => None,
        }
    }

    /// Delivers every timer due by now, in (due time, scheduling order).
    fn deliver_due_timers(&self) {
        let now = self.elapsed_ms();
        loop {
            let action = self.0.timers.borrow_mut().pop_due(now);
            match action {
                Some(action) => action(self),
                None => break,
            }
        }
    }

    fn deadline_at(&self) -> Option<f64> {
        self.0.config.deadline.map(|deadline| deadline.at_ms)
    }

    fn external_pending(&self) -> bool {
        self.0
            .external
            .borrow()
            .as_ref()
            .is_some_and(|source| source.pending())
    }

    /// Lets the external event source wait for and deliver events (provider responses).
    fn wait_external(&self, until_ms: Option<f64>) {
        let source = self.0.external.borrow_mut().take();
        if let Some(mut source) = source {
            source.wait(self, until_ms);
            let mut slot = self.0.external.borrow_mut();
            if slot.is_none() {
                *slot = Some(source);
            }
        }
    }

    fn take_main_outcome(&self, main: &TaskRef) -> Result<Value, Thrown> {
        if let Some(outcome) = self.0.main_outcome.borrow_mut().take() {
            return outcome;
        }
        match main.status() {
            TaskStatus::Fulfilled(value) => Ok(value),
            TaskStatus::Failed(value) => Err(Thrown::user(value)),
            TaskStatus::Cancelled | TaskStatus::Pending => Err(catalogue::cancelling()),
        }
    }

    /// The end of the run (§14.4): every unfinished task is cancelled, oldest first (each
    /// cancellation takes its unfinished children first).
    fn cancel_everything(&self, reason: CancelReason) {
        self.0.ending.set(true);
        for _ in 0..END_OF_RUN_CANCEL_LIMIT {
            let oldest = self.0.live.borrow().values().next().cloned();
            let Some(task) = oldest else {
                break;
            };
            self.cancel(&task, reason);
            if task.is_pending() {
                // Running code cannot be unwound from here; forget it.
                self.settle(&task, TaskStatus::Cancelled);
            }
        }
        self.0.ready.borrow_mut().clear();
    }

    fn take_unobserved(&self) -> Vec<Unobserved> {
        let failed = std::mem::take(&mut *self.0.unobserved.borrow_mut());
        failed
            .into_values()
            .filter_map(|task| match task.status() {
                TaskStatus::Failed(value) => Some(Unobserved {
                    origin: task.origin(),
                    message: failure_message(&value),
                }),
                _ => None,
            })
            .collect()
    }
}

fn earliest(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The message of a thrown value: an error object's `message`, otherwise its display.
fn failure_message(value: &Value) -> String {
    if value.is_error() {
        if let Some(object) = value.as_object() {
            if let Some(message) = object.borrow().get("message") {
                return text_form(message);
            }
        }
    }
    crate::display::display(value)
}
