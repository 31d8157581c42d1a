//! Arrays (builtins §4): access, mutation, search, callbacks, the merge sort of §4.1, the
//! global forms of §4.2 and the confidence modes of the methods.
use crate::machine::*;

#[test]
fn access_and_mutation() {
    let xs = nums(&[1.0, 2.0, 3.0]);
    assert_eq!(method(&xs, "at", &[num(-1.0)]), "3");
    assert_eq!(method(&xs, "at", &[num(3.0)]), "null");
    assert_eq!(
        method(&xs, "push", &[num(4.0), num(5.0)]),
        "[1, 2, 3, 4, 5]"
    );
    assert_eq!(method(&xs, "pop", &[]), "5");
    assert_eq!(method(&xs, "shift", &[]), "1");
    assert_eq!(
        method(&xs, "unshift", &[num(8.0), num(9.0)]),
        "[8, 9, 2, 3, 4]"
    );
    assert_eq!(method(&arr(vec![]), "pop", &[]), "null");
    assert_eq!(show(&xs), "[8, 9, 2, 3, 4]");
}

#[test]
fn slicing_and_splicing() {
    let xs = nums(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(method(&xs, "slice", &[num(1.0), num(-1.0)]), "[2, 3, 4]");
    assert_eq!(method(&xs, "slice", &[num(-2.0)]), "[4, 5]");
    assert_eq!(method(&xs, "slice", &[num(4.0), num(1.0)]), "[]");
    assert_eq!(
        method(&xs, "splice", &[num(1.0), num(2.0), s("a")]),
        "[2, 3]"
    );
    assert_eq!(show(&xs), r#"[1, "a", 4, 5]"#);
    assert_eq!(method(&xs, "splice", &[num(-1.0), num(-3.0)]), "[]");
    assert_eq!(method(&xs, "splice", &[num(2.0)]), "[4, 5]");
    assert_eq!(show(&xs), r#"[1, "a"]"#);
}

#[test]
fn concat_flat_join_fill() {
    let inner = c(nums(&[2.0, 3.0]), 0.5);
    let xs = nums(&[1.0]);
    assert_eq!(
        method(&xs, "concat", &[inner.clone(), num(4.0)]),
        "[1, 2 (~50.0%), 3 (~50.0%), 4]"
    );
    let nested = arr(vec![num(1.0), arr(vec![num(2.0), arr(vec![num(3.0)])])]);
    assert_eq!(method(&nested, "flat", &[]), "[1, 2, [3]]");
    assert_eq!(method(&nested, "flat", &[num(f64::INFINITY)]), "[1, 2, 3]");
    assert_eq!(
        method(&nested, "flat", &[num(-1.0)]),
        "R0304 RangeError: Array.flat: argument 1 must be an int ≥ 0 or Infinity, got -1"
    );
    let mixed = arr(vec![num(1.0), Value::NULL, s("x"), nums(&[2.0])]);
    assert_eq!(method(&mixed, "join", &[]), "1,,x,[2]");
    assert_eq!(method(&mixed, "join", &[s("-")]), "1--x-[2]");
    let confident = arr(vec![c(num(1.0), 0.6), num(2.0)]);
    assert_eq!(method(&c(confident, 0.9), "join", &[]), "1,2 (~60.0%)");
    assert_eq!(
        method(&mixed, "join", &[num(1.0)]),
        "R0216 TypeError: Array.join: argument 1 must be a string, got number"
    );
    let ys = nums(&[0.0, 0.0, 0.0, 0.0]);
    assert_eq!(
        method(&ys, "fill", &[num(7.0), num(1.0), num(-1.0)]),
        "[0, 7, 7, 0]"
    );
}

#[test]
fn searching() {
    let xs = arr(vec![num(1.0), nums(&[2.0]), num(f64::NAN), num(1.0)]);
    assert_eq!(method(&xs, "indexOf", &[nums(&[2.0])]), "1");
    assert_eq!(method(&xs, "indexOf", &[num(1.0), num(1.0)]), "3");
    assert_eq!(method(&xs, "lastIndexOf", &[num(1.0)]), "3");
    assert_eq!(method(&xs, "lastIndexOf", &[num(1.0), num(-2.0)]), "0");
    assert_eq!(method(&xs, "indexOf", &[num(f64::NAN)]), "-1");
    assert_eq!(method(&xs, "includes", &[num(f64::NAN)]), "true");
    assert_eq!(method(&xs, "includes", &[c(num(1.0), 0.2)]), "true");
}

#[test]
fn callbacks_see_element_index_and_array() {
    let xs = arr(vec![c(num(1.0), 0.5), num(2.0)]);
    assert_eq!(
        method(&xs, "map", &[f(&ECHO)]),
        "[[1 (~50.0%), 0, [1 (~50.0%), 2]], [2, 1, [1 (~50.0%), 2]]]"
    );
    let ys = nums(&[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(method(&ys, "filter", &[f(&IS_EVEN)]), "[2, 4]");
    assert_eq!(method(&ys, "find", &[f(&IS_EVEN)]), "2");
    assert_eq!(method(&ys, "findIndex", &[f(&IS_EVEN)]), "1");
    assert_eq!(method(&ys, "findLast", &[f(&IS_EVEN)]), "4");
    assert_eq!(method(&ys, "findLastIndex", &[f(&IS_EVEN)]), "3");
    assert_eq!(method(&nums(&[1.0]), "find", &[f(&IS_EVEN)]), "null");
    assert_eq!(method(&ys, "some", &[f(&IS_EVEN)]), "true");
    assert_eq!(method(&ys, "every", &[f(&IS_EVEN)]), "false");
    assert_eq!(method(&ys, "reduce", &[f(&ADD)]), "10");
    assert_eq!(method(&ys, "reduce", &[f(&ADD), num(5.0)]), "15");
    assert_eq!(
        method(&nums(&[1.0, 2.0]), "reduceRight", &[f(&ECHO)]),
        "[2, 1, 0, [1, 2]]"
    );
    assert_eq!(method(&ys, "forEach", &[f(&DOUBLE)]), "null");
    assert_eq!(
        method(&nums(&[1.0, 2.0]), "flatMap", &[f(&ECHO)]),
        "[1, 0, [1, 2], 2, 1, [1, 2]]"
    );
    assert_eq!(
        method(&arr(vec![]), "reduce", &[f(&ADD)]),
        "R0220 TypeError: Array.reduce: empty array with no initial value"
    );
    assert_eq!(
        method(&arr(vec![]), "reduce", &[f(&ADD), Value::NULL]),
        "null"
    );
    assert_eq!(
        method(&ys, "map", &[num(1.0)]),
        "R0216 TypeError: Array.map: argument 1 must be a function, got number"
    );
    assert_eq!(
        method(&ys, "map", &[]),
        "R0217 TypeError: Array.map: expected at least 1 argument(s), got 0"
    );
}

#[test]
fn confidence_modes_of_array_methods() {
    let xs = c(arr(vec![num(1.0), c(num(2.0), 0.5)]), 0.8);
    // recv: min(conf(R), conf(result)); the elements stay as stored.
    assert_eq!(
        method(&xs, "map", &[f(&DOUBLE)]),
        "[2, 4 (~50.0%)] (~80.0%)"
    );
    assert_eq!(
        method(&xs, "push", &[c(num(3.0), 0.3)]),
        "[1, 2 (~50.0%), 3 (~30.0%)] (~80.0%)"
    );
    // access: conf(R) × conf(element).
    assert_eq!(method(&xs, "at", &[num(1.0)]), "2 (~40.0%)");
    assert_eq!(method(&xs, "at", &[num(9.0)]), "null (~80.0%)");
    assert_eq!(method(&xs, "pop", &[]), "3 (~24.0%)");
    // forEach has mode none.
    assert_eq!(method(&xs, "forEach", &[f(&DOUBLE)]), "null");
}

#[test]
fn sorting_follows_4_1() {
    let mixed = arr(vec![
        s("b"),
        num(10.0),
        Value::NULL,
        num(2.0),
        Value::TRUE,
        s("a"),
    ]);
    assert_eq!(
        method(&mixed, "toSorted", &[]),
        r#"[null, true, 2, 10, "a", "b"]"#
    );
    let xs = nums(&[3.0, 1.0, 2.0]);
    assert_eq!(method(&xs, "sort", &[f(&DESCENDING)]), "[3, 2, 1]");
    assert_eq!(method(&xs, "sort", &[]), "[1, 2, 3]");
    assert_eq!(show(&xs), "[1, 2, 3]");
    assert_eq!(
        method(&xs, "sort", &[f(&BAD_COMPARATOR)]),
        "R0219 TypeError: Array.sort: the callback must return a number, got string"
    );
    // Stability: equal keys keep their order (comparator always 0).
    let pairs = arr(vec![s("x"), s("y"), s("z")]);
    assert_eq!(
        method(&pairs, "toSorted", &[f(&DESCENDING)]),
        r#"["x", "y", "z"]"#
    );
}

#[test]
fn global_forms_of_4_2() {
    let xs = c(nums(&[1.0, 2.0, 3.0]), 0.7);
    assert_eq!(call("map", &[xs.clone(), f(&DOUBLE)]), "[2, 4, 6] (~70.0%)");
    assert_eq!(call("filter", &[xs.clone(), f(&IS_EVEN)]), "[2] (~70.0%)");
    assert_eq!(call("reduce", &[xs, f(&ADD), num(0.0)]), "6 (~70.0%)");
    assert_eq!(
        call("map", &[num(1.0), f(&DOUBLE)]),
        "R0216 TypeError: map: argument 1 must be an array, got number"
    );
}

fn show(value: &Value) -> String {
    prism_runtime::display(value)
}

use prism_runtime::Value;
