//! Helpers shared by the builtin families: calling array callbacks (builtins §1.4), reading the
//! key of an element (§11) and confidence bookkeeping for the `special` modes (§1.3).
use std::cell::RefCell;
use std::rc::Rc;

use super::Machine;
use crate::error::Thrown;
use crate::ops::get_member;
use crate::value::{Inner, Value};

/// The shared inner storage of an array value.
pub type ArrayRef = Rc<RefCell<Vec<Value>>>;

/// The inner array as a plain value: the `array` argument callbacks receive (§1.4).
pub fn array_value(array: &ArrayRef) -> Value {
    Value::from_inner(Inner::Array(array.clone()))
}

/// Element `index` as stored, if the array is still that long. Iterating builtins read one
/// element at a time, so a callback that shortens the array stops the loop (§1.4).
pub fn element_at(array: &ArrayRef, index: usize) -> Option<Value> {
    array.borrow().get(index).cloned()
}

/// A snapshot of the elements as stored, for builtins that call no callbacks.
pub fn elements(array: &ArrayRef) -> Vec<Value> {
    array.borrow().clone()
}

/// Calls an array callback as `fn(element, index, array)` (§1.4).
pub fn call_element(
    machine: &mut dyn Machine,
    callback: &Value,
    array: &ArrayRef,
    index: usize,
    element: Value,
) -> Result<Value, Thrown> {
    machine.call_with_array(callback, &[element, Value::number(index as f64)], array)
}

/// The key of an element (§11): `element[key]` for a string key (a missing key is `null`), or
/// `key(element, index)` for a function.
pub fn key_of(
    machine: &mut dyn Machine,
    key: &Value,
    element: &Value,
    index: usize,
) -> Result<Value, Thrown> {
    match key.inner() {
        Inner::Str(name) => get_member(element, name.as_str()),
        _ => machine.call(key, &[element.clone(), Value::number(index as f64)]),
    }
}

/// Whether a key argument is usable: a string or a function.
pub fn is_key(value: &Value) -> bool {
    matches!(value.inner(), Inner::Str(_)) || value.inner().is_function()
}

/// The lowest confidence seen so far, `None` while everything was plain (the `special` rules
/// of `join`, `sum` and `mean`).
#[derive(Default, Clone, Copy)]
pub struct LowestConf(Option<f64>);

impl LowestConf {
    pub fn see(&mut self, value: &Value) {
        if let Some(conf) = value.confidence() {
            self.0 = Some(self.0.map_or(conf, |low| low.min(conf)));
        }
    }

    pub fn apply(self, result: Value) -> Value {
        result.with_confidence(self.0)
    }
}

/// A number argument converted to an integer by truncation toward zero (NaN becomes 0), as
/// for counts and lengths.
pub fn truncate(n: f64) -> f64 {
    if n.is_nan() {
        0.0
    } else {
        n.trunc()
    }
}

/// A non-negative truncated count usable as a `usize` (infinite values saturate).
pub fn to_count(n: f64) -> usize {
    let n = truncate(n);
    if n <= 0.0 {
        0
    } else if n >= usize::MAX as f64 {
        usize::MAX
    } else {
        n as usize
    }
}

/// A builtin without members (most of them), for terse static tables.
pub const fn builtin(
    name: &'static str,
    mode: super::Mode,
    min_args: usize,
    body: super::BuiltinFn,
) -> super::Builtin {
    super::Builtin {
        name,
        mode,
        min_args,
        body,
        members: &[],
    }
}
