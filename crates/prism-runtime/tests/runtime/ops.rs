//! Arithmetic, comparison, equality, unary and update operators (language §4.2, §4.13, §4.14,
//! §6.6–§6.8) with the ordinary rule (§7.2).
use prism_runtime::ops::{
    binary, default_order, equals, same_value_zero, unary, update, BinaryOp, UnaryOp, UpdateOp,
};
use prism_runtime::value::Value;

use crate::helpers::*;

fn bin(op: BinaryOp, a: Value, b: Value) -> String {
    outcome(binary(op, &a, &b))
}

#[test]
fn ordinary_rule_examples_of_7_2() {
    assert_eq!(
        bin(BinaryOp::Add, c(num(10.0), 0.9), c(num(20.0), 0.8)),
        "30 (~80.0%)"
    );
    assert_eq!(
        bin(BinaryOp::Mul, c(num(10.0), 0.9), num(2.0)),
        "20 (~90.0%)"
    );
    assert_eq!(
        bin(BinaryOp::Gt, c(num(10.0), 0.6), num(5.0)),
        "true (~60.0%)"
    );
    assert_eq!(
        outcome(unary(UnaryOp::Neg, &c(num(5.0), 0.9))),
        "-5 (~90.0%)"
    );
    assert_eq!(bin(BinaryOp::Add, num(1.0), num(2.0)), "3");
    let plain = binary(BinaryOp::Add, &num(1.0), &num(2.0)).unwrap();
    assert!(!plain.is_confident());
}

#[test]
fn arithmetic_follows_javascript() {
    assert_eq!(bin(BinaryOp::Rem, num(-7.0), num(3.0)), "-1");
    assert_eq!(bin(BinaryOp::Rem, num(5.0), num(0.0)), "NaN");
    assert_eq!(bin(BinaryOp::Rem, num(5.0), num(f64::INFINITY)), "5");
    assert_eq!(bin(BinaryOp::Div, num(1.0), num(0.0)), "Infinity");
    assert_eq!(bin(BinaryOp::Div, num(-1.0), num(0.0)), "-Infinity");
    assert_eq!(bin(BinaryOp::Div, num(0.0), num(0.0)), "NaN");
    assert_eq!(bin(BinaryOp::Pow, num(f64::NAN), num(0.0)), "1");
    assert_eq!(bin(BinaryOp::Pow, num(1.0), num(f64::INFINITY)), "NaN");
    assert_eq!(bin(BinaryOp::Pow, num(-1.0), num(f64::NEG_INFINITY)), "NaN");
    assert_eq!(bin(BinaryOp::Pow, num(1.0), num(f64::NAN)), "NaN");
    assert_eq!(bin(BinaryOp::Pow, num(2.0), num(10.0)), "1024");
    assert_eq!(bin(BinaryOp::Pow, num(-2.0), num(2.0)), "4");
}

#[test]
fn string_concatenation_uses_text_forms() {
    assert_eq!(
        bin(BinaryOp::Add, s("n: "), arr(vec![num(1.0), num(2.0)])),
        "n: [1, 2]"
    );
    assert_eq!(bin(BinaryOp::Add, num(1.0), s("2")), "12");
    assert_eq!(bin(BinaryOp::Add, s("a"), c(num(5.0), 0.5)), "a5 (~50.0%)");
    assert_eq!(bin(BinaryOp::Add, s("x"), Value::NULL), "xnull");
    assert_eq!(bin(BinaryOp::ConfAdd, s("a"), s("b")), "ab (~100.0%)");
}

#[test]
fn arithmetic_type_errors() {
    assert_eq!(
        bin(BinaryOp::Add, Value::TRUE, num(1.0)),
        "R0203 TypeError: cannot apply '+' to boolean and number"
    );
    assert_eq!(
        bin(BinaryOp::Add, Value::NULL, num(1.0)),
        "R0203 TypeError: cannot apply '+' to null and number"
    );
    assert_eq!(
        bin(BinaryOp::Sub, s("a"), c(num(1.0), 0.5)),
        "R0203 TypeError: cannot apply '-' to string and number"
    );
    assert_eq!(
        bin(BinaryOp::ConfMul, arr(vec![]), num(1.0)),
        "R0203 TypeError: cannot apply '~*' to array and number"
    );
}

