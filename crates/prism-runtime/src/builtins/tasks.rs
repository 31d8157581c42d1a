//! Tasks and concurrency (builtins §13): `spawn`, `delay`, `sleep`, `timeout`, `parallel`
//! (§13.1) and the `Promise` namespace. The work is the scheduler's ([`crate::tasks`]); these
//! bodies check arguments and pass the running task as the parent of what they create.
use super::args::Args;
use super::support::builtin;
use super::{Builtin, Library, Machine, Mode};
use crate::display::display;
use crate::error::{catalogue, Thrown};
use crate::tasks::parallel::{parallel as run_parallel, ParallelOptions};
use crate::tasks::{no_tasks, Origin, Scheduler, TaskRef};
use crate::value::{Inner, Member, Namespace, Value};

pub static LIBRARY: Library = Library {
    globals: &[&SPAWN, &DELAY, &SLEEP, &TIMEOUT, &PARALLEL],
    namespaces: &[&PROMISE],
    methods: &[],
};

static SPAWN: Builtin = builtin("spawn", Mode::None, 1, spawn);
static DELAY: Builtin = builtin("delay", Mode::None, 1, delay);
static SLEEP: Builtin = builtin("sleep", Mode::None, 1, sleep);
static TIMEOUT: Builtin = builtin("timeout", Mode::None, 2, timeout);
static PARALLEL: Builtin = builtin("parallel", Mode::Recv, 2, parallel);
static RESOLVE: Builtin = builtin("Promise.resolve", Mode::None, 1, resolve);
static REJECT: Builtin = builtin("Promise.reject", Mode::None, 1, reject);
static ALL: Builtin = builtin("Promise.all", Mode::None, 1, all);
static ALL_SETTLED: Builtin = builtin("Promise.allSettled", Mode::None, 1, all_settled);
static RACE: Builtin = builtin("Promise.race", Mode::None, 1, race);
static ANY: Builtin = builtin("Promise.any", Mode::None, 1, any);

static PROMISE: Namespace = Namespace {
    name: "Promise",
    members: &[
        ("resolve", Member::Function(&RESOLVE)),
        ("reject", Member::Function(&REJECT)),
        ("all", Member::Function(&ALL)),
        ("allSettled", Member::Function(&ALL_SETTLED)),
        ("race", Member::Function(&RACE)),
        ("any", Member::Function(&ANY)),
    ],
};

/// The scheduler and where a task created by this call comes from (the running task, the
/// call's position).
fn origin(machine: &dyn Machine, args: &Args<'_>) -> Result<(Scheduler, Origin), Thrown> {
    let cx = machine
        .task_context()
        .ok_or_else(|| no_tasks(args.name()))?;
    let origin = Origin::new(Some(cx.task().clone()), machine.call_span());
    Ok((cx.scheduler().clone(), origin))
}

/// A duration argument in milliseconds: a number; NaN is R0304; negative counts as 0.
fn milliseconds(args: &Args<'_>, index: usize) -> Result<f64, Thrown> {
    let ms = args.number(index)?;
    if ms.is_nan() {
        return Err(args.out_of_range(index, "a number"));
    }
    Ok(ms.max(0.0))
}

/// `spawn(f, ...args)`: a task running `f(...args)`, started at once (language §14.2).
fn spawn(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let callee = args.function(0)?;
    let rest = args
        .values
        .get(1..)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    machine.spawn(callee, rest).map(Value::task)
}

/// `delay(ms, value = null)`: fulfils with `value` after `ms` milliseconds of the run clock.
fn delay(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let ms = milliseconds(args, 0)?;
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(scheduler.delay(
        &origin,
        ms,
        args.get(1).clone(),
    )))
}

/// `sleep(ms)`: `delay(ms, null)`.
fn sleep(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let ms = milliseconds(args, 0)?;
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(scheduler.delay(&origin, ms, Value::NULL)))
}

/// `timeout(x, ms)`: `x` is a task, or a function spawned without arguments.
fn timeout(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let ms = milliseconds(args, 1)?;
    let target: TaskRef = match args.get(0).inner() {
        Inner::Task(task) => task.clone(),
        inner if inner.is_function() => machine.spawn(args.get(0), Vec::new())?,
        _ => return Err(args.wrong_type(0, "a task or a function")),
    };
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(scheduler.timeout(&origin, &target, ms)))
}

/// `parallel(items, fn, opts = {})` (§13.1); suspends the caller.
fn parallel(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = args.array(0)?.borrow().clone();
    let callback = args.function(1)?;
    let options = parallel_options(args)?;
    run_parallel(machine, &items, callback, options)
}

fn parallel_options(args: &Args<'_>) -> Result<ParallelOptions, Thrown> {
    let mut options = ParallelOptions::default();
    if args.is_default(2) {
        return Ok(options);
    }
    let object = args.object(2)?.borrow();
    for (key, value) in &object.map {
        if value.is_null() {
            continue;
        }
        match (key.as_str(), value.inner()) {
            ("limit", Inner::Number(n)) => {
                if !(*n >= 1.0 && (n.trunc() == *n || n.is_infinite())) {
                    return Err(option_range("limit", "an integer of at least 1", value));
                }
                options.limit = if n.is_infinite() {
                    usize::MAX
                } else {
                    *n as usize
                };
            }
            ("timeout", Inner::Number(n)) => {
                if n.is_nan() {
                    return Err(option_range("timeout", "a number", value));
                }
                options.timeout_ms = Some(n.max(0.0));
            }
            ("settle", Inner::Bool(b)) => options.settle = *b,
            ("limit" | "timeout", _) => {
                return Err(catalogue::bad_option(
                    args.name(),
                    key,
                    "a number",
                    value.type_name(),
                ))
            }
            ("settle", _) => {
                return Err(catalogue::bad_option(
                    args.name(),
                    key,
                    "a boolean",
                    value.type_name(),
                ))
            }
            _ => return Err(catalogue::unknown_option(args.name(), key)),
        }
    }
    Ok(options)
}

/// R0304 for an option value of the right type but out of range.
fn option_range(name: &str, constraint: &str, value: &Value) -> Thrown {
    catalogue::range_error(format!(
        "parallel: option '{name}' must be {constraint}, got {}",
        display(value)
    ))
}

/// `Promise.resolve(v)`: `v` itself if it is a task, else a task fulfilled with `v`.
fn resolve(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(
        scheduler.resolved(&origin, args.get(0).clone()),
    ))
}

/// `Promise.reject(x)`: a task already failed with the thrown value `x`.
fn reject(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(
        scheduler.rejected(&origin, args.get(0).clone()),
    ))
}

/// The elements of the array argument of a combinator (a snapshot).
fn elements(args: &Args<'_>) -> Result<Vec<Value>, Thrown> {
    Ok(args.array(0)?.borrow().clone())
}

fn all(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args)?;
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(scheduler.all(&origin, &items)))
}

fn all_settled(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args)?;
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(scheduler.all_settled(&origin, &items)))
}

fn race(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args)?;
    if items.is_empty() {
        return Err(args.out_of_range(0, "a non-empty array"));
    }
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(scheduler.race(&origin, &items)))
}

fn any(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args)?;
    let (scheduler, origin) = origin(machine, args)?;
    Ok(Value::task(scheduler.any(&origin, &items)))
}
