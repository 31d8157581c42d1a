//! Objects (builtins §7): the global functions and the `Object` namespace.
use prism_runtime::Value;

use crate::machine::*;

fn sample() -> Value {
    obj(vec![
        ("a", num(1.0)),
        ("b", c(num(2.0), 0.5)),
        ("c", Value::NULL),
    ])
}

#[test]
fn keys_values_entries_has() {
    assert_eq!(call("keys", &[sample()]), r#"["a", "b", "c"]"#);
    assert_eq!(
        call("Object.keys", &[c(sample(), 0.4)]),
        r#"["a", "b", "c"] (~40.0%)"#
    );
    assert_eq!(call("values", &[sample()]), "[1, 2 (~50.0%), null]");
    assert_eq!(
        call("values", &[c(sample(), 0.8)]),
        "[1, 2 (~50.0%), null] (~80.0%)"
    );
    assert_eq!(
        call("entries", &[sample()]),
        r#"[["a", 1], ["b", 2 (~50.0%)], ["c", null]]"#
    );
    assert_eq!(call("has", &[sample(), s("c")]), "true");
    assert_eq!(call("Object.hasOwn", &[sample(), s("z")]), "false");
    assert_eq!(
        call("keys", &[arr(vec![])]),
        "R0216 TypeError: keys: argument 1 must be an object, got array"
    );
    assert_eq!(
        call("has", &[sample(), num(1.0)]),
        "R0216 TypeError: has: argument 2 must be a string, got number"
    );
}

#[test]
fn merge_assign_and_copies() {
    let first = obj(vec![("a", num(1.0)), ("b", num(2.0))]);
    let second = c(obj(vec![("b", c(num(3.0), 0.5)), ("c", num(4.0))]), 0.8);
    assert_eq!(
        call("merge", &[first.clone(), Value::NULL, second.clone()]),
        "{ a: 1, b: 3 (~40.0%), c: 4 (~80.0%) }"
    );
    assert_eq!(
        call("merge", &[first.clone(), num(1.0)]),
        "R0206 TypeError: cannot spread number into an object"
    );
    let target = obj(vec![("z", num(0.0))]);
    assert_eq!(
        call("assign", &[target.clone(), first.clone()]),
        "{ z: 0, a: 1, b: 2 }"
    );
    assert_eq!(prism_runtime::display(&target), "{ z: 0, a: 1, b: 2 }");
    assert_eq!(
        call("assign", &[target.clone(), target.clone()]),
        "{ z: 0, a: 1, b: 2 }"
    );
    let pairs = arr(vec![
        arr(vec![s("x"), num(1.0)]),
        arr(vec![num(2.0), s("two")]),
        arr(vec![s("x"), num(3.0)]),
    ]);
    assert_eq!(call("fromEntries", &[pairs]), r#"{ x: 3, "2": "two" }"#);
    assert_eq!(
        call("fromEntries", &[arr(vec![num(1.0)])]),
        "R0216 TypeError: fromEntries: argument 1 must be an array of [key, value] pairs, got array"
    );
    assert_eq!(
        call("pick", &[sample(), s("c"), s("a"), s("q")]),
        "{ c: null, a: 1 }"
    );
    assert_eq!(
        call("omit", &[sample(), s("a")]),
        "{ b: 2 (~50.0%), c: null }"
    );
}
