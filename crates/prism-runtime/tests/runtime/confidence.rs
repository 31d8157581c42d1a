//! The confidence algebra of language §7.3, line by line, and the rules around it.
use prism_runtime::ops::{
    annotate, await_result, binary, check_threshold, conf_coalesce_takes_left, conf_conditional,
    conf_escalate_fallback, conf_escalate_takes_right, conf_pipe_result, conf_select,
    confident_call_result, gate, interpolate, level, BinaryOp, Level,
};
use prism_runtime::value::Value;

use crate::helpers::*;

fn bin(op: BinaryOp, a: Value, b: Value) -> String {
    outcome(binary(op, &a, &b))
}

/// The lazy `~??` as a backend sequences it.
fn coalesce(a: Value, b: impl FnOnce() -> Value) -> Value {
    if conf_coalesce_takes_left(&a) {
        a
    } else {
        b()
    }
}

/// The lazy `~@>` as a backend sequences it.
fn escalate(a: Value, b: impl FnOnce() -> Value) -> Value {
    if conf_escalate_takes_right(&a) {
        b()
    } else {
        conf_escalate_fallback(&a)
    }
}

#[test]
fn examples_of_7_3() {
    assert_eq!(
        bin(BinaryOp::ConfAdd, c(num(10.0), 0.9), c(num(20.0), 0.8)),
        "30 (~80.0%)"
    );
    assert_eq!(bin(BinaryOp::ConfAdd, num(1.0), num(2.0)), "3 (~100.0%)");
    assert_eq!(
        bin(BinaryOp::ConfAnd, c(Value::TRUE, 0.8), c(Value::TRUE, 0.9)),
        "true (~80.0%)"
    );
    assert_eq!(
        bin(BinaryOp::ConfOr, c(Value::FALSE, 0.7), c(Value::TRUE, 0.9)),
        "true (~90.0%)"
    );
    assert_eq!(
        bin(BinaryOp::Chain, c(num(1.0), 0.9), c(num(2.0), 0.6)),
        "2 (~60.0%)"
    );
    assert_eq!(
        show(&coalesce(c(Value::NULL, 0.9), || c(s("b"), 0.7))),
        "b (~70.0%)"
    );
    assert_eq!(show(&coalesce(c(s("a"), 0.3), || s("b"))), "b");
    assert_eq!(
        show(conf_select(&c(s("a"), 0.3), &c(s("b"), 0.9))),
        "b (~90.0%)"
    );
    assert_eq!(show(conf_select(&c(s("a"), 0.8), &s("b"))), "b");
    assert_eq!(show(&escalate(c(s("x"), 0.8), || s("go"))), "go");
    assert_eq!(show(&escalate(c(s("x"), 0.4), || s("go"))), "x (~20.0%)");
    assert_eq!(outcome(gate(&c(num(10.0), 0.5), &num(0.8))), "null");
    assert_eq!(outcome(gate(&num(10.0), &num(0.5))), "10 (~100.0%)");
    assert_eq!(
        outcome(gate(&c(num(10.0), 0.3), &arr(vec![num(0.5), s("low")]))),
        "low"
    );
    let branch = c(s("a"), 0.5);
    assert_eq!(
        show(&conf_conditional(&c(Value::TRUE, 0.8), branch)),
        "a (~40.0%)"
    );
    assert_eq!(
        outcome(annotate(&c(num(5.0), 0.8), &num(0.9))),
        "5 (~90.0%)"
    );
}

#[test]
fn the_lazy_lines_at_their_edges() {
    // `~??` keeps a confident non-null left side, even a weak one.
    assert_eq!(show(&coalesce(c(s("a"), 0.5), || s("b"))), "a (~50.0%)");
    assert_eq!(
        outcome(binary(
            BinaryOp::ConfSelect,
            &c(s("a"), 0.5),
            &c(s("b"), 0.5)
        )),
        "a (~50.0%)"
    );
    // `~@>` escalates a plain left side, and below 0.7 falls back to half its confidence.
    assert_eq!(show(&escalate(s("x"), || s("go"))), "go");
    assert_eq!(show(&escalate(c(s("x"), 0.7), || s("go"))), "go");
    assert_eq!(show(&escalate(c(s("x"), 0.69), || s("go"))), "x (~34.5%)");
    assert_eq!(bin(BinaryOp::Annotate, num(5.0), num(0.85)), "5 (~85.0%)");
}

#[test]
fn always_confident_operators() {
    assert_eq!(bin(BinaryOp::ConfSub, num(5.0), num(2.0)), "3 (~100.0%)");
    assert_eq!(
        bin(BinaryOp::ConfDiv, c(num(1.0), 0.5), num(0.0)),
        "Infinity (~50.0%)"
    );
    assert_eq!(
        bin(BinaryOp::ConfEq, c(num(1.0), 0.5), num(1.0)),
        "true (~50.0%)"
    );
    assert_eq!(
        bin(BinaryOp::ConfGtEq, num(1.0), c(num(2.0), 0.2)),
        "false (~20.0%)"
    );
    assert_eq!(bin(BinaryOp::ConfOr, num(0.0), num(0.0)), "false (~100.0%)");
    assert_eq!(bin(BinaryOp::Chain, num(1.0), s("x")), "x (~100.0%)");
    assert_eq!(
        bin(BinaryOp::ConfLt, num(1.0), s("x")),
        "R0203 TypeError: cannot compare number and string"
    );
}

