//! Readers for the keys that call options (runtime §6.1) and language agent declarations
//! (§5.1) share: policy keys (§11.1), generation parameters and estimators (§10.1). Each
//! returns `None` for a key it does not know and `Some(Err(expected))` for a value of the
//! wrong type, so the caller words the error (R0216 for options, R0901 for agents).
use prism_config::{Estimator, Jitter, Policy};
use serde_json::Value as Json;

use super::provider::Params;
use crate::value::{Inner, Value};

pub type FieldResult = Option<Result<(), &'static str>>;

fn number(value: &Value) -> Option<f64> {
    value.as_number().filter(|n| !n.is_nan())
}

fn count(value: &Value) -> Option<u64> {
    number(value)
        .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= 9_007_199_254_740_992.0)
        .map(|n| n as u64)
}

/// An array of strings.
pub fn strings(value: &Value) -> Option<Vec<String>> {
    let array = value.as_array()?;
    let items = array.borrow();
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect()
}

fn set<T>(
    slot: &mut Option<T>,
    parsed: Option<T>,
    expected: &'static str,
) -> Result<(), &'static str> {
    match parsed {
        Some(parsed) => {
            *slot = Some(parsed);
            Ok(())
        }
        None => Err(expected),
    }
}

/// A policy key in its language spelling (runtime §5.1, §6.1).
pub fn read_policy_key(policy: &mut Policy, key: &str, value: &Value) -> FieldResult {
    const MS: &str = "an integer ≥ 0";
    Some(match key {
        "timeout" => set(&mut policy.timeout_ms, count(value), MS),
        "totalTimeout" => set(&mut policy.total_timeout_ms, count(value), MS),
        "retries" => set(&mut policy.retries, count(value), MS),
        "backoff" => set(&mut policy.backoff_ms, count(value), MS),
        "backoffMax" => set(&mut policy.backoff_max_ms, count(value), MS),
        "backoffFactor" => set(
            &mut policy.backoff_factor,
            number(value).filter(|f| *f >= 1.0 && f.is_finite()),
            "a number ≥ 1",
        ),
        "jitter" => {
            let jitter = match value.as_str() {
                Some("full") => Some(Jitter::Full),
                Some("equal") => Some(Jitter::Equal),
                Some("none") => Some(Jitter::None),
                _ => None,
            };
            set(
                &mut policy.jitter,
                jitter,
                "\"full\", \"equal\" or \"none\"",
            )
        }
        "retryOn" => set(&mut policy.retry_on, strings(value), "an array of strings"),
        "minConfidence" => set(
            &mut policy.min_confidence,
            number(value).filter(|c| (0.0..=1.0).contains(c)),
            "a number in [0, 1]",
        ),
        "fallback" => set(&mut policy.fallback, strings(value), "an array of strings"),
        _ => return None,
    })
}

/// A generation parameter in its language spelling.
pub fn read_param_key(params: &mut Params, key: &str, value: &Value) -> FieldResult {
    Some(match key {
        "temperature" => set(&mut params.temperature, number(value), "a number"),
        "maxTokens" => set(&mut params.max_tokens, count(value), "an integer ≥ 0"),
        "topP" => set(&mut params.top_p, number(value), "a number"),
        "stop" => set(&mut params.stop, strings(value), "an array of strings"),
        "seed" => set(&mut params.seed, count(value), "an integer ≥ 0"),
        _ => return None,
    })
}

const ESTIMATORS: &[&str] = &["fixed", "self-report", "logprobs", "heuristic"];

/// An estimator written as a name or as an object with `name` and parameters (runtime §10.1).
pub fn read_estimator(value: &Value) -> Result<Estimator, &'static str> {
    const EXPECTED: &str = "an estimator name or object";
    if let Some(name) = value.as_str() {
        return ESTIMATORS
            .contains(&name)
            .then(|| Estimator::named(name))
            .ok_or(EXPECTED);
    }
    let Inner::Object(object) = value.inner() else {
        return Err(EXPECTED);
    };
    let object = object.borrow();
    let name = object.get("name").and_then(Value::as_str).ok_or(EXPECTED)?;
    if !ESTIMATORS.contains(&name) {
        return Err(EXPECTED);
    }
    let mut estimator = Estimator::named(name);
    if let Some(v) = object.get("value").filter(|v| !v.is_null()) {
        estimator.value = Some(
            number(v)
                .filter(|c| (0.0..=1.0).contains(c))
                .ok_or(EXPECTED)?,
        );
    }
    if let Some(v) = object
        .get("strip_marker")
        .or_else(|| object.get("stripMarker"))
    {
        match v.inner() {
            Inner::Bool(b) => estimator.strip_marker = Some(*b),
            _ => return Err(EXPECTED),
        }
    }
    if let Some(v) = object.get("fallback").filter(|v| !v.is_null()) {
        estimator.fallback = Some(Box::new(read_estimator(v)?));
    }
    if let Some(v) = object.get("calibration").filter(|v| !v.is_null()) {
        estimator.calibration = Some(calibration_points(v).ok_or(EXPECTED)?);
    }
    Ok(estimator)
}

/// `[[in, out], …]` with values in [0, 1] and strictly increasing `in` (builtins §12).
fn calibration_points(value: &Value) -> Option<Vec<(f64, f64)>> {
    let array = value.as_array()?;
    let mut points = Vec::new();
    for point in array.borrow().iter() {
        let pair = strings_free_pair(point)?;
        points.push(pair);
    }
    let increasing = points.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0));
    (points.len() >= 2 && increasing).then_some(points)
}

fn strings_free_pair(point: &Value) -> Option<(f64, f64)> {
    let pair = point.as_array()?.borrow().clone();
    let unit = |v: &Value| number(v).filter(|n| (0.0..=1.0).contains(n));
    match pair.as_slice() {
        [x, y] => Some((unit(x)?, unit(y)?)),
        _ => None,
    }
}

/// JSON → Prism value, as `JSON.parse` converts (runtime §4.2).
pub fn from_json(json: &Json) -> Value {
    match json {
        Json::Null => Value::NULL,
        Json::Bool(b) => Value::bool(*b),
        Json::Number(n) => Value::number(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Value::string(s),
        Json::Array(items) => Value::array(items.iter().map(from_json).collect()),
        Json::Object(map) => Value::object_from(
            map.iter()
                .map(|(key, value)| (key.as_str(), from_json(value))),
        ),
    }
}

/// The JSON object of a Prism object value (data only), for `metadata`, `tags` and schemas.
pub fn object_json(value: &Value) -> Option<serde_json::Map<String, Json>> {
    match crate::to_json(value) {
        Json::Object(map) if matches!(value.inner(), Inner::Object(_)) => Some(map),
        _ => None,
    }
}
