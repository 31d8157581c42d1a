//! The task builtins through a stand-in machine (builtins §13, §13.1). The machine's `spawn`
//! stands in for calling a Prism function `f(item, index)`: for a number `n ≥ 0` it sleeps `n`
//! ms and returns `n`; for `n < 0` it sleeps `-n` ms and throws `"fail {n}"`.
use super::*;
use crate::builtins::{call_builtin, Machine, Output, RandomStreams, Stream};
use crate::value::Inner;

struct NoOutput;

impl Output for NoOutput {
    fn write_line(&mut self, _: Stream, _: &str) {}
}

struct TestMachine<'c, 'y> {
    cx: &'c TaskContext<'y>,
    log: Log,
    random: RandomStreams,
    output: NoOutput,
}

impl Machine for TestMachine<'_, '_> {
    fn call(&mut self, callee: &Value, _: &[Value]) -> Result<Value, Thrown> {
        Err(crate::error::catalogue::not_callable(callee.type_name()))
    }

    fn output(&mut self) -> &mut dyn Output {
        &mut self.output
    }

    fn random(&mut self) -> &mut RandomStreams {
        &mut self.random
    }

    fn task_context(&self) -> Option<&TaskContext<'_>> {
        Some(self.cx)
    }

    fn spawn(&mut self, _: &Value, args: Vec<Value>) -> Result<TaskRef, Thrown> {
        let n = args.first().and_then(Value::as_number).unwrap_or(0.0);
        let log = self.log.clone();
        self.cx.start_child(
            None,
            Box::new(move |cx: &TaskContext<'_>| {
                log.push(format!("start {n}"));
                sleep(cx, n.abs())?;
                log.push(format!("end {n}"));
                if n < 0.0 {
                    return Err(Thrown::user(Value::string(&format!("fail {n}"))));
                }
                Ok(Value::number(n))
            }),
        )
    }
}

/// Calls the prelude function (or `Promise` member) `name` as the main task; returns the
/// display of the result or the error's code and message, the elapsed virtual time and the log.
fn call(name: &str, args: Vec<Value>) -> (String, f64, Vec<String>) {
    let log = Log::default();
    let machine_log = log.clone();
    let scheduler = virtual_scheduler();
    let clock = scheduler.clone();
    let callee = match name.strip_prefix("Promise.") {
        Some(member) => crate::builtins::prelude_value("Promise")
            .and_then(|promise| crate::ops::get_member(&promise, member).ok()),
        None => crate::builtins::prelude_value(name),
    };
    let Some(Inner::Builtin(builtin)) = callee.map(Value::into_inner) else {
        return (format!("no builtin {name}"), 0.0, Vec::new());
    };
    let end = scheduler.run(Box::new(move |cx: &TaskContext<'_>| {
        let mut machine = TestMachine {
            cx,
            log: machine_log,
            random: RandomStreams::new(1),
            output: NoOutput,
        };
        let value = call_builtin(&mut machine, builtin, None, &args)?;
        match value.inner() {
            Inner::Task(task) => machine.suspend_on(task),
            _ => Ok(value),
        }
    }));
    let shown = match end.result {
        Ok(value) => text(&value),
        Err(thrown) => format!("{} {}", thrown.code(), text(thrown.value())),
    };
    (shown, clock.elapsed_ms(), log.events())
}

fn numbers(values: &[f64]) -> Value {
    Value::array(values.iter().map(|n| Value::number(*n)).collect())
}

fn stand_in() -> Value {
    crate::builtins::prelude_value("len").unwrap_or(Value::NULL)
}

fn options(pairs: Vec<(&str, Value)>) -> Value {
    Value::object_from(pairs)
}

#[test]
fn parallel_returns_results_in_input_order() {
    let (shown, elapsed, log) = call("parallel", vec![numbers(&[30.0, 10.0, 20.0]), stand_in()]);
    assert_eq!((shown.as_str(), elapsed), ("[30, 10, 20]", 30.0));
    assert_eq!(
        log,
        ["start 30", "start 10", "start 20", "end 10", "end 20", "end 30"]
    );
}

#[test]
fn parallel_limit_bounds_the_unfinished_invocations() {
    let limit_one = options(vec![("limit", Value::number(1.0))]);
    let (shown, elapsed, _) = call(
        "parallel",
        vec![numbers(&[30.0, 10.0, 20.0]), stand_in(), limit_one],
    );
    assert_eq!((shown.as_str(), elapsed), ("[30, 10, 20]", 60.0));
    let limit_two = options(vec![("limit", Value::number(2.0))]);
    let (_, elapsed, log) = call(
        "parallel",
        vec![numbers(&[30.0, 10.0, 20.0]), stand_in(), limit_two],
    );
    assert_eq!(elapsed, 30.0);
    assert_eq!(
        log,
        ["start 30", "start 10", "end 10", "start 20", "end 30", "end 20"]
    );
}

