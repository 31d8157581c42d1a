//! Collections (builtins §11): ranges, sums, keyed functions with curried forms, random order.
use prism_runtime::{Machine, Value};

use crate::machine::*;

#[test]
fn range_len_sum_mean_first_last() {
    assert_eq!(call("range", &[num(5.0)]), "[0, 1, 2, 3, 4]");
    assert_eq!(call("range", &[num(1.0), num(10.0), num(3.0)]), "[1, 4, 7]");
    assert_eq!(call("range", &[num(5.0), num(0.0), num(-2.0)]), "[5, 3, 1]");
    assert_eq!(call("range", &[num(0.0)]), "[]");
    assert_eq!(
        call("range", &[num(0.0), num(5.0), num(0.0)]),
        "R0304 RangeError: range: argument 3 must be a non-zero number, got 0"
    );
    assert_eq!(
        call("range", &[num(1e8)]),
        "R0304 RangeError: range: argument 1 must be at most 10^7 steps from the start, got 100000000"
    );
    assert_eq!(call("len", &[s("abc")]), "3");
    assert_eq!(call("sum", &[nums(&[1.0, 2.0, 3.0])]), "6");
    assert_eq!(
        call("sum", &[arr(vec![num(1.0), c(num(2.0), 0.5)])]),
        "3 (~50.0%)"
    );
    assert_eq!(call("sum", &[c(nums(&[]), 0.7)]), "0 (~70.0%)");
    assert_eq!(
        call("sum", &[arr(vec![s("1")])]),
        "R0216 TypeError: sum: argument 1 must be an array of numbers, got array"
    );
    assert_eq!(call("mean", &[nums(&[1.0, 2.0, 3.0])]), "2");
    assert_eq!(call("mean", &[nums(&[])]), "null");
    assert_eq!(call("average", &[nums(&[1.0, 2.0])]), "1.5");
    assert_eq!(call("first", &[nums(&[1.0, 2.0])]), "1");
    assert_eq!(
        call("last", &[c(arr(vec![num(1.0), c(num(2.0), 0.5)]), 0.5)]),
        "2 (~25.0%)"
    );
    assert_eq!(call("first", &[nums(&[])]), "null");
}

fn items() -> Value {
    arr(vec![
        obj(vec![("n", num(1.0)), ("id", s("a"))]),
        obj(vec![("n", num(2.0)), ("id", s("b"))]),
        obj(vec![("n", num(1.0)), ("id", s("c"))]),
    ])
}

