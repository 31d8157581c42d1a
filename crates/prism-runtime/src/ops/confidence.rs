//! The confidence operators and rules of language §7: annotate (§7.1), the selection rules of the
//! lazy operators (§7.3), gates, pipelines, confident conditionals and calls (§7.5), thresholds
//! (§6.14.2, §11.3), interpolation (§6.2.3), `await` (§6.15) and levels (§7.8).
use crate::display::push_text_form;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

/// `a ~> c` (§7.1): inner(a) with clamp(inner(c)). R0501 for a non-number, R0503 for NaN.
pub fn annotate(value: &Value, conf: &Value) -> Result<Value, Thrown> {
    let conf = confidence_number(conf)?;
    Ok(value.to_plain().with_conf(conf))
}

/// A value used as a confidence: its inner number clamped to [0, 1] (§7.1).
pub fn confidence_number(conf: &Value) -> Result<f64, Thrown> {
    match conf.inner() {
        Inner::Number(c) if c.is_nan() => Err(catalogue::confidence_nan()),
        Inner::Number(c) => Ok(c.clamp(0.0, 1.0)),
        _ => Err(catalogue::confidence_not_number(conf.type_name())),
    }
}

/// A threshold (§6.14.2, §11.3, `~?>`): inner must be a number in [0, 1], else R0502.
pub fn check_threshold(threshold: &Value) -> Result<f64, Thrown> {
    match threshold.inner() {
        Inner::Number(t) if (0.0..=1.0).contains(t) => Ok(*t),
        _ => Err(catalogue::bad_threshold(&threshold.to_plain())),
    }
}

/// `a ~?? b` (§7.3): whether the left operand is selected (inner not null and c_a ≥ 0.5). If
/// not, the backend evaluates `b` and the result is `b` unchanged.
#[inline]
pub fn conf_coalesce_takes_left(a: &Value) -> bool {
    !a.is_null() && a.conf() >= 0.5
}

/// `a ~@> b` (§7.3): whether `b` is evaluated and selected (c_a ≥ 0.7).
#[inline]
pub fn conf_escalate_takes_right(a: &Value) -> bool {
    a.conf() >= 0.7
}

/// `a ~@> b` when c_a < 0.7: inner(a) with c_a × 0.5, always confident.
pub fn conf_escalate_fallback(a: &Value) -> Value {
    a.to_plain().with_conf(a.conf() * 0.5)
}

/// `a ~||> b` (§7.3): the operand with the higher confidence, `a` on a tie.
pub fn conf_select<'v>(a: &'v Value, b: &'v Value) -> &'v Value {
    if b.conf() > a.conf() {
        b
    } else {
        a
    }
}

/// `a ~?> t` and `a ~?> [t, d]` (§7.3): if c_a ≥ t, inner(a) with c_a (always confident);
/// otherwise a plain `null`, or `d` unchanged.
pub fn gate(a: &Value, right: &Value) -> Result<Value, Thrown> {
    let (threshold, fallback) = match right.inner() {
        Inner::Number(_) => (check_threshold(right)?, Value::NULL),
        Inner::Array(pair) => {
            let pair = pair.borrow();
            let [threshold, fallback] = pair.as_slice() else {
                return Err(catalogue::bad_gate());
            };
            (check_threshold(threshold)?, fallback.clone())
        }
        _ => return Err(catalogue::bad_gate()),
    };
    if a.conf() >= threshold {
        Ok(a.to_plain().with_conf(a.conf()))
    } else {
        Ok(fallback)
    }
}

/// `a ~|> r` (§7.3): the pipeline's result `v`, always confident with c_a if `v` is plain and
/// min(conf(v), c_a) otherwise.
pub fn conf_pipe_result(a: &Value, result: Value) -> Value {
    let conf = result.conf().min(a.conf());
    result.plain().with_conf(conf)
}

/// `c ~? x : y` (§7.3): the backend selects the branch by the truthiness of `c`; the result is
/// inner(branch) with conf(c) × conf(branch).
pub fn conf_conditional(condition: &Value, branch: Value) -> Value {
    let conf = condition.conf() * branch.conf();
    branch.plain().with_conf(conf)
}

/// The result of calling a confident function (§7.5, §10.5): inner(result) with
/// conf(f) × conf(result). Backends call this only when the callee value is confident.
pub fn confident_call_result(function_conf: f64, result: Value) -> Value {
    let conf = function_conf * result.conf();
    result.plain().with_conf(conf)
}

/// `await a` (§6.15): with a confident `a`, the result gets min(c_a, conf(result)); otherwise
/// the result is unchanged.
pub fn await_result(awaited: &Value, result: Value) -> Value {
    match awaited.confidence() {
        Some(conf) => {
            let conf = conf.min(result.conf());
            result.plain().with_conf(conf)
        }
        None => result,
    }
}

/// An interpolated string (§6.2.3): literal parts and the text forms of the values, confident
/// with the minimum of the confident values' confidences. `literals` has one more element than
/// `values` (as in the syntax tree); missing literals count as empty.
pub fn interpolate<S: AsRef<str>>(literals: &[S], values: &[Value]) -> Value {
    let mut text = String::new();
    let mut lowest: Option<f64> = None;
    let mut literals = literals.iter();
    for value in values {
        if let Some(literal) = literals.next() {
            text.push_str(literal.as_ref());
        }
        push_text_form(&mut text, &value.to_plain());
        if let Some(conf) = value.confidence() {
            lowest = Some(lowest.map_or(conf, |low| low.min(conf)));
        }
    }
    for literal in literals {
        text.push_str(literal.as_ref());
    }
    Value::string(&text).with_confidence(lowest)
}

/// A confidence level (§7.8).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    High,
    Medium,
    Low,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }
}

/// The level of `conf` with thresholds `high` (H) and `medium` (M), 0 ≤ M ≤ H ≤ 1 (§7.8).
pub fn level(conf: f64, high: f64, medium: f64) -> Level {
    if conf >= high {
        Level::High
    } else if conf >= medium {
        Level::Medium
    } else {
        Level::Low
    }
}
