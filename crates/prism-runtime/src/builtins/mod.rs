//! The builtin framework (builtins §1): descriptors, argument checking, confidence modes, the
//! [`Machine`] through which builtins call back into Prism, and the prelude tables.
//!
//! A builtin body works on inner values: [`call_builtin`] checks the arity (R0217) and applies
//! the confidence mode of builtins §1.3 around the body, so no body repeats that logic. Builtin
//! families live in sibling files, each exporting a [`Library`] listed in `LIBRARIES`.
use std::collections::HashMap;
use std::sync::OnceLock;

use foldhash::fast::FixedState;

use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Member, Namespace, Value};

mod agents;
mod args;
mod array_iter;
mod array_sort;
mod arrays;
mod assertions;
mod bignum;
mod child_patterns;
mod collections;
mod collections_keyed;
mod confidence_helpers;
mod confidence_select;
mod convert;
mod core;
pub mod json;
mod json_parse;
mod math;
mod number_parse;
mod numbers;
mod objects;
mod output;
mod random;
pub mod std_natives;
mod string_edit;
mod strings;
mod support;
mod tasks;
mod time;

pub use args::{relative_index, Args};
pub use child_patterns::set_child_runner;
pub use random::RandomStreams;

/// The confidence mode of a builtin (builtins §1.3).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Sees the inner values of the receiver and every argument; the result gets the minimum of
    /// their confidences (and of its own).
    Lift,
    /// Sees inner(R) (R = receiver, or the first argument of a global); other arguments as
    /// passed. The result gets min(conf(R), conf(result)) if R was confident.
    Recv,
    /// As `Recv`, but the result is an element of R and follows the access rule (§7.4).
    Access,
    /// Arguments unchanged; the result as computed.
    None,
    /// Arguments unchanged; the body implements its documented rule itself.
    Special,
}

/// The body of a builtin. `args.this` is the receiver of a method (`Null` for globals).
pub type BuiltinFn = fn(&mut dyn Machine, &Args<'_>) -> Result<Value, Thrown>;

/// A builtin function or method.
pub struct Builtin {
    /// The qualified name used in messages and displays: `print`, `Math.max`, `Array.push`.
    /// A bound method displays the part after the last `.` (§5.3).
    pub name: &'static str,
    pub mode: Mode,
    /// Required arguments; fewer is R0217 (builtins §1.2). The receiver does not count.
    pub min_args: usize,
    pub body: BuiltinFn,
    /// Members of callable namespaces (`Number.isInteger`, `String`…); empty for most.
    pub members: &'static [(&'static str, Member)],
}

impl Builtin {
    /// The name a bound method displays (`push` for `Array.push`).
    pub fn method_name(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }
}

/// The value types that have builtin methods (language §6.4.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum MethodOwner {
    Array,
    String,
    Number,
    Boolean,
    Agent,
    /// The agent registry `agents` (runtime §5.3): `get` and `select`, looked up before the
    /// array methods.
    AgentRegistry,
}

impl MethodOwner {
    /// The owner whose methods a value of this type has, if any.
    pub fn of(inner: &Inner) -> Option<MethodOwner> {
        Some(match inner {
            Inner::Array(_) => MethodOwner::Array,
            Inner::Str(_) => MethodOwner::String,
            Inner::Number(_) => MethodOwner::Number,
            Inner::Bool(_) => MethodOwner::Boolean,
            Inner::Agent(_) => MethodOwner::Agent,
            _ => return None,
        })
    }
}

/// What one family of builtins contributes: prelude functions, prelude namespaces and methods.
pub struct Library {
    pub globals: &'static [&'static Builtin],
    pub namespaces: &'static [&'static Namespace],
    pub methods: &'static [(MethodOwner, &'static [&'static Builtin])],
}

/// Every family of builtins. A new family adds its file and one line here.
static LIBRARIES: &[&Library] = &[
    &output::LIBRARY,
    &core::LIBRARY,
    &arrays::LIBRARY,
    &array_iter::LIBRARY,
    &array_sort::LIBRARY,
    &strings::LIBRARY,
    &string_edit::LIBRARY,
    &numbers::LIBRARY,
    &convert::LIBRARY,
    &objects::LIBRARY,
    &math::LIBRARY,
    &json::LIBRARY,
    &collections::LIBRARY,
    &collections_keyed::LIBRARY,
    &confidence_helpers::LIBRARY,
    &confidence_select::LIBRARY,
    &time::LIBRARY,
    &tasks::LIBRARY,
    &assertions::LIBRARY,
    &agents::LIBRARY,
    &child_patterns::LIBRARY,
];

