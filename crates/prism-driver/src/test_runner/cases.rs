//! Running the registered cases of a test file (cli §9.2), in the main task once the file's top
//! level has finished. Before each case the mock provider's records and scripted rules, budget
//! usage and the random streams are reset; the case runs as a child task under the per-case
//! timeout (`R0801`), and a returned task is awaited within the same time.
//!
//! The virtual clock goes back to `clock_start_ms` unless a timer of an earlier case is still
//! pending (the scheduler keys timers by due time); then it keeps its time (docs/testing.md).

use prism_diagnostics::{Diagnostic, StackFrame};
use prism_runtime::builtins::{Args, Builtin, Machine, Mode, RandomStreams};
use prism_runtime::tasks::{Origin, TaskRef, TaskStatus};
use prism_runtime::{Inner, Thrown, Value};

use super::natives::{with_session, Case, CaseSettings};
use super::report::{CaseResult, CaseStatus};

/// The host name the runner's harness calls after the test file's top level.
pub(crate) const RUN_CASES: &str = "__prismRunTestCases";

static RUN_CASES_BUILTIN: Builtin = Builtin {
    name: RUN_CASES,
    mode: Mode::None,
    min_args: 0,
    body: run_cases,
    members: &[],
};

pub(crate) fn run_cases_value() -> Value {
    Value::from_inner(Inner::Builtin(&RUN_CASES_BUILTIN))
}

fn run_cases(machine: &mut dyn Machine, _: &Args<'_>) -> Result<Value, Thrown> {
    let taken = with_session(|session| {
        session.running = true;
        session.output.borrow_mut().clear();
        (
            std::mem::take(&mut session.cases),
            session.settings.clone(),
            session.output.clone(),
        )
    });
    let Some((cases, settings, captured)) = taken else {
        return Ok(Value::NULL);
    };
    let mut cases = cases.into_iter().filter(|case| selected(case, &settings));
    while let Some(case) = cases.next() {
        if case.skip {
            record(skipped(case.name));
            continue;
        }
        reset_between_cases(machine, settings.seed);
        let started = run_clock(machine);
        let outcome = run_case(machine, &case.body, settings.timeout_ms);
        let duration_ms = (run_clock(machine) - started).max(0.0).round() as u64;
        let output = std::mem::take(&mut *captured.borrow_mut());
        let (status, error, fatal) = match outcome {
            Ok(()) => (CaseStatus::Passed, None, None),
            Err((thrown, failed)) => {
                let diagnostic = case_diagnostic(&thrown, failed.as_ref());
                let fatal = (!thrown.is_catchable()).then_some(thrown);
                (CaseStatus::Failed, Some(diagnostic), fatal)
            }
        };
        record(CaseResult {
            name: case.name,
            status,
            duration_ms,
            error,
            output,
        });
        // An uncatchable error ends the whole run (language §12.4): the rest cannot run.
        if let Some(thrown) = fatal {
            for rest in cases.by_ref() {
                record(not_run(rest.name, &thrown));
            }
            return Err(thrown);
        }
    }
    Ok(Value::NULL)
}

/// `--filter TEXT`: only cases whose name contains TEXT (cli §9.1).
fn selected(case: &Case, settings: &CaseSettings) -> bool {
    settings
        .filter
        .as_deref()
        .is_none_or(|filter| case.name.contains(filter))
}

fn record(result: CaseResult) {
    with_session(|session| session.results.push(result));
}

fn skipped(name: String) -> CaseResult {
    CaseResult {
        name,
        status: CaseStatus::Skipped,
        duration_ms: 0,
        error: None,
        output: Vec::new(),
    }
}

fn not_run(name: String, cause: &Thrown) -> CaseResult {
    let diagnostic = Diagnostic::error(cause.code(), "not run: the file's run ended")
        .with_note("an uncatchable error in an earlier case ended the run");
    CaseResult {
        name,
        status: CaseStatus::Failed,
        duration_ms: 0,
        error: Some(diagnostic),
        output: Vec::new(),
    }
}

/// The isolation of cli §9.2: provider traffic, budgets, randomness and time start afresh.
fn reset_between_cases(machine: &mut dyn Machine, seed: u64) {
    prism_runtime::agents::test_mode::reset();
    let runtime = prism_runtime::agents::current();
    runtime.budgets.run.take();
    runtime.budgets.agents.borrow_mut().clear();
    *machine.random() = RandomStreams::new(seed);
    if let Some(cx) = machine.task_context() {
        cx.scheduler().rewind_virtual_clock();
    }
}

fn run_clock(machine: &dyn Machine) -> f64 {
    machine
        .task_context()
        .map_or(0.0, |cx| cx.scheduler().elapsed_ms())
}

/// Calls the case's function as a child task and waits for it (and for a task it returns)
/// until the per-case timeout on the run clock. A failure comes with the task that failed.
fn run_case(
    machine: &mut dyn Machine,
    body: &Value,
    timeout_ms: u64,
) -> Result<(), (Thrown, Option<TaskRef>)> {
    let Some(cx) = machine.task_context() else {
        return machine
            .call(body, &[])
            .map(drop)
            .map_err(|thrown| (thrown, None));
    };
    let scheduler = cx.scheduler().clone();
    let origin = Origin::new(Some(cx.task().clone()), None);
    let limit = timeout_ms as f64;
    let ends_at = scheduler.elapsed_ms() + limit;
    let task = machine
        .spawn(body, Vec::new())
        .map_err(|thrown| (thrown, None))?;
    let guarded = scheduler.timeout(&origin, &task, limit);
    let value = machine
        .suspend_on(&guarded)
        .map_err(|thrown| (thrown, Some(task)))?;
    if let Inner::Task(returned) = value.inner() {
        let remaining = (ends_at - scheduler.elapsed_ms()).max(0.0);
        let guarded = scheduler.timeout(&origin, returned, remaining);
        machine
            .suspend_on(&guarded)
            .map_err(|thrown| (thrown, Some(returned.clone())))?;
    }
    Ok(())
}

/// The diagnostic of a failed case: code, kind and message, then, as for any runtime error
/// (cli §3.4), where it arose and the case's call stack when the failed task recorded them
/// (a timed-out task was cancelled, not failed); otherwise the error object's line and column.
fn case_diagnostic(thrown: &Thrown, failed: Option<&TaskRef>) -> Diagnostic {
    let mut diagnostic = thrown.to_diagnostic();
    let trace = failed
        .filter(|task| matches!(task.status(), TaskStatus::Failed(_)))
        .and_then(TaskRef::failure_trace);
    if let Some((frames, Some(primary))) = trace {
        let kind = diagnostic.kind.clone().unwrap_or_default();
        diagnostic = diagnostic.with_primary(primary.file, primary.span, kind);
        diagnostic.stack = frames
            .into_iter()
            .map(|(function, at)| StackFrame {
                function: function.to_string(),
                at,
            })
            .collect();
        return diagnostic;
    }
    if let Some(object) = thrown.value().as_object() {
        let data = object.borrow();
        let number = |key: &str| data.get(key).and_then(|value| value.as_number());
        if let (Some(line), Some(column)) = (number("line"), number("column")) {
            diagnostic = diagnostic.with_note(format!("raised at line {line}, column {column}"));
        }
    }
    diagnostic
}
