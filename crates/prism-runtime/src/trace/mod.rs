//! The run trace (runtime §13): one compact JSON object per line, in event order, every line
//! redacted (§13.3) before it is written.
//!
//! Like the agent runtime, the trace of a run lives in a thread-local of the run thread: the
//! driver calls [`install`] before the run (with the file as a sink, or without one to get
//! only redaction), [`crate::agents::attach_scheduler`] hands it the run clock and the task
//! numbers once the scheduler exists, and [`finish`] flushes and removes it. Events come from
//! the driver (`run_start`, `run_end`, `warning`, `output`), from the call pipeline through
//! [`TraceObserver`] (`call_start`, `call_end`, `retry`, `fallback`, `budget`), from governance
//! (`policy`) and from providers (`log`). The emitters in [`events`] are public so that the
//! other sources of §13.2 (`branch`, `cancel`, `pattern_start`, `pattern_end`) can use them.
//!
//! [`TraceObserver`]: observer::TraceObserver
pub mod events;
pub mod json;
pub mod observer;
pub mod redact;

use std::cell::{Cell, RefCell};
use std::io::Write;

use serde_json::{Map, Value as Json};

pub use redact::{Redactor, REDACTED};

use crate::tasks::Scheduler;

/// What the driver hands to [`install`].
pub struct TraceSetup {
    /// Where the lines go (the trace file, created or truncated at the start of the run,
    /// §13.1); `None` when no trace is written.
    pub sink: Option<Box<dyn Write>>,
    pub redactor: Redactor,
    pub include_content: bool,
    pub include_output: bool,
    /// `--run-id` or a random UUID (§13.2).
    pub run_id: String,
    /// The root pattern node (`ORG_1`).
    pub node: String,
}

struct TraceState {
    sink: RefCell<Option<Box<dyn Write>>>,
    /// The first write error; later lines are dropped and [`finish`] reports it.
    failed: RefCell<Option<String>>,
    seq: Cell<u64>,
    redactor: Redactor,
    include_content: bool,
    include_output: bool,
    run_id: String,
    /// The node whose run is on the thread: the root, or a child pattern inside it (§11.6).
    node: RefCell<String>,
    scheduler: RefCell<Option<Scheduler>>,
}

thread_local! {
    static TRACE: RefCell<Option<std::rc::Rc<TraceState>>> = const { RefCell::new(None) };
}

fn state() -> Option<std::rc::Rc<TraceState>> {
    TRACE.with(|trace| trace.borrow().clone())
}

/// Makes `setup` the trace of this thread's run.
pub fn install(setup: TraceSetup) {
    let state = TraceState {
        sink: RefCell::new(setup.sink),
        failed: RefCell::new(None),
        seq: Cell::new(0),
        redactor: setup.redactor,
        include_content: setup.include_content,
        include_output: setup.include_output,
        run_id: setup.run_id,
        node: RefCell::new(setup.node),
        scheduler: RefCell::new(None),
    };
    TRACE.with(|trace| *trace.borrow_mut() = Some(std::rc::Rc::new(state)));
}

/// Flushes and removes the trace; the first write error, if any, as a message.
pub fn finish() -> Result<(), String> {
    let Some(state) = TRACE.with(|trace| trace.borrow_mut().take()) else {
        return Ok(());
    };
    if let Some(mut sink) = state.sink.borrow_mut().take() {
        if let Err(error) = sink.flush() {
            state.failed.borrow_mut().get_or_insert(error.to_string());
        }
    }
    let failed = state.failed.borrow_mut().take();
    failed.map_or(Ok(()), Err)
}

/// Gives the trace the run's clock and task numbers (called through
/// [`crate::agents::attach_scheduler`]) until the guard drops, when the enclosing run's (a
/// child pattern runs nested in its caller) is restored.
pub(crate) fn set_scheduler(scheduler: &Scheduler) -> Restore {
    let Some(state) = state() else {
        return Restore::default();
    };
    let previous = state.scheduler.borrow_mut().replace(scheduler.clone());
    // The root run's scheduler stays: `run_end` is written after the run, on its clock.
    Restore {
        scheduler: previous.map(Some),
        node: None,
    }
}

/// Events name node `id` (a child pattern, §13.2 `node`) until the guard drops.
pub fn enter_node(id: &str) -> Restore {
    let Some(state) = state() else {
        return Restore::default();
    };
    let previous = std::mem::replace(&mut *state.node.borrow_mut(), id.to_owned());
    Restore {
        scheduler: None,
        node: Some(previous),
    }
}

/// Puts back what a nested run replaced in the trace.
#[derive(Default)]
#[must_use = "the enclosing run's clock or node comes back when this drops"]
pub struct Restore {
    scheduler: Option<Option<Scheduler>>,
    node: Option<String>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let Some(state) = state() else { return };
        if let Some(previous) = self.scheduler.take() {
            *state.scheduler.borrow_mut() = previous;
        }
        if let Some(previous) = self.node.take() {
            *state.node.borrow_mut() = previous;
        }
    }
}

/// Whether a trace file is being written.
pub fn active() -> bool {
    state().is_some_and(|state| state.sink.borrow().is_some())
}

/// Whether content fields (†) are recorded.
pub fn include_content() -> bool {
    state().is_some_and(|state| state.include_content)
}

/// Whether program output is recorded as `output` events.
pub fn include_output() -> bool {
    state().is_some_and(|state| state.include_output)
}

/// The run's redactor (empty when no trace is installed).
pub fn redactor() -> Redactor {
    state()
        .map(|state| state.redactor.clone())
        .unwrap_or_default()
}

/// `text` with the run's secrets replaced (§13.3).
pub fn redact_text(text: &str) -> String {
    match state() {
        Some(state) => state.redactor.text(text),
        None => text.to_owned(),
    }
}

/// Writes one event: the common fields of §13.2 in their order, then `fields`.
pub fn emit(kind: &str, fields: Map<String, Json>) {
    let Some(state) = state() else { return };
    if state.sink.borrow().is_none() || state.failed.borrow().is_some() {
        return;
    }
    let (t_ms, task) = match &*state.scheduler.borrow() {
        Some(scheduler) => (
            scheduler.elapsed_ms(),
            scheduler
                .current()
                .map_or(0, |task| task.serial().saturating_sub(1)),
        ),
        // Before the scheduler exists (`run_start`) the run clock has not started: time 0.
        None => (0.0, 0),
    };
    let seq = state.seq.get();
    state.seq.set(seq + 1);
    let mut event = Map::new();
    event.insert("v".into(), Json::from(1));
    event.insert("seq".into(), Json::from(seq));
    event.insert("t_ms".into(), Json::from(t_ms.max(0.0).floor() as u64));
    event.insert("run_id".into(), Json::from(state.run_id.clone()));
    event.insert("node".into(), Json::from(state.node.borrow().clone()));
    event.insert("task".into(), Json::from(task));
    event.insert("type".into(), Json::from(kind));
    event.extend(fields);
    let mut event = Json::Object(event);
    state.redactor.json(&mut event);
    let mut line = json::compact(&event);
    line.push('\n');
    let written = match state.sink.borrow_mut().as_mut() {
        Some(sink) => sink.write_all(line.as_bytes()),
        None => Ok(()),
    };
    if let Err(error) = written {
        *state.failed.borrow_mut() = Some(error.to_string());
    }
}

/// `value` if content is recorded, else `null` (the † fields of §13.2).
pub fn content(value: impl FnOnce() -> Json) -> Json {
    if include_content() {
        value()
    } else {
        Json::Null
    }
}
