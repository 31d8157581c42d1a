//! Destructuring (language §11) and match pattern tests (§6.14): shape checks, element and rest
//! reads by the access rule (§7.4), and confidence thresholds (§6.14.2, §11.3).
use super::access::access_rule;
use super::confidence::check_threshold;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, ObjectData, Value};

/// An array pattern needs an array (§11.1, R0213).
pub fn check_array_pattern(value: &Value) -> Result<(), Thrown> {
    match value.inner() {
        Inner::Array(_) => Ok(()),
        _ => Err(catalogue::destructure_array(value.type_name())),
    }
}

/// Position `index` of an array pattern: the element by the access rule, `null` past the end.
pub fn array_pattern_element(value: &Value, index: usize) -> Value {
    let element = match value.inner() {
        Inner::Array(array) => array.borrow().get(index).cloned(),
        _ => None,
    };
    access_rule(value, element.unwrap_or(Value::NULL))
}

/// `...rest` of an array pattern: a new array of the elements from `from` on, each read by the
/// access rule; with a pattern threshold (§11.3), elements below it are left out.
pub fn array_pattern_rest(value: &Value, from: usize, threshold: Option<f64>) -> Value {
    let mut rest = Vec::new();
    if let Inner::Array(array) = value.inner() {
        for element in array.borrow().iter().skip(from) {
            let element = access_rule(value, element.clone());
            if threshold.is_none_or(|t| element.conf() >= t) {
                rest.push(element);
            }
        }
    }
    Value::array(rest)
}

/// An object pattern cannot read from `null` (§11.1, R0214). Its properties are then read with
/// [`super::get_member`].
pub fn check_object_pattern(value: &Value) -> Result<(), Thrown> {
    if value.is_null() {
        Err(catalogue::destructure_object("null"))
    } else {
        Ok(())
    }
}

/// `...rest` of an object pattern: a new object with the keys not listed, in order, each read by
/// the access rule; values below a pattern threshold are left out (§11.3). Needs an object.
pub fn object_pattern_rest(
    value: &Value,
    listed: &[&str],
    threshold: Option<f64>,
) -> Result<Value, Thrown> {
    let Inner::Object(object) = value.inner() else {
        return Err(catalogue::destructure_object(value.type_name()));
    };
    let mut rest = ObjectData::new();
    for (key, element) in object.borrow().map.iter() {
        if listed.contains(&key.as_str()) {
            continue;
        }
        let element = access_rule(value, element.clone());
        if threshold.is_none_or(|t| element.conf() >= t) {
            rest.insert(key.clone(), element);
        }
    }
    Ok(Value::object(rest))
}

/// `R0214` unless inner(value) is an object (the source of an object rest pattern).
pub fn expect_object(value: &Value) -> Result<(), Thrown> {
    match value.inner() {
        Inner::Object(_) => Ok(()),
        _ => Err(catalogue::destructure_object(value.type_name())),
    }
}

/// A threshold on a binding (§11.3): `null` when conf(value) < t; R0502 for a bad threshold.
pub fn apply_threshold(value: Value, threshold: &Value) -> Result<Value, Thrown> {
    let threshold = check_threshold(threshold)?;
    Ok(if value.conf() < threshold {
        Value::NULL
    } else {
        value
    })
}

/// A threshold in a match pattern (§6.14.2): whether conf(value) ≥ t; R0502 for a bad one.
pub fn conf_at_least(value: &Value, threshold: &Value) -> Result<bool, Thrown> {
    Ok(value.conf() >= check_threshold(threshold)?)
}

/// Match array patterns (§6.14.1): inner(value) is an array of exactly `len` elements, or of at
/// least `len` when the pattern has a rest.
pub fn array_shape(value: &Value, len: usize, exact: bool) -> bool {
    match value.inner() {
        Inner::Array(array) => {
            let actual = array.borrow().len();
            if exact {
                actual == len
            } else {
                actual >= len
            }
        }
        _ => false,
    }
}

/// Match object patterns (§6.14.1): inner(value) is an object that has `key` (possibly `null`).
pub fn has_key(value: &Value, key: &str) -> bool {
    match value.inner() {
        Inner::Object(object) => object.borrow().map.contains_key(key),
        _ => false,
    }
}
