//! Errors, assertions and time (builtins §14, §15).
use prism_runtime::Value;

use crate::machine::*;

#[test]
fn error_objects_carry_the_call_site() {
    let error = call_value(
        "Error",
        &[s("bad"), s("Custom"), obj(vec![("x", num(1.0))])],
    );
    let error = error.unwrap_or(Value::NULL);
    assert!(error.is_error());
    let data = prism_runtime::ops::get_member(&error, "line").map(|v| prism_runtime::display(&v));
    assert_eq!(data.ok().as_deref(), Some("3"));
    assert_eq!(
        prism_runtime::display(&arr(vec![error.clone()])),
        "[[Custom: bad]]"
    );
    let thrown = prism_runtime::Thrown::user(error);
    assert_eq!(thrown.code(), "R0700");
    assert_eq!(call("Error", &[num(1.0)]), "1");
    assert_eq!(
        call("Error", &[s("m"), num(1.0)]),
        "R0216 TypeError: Error: argument 2 must be a string, got number"
    );
}

#[test]
fn assertions() {
    assert_eq!(call("assert", &[num(1.0)]), "null");
    assert_eq!(
        call("assert", &[num(0.0)]),
        "R0701 AssertionError: assertion failed"
    );
    assert_eq!(
        call("assert", &[Value::FALSE, s("why")]),
        "R0701 AssertionError: assertion failed: why"
    );
    assert_eq!(
        call("assertEqual", &[nums(&[1.0]), c(nums(&[1.0]), 0.5)]),
        "null"
    );
    assert_eq!(
        call("assertEqual", &[s("a"), s("b"), s("names")]),
        r#"R0701 AssertionError: assertion failed: expected "b", got "a": names"#
    );
    assert_eq!(call("assertClose", &[num(0.1 + 0.2), num(0.3)]), "null");
    assert_eq!(
        call("assertClose", &[num(1.0), num(1.5), num(0.1)]),
        "R0701 AssertionError: assertion failed: expected 1.5 ± 0.1, got 1"
    );
    assert_eq!(
        call("assertClose", &[num(f64::NAN), num(f64::NAN)]),
        "R0701 AssertionError: assertion failed: expected NaN ± 1e-9, got NaN"
    );
    assert_eq!(
        call("assertConfidence", &[c(num(1.0), 0.5), num(0.5)]),
        "null"
    );
    assert_eq!(
        call("assertConfidence", &[num(1.0), num(0.5)]),
        "R0701 AssertionError: assertion failed: expected confidence 0.5, got 1"
    );
}

#[test]
fn assert_throws_returns_the_thrown_value() {
    assert_eq!(call("assertThrows", &[f(&THROWS)]), "boom");
    assert_eq!(call("assertThrows", &[f(&THROWS), s("Boom")]), "boom");
    assert_eq!(
        call("assertThrows", &[f(&THROWS), s("TypeError")]),
        "R0701 AssertionError: assertion failed: expected an error of kind TypeError"
    );
    assert_eq!(
        call("assertThrows", &[f(&ECHO)]),
        "R0701 AssertionError: assertion failed: expected an error"
    );
}

#[test]
fn time_reads_the_run_clock() {
    assert_eq!(call("now", &[]), "1700000000123");
    assert_eq!(call("Date.now", &[]), "1700000000123");
}
