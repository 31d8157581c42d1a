//! Equality, SameValueZero, ordering and `instanceof` (language §4.13, §4.14, §6.8).
use std::cmp::Ordering;

use super::BinaryOp;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

/// Structures nested deeper than this cannot be compared (R0305).
pub const MAX_COMPARE_DEPTH: usize = 512;

/// `a == b` on inner values (§4.13): structural for arrays and objects, identity for functions,
/// tasks and agents, confidences ignored at every level.
pub fn equals(a: &Value, b: &Value) -> Result<bool, Thrown> {
    structural_eq(a.inner(), b.inner(), false, 0)
}

/// SameValueZero (§4.13): `==` except that `NaN` equals `NaN` (at every level).
pub fn same_value_zero(a: &Value, b: &Value) -> Result<bool, Thrown> {
    structural_eq(a.inner(), b.inner(), true, 0)
}

fn structural_eq(a: &Inner, b: &Inner, nan_equal: bool, depth: usize) -> Result<bool, Thrown> {
    Ok(match (a, b) {
        (Inner::Number(x), Inner::Number(y)) => x == y || (nan_equal && x.is_nan() && y.is_nan()),
        (Inner::Str(x), Inner::Str(y)) => x.as_str() == y.as_str(),
        (Inner::Null, Inner::Null) => true,
        (Inner::Bool(x), Inner::Bool(y)) => x == y,
        (Inner::Array(x), Inner::Array(y)) => {
            if std::rc::Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            if depth >= MAX_COMPARE_DEPTH {
                return Err(catalogue::too_deep());
            }
            let (x, y) = (x.borrow(), y.borrow());
            if x.len() != y.len() {
                return Ok(false);
            }
            for (left, right) in x.iter().zip(y.iter()) {
                if !structural_eq(left.inner(), right.inner(), nan_equal, depth + 1)? {
                    return Ok(false);
                }
            }
            true
        }
        (Inner::Object(x), Inner::Object(y)) => {
            if std::rc::Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            if depth >= MAX_COMPARE_DEPTH {
                return Err(catalogue::too_deep());
            }
            let (x, y) = (x.borrow(), y.borrow());
            if x.map.len() != y.map.len() {
                return Ok(false);
            }
            for (key, left) in x.map.iter() {
                let Some(right) = y.map.get(key) else {
                    return Ok(false);
                };
                if !structural_eq(left.inner(), right.inner(), nan_equal, depth + 1)? {
                    return Ok(false);
                }
            }
            true
        }
        (Inner::Bound(x), Inner::Bound(y)) => {
            // Two reads of the same method from the same value are the same function.
            std::ptr::eq(x.method, y.method) && x.receiver.same_reference(&y.receiver)
        }
        _ => a.same_reference(b),
    })
}

/// `<`, `<=`, `>`, `>=` and their `~` forms on inner values (§4.14): two numbers or two strings;
/// anything else is R0203.
pub fn relational(op: BinaryOp, a: &Value, b: &Value) -> Result<bool, Thrown> {
    let ordering = match (a.inner(), b.inner()) {
        (Inner::Number(x), Inner::Number(y)) => x.partial_cmp(y),
        // Byte order of UTF-8 is the order of scalar values.
        (Inner::Str(x), Inner::Str(y)) => Some(x.as_str().cmp(y.as_str())),
        _ => return Err(catalogue::cannot_compare(a.type_name(), b.type_name())),
    };
    // Any comparison with NaN is false.
    let Some(ordering) = ordering else {
        return Ok(false);
    };
    Ok(match op {
        BinaryOp::Lt | BinaryOp::ConfLt => ordering == Ordering::Less,
        BinaryOp::LtEq | BinaryOp::ConfLtEq => ordering != Ordering::Greater,
        BinaryOp::Gt => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    })
}

/// The default order of §4.14, a total order for sorting: by type rank (null < boolean <
/// number < string < everything else), then within the type. Confidences are ignored.
pub fn default_order(a: &Value, b: &Value) -> Ordering {
    fn rank(inner: &Inner) -> u8 {
        match inner {
            Inner::Null => 0,
            Inner::Bool(_) => 1,
            Inner::Number(_) => 2,
            Inner::Str(_) => 3,
            _ => 4,
        }
    }
    match (a.inner(), b.inner()) {
        (Inner::Bool(x), Inner::Bool(y)) => x.cmp(y),
        (Inner::Number(x), Inner::Number(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            // -0 and 0 are equal here, as partial_cmp says.
            (false, false) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        },
        (Inner::Str(x), Inner::Str(y)) => x.as_str().cmp(y.as_str()),
        (x, y) => rank(x).cmp(&rank(y)),
    }
}

/// `x instanceof T` (§6.8): a plain boolean.
pub fn instance_of(value: &Value, type_value: &Value) -> Result<Value, Thrown> {
    let name = match type_value.inner() {
        Inner::Str(s) => s.as_str().to_ascii_lowercase(),
        Inner::Builtin(builtin) if is_type_function(builtin.name) => builtin.name.to_lowercase(),
        Inner::Namespace(namespace) if is_type_function(namespace.name) => {
            namespace.name.to_lowercase()
        }
        _ => return Err(catalogue::bad_instanceof_right()),
    };
    let actual = value.type_name();
    let matches = match name.as_str() {
        "error" => value.is_error(),
        "undefined" => actual == "null",
        "number" | "string" | "boolean" | "null" | "array" | "object" | "function" | "task"
        | "agent" => actual == name,
        _ => {
            let Inner::Str(s) = type_value.inner() else {
                return Err(catalogue::bad_instanceof_right());
            };
            return Err(catalogue::unknown_type_name(s.as_str()));
        }
    };
    Ok(Value::bool(matches))
}

/// The builtin functions and namespaces accepted on the right of `instanceof` (§6.8).
fn is_type_function(name: &str) -> bool {
    matches!(
        name,
        "Number" | "String" | "Boolean" | "Array" | "Object" | "Error"
    )
}
