//! Deterministic scheduler tests under the virtual clock. Task bodies are Rust closures that
//! stand in for Prism code: they log what they do, await through their [`TaskContext`] and
//! treat an error returned by a suspension point as the unwinding a `finally` block would see.
use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use crate::error::Thrown;
use crate::value::Value;

mod builtins;
mod cancellation;
mod combinators;
mod scheduling;

/// A shared log of events, in the order they happened.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    fn push(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }

    fn events(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

fn virtual_scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        clock: ClockKind::virtual_default(),
        deadline: None,
        stack_size: 1 << 20,
        interrupt: None,
    })
}

/// The origin of a task created by the running task.
fn here(cx: &TaskContext<'_>) -> Origin {
    Origin::new(Some(cx.task().clone()), None)
}

/// `await delay(ms, value)` in the running task.
fn sleep(cx: &TaskContext<'_>, ms: f64) -> Result<Value, Thrown> {
    let timer = cx.scheduler().delay(&here(cx), ms, Value::NULL);
    cx.await_task(&timer)
}

/// A body that logs `name start`, sleeps `ms`, logs `name end` (or `name unwound` when the
/// sleep is interrupted) and returns `name`.
fn sleeper(log: &Log, name: &'static str, ms: f64) -> TaskBody {
    let log = log.clone();
    Box::new(move |cx: &TaskContext<'_>| {
        log.push(format!("{name} start"));
        match sleep(cx, ms) {
            Ok(_) => {
                log.push(format!("{name} end"));
                Ok(Value::string(name))
            }
            Err(thrown) => {
                log.push(format!("{name} unwound"));
                Err(thrown)
            }
        }
    })
}

fn text(value: &Value) -> String {
    crate::display::display(value)
}

fn code_of(result: &Result<Value, Thrown>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(thrown) => thrown.code(),
    }
}