#[test]
fn keyed_functions_and_curried_forms() {
    let ids = |result: String| result.matches("id: ").count();
    assert_eq!(ids(call("sortBy", &[items(), s("n")])), 3);
    assert_eq!(
        call("sortBy", &[items(), s("n"), s("desc")]),
        r#"[{ n: 2, id: "b" }, { n: 1, id: "a" }, { n: 1, id: "c" }]"#
    );
    assert_eq!(
        call("sortBy", &[items(), s("n"), s("up")]),
        r#"R0304 RangeError: sortBy: argument 3 must be "asc" or "desc", got up"#
    );
    let curried = call_value("sortBy", &[s("n")]).unwrap_or(Value::NULL);
    assert_eq!(prism_runtime::display(&curried), "[Function: sortBy]");
    let sorted = TestMachine::new(1).call(&curried, &[items()]);
    assert_eq!(
        outcome(sorted),
        r#"[{ n: 1, id: "a" }, { n: 1, id: "c" }, { n: 2, id: "b" }]"#
    );
    assert_eq!(
        call("groupBy", &[nums(&[1.0, 2.0, 3.0, 4.0]), f(&IS_EVEN)]),
        "{ false: [1, 3], true: [2, 4] }"
    );
    assert_eq!(
        call("countBy", &[arr(vec![s("a"), s("b"), s("a")]), s("length")]),
        r#"{ "1": 3 }"#
    );
    assert_eq!(call("maxBy", &[items(), s("n")]), r#"{ n: 2, id: "b" }"#);
    assert_eq!(call("minBy", &[items(), s("n")]), r#"{ n: 1, id: "a" }"#);
    assert_eq!(call("maxBy", &[nums(&[]), s("n")]), "null");
    let grouped = call_value("groupBy", &[s("n")]).unwrap_or(Value::NULL);
    let result = TestMachine::new(1).call(&grouped, &[c(items(), 0.5)]);
    assert_eq!(
        outcome(result),
        r#"{ "1": [{ n: 1, id: "a" }, { n: 1, id: "c" }], "2": [{ n: 2, id: "b" }] } (~50.0%)"#
    );
}

#[test]
fn unique_zip_chunk_partition() {
    let xs = arr(vec![
        num(1.0),
        num(f64::NAN),
        num(1.0),
        num(f64::NAN),
        nums(&[1.0]),
        nums(&[1.0]),
    ]);
    assert_eq!(call("unique", &[xs]), "[1, NaN, [1]]");
    assert_eq!(
        call(
            "zip",
            &[nums(&[1.0, 2.0, 3.0]), c(arr(vec![s("a"), s("b")]), 0.5)]
        ),
        r#"[[1, "a" (~50.0%)], [2, "b" (~50.0%)]]"#
    );
    assert_eq!(call("zip", &[]), "[]");
    assert_eq!(
        call("chunk", &[nums(&[1.0, 2.0, 3.0]), num(2.0)]),
        "[[1, 2], [3]]"
    );
    assert_eq!(
        call("chunk", &[nums(&[1.0]), num(0.0)]),
        "R0304 RangeError: chunk: argument 2 must be an int ≥ 1, got 0"
    );
    assert_eq!(
        call("partition", &[nums(&[1.0, 2.0, 3.0]), f(&IS_EVEN)]),
        "[[2], [1, 3]]"
    );
}

#[test]
fn shuffle_and_sample_use_stream_0() {
    // The same draws as Math.random with seed 42: 0.0838…, 0.3789…, 0.6800…
    // i = 3: j = ⌊0.0838 × 4⌋ = 0 gives [4, 2, 3, 1]; i = 2: j = ⌊0.3789 × 3⌋ = 1 gives
    // [4, 3, 2, 1]; i = 1: j = ⌊0.6800 × 2⌋ = 1 leaves it.
    assert_eq!(
        call("shuffle", &[nums(&[1.0, 2.0, 3.0, 4.0])]),
        "[4, 3, 2, 1]"
    );
    assert_eq!(
        call("sample", &[nums(&[1.0, 2.0, 3.0, 4.0]), num(2.0)]),
        "[4, 3]"
    );
    assert_eq!(call("sample", &[nums(&[1.0, 2.0, 3.0, 4.0])]), "[4]");
}

#[test]
fn range_with_a_step_too_small_to_advance_ends() {
    assert_eq!(
        call("range", &[num(1e16), num(1e16 + 4.0)]),
        "R0304 RangeError: range: argument 2 must be at most 10^7 steps from the start, got 10000000000000004"
    );
}

#[test]
fn unique_uses_same_value_zero_for_every_type() {
    let negative_zero = num(-0.0);
    let xs = arr(vec![
        num(0.0),
        negative_zero,
        s("0"),
        Value::NULL,
        Value::NULL,
        Value::FALSE,
        c(num(0.0), 0.5),
        obj(vec![("a", num(1.0))]),
        obj(vec![("a", c(num(1.0), 0.5))]),
        nums(&[f64::NAN]),
        nums(&[f64::NAN]),
    ]);
    assert_eq!(
        call("unique", &[xs]),
        r#"[0, "0", null, false, { a: 1 }, [NaN]]"#
    );
    let many: Vec<Value> = (0..200_000).map(|i| num(f64::from(i % 1000))).collect();
    assert_eq!(
        call_value("unique", &[arr(many)])
            .ok()
            .and_then(|v| v.as_array().map(|a| a.borrow().len())),
        Some(1000)
    );
}