#[test]
fn parallel_fails_fast_and_cancels_the_unfinished_invocations() {
    let (shown, elapsed, log) = call("parallel", vec![numbers(&[50.0, -20.0, -10.0]), stand_in()]);
    assert_eq!((shown.as_str(), elapsed), ("R0100 fail -10", 10.0));
    assert_eq!(log, ["start 50", "start -20", "start -10", "end -10"]);
}

#[test]
fn parallel_settle_collects_every_outcome() {
    let settle = options(vec![("settle", Value::TRUE)]);
    let (shown, _, _) = call("parallel", vec![numbers(&[5.0, -1.0]), stand_in(), settle]);
    assert_eq!(
        shown,
        "[{ ok: true, value: 5 }, { ok: false, error: \"fail -1\" }]"
    );
}

#[test]
fn parallel_timeout_cancels_a_slow_invocation() {
    let opts = options(vec![
        ("timeout", Value::number(15.0)),
        ("settle", Value::TRUE),
    ]);
    let (shown, elapsed, _) = call("parallel", vec![numbers(&[10.0, 30.0]), stand_in(), opts]);
    assert_eq!(
        shown,
        "[{ ok: true, value: 10 }, { ok: false, error: [TimeoutError: parallel item 1 timed out after 15 ms] }]"
    );
    assert_eq!(elapsed, 15.0);
    let strict = options(vec![("timeout", Value::number(15.0))]);
    let (shown, _, _) = call("parallel", vec![numbers(&[10.0, 30.0]), stand_in(), strict]);
    assert_eq!(shown, "R0801 parallel item 1 timed out after 15 ms");
}

#[test]
fn parallel_checks_its_options() {
    let bad_limit = options(vec![("limit", Value::number(0.0))]);
    let (shown, _, _) = call("parallel", vec![numbers(&[1.0]), stand_in(), bad_limit]);
    assert_eq!(
        shown,
        "R0304 parallel: option 'limit' must be an integer of at least 1, got 0"
    );
    let unknown = options(vec![("speed", Value::number(1.0))]);
    let (shown, _, _) = call("parallel", vec![numbers(&[1.0]), stand_in(), unknown]);
    assert_eq!(shown, "R0216 parallel: unknown option 'speed'");
}

#[test]
fn delay_and_sleep_wait_on_the_run_clock() {
    let (shown, elapsed, _) = call("delay", vec![Value::number(40.0), Value::string("v")]);
    assert_eq!((shown.as_str(), elapsed), ("v", 40.0));
    let (shown, elapsed, _) = call("sleep", vec![Value::number(-5.0)]);
    assert_eq!((shown.as_str(), elapsed), ("null", 0.0));
    let (shown, _, _) = call("delay", vec![Value::number(f64::NAN)]);
    assert_eq!(shown, "R0304 delay: argument 1 must be a number, got NaN");
}

#[test]
fn spawn_starts_a_task_and_checks_its_callee() {
    let (shown, elapsed, _) = call("spawn", vec![stand_in(), Value::number(12.0)]);
    assert_eq!((shown.as_str(), elapsed), ("12", 12.0));
    let (shown, _, _) = call("spawn", vec![Value::number(1.0)]);
    assert_eq!(
        shown,
        "R0216 spawn: argument 1 must be a function, got number"
    );
}

#[test]
fn timeout_spawns_a_function_argument() {
    let (shown, elapsed, _) = call("timeout", vec![stand_in(), Value::number(5.0)]);
    assert_eq!((shown.as_str(), elapsed), ("0", 0.0));
}

#[test]
fn promise_functions_are_reachable_and_check_arguments() {
    let (shown, _, _) = call("Promise.race", vec![Value::array(Vec::new())]);
    assert_eq!(
        shown,
        "R0304 Promise.race: argument 1 must be a non-empty array, got []"
    );
    let (shown, _, _) = call("Promise.all", vec![Value::number(1.0)]);
    assert_eq!(
        shown,
        "R0216 Promise.all: argument 1 must be an array, got number"
    );
    let (shown, _, _) = call("Promise.reject", vec![Value::string("no")]);
    assert_eq!(shown, "R0100 no");
    let (shown, _, _) = call(
        "Promise.allSettled",
        vec![Value::array(vec![Value::number(1.0)])],
    );
    assert_eq!(shown, "[{ status: \"fulfilled\", value: 1 }]");
}
