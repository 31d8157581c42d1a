//! Argument access and checking for builtin bodies (builtins §1.1, §1.2, §1.5).
//!
//! Checks look at inner values (§1.2: a confident number is a number) and produce exactly the
//! catalogue messages: R0216 for a wrong type, R0304 for a value out of range. Positions in
//! messages are 1-based; the accessors take 0-based indices.
use std::cell::RefCell;
use std::rc::Rc;

use super::Builtin;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, ObjectData, Value};

/// The receiver and arguments of one builtin call.
pub struct Args<'a> {
    pub builtin: &'static Builtin,
    /// The receiver of a method; `Null` for a global function.
    pub this: &'a Value,
    pub values: &'a [Value],
}

impl<'a> Args<'a> {
    pub fn new(builtin: &'static Builtin, this: &'a Value, values: &'a [Value]) -> Args<'a> {
        Args {
            builtin,
            this,
            values,
        }
    }

    /// The qualified name used in messages (`Array.map`, `len`).
    pub fn name(&self) -> &'static str {
        self.builtin.name
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Argument `index`, or `null` when it is absent (builtins §1.1).
    pub fn get(&self, index: usize) -> &'a Value {
        self.values.get(index).unwrap_or(Value::null_ref())
    }

    /// Whether argument `index` was passed at all (a few builtins tell absent from `null`).
    pub fn is_present(&self, index: usize) -> bool {
        index < self.values.len()
    }

    /// Whether argument `index` is absent or `null`, so that its default applies.
    pub fn is_default(&self, index: usize) -> bool {
        self.get(index).is_null()
    }

    /// R0216 for argument `index`, naming what was expected (`a number`, `an array`, …).
    #[cold]
    pub fn wrong_type(&self, index: usize, expected: &str) -> Thrown {
        catalogue::bad_argument(
            self.name(),
            index + 1,
            expected,
            self.get(index).type_name(),
        )
    }

    /// R0216 for the receiver.
    #[cold]
    pub fn wrong_receiver(&self, expected: &str) -> Thrown {
        catalogue::bad_receiver(self.name(), expected, self.this.type_name())
    }

    /// R0304 for argument `index`, naming the constraint (`an int in 0…100`).
    #[cold]
    pub fn out_of_range(&self, index: usize, constraint: &str) -> Thrown {
        catalogue::out_of_range(
            self.name(),
            index + 1,
            constraint,
            &self.get(index).to_plain(),
        )
    }

    pub fn number(&self, index: usize) -> Result<f64, Thrown> {
        self.get(index)
            .as_number()
            .ok_or_else(|| self.wrong_type(index, "a number"))
    }

    /// A number argument with a default for an absent or `null` argument.
    pub fn number_or(&self, index: usize, default: f64) -> Result<f64, Thrown> {
        if self.is_default(index) {
            Ok(default)
        } else {
            self.number(index)
        }
    }

    /// An integer argument (language §0.3); a non-integer number is R0304 with `constraint`.
    pub fn integer(&self, index: usize, constraint: &str) -> Result<f64, Thrown> {
        let n = self.number(index)?;
        if n.is_finite() && n.trunc() == n {
            Ok(n)
        } else {
            Err(self.out_of_range(index, constraint))
        }
    }

    pub fn string(&self, index: usize) -> Result<&'a str, Thrown> {
        self.get(index)
            .as_str()
            .ok_or_else(|| self.wrong_type(index, "a string"))
    }

    pub fn boolean(&self, index: usize) -> Result<bool, Thrown> {
        match self.get(index).inner() {
            Inner::Bool(b) => Ok(*b),
            _ => Err(self.wrong_type(index, "a boolean")),
        }
    }

    pub fn array(&self, index: usize) -> Result<&'a Rc<RefCell<Vec<Value>>>, Thrown> {
        self.get(index)
            .as_array()
            .ok_or_else(|| self.wrong_type(index, "an array"))
    }

    pub fn object(&self, index: usize) -> Result<&'a Rc<RefCell<ObjectData>>, Thrown> {
        self.get(index)
            .as_object()
            .ok_or_else(|| self.wrong_type(index, "an object"))
    }

    /// A function argument (any callable value), returned as the value to pass to
    /// [`super::Machine::call`].
    pub fn function(&self, index: usize) -> Result<&'a Value, Thrown> {
        let value = self.get(index);
        if value.inner().is_function() {
            Ok(value)
        } else {
            Err(self.wrong_type(index, "a function"))
        }
    }

    pub fn receiver_number(&self) -> Result<f64, Thrown> {
        self.this
            .as_number()
            .ok_or_else(|| self.wrong_receiver("a number"))
    }

    pub fn receiver_string(&self) -> Result<&'a str, Thrown> {
        self.this
            .as_str()
            .ok_or_else(|| self.wrong_receiver("a string"))
    }

    pub fn receiver_array(&self) -> Result<&'a Rc<RefCell<Vec<Value>>>, Thrown> {
        self.this
            .as_array()
            .ok_or_else(|| self.wrong_receiver("an array"))
    }

    /// The receiver of a mutating array method: R0207 for the read-only agent registry
    /// (runtime §5.3).
    pub fn receiver_array_mut(&self) -> Result<&'a Rc<RefCell<Vec<Value>>>, Thrown> {
        let array = self.receiver_array()?;
        if crate::value::is_agent_registry(array) {
            return Err(crate::ops::access::registry_read_only());
        }
        Ok(array)
    }

    /// An index argument under the relative-index rule of builtins §1.5: truncated toward zero
    /// (NaN becomes 0), negative values count from the end, then clamped to [0, length] if
    /// `clamp`. The result may lie outside [0, length] when not clamped.
    pub fn relative_index(&self, index: usize, length: usize, clamp: bool) -> Result<f64, Thrown> {
        let k = self.number(index)?;
        Ok(relative_index(k, length, clamp))
    }
}

/// The relative-index rule of builtins §1.5 on a number.
pub fn relative_index(k: f64, length: usize, clamp: bool) -> f64 {
    let length = length as f64;
    let k = if k.is_nan() { 0.0 } else { k.trunc() };
    let k = if k < 0.0 { k + length } else { k };
    if clamp {
        k.clamp(0.0, length)
    } else {
        k
    }
}
