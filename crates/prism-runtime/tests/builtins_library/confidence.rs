//! Confidence helpers (builtins §12), with the examples of the spec.
use prism_runtime::{Machine, Value};

use crate::machine::*;

fn call_result(function: &Value, args: &[Value]) -> String {
    outcome(TestMachine::new(1).call(function, args))
}

#[test]
fn confidence_wrapper() {
    let wrapper = call_value("confidence", &[num(0.8)]).unwrap_or(Value::NULL);
    let wrapped = TestMachine::new(1)
        .call(&wrapper, &[f(&DOUBLE)])
        .unwrap_or(Value::NULL);
    assert_eq!(call_result(&wrapped, &[num(10.0)]), "20 (~80.0%)");
    assert_eq!(call_result(&wrapped, &[c(num(10.0), 0.2)]), "20 (~80.0%)");
    let three = call_value("confidence", &[num(0.3)]).unwrap_or(Value::NULL);
    assert_eq!(call_result(&three, &[num(5.0)]), "5 (~30.0%)");
    assert_eq!(
        call("confidence", &[num(2.0)]),
        "R0502 ConfidenceError: threshold must be a number between 0 and 1, got 2"
    );
}

#[test]
fn threshold_consensus_aggregate() {
    let xs = arr(vec![c(num(10.0), 0.95), c(num(20.0), 0.7), num(30.0)]);
    let curried = call_value("threshold", &[num(0.9)]).unwrap_or(Value::NULL);
    assert_eq!(call_result(&curried, &[xs]), "[10 (~95.0%), 30]");
    let objects = arr(vec![
        obj(vec![("a", c(num(1.0), 0.2))]),
        obj(vec![("a", num(2.0))]),
        s("s"),
    ]);
    assert_eq!(
        call("threshold", &[objects, num(0.5)]),
        r#"[{ a: 2 }, "s"]"#
    );
    let votes = arr(vec![c(num(1.0), 0.4), c(num(2.0), 0.9)]);
    assert_eq!(
        call("consensus", std::slice::from_ref(&votes)),
        "2 (~90.0%)"
    );
    let min = obj(vec![("strategy", s("min"))]);
    assert_eq!(call("consensus", &[votes.clone(), min]), "1 (~40.0%)");
    assert_eq!(
        call("consensus", &[arr(vec![])]),
        "R0304 RangeError: consensus: argument 1 must be a non-empty array, got []"
    );
    assert_eq!(
        call("consensus", &[votes, obj(vec![("strategy", s("mode"))])]),
        r#"R0304 RangeError: consensus: option 'strategy' must be "max" or "min", got mode"#
    );
    let pair = arr(vec![c(num(1.0), 0.5), num(2.0)]);
    assert_eq!(call("aggregate", &[pair]), "[1 (~50.0%), 2] (~75.0%)");
    let halves = arr(vec![c(num(1.0), 0.5), c(num(2.0), 0.5)]);
    let product = obj(vec![("strategy", s("product"))]);
    assert_eq!(
        call("aggregate", &[halves, product]),
        "[1 (~50.0%), 2 (~50.0%)] (~25.0%)"
    );
    let combine = obj(vec![("combine", f(&LENGTH))]);
    let two = arr(vec![c(num(1.0), 0.5), c(num(3.0), 0.7)]);
    assert_eq!(call("aggregate", &[two, combine]), "2 (~60.0%)");
    assert_eq!(call("aggregate", &[arr(vec![])]), "[] (~100.0%)");
}

#[test]
fn votes_best_coalesce_gate_calibrate_level() {
    let votes = arr(vec![
        c(s("approve"), 0.9),
        c(s("approve"), 0.7),
        c(s("reject"), 0.9),
    ]);
    assert_eq!(call("majorityVote", &[votes]), "approve (~53.3%)");
    assert_eq!(call("majorityVote", &[arr(vec![])]), "null");
    let choices = arr(vec![c(s("a"), 0.5), c(s("b"), 0.9), c(s("c"), 0.9)]);
    assert_eq!(call("best", &[choices]), "b (~90.0%)");
    let candidates = arr(vec![
        c(Value::NULL, 0.9),
        c(num(2.0), 0.4),
        c(num(3.0), 0.6),
    ]);
    assert_eq!(call("coalesce", &[candidates]), "3 (~60.0%)");
    assert_eq!(
        call("coalesce", &[arr(vec![c(num(1.0), 0.2), c(num(4.0), 0.4)])]),
        "4 (~40.0%)"
    );
    assert_eq!(call("gate", &[c(num(5.0), 0.4), num(0.5)]), "null (~0.0%)");
    assert_eq!(
        call("gate", &[c(num(5.0), 0.6), num(0.5), f(&DOUBLE)]),
        "10 (~60.0%)"
    );
    let points = arr(vec![nums(&[0.0, 0.0]), nums(&[1.0, 0.8])]);
    assert_eq!(
        call("calibrate", &[c(num(1.0), 0.5), points.clone()]),
        "1 (~40.0%)"
    );
    assert_eq!(call("calibrate", &[num(1.0), points]), "1 (~80.0%)");
    assert_eq!(
        call("calibrate", &[num(1.0), arr(vec![nums(&[0.5, 0.5])])]),
        "R0505 ConfidenceError: invalid calibration points: expected at least two points"
    );
    let decreasing = arr(vec![nums(&[0.5, 0.5]), nums(&[0.5, 0.6])]);
    assert_eq!(
        call("calibrate", &[num(1.0), decreasing]),
        "R0505 ConfidenceError: invalid calibration points: input confidences must be strictly increasing"
    );
    assert_eq!(call("level", &[c(num(1.0), 0.7)]), "high");
    assert_eq!(call("level", &[c(num(1.0), 0.5)]), "medium");
    assert_eq!(call("level", &[c(num(1.0), 0.49)]), "low");
    assert_eq!(call("level", &[num(5.0)]), "high");
    let weighted = call(
        "weightedAverage",
        &[
            arr(vec![c(num(1.0), 0.9), c(num(3.0), 0.6)]),
            nums(&[1.0, 3.0]),
        ],
    );
    assert_eq!(weighted, "2.5 (~60.0%)");
    assert_eq!(
        call("weightedAverage", &[nums(&[1.0]), nums(&[])]),
        "R0304 RangeError: weightedAverage: argument 2 must be an array as long as argument 1, got []"
    );
    assert_eq!(
        call("weightedAverage", &[nums(&[1.0]), nums(&[0.0])]),
        "null"
    );
}
