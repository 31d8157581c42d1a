//! No builtin panics, whatever it is given (builtins §1.2: wrong inputs are runtime errors).
//! Every global, namespace member and method of the library is called with zero to three
//! arguments drawn from a set of awkward values.
use prism_runtime::builtins::{call_builtin, find_method, prelude_value, MethodOwner};
use prism_runtime::value::Inner;
use prism_runtime::{Machine, Value};

use crate::machine::*;

fn samples() -> Vec<Value> {
    vec![
        Value::NULL,
        Value::TRUE,
        num(0.0),
        num(-1.0),
        num(2.5),
        num(f64::NAN),
        num(f64::INFINITY),
        num(1e300),
        s(""),
        s("aé,b"),
        arr(vec![]),
        arr(vec![num(3.0), s("a"), Value::NULL, c(num(1.0), 0.5)]),
        arr(vec![nums(&[1.0, 2.0]), nums(&[0.5, 0.25])]),
        obj(vec![]),
        obj(vec![("a", c(num(1.0), 0.2)), ("strategy", s("min"))]),
        c(num(0.5), 0.5),
        f(&DOUBLE),
        f(&ECHO),
    ]
}

/// Names owned by other families (tasks, agents) or with output only.
const SKIPPED: &[&str] = &[
    "spawn",
    "delay",
    "sleep",
    "timeout",
    "parallel",
    "Promise",
    "llm",
    "agent",
    "agents",
    "runPattern",
    "contextStack",
    "console",
    "print",
];

const METHODS: &[&str] = &[
    "at",
    "push",
    "pop",
    "shift",
    "unshift",
    "slice",
    "splice",
    "concat",
    "indexOf",
    "lastIndexOf",
    "includes",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "filter",
    "map",
    "flatMap",
    "forEach",
    "reduce",
    "reduceRight",
    "some",
    "every",
    "sort",
    "toSorted",
    "reverse",
    "toReversed",
    "join",
    "flat",
    "fill",
    "charAt",
    "codePointAt",
    "startsWith",
    "endsWith",
    "substring",
    "split",
    "trim",
    "trimStart",
    "trimEnd",
    "toUpperCase",
    "toLowerCase",
    "replace",
    "replaceAll",
    "padStart",
    "padEnd",
    "repeat",
    "toString",
    "toFixed",
];

/// Calls `callee` with every argument list of up to two samples, and three-argument lists
/// whose last argument is one of a few values.
fn exercise(mut call: impl FnMut(&[Value])) {
    let values = samples();
    call(&[]);
    for a in &values {
        call(std::slice::from_ref(a));
        for b in &values {
            call(&[a.clone(), b.clone()]);
            for third in [Value::NULL, num(1.0), s("x")] {
                call(&[a.clone(), b.clone(), third]);
            }
        }
    }
}

#[test]
fn globals_and_namespace_members_never_panic() {
    let mut machine = TestMachine::new(7);
    for name in prism_checker::prelude::PRELUDE {
        if SKIPPED.contains(name) {
            continue;
        }
        let Some(value) = prelude_value(name) else {
            continue;
        };
        let mut callees = vec![value.clone()];
        if let Inner::Namespace(namespace) = value.inner() {
            for (member, _) in namespace.members {
                if let Ok(found) = prism_runtime::ops::get_member(&value, member) {
                    callees.push(found);
                }
            }
        }
        for callee in callees.iter().filter(|v| v.inner().is_function()) {
            exercise(|args| {
                let _ = machine.call(callee, args);
            });
        }
    }
}

#[test]
fn methods_never_panic() {
    let mut machine = TestMachine::new(7);
    for receiver in samples() {
        let Some(owner) = MethodOwner::of(receiver.inner()) else {
            continue;
        };
        for name in METHODS {
            let Some(method) = find_method(owner, name) else {
                continue;
            };
            exercise(|args| {
                // Mutating methods get a fresh copy of the receiver each time.
                let fresh = match receiver.inner() {
                    Inner::Array(a) => Value::array(a.borrow().clone()),
                    _ => receiver.clone(),
                };
                let _ = call_builtin(&mut machine, method, Some(&fresh), args);
            });
        }
    }
}