/// The output streams of builtins §2.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Where printed lines go (the core never prints; the driver decides, cli §4).
pub trait Output {
    /// Writes one complete line (without its line feed).
    fn write_line(&mut self, stream: Stream, text: &str);
}

/// The confidence level thresholds of language §7.8.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Levels {
    pub high: f64,
    pub medium: f64,
}

impl Default for Levels {
    fn default() -> Levels {
        Levels {
            high: 0.7,
            medium: 0.5,
        }
    }
}

/// The running program as builtins see it: the backend implements this.
pub trait Machine {
    /// Calls any function value (closure, builtin, bound method, confident function) with the
    /// given arguments, counting call depth, exactly as a call in the program would.
    fn call(&mut self, callee: &Value, args: &[Value]) -> Result<Value, Thrown>;

    /// Calls an array callback (builtins §1.4) with `leading` followed by `array` as a value:
    /// `(element, index, array)`, or `(acc, element, index, array)` for `reduce`. Arity is not
    /// checked (language §10.3), so a backend may skip the arguments a callee cannot read and
    /// never make the array value when the callee declares too few parameters to see it; the
    /// result must be that of [`Machine::call`] with all the arguments.
    fn call_with_array(
        &mut self,
        callee: &Value,
        leading: &[Value],
        array: &crate::value::ArrayRef,
    ) -> Result<Value, Thrown> {
        let mut args = Vec::with_capacity(leading.len() + 1);
        args.extend_from_slice(leading);
        args.push(support::array_value(array));
        self.call(callee, &args)
    }

    /// The output sink for `print` and `console.*`.
    fn output(&mut self) -> &mut dyn Output;

    /// The run's random generator streams (builtins §8).
    fn random(&mut self) -> &mut RandomStreams;

    /// The configured confidence levels (language §7.8).
    fn levels(&self) -> Levels {
        Levels::default()
    }

    /// The 1-based line and column of the call being executed, for `Error(…)` (builtins §15).
    fn call_site(&self) -> Option<(u32, u32)> {
        None
    }

    /// The run clock in milliseconds since 1970-01-01T00:00:00Z, for `now()` and `Date.now()`
    /// (builtins §14): the scheduler's clock (real or virtual, runtime §7.4) when code runs in
    /// a task, otherwise real time.
    fn now_ms(&self) -> f64 {
        if let Some(cx) = self.task_context() {
            return cx.scheduler().now_ms();
        }
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |elapsed| elapsed.as_millis() as f64)
    }

    /// The running task's handle on the scheduler (language §14), or `None` when the backend
    /// runs code outside tasks; the task builtins (builtins §13) then throw. A backend returns
    /// the [`crate::tasks::TaskContext`] its task's coroutine was started with.
    fn task_context(&self) -> Option<&crate::tasks::TaskContext<'_>> {
        None
    }

    /// Starts a task that calls `callee(...args)` as a child of the running task (language
    /// §14.2; `spawn`, `timeout(f, ms)`, `parallel`): it runs at once, and this returns when it
    /// first suspends or finishes. The backend gives the new task its own register stack and
    /// call depth and a copy of the running task's context stack (§8.10), and starts it with
    /// [`crate::tasks::TaskContext::start_child`].
    fn spawn(&mut self, callee: &Value, args: Vec<Value>) -> Result<crate::tasks::TaskRef, Thrown> {
        let _ = (callee, args);
        Err(crate::tasks::no_tasks("spawn"))
    }

    /// Suspends the running task until `task` settles (language §6.15, §14.3), then gives its
    /// value, rethrows its failure, or throws a catchable `R0803` if it was cancelled.
    fn suspend_on(&mut self, task: &crate::tasks::TaskRef) -> Result<Value, Thrown> {
        match self.task_context() {
            Some(cx) => cx.await_task(task),
            None => crate::tasks::outcome_without_scheduler(task),
        }
    }

    /// The running task's context stack (language §8.10), outermost first: `contextStack()` and
    /// the `metadata.context` of provider requests (runtime §8.1).
    fn context_stack(&self) -> Vec<String> {
        Vec::new()
    }

    /// The span of the call being executed: where tasks created by builtins were created, for
    /// warning `W0901` (language §14.7).
    fn call_span(&self) -> Option<prism_span::FileSpan> {
        None
    }
}

