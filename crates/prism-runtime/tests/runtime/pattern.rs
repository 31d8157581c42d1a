//! Register-style iteration (language §8.5.2) and the destructuring and match helpers (§6.14,
//! §11.3).
use prism_runtime::ops::{
    apply_threshold, array_shape, binary, conf_at_least, expect_object, has_key, iter_item,
    iter_length, iter_prepare, BinaryOp,
};
use prism_runtime::value::Value;

use crate::helpers::*;

fn walk(source: &Value) -> String {
    let prepared = iter_prepare(source).unwrap();
    let mut seen = Vec::new();
    let mut index = 0;
    while index < iter_length(&prepared) {
        let (first, second) = iter_item(source, &prepared, index);
        seen.push(format!("{}/{}", show(&first), show(&second)));
        index += 1;
    }
    seen.join(" ")
}

#[test]
fn register_iteration_matches_for_in() {
    assert_eq!(
        walk(&c(arr(vec![s("a"), c(s("b"), 0.5)]), 0.8)),
        "a (~80.0%)/0 b (~40.0%)/1"
    );
    assert_eq!(walk(&s("hé")), "h/0 é/1");
    assert_eq!(walk(&c(s("ab"), 0.5)), "a (~50.0%)/0 b (~50.0%)/1");
    let object = c(obj(vec![("x", num(1.0)), ("y", c(num(2.0), 0.5))]), 0.5);
    assert_eq!(walk(&object), "x/1 (~50.0%) y/2 (~25.0%)");
    assert_eq!(walk(&obj(vec![])), "");
    let failure = iter_prepare(&Value::TRUE).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0212 TypeError: boolean is not iterable"
    );
}

#[test]
fn register_iteration_sees_the_current_length() {
    let list = arr(vec![num(1.0)]);
    let prepared = iter_prepare(&list).unwrap();
    assert_eq!(iter_length(&prepared), 1);
    list.as_array().unwrap().borrow_mut().push(num(2.0));
    assert_eq!(iter_length(&prepared), 2);
    assert_eq!(show(&iter_item(&list, &prepared, 1).0), "2");
}

#[test]
fn thresholds_of_11_3_and_6_14_2() {
    assert_eq!(
        show(&apply_threshold(c(num(1.0), 0.9), &num(0.8)).unwrap()),
        "1 (~90.0%)"
    );
    assert_eq!(
        show(&apply_threshold(c(num(2.0), 0.5), &num(0.8)).unwrap()),
        "null"
    );
    assert_eq!(show(&apply_threshold(num(2.0), &num(1.0)).unwrap()), "2");
    let failure = apply_threshold(num(1.0), &s("x")).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0502 ConfidenceError: threshold must be a number between 0 and 1, got x"
    );
    assert!(conf_at_least(&c(num(1.0), 0.85), &num(0.85)).unwrap());
    assert!(!conf_at_least(&c(num(1.0), 0.6), &num(0.8)).unwrap());
    assert_eq!(
        conf_at_least(&num(1.0), &num(-0.1)).unwrap_err().code(),
        "R0502"
    );
}

#[test]
fn match_shape_tests() {
    let list = c(arr(vec![num(1.0), num(2.0)]), 0.3);
    assert!(array_shape(&list, 2, true));
    assert!(!array_shape(&list, 3, true));
    assert!(array_shape(&list, 1, false));
    assert!(!array_shape(&s("ab"), 2, true));
    let object = obj(vec![("m", Value::NULL)]);
    assert!(has_key(&object, "m"));
    assert!(!has_key(&object, "n"));
    assert!(!has_key(&arr(vec![]), "length"));
    expect_object(&object).unwrap();
    let failure = expect_object(&arr(vec![])).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0214 TypeError: cannot destructure array as an object"
    );
}

#[test]
fn gate_through_binary_and_the_dead_zone_marker() {
    let gated = binary(
        BinaryOp::Gate,
        &c(num(10.0), 0.3),
        &arr(vec![num(0.5), s("low")]),
    );
    assert_eq!(outcome(gated), "low");
    assert!(Value::UNINIT.is_uninit());
    assert!(!Value::NULL.is_uninit());
    assert!(!Value::UNINIT.is_confident());
    assert!(Value::UNINIT.to_plain().is_null() && !Value::UNINIT.to_plain().is_uninit());
}
