//! Why a task is being unwound (language §12.4, §14.5): its own cancellation, or a condition
//! that ends the whole run (deadlock, the run deadline, interruption, or an uncatchable error
//! that escaped another task). Unwinding raises the same condition again at every suspension
//! point reached while it lasts, so the task runs its `finally` blocks and then finishes.
use std::rc::Rc;

use crate::display::text_form;
use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// Why a task is cancelled (language §14.5): the `reason` of the trace's `cancel` event
/// (runtime §13.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelReason {
    Timeout,
    Race,
    All,
    Any,
    Parallel,
    Parent,
    RunEnd,
    Deadline,
}

impl CancelReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::Timeout => "timeout",
            CancelReason::Race => "race",
            CancelReason::All => "all",
            CancelReason::Any => "any",
            CancelReason::Parallel => "parallel",
            CancelReason::Parent => "parent",
            CancelReason::RunEnd => "run_end",
            CancelReason::Deadline => "deadline",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Abort {
    /// The task itself is cancelled (uncatchable `R0803` inside it).
    Cancelled,
    /// A run-ending condition, raised as an uncatchable error.
    Fatal(Rc<Fatal>),
}

#[derive(Debug)]
pub(crate) struct Fatal {
    code: &'static str,
    kind: String,
    message: String,
}

impl Abort {
    /// The condition as thrown inside the unwinding task.
    pub(crate) fn thrown(&self) -> Thrown {
        match self {
            Abort::Cancelled => catalogue::cancelling(),
            Abort::Fatal(fatal) => {
                Thrown::uncatchable(fatal.code, &fatal.kind, fatal.message.clone())
            }
        }
    }

    /// The run-ending condition carried by an uncatchable error.
    pub(crate) fn fatal(thrown: &Thrown) -> Abort {
        Abort::Fatal(Rc::new(Fatal {
            code: thrown.code(),
            kind: error_field(thrown.value(), "kind"),
            message: error_field(thrown.value(), "message"),
        }))
    }
}

fn error_field(value: &Value, key: &str) -> String {
    match value.as_object() {
        Some(object) => object.borrow().get(key).map(text_form).unwrap_or_default(),
        None => String::new(),
    }
}