#[test]
fn comparisons() {
    assert_eq!(bin(BinaryOp::Lt, num(1.0), num(2.0)), "true");
    assert_eq!(bin(BinaryOp::GtEq, num(2.0), num(2.0)), "true");
    assert_eq!(bin(BinaryOp::Lt, num(f64::NAN), num(2.0)), "false");
    assert_eq!(bin(BinaryOp::GtEq, num(f64::NAN), num(f64::NAN)), "false");
    assert_eq!(bin(BinaryOp::Lt, s("a"), s("b")), "true");
    assert_eq!(bin(BinaryOp::Lt, s("Z"), s("a")), "true");
    assert_eq!(bin(BinaryOp::Gt, s("é"), s("z")), "true");
    assert_eq!(
        bin(BinaryOp::Lt, num(5.0), s("a")),
        "R0203 TypeError: cannot compare number and string"
    );
    assert_eq!(
        bin(BinaryOp::ConfLtEq, num(1.0), num(2.0)),
        "true (~100.0%)"
    );
}

#[test]
fn equality_of_4_13() {
    let eq = |a: Value, b: Value| equals(&a, &b).unwrap();
    assert!(eq(arr(vec![c(num(1.0), 0.2)]), arr(vec![num(1.0)])));
    assert!(!eq(num(f64::NAN), num(f64::NAN)));
    assert!(eq(num(0.0), num(-0.0)));
    assert!(!eq(num(1.0), s("1")));
    assert!(!eq(Value::NULL, num(0.0)));
    assert!(eq(Value::NULL, Value::NULL));
    let ab = obj(vec![("a", num(1.0)), ("b", arr(vec![s("x")]))]);
    let ba = obj(vec![("b", arr(vec![s("x")])), ("a", num(1.0))]);
    assert!(eq(ab.clone(), ba));
    assert!(!eq(ab, obj(vec![("a", num(1.0))])));
    assert!(!eq(closure("f"), closure("f")));
    let f = closure("f");
    assert!(eq(f.clone(), f));
    assert_eq!(
        bin(BinaryOp::Eq, c(num(1.0), 0.4), num(1.0)),
        "true (~40.0%)"
    );
    assert_eq!(bin(BinaryOp::NotEq, num(1.0), num(2.0)), "true");
    assert_eq!(
        bin(BinaryOp::ConfNotEq, num(1.0), num(1.0)),
        "false (~100.0%)"
    );
}

#[test]
fn cyclic_self_comparison_terminates_and_deep_structures_fail() {
    let list = arr(vec![]);
    list.as_array().unwrap().borrow_mut().push(list.clone());
    assert!(equals(&list, &list).unwrap());
    let deep = |n: usize| {
        let mut value = num(1.0);
        for _ in 0..n {
            value = arr(vec![value]);
        }
        value
    };
    assert!(equals(&deep(500), &deep(500)).unwrap());
    let error = equals(&deep(600), &deep(600)).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0305 RangeError: structure nested more than 512 levels deep"
    );
    // Two distinct cycles cannot be told apart structurally; the depth bound ends the walk.
    let other = arr(vec![]);
    other.as_array().unwrap().borrow_mut().push(other.clone());
    assert_eq!(equals(&list, &other).unwrap_err().code(), "R0305");
}

#[test]
fn same_value_zero_equates_nan() {
    assert!(same_value_zero(&num(f64::NAN), &num(f64::NAN)).unwrap());
    assert!(same_value_zero(&arr(vec![num(f64::NAN)]), &arr(vec![num(f64::NAN)])).unwrap());
    assert!(same_value_zero(&num(0.0), &num(-0.0)).unwrap());
    assert!(!same_value_zero(&num(1.0), &s("1")).unwrap());
}

