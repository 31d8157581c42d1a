//! `parallel(items, fn, opts)` (builtins §13.1): runs `fn(item, index)` for every element as
//! separate tasks and suspends the caller until they are done.
//!
//! The caller drives the work: it starts invocations in index order up to `limit`, suspends
//! until one of them settles, handles what settled in the order it settled, and starts the next
//! ones (decision: a slot freed by a finished invocation is refilled when the caller next runs,
//! which takes no time on the run clock). An invocation whose `fn` returns a task (an async
//! `fn`) lasts until that task settles.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::{CancelReason, Scheduler, TaskRef, TaskStatus, TimerId};
use crate::builtins::Machine;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, ObjectData, Value};

/// The options of `parallel` (builtins §13.1).
#[derive(Clone, Copy, Debug)]
pub struct ParallelOptions {
    /// At most this many invocations are unfinished at any time (`usize::MAX`: no limit).
    pub limit: usize,
    /// Milliseconds after which an unfinished invocation is cancelled and fails with `R0801`.
    pub timeout_ms: Option<f64>,
    /// Collect `{ ok, value }` / `{ ok, error }` results instead of failing fast.
    pub settle: bool,
}

impl Default for ParallelOptions {
    fn default() -> ParallelOptions {
        ParallelOptions {
            limit: usize::MAX,
            timeout_ms: None,
            settle: false,
        }
    }
}

/// One invocation while it runs.
struct Running {
    index: usize,
    /// The task to wait for: the spawned call, then the task it returned, if any.
    task: Rc<RefCell<TaskRef>>,
    timed_out: Rc<Cell<bool>>,
    timer: Option<TimerId>,
}

/// Runs `parallel` for the calling task (see the module documentation).
pub fn parallel(
    machine: &mut dyn Machine,
    items: &[Value],
    callback: &Value,
    options: ParallelOptions,
) -> Result<Value, Thrown> {
    let scheduler = match machine.task_context() {
        Some(cx) => cx.scheduler().clone(),
        None => return Err(super::no_tasks("parallel")),
    };
    let limit = options.limit.max(1);
    let mut results: Vec<Value> = vec![Value::NULL; items.len()];
    let mut running: Vec<Running> = Vec::new();
    let mut next = 0;
    loop {
        while running.len() < limit && next < items.len() {
            let item = items.get(next).cloned().unwrap_or(Value::NULL);
            let args = vec![item, Value::number(next as f64)];
            let task = match machine.spawn(callback, args) {
                Ok(task) => task,
                Err(thrown) => {
                    cancel_all(&scheduler, &running);
                    return Err(thrown);
                }
            };
            running.push(start_watch(&scheduler, next, task, options.timeout_ms));
            next += 1;
        }
        if running.is_empty() {
            break;
        }
        let waiting: Vec<TaskRef> = running
            .iter()
            .map(|run| run.task.borrow().clone())
            .collect();
        let waited = match machine.task_context() {
            Some(cx) => cx.await_any(&waiting),
            None => Err(super::no_tasks("parallel")),
        };
        if let Err(thrown) = waited {
            cancel_all(&scheduler, &running);
            return Err(thrown);
        }
        let mut settled: Vec<Running> = Vec::new();
        let mut index = 0;
        while index < running.len() {
            if follow_returned_task(&running[index]) {
                index += 1;
            } else {
                settled.push(running.remove(index));
            }
        }
        settled.sort_by_key(|run| run.task.borrow().settle_order());
        for run in settled {
            if let Some(timer) = run.timer {
                scheduler.cancel_timer(timer);
            }
            let outcome = outcome_of(&scheduler, &run, options.timeout_ms.unwrap_or(0.0));
            let slot = results.get_mut(run.index);
            match (outcome, options.settle, slot) {
                (Ok(value), false, Some(slot)) => *slot = value,
                (Ok(value), true, Some(slot)) => *slot = entry(true, "value", value),
                (Err(thrown), true, Some(slot)) => {
                    *slot = entry(false, "error", thrown.into_value())
                }
                (Err(thrown), false, _) => {
                    cancel_all(&scheduler, &running);
                    return Err(thrown);
                }
                (_, _, None) => {}
            }
        }
    }
    Ok(Value::array(results))
}

/// Starts the timeout of a new invocation, if there is one.
fn start_watch(
    scheduler: &Scheduler,
    index: usize,
    task: TaskRef,
    timeout_ms: Option<f64>,
) -> Running {
    let task = Rc::new(RefCell::new(task));
    let timed_out = Rc::new(Cell::new(false));
    let timer = timeout_ms.map(|ms| {
        let (task, timed_out) = (task.clone(), timed_out.clone());
        scheduler.after(
            ms,
            Box::new(move |scheduler: &Scheduler| {
                let current = task.borrow().clone();
                if current.is_pending() {
                    timed_out.set(true);
                    scheduler.cancel(&current, CancelReason::Timeout);
                }
            }),
        )
    });
    Running {
        index,
        task,
        timed_out,
        timer,
    }
}

/// If the invocation's task fulfilled with a task (the result of an async `fn`), waits for
/// that one instead. True while the invocation is unfinished.
fn follow_returned_task(run: &Running) -> bool {
    loop {
        let current = run.task.borrow().clone();
        match current.status() {
            TaskStatus::Pending => return true,
            TaskStatus::Fulfilled(value) => match value.inner() {
                Inner::Task(inner) if !inner.ptr_eq(&current) => {
                    *run.task.borrow_mut() = inner.clone();
                }
                _ => return false,
            },
            _ => return false,
        }
    }
}

/// The result of a finished invocation, or the failure it counts as.
fn outcome_of(scheduler: &Scheduler, run: &Running, timeout_ms: f64) -> Result<Value, Thrown> {
    let task = run.task.borrow().clone();
    match scheduler.observe_status(&task) {
        TaskStatus::Fulfilled(value) => Ok(value),
        TaskStatus::Failed(thrown) => Err(Thrown::user(thrown)),
        TaskStatus::Cancelled if run.timed_out.get() => Err(catalogue::timed_out(
            &format!("parallel item {}", run.index),
            timeout_ms.max(0.0),
        )),
        TaskStatus::Cancelled | TaskStatus::Pending => Err(catalogue::cancelled()),
    }
}

/// Cancels every unfinished invocation, in index order.
fn cancel_all(scheduler: &Scheduler, running: &[Running]) {
    for run in running {
        if let Some(timer) = run.timer {
            scheduler.cancel_timer(timer);
        }
        let task = run.task.borrow().clone();
        scheduler.cancel(&task, CancelReason::Parallel);
    }
}

/// `{ ok: true, value }` or `{ ok: false, error }`.
fn entry(ok: bool, key: &str, value: Value) -> Value {
    let mut object = ObjectData::with_capacity(2);
    object.insert("ok", Value::bool(ok));
    object.insert(key, value);
    Value::object(object)
}