#[test]
fn annotate_clamps_and_checks() {
    assert_eq!(outcome(annotate(&num(1.0), &num(1.5))), "1 (~100.0%)");
    assert_eq!(outcome(annotate(&num(1.0), &num(-0.2))), "1 (~0.0%)");
    assert_eq!(
        outcome(annotate(&num(1.0), &num(f64::NEG_INFINITY))),
        "1 (~0.0%)"
    );
    assert_eq!(
        outcome(annotate(&num(1.0), &c(num(0.4), 0.1))),
        "1 (~40.0%)"
    );
    assert_eq!(
        outcome(annotate(&num(1.0), &s("high"))),
        "R0501 ConfidenceError: confidence must be a number, got string"
    );
    assert_eq!(
        outcome(annotate(&num(1.0), &num(f64::NAN))),
        "R0503 ConfidenceError: confidence is NaN"
    );
}

#[test]
fn gate_thresholds_and_errors() {
    assert_eq!(outcome(gate(&c(num(1.0), 0.5), &num(0.5))), "1 (~50.0%)");
    assert_eq!(
        outcome(gate(&c(num(1.0), 0.5), &arr(vec![num(0.4), s("d")]))),
        "1 (~50.0%)"
    );
    let fallback = arr(vec![num(0.9), c(s("d"), 0.2)]);
    assert_eq!(outcome(gate(&c(num(1.0), 0.5), &fallback)), "d (~20.0%)");
    assert_eq!(
        outcome(gate(&num(1.0), &num(1.5))),
        "R0502 ConfidenceError: threshold must be a number between 0 and 1, got 1.5"
    );
    assert_eq!(
        outcome(gate(&num(1.0), &arr(vec![num(0.5)]))),
        "R0504 ConfidenceError: threshold gate expects a number or a [threshold, default] pair"
    );
    assert_eq!(outcome(gate(&num(1.0), &s("x"))).get(..5), Some("R0504"));
    assert_eq!(
        outcome(gate(&num(1.0), &arr(vec![s("a"), num(1.0)]))).get(..5),
        Some("R0502")
    );
    assert!(check_threshold(&num(f64::NAN)).is_err());
    assert_eq!(check_threshold(&c(num(0.25), 0.1)).unwrap(), 0.25);
}

#[test]
fn pipelines_calls_and_await() {
    assert_eq!(
        show(&conf_pipe_result(&c(num(1.0), 0.6), num(2.0))),
        "2 (~60.0%)"
    );
    assert_eq!(
        show(&conf_pipe_result(&c(num(1.0), 0.6), c(num(2.0), 0.4))),
        "2 (~40.0%)"
    );
    assert_eq!(show(&conf_pipe_result(&num(1.0), num(2.0))), "2 (~100.0%)");
    // §10.5: estimate(5) and estimate(5 ~> 0.5) for a function declared `~> 0.8`.
    assert_eq!(show(&confident_call_result(0.8, num(10.0))), "10 (~80.0%)");
    assert_eq!(
        show(&confident_call_result(0.8, c(num(10.0), 0.5))),
        "10 (~40.0%)"
    );
    assert_eq!(
        show(&await_result(&c(num(0.0), 0.7), c(s("r"), 0.9))),
        "r (~70.0%)"
    );
    assert_eq!(show(&await_result(&num(0.0), c(s("r"), 0.9))), "r (~90.0%)");
    assert_eq!(show(&await_result(&num(0.0), s("r"))), "r");
}

#[test]
fn interpolation_of_6_2_3() {
    let score = c(num(95.0), 0.8);
    let result = interpolate(&["score ", ""], &[score]);
    assert_eq!(show(&result), "score 95 (~80.0%)");
    assert_eq!(result.as_str(), Some("score 95"));
    let plain = interpolate(&["a", "b", "c"], &[num(1.0), arr(vec![s("x")])]);
    assert_eq!(show(&plain), r#"a1b["x"]c"#);
    assert!(!plain.is_confident());
    let mixed = interpolate(&["", " ", ""], &[c(num(1.0), 0.9), c(num(2.0), 0.3)]);
    assert_eq!(show(&mixed), "1 2 (~30.0%)");
}

#[test]
fn levels_of_7_8() {
    assert_eq!(level(0.7, 0.7, 0.5), Level::High);
    assert_eq!(level(0.6999999999999999, 0.7, 0.5), Level::Medium);
    assert_eq!(level(0.5, 0.7, 0.5), Level::Medium);
    assert_eq!(level(0.49999999999999994, 0.7, 0.5), Level::Low);
    assert_eq!(level(1.0, 0.7, 0.5).as_str(), "high");
    assert_eq!(level(0.0, 0.7, 0.5).as_str(), "low");
}

/// `confidence_rule`, which the JIT reads to emit its inline code, says what `binary` does.
#[test]
fn confidence_rule_describes_binary() {
    use prism_runtime::ops::{binary, confidence_rule, BinaryOp::*, ConfidenceRule};
    let plain = (Value::number(2.0), Value::number(3.0));
    let confident = (
        Value::number(2.0).with_conf(0.6),
        Value::number(3.0).with_conf(0.9),
    );
    let ops = [
        Add, Sub, Mul, Div, Rem, Pow, Eq, NotEq, Lt, LtEq, Gt, GtEq, ConfAdd, ConfSub, ConfMul,
        ConfDiv, ConfEq, ConfNotEq, ConfLt, ConfLtEq, ConfGtEq, ConfAnd, Chain,
    ];
    for op in ops {
        let of_plain = binary(op, &plain.0, &plain.1).unwrap().confidence();
        let of_confident = binary(op, &confident.0, &confident.1).unwrap().confidence();
        let expected_plain = match confidence_rule(op) {
            ConfidenceRule::Ordinary => None,
            ConfidenceRule::AlwaysMinimum => Some(1.0),
            ConfidenceRule::Own => panic!("{op:?} has a shared rule"),
        };
        assert_eq!(of_plain, expected_plain, "{op:?} on plain operands");
        assert_eq!(of_confident, Some(0.6), "{op:?} on confident operands");
    }
}