#[test]
fn default_order_of_4_14() {
    use std::cmp::Ordering::*;
    let mut values = vec![
        s("b"),
        num(f64::NAN),
        arr(vec![]),
        num(2.0),
        Value::TRUE,
        s("a"),
        Value::NULL,
        num(-1.0),
        Value::FALSE,
        obj(vec![]),
    ];
    values.sort_by(default_order);
    let shown: Vec<String> = values.iter().map(show).collect();
    assert_eq!(shown.join(" "), "null false true -1 2 NaN a b [] {}");
    assert_eq!(default_order(&num(0.0), &num(-0.0)), Equal);
    assert_eq!(default_order(&c(num(1.0), 0.1), &num(1.0)), Equal);
}

#[test]
fn unary_operators_of_6_6() {
    let u = |op, v: Value| outcome(unary(op, &v));
    assert_eq!(u(UnaryOp::Not, c(num(0.0), 0.99)), "true");
    assert_eq!(u(UnaryOp::Not, arr(vec![])), "false");
    assert_eq!(u(UnaryOp::Typeof, c(num(5.0), 0.3)), "number");
    assert_eq!(u(UnaryOp::Typeof, error("e", "Error")), "object");
    assert_eq!(u(UnaryOp::Typeof, Value::NULL), "null");
    assert_eq!(u(UnaryOp::Strip, c(s("x"), 0.3)), "x");
    assert_eq!(u(UnaryOp::Confidence, c(s("x"), 0.3)), "0.3");
    assert_eq!(u(UnaryOp::Confidence, s("x")), "1");
    assert_eq!(
        u(UnaryOp::Neg, s("x")),
        "R0209 TypeError: cannot apply unary '-' to string"
    );
    assert!(!unary(UnaryOp::Not, &c(num(0.0), 0.5))
        .unwrap()
        .is_confident());
}

#[test]
fn update_keeps_the_confidence() {
    assert_eq!(
        outcome(update(UpdateOp::Increment, &c(num(1.0), 0.7))),
        "2 (~70.0%)"
    );
    assert_eq!(outcome(update(UpdateOp::Decrement, &num(1.0))), "0");
    assert_eq!(
        outcome(update(UpdateOp::Increment, &s("a"))),
        "R0209 TypeError: cannot apply unary '++' to string"
    );
}

#[test]
fn instanceof_of_6_8() {
    let inst = |a: Value, b: Value| bin(BinaryOp::Instanceof, a, b);
    assert_eq!(inst(num(5.0), s("Number")), "true");
    assert_eq!(inst(c(num(5.0), 0.5), s("number")), "true");
    assert_eq!(inst(Value::NULL, s("undefined")), "true");
    assert_eq!(inst(error("x", "Error"), s("error")), "true");
    assert_eq!(inst(error("x", "Error"), s("object")), "true");
    assert_eq!(inst(obj(vec![]), s("Error")), "false");
    assert_eq!(
        inst(s("x"), s("wat")),
        "R0210 TypeError: unknown type name 'wat'"
    );
    assert_eq!(
        inst(s("x"), num(1.0)),
        "R0211 TypeError: the right side of instanceof must be a type name"
    );
    let print = prism_runtime::builtins::prelude_value("print").unwrap();
    assert_eq!(
        inst(s("x"), print),
        "R0211 TypeError: the right side of instanceof must be a type name"
    );
}

/// `ops::remainder`'s integer path gives exactly what `fmod` gives, sign of zero included.
#[test]
fn remainder_agrees_with_fmod_bit_for_bit() {
    use prism_runtime::ops::{remainder, EXACT_INTEGER};
    let values = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        3.0,
        -3.0,
        7.0,
        -7.5,
        2.5,
        1e300,
        EXACT_INTEGER,
        -EXACT_INTEGER,
        EXACT_INTEGER * 2.0,
        i64::MIN as f64,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    for x in values {
        for y in values {
            let (fast, slow) = (remainder(x, y), x % y);
            assert!(
                fast.to_bits() == slow.to_bits() || (fast.is_nan() && slow.is_nan()),
                "{x} % {y}: {fast} against fmod's {slow}"
            );
        }
    }
}
