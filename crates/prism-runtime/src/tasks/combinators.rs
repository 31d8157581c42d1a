//! `Promise.all`, `Promise.allSettled`, `Promise.race` and `Promise.any` (builtins §13).
//!
//! Each returns a native task that observes its inputs: an observer runs the moment an input
//! settles (decision: combinators react at once rather than through the ready queue), so "the
//! first failure, in the order failures happen" is the order in which the scheduler settles
//! tasks. Non-task elements count as already fulfilled. Receiving an input's failure counts as
//! awaiting it (§14.7).
use std::cell::RefCell;
use std::rc::Rc;

use super::{CancelReason, Origin, Scheduler, TaskRef, TaskStatus};
use crate::error::catalogue;
use crate::value::{Inner, Value};

/// An element of the input array: a task, or a value taken as it is.
enum Input {
    Task(TaskRef),
    Value(Value),
}

fn inputs(items: &[Value]) -> Vec<Input> {
    items
        .iter()
        .map(|item| match item.inner() {
            Inner::Task(task) => Input::Task(task.clone()),
            _ => Input::Value(item.clone()),
        })
        .collect()
}

fn tasks_of(inputs: &[Input]) -> Vec<TaskRef> {
    inputs
        .iter()
        .filter_map(|input| match input {
            Input::Task(task) => Some(task.clone()),
            Input::Value(_) => None,
        })
        .collect()
}

/// The value a cancelled input contributes as its failure.
fn cancelled_error() -> Value {
    catalogue::cancelled().into_value()
}

/// Results collected by index until every input has contributed one.
struct Collected {
    results: Vec<Value>,
    missing: usize,
}

impl Scheduler {
    /// Cancels the tasks of `tasks` that are still pending, in array order.
    fn cancel_pending(&self, tasks: &[TaskRef], reason: CancelReason) {
        for task in tasks {
            self.cancel(task, reason);
        }
    }

    /// `Promise.all(xs)`: the array of results once every element has fulfilled; the first
    /// failure otherwise, after which the remaining pending tasks of `xs` are cancelled.
    pub fn all(&self, origin: &Origin, items: &[Value]) -> TaskRef {
        let result = self.native_at(origin);
        let inputs = inputs(items);
        let tasks = Rc::new(tasks_of(&inputs));
        let state = Rc::new(RefCell::new(Collected {
            results: vec![Value::NULL; inputs.len()],
            missing: inputs.len(),
        }));
        for (index, input) in inputs.into_iter().enumerate() {
            let task = match input {
                Input::Value(value) => {
                    record(&state, index, value);
                    continue;
                }
                Input::Task(task) => task,
            };
            let (result, state, tasks) = (result.clone(), state.clone(), tasks.clone());
            self.when_settled(
                &task,
                Box::new(move |scheduler: &Scheduler, input: &TaskRef| {
                    if !result.is_pending() {
                        return;
                    }
                    match scheduler.observe_status(input) {
                        TaskStatus::Fulfilled(value) => {
                            if record(&state, index, value) {
                                let results = std::mem::take(&mut state.borrow_mut().results);
                                scheduler.fulfil(&result, Value::array(results));
                            }
                        }
                        TaskStatus::Failed(thrown) => {
                            scheduler.fail(&result, thrown);
                            scheduler.cancel_pending(&tasks, CancelReason::All);
                        }
                        TaskStatus::Cancelled => {
                            scheduler.fail(&result, cancelled_error());
                            scheduler.cancel_pending(&tasks, CancelReason::All);
                        }
                        TaskStatus::Pending => {}
                    }
                }),
            );
        }
        if result.is_pending() && state.borrow().missing == 0 {
            let results = std::mem::take(&mut state.borrow_mut().results);
            self.fulfil(&result, Value::array(results));
        }
        result
    }

    /// `Promise.allSettled(xs)`: once all have settled, an array of
    /// `{ status: "fulfilled", value }` / `{ status: "rejected", reason }`. Cancels nothing.
    pub fn all_settled(&self, origin: &Origin, items: &[Value]) -> TaskRef {
        let result = self.native_at(origin);
        let inputs = inputs(items);
        let state = Rc::new(RefCell::new(Collected {
            results: vec![Value::NULL; inputs.len()],
            missing: inputs.len(),
        }));
        let finish = |scheduler: &Scheduler, result: &TaskRef, state: &Rc<RefCell<Collected>>| {
            let results = std::mem::take(&mut state.borrow_mut().results);
            scheduler.fulfil(result, Value::array(results));
        };
        for (index, input) in inputs.into_iter().enumerate() {
            let task = match input {
                Input::Value(value) => {
                    record(&state, index, fulfilled_entry(value));
                    continue;
                }
                Input::Task(task) => task,
            };
            let (result, state) = (result.clone(), state.clone());
            self.when_settled(
                &task,
                Box::new(move |scheduler: &Scheduler, input: &TaskRef| {
                    let entry = match scheduler.observe_status(input) {
                        TaskStatus::Fulfilled(value) => fulfilled_entry(value),
                        TaskStatus::Failed(thrown) => rejected_entry(thrown),
                        TaskStatus::Cancelled => rejected_entry(cancelled_error()),
                        TaskStatus::Pending => return,
                    };
                    if record(&state, index, entry) && result.is_pending() {
                        finish(scheduler, &result, &state);
                    }
                }),
            );
        }
        if result.is_pending() && state.borrow().missing == 0 {
            finish(self, &result, &state);
        }
        result
    }