/// Calls a builtin: checks the arity, then runs the body under its confidence mode.
/// `receiver` is `Some` for a method call (the receiver with its confidence).
pub fn call_builtin(
    machine: &mut dyn Machine,
    builtin: &'static Builtin,
    receiver: Option<&Value>,
    args: &[Value],
) -> Result<Value, Thrown> {
    if args.len() < builtin.min_args {
        return Err(catalogue::missing_arguments(
            builtin.name,
            builtin.min_args,
            args.len(),
        ));
    }
    let this = receiver.unwrap_or(Value::null_ref());
    match builtin.mode {
        Mode::None | Mode::Special => (builtin.body)(machine, &Args::new(builtin, this, args)),
        Mode::Lift => call_lifted(machine, builtin, this, args),
        Mode::Recv | Mode::Access => call_with_subject(machine, builtin, receiver, args),
    }
}

/// Calls a bound method value's builtin on its remembered receiver.
pub fn call_bound(
    machine: &mut dyn Machine,
    bound: &crate::value::BoundMethod,
    args: &[Value],
) -> Result<Value, Thrown> {
    call_builtin(machine, bound.method, Some(&bound.receiver), args)
}

fn call_lifted(
    machine: &mut dyn Machine,
    builtin: &'static Builtin,
    this: &Value,
    args: &[Value],
) -> Result<Value, Thrown> {
    let mut lowest: Option<f64> = this.confidence();
    for arg in args {
        if let Some(conf) = arg.confidence() {
            lowest = Some(lowest.map_or(conf, |low| low.min(conf)));
        }
    }
    let Some(lowest) = lowest else {
        // Nothing confident: the body sees the values as they are.
        return (builtin.body)(machine, &Args::new(builtin, this, args));
    };
    let plain_this = this.to_plain();
    let plain_args: Vec<Value> = args.iter().map(Value::to_plain).collect();
    let result = (builtin.body)(machine, &Args::new(builtin, &plain_this, &plain_args))?;
    let conf = lowest.min(result.conf());
    Ok(result.plain().with_conf(conf))
}

fn call_with_subject(
    machine: &mut dyn Machine,
    builtin: &'static Builtin,
    receiver: Option<&Value>,
    args: &[Value],
) -> Result<Value, Thrown> {
    let subject = match receiver {
        Some(this) => this,
        None => args.first().unwrap_or(Value::null_ref()),
    };
    let Some(subject_conf) = subject.confidence() else {
        let this = receiver.unwrap_or(Value::null_ref());
        return (builtin.body)(machine, &Args::new(builtin, this, args));
    };
    let result = match receiver {
        Some(this) => (builtin.body)(machine, &Args::new(builtin, &this.to_plain(), args))?,
        None => {
            let mut plain_args = args.to_vec();
            if let Some(first) = plain_args.first_mut() {
                *first = first.to_plain();
            }
            (builtin.body)(machine, &Args::new(builtin, Value::null_ref(), &plain_args))?
        }
    };
    let conf = if builtin.mode == Mode::Access {
        subject_conf * result.conf()
    } else {
        subject_conf.min(result.conf())
    };
    Ok(result.plain().with_conf(conf))
}

/// The builtin method `name` of values of type `owner`, if there is one.
pub fn find_method(owner: MethodOwner, name: &str) -> Option<&'static Builtin> {
    type MethodTable = HashMap<(MethodOwner, &'static str), &'static Builtin, FixedState>;
    static METHODS: OnceLock<MethodTable> = OnceLock::new();
    let table = METHODS.get_or_init(|| {
        let mut table = MethodTable::default();
        for library in LIBRARIES {
            for (owner, methods) in library.methods {
                for method in *methods {
                    table.insert((*owner, method.method_name()), *method);
                }
            }
        }
        table
    });
    table.get(&(owner, name)).copied()
}

/// The value of a prelude name (builtins §3), or `None` if the name is not a builtin value the
/// runtime provides by itself (`agents`, `input`, … come from the host). The natives of the
/// bundled `std/` modules are answered too ([`std_natives`]); only those modules can name them.
pub fn prelude_value(name: &str) -> Option<Value> {
    match name {
        "Infinity" => return Some(Value::number(f64::INFINITY)),
        "NaN" => return Some(Value::number(f64::NAN)),
        "agents" => return Some(crate::agents::registry_value()),
        _ => {}
    }
    for library in LIBRARIES {
        if let Some(builtin) = library.globals.iter().find(|builtin| builtin.name == name) {
            return Some(Value::builtin(builtin));
        }
        if let Some(namespace) = library.namespaces.iter().find(|ns| ns.name == name) {
            return Some(Value::namespace(namespace));
        }
    }
    std_natives::std_native(name)
}