    /// `Promise.race(xs)`: settles like the first element to settle — a non-task element or
    /// an already settled task at once, the earliest in array order — then cancels the other
    /// pending tasks. The caller rejects an empty array (`R0304`).
    pub fn race(&self, origin: &Origin, items: &[Value]) -> TaskRef {
        let result = self.native_at(origin);
        let inputs = inputs(items);
        let tasks = Rc::new(tasks_of(&inputs));
        let immediate = inputs.iter().find(|input| match input {
            Input::Value(_) => true,
            Input::Task(task) => !task.is_pending(),
        });
        match immediate {
            Some(Input::Value(value)) => self.fulfil(&result, value.clone()),
            Some(Input::Task(task)) => self.settle_like(&result, task),
            None => {
                for task in tasks.iter() {
                    let (result, tasks) = (result.clone(), tasks.clone());
                    self.when_settled(
                        task,
                        Box::new(move |scheduler: &Scheduler, input: &TaskRef| {
                            if result.is_pending() {
                                scheduler.settle_like(&result, input);
                                scheduler.cancel_pending(&tasks, CancelReason::Race);
                            }
                        }),
                    );
                }
            }
        }
        if !result.is_pending() {
            self.cancel_pending(&tasks, CancelReason::Race);
        }
        result
    }

    /// `Promise.any(xs)`: fulfils like the first element to fulfil, then cancels the other
    /// pending tasks; if all fail, fails with AggregateError `R0802` whose `data.errors` lists
    /// the failures in the order of `xs` (an empty array fails at once with n = 0).
    pub fn any(&self, origin: &Origin, items: &[Value]) -> TaskRef {
        let result = self.native_at(origin);
        let inputs = inputs(items);
        let tasks = Rc::new(tasks_of(&inputs));
        let state = Rc::new(RefCell::new(Collected {
            results: vec![Value::NULL; inputs.len()],
            missing: inputs.len(),
        }));
        let fail_all = |scheduler: &Scheduler, result: &TaskRef, state: &Rc<RefCell<Collected>>| {
            let errors = std::mem::take(&mut state.borrow_mut().results);
            scheduler.fail(result, catalogue::all_failed(errors).into_value());
        };
        let first_value = inputs.iter().find_map(|input| match input {
            Input::Value(value) => Some(value.clone()),
            Input::Task(task) => match task.status() {
                TaskStatus::Fulfilled(value) => Some(value),
                _ => None,
            },
        });
        if let Some(value) = first_value {
            self.fulfil(&result, value);
            self.cancel_pending(&tasks, CancelReason::Any);
            return result;
        }
        for (index, input) in inputs.into_iter().enumerate() {
            let Input::Task(task) = input else {
                continue;
            };
            let (result, state, tasks) = (result.clone(), state.clone(), tasks.clone());
            self.when_settled(
                &task,
                Box::new(move |scheduler: &Scheduler, input: &TaskRef| {
                    if !result.is_pending() {
                        return;
                    }
                    let error = match scheduler.observe_status(input) {
                        TaskStatus::Fulfilled(value) => {
                            scheduler.fulfil(&result, value);
                            scheduler.cancel_pending(&tasks, CancelReason::Any);
                            return;
                        }
                        TaskStatus::Failed(thrown) => thrown,
                        TaskStatus::Cancelled => cancelled_error(),
                        TaskStatus::Pending => return,
                    };
                    if record(&state, index, error) {
                        fail_all(scheduler, &result, &state);
                    }
                }),
            );
        }
        if result.is_pending() && state.borrow().missing == 0 {
            fail_all(self, &result, &state);
        }
        result
    }
}

/// Stores the contribution of input `index`; true when it was the last one missing.
fn record(state: &Rc<RefCell<Collected>>, index: usize, value: Value) -> bool {
    let mut state = state.borrow_mut();
    if let Some(slot) = state.results.get_mut(index) {
        *slot = value;
    }
    state.missing = state.missing.saturating_sub(1);
    state.missing == 0
}

fn fulfilled_entry(value: Value) -> Value {
    Value::object_from([("status", Value::string("fulfilled")), ("value", value)])
}

fn rejected_entry(reason: Value) -> Value {
    Value::object_from([("status", Value::string("rejected")), ("reason", reason)])
}
