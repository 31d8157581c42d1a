//! Reading many elements out of a container: `for … in/of` (language §8.5.2) and spreading
//! (§6.2.1, §6.2.2, §6.5). Every element is read with the access rule (§7.4).
use std::rc::Rc;

use smol_str::SmolStr;

use super::access::access_rule;
use crate::error::{catalogue, SpreadInto, Thrown};
use crate::value::{Inner, ObjectData, PStr, Value};

/// The state of one `for … in/of` loop. Call [`ForIn::next`] once per iteration.
pub struct ForIn {
    source: Value,
    state: State,
}

enum State {
    /// The array's *current* length is checked at each step.
    Array { next: usize },
    Chars {
        text: Rc<PStr>,
        byte: usize,
        index: usize,
    },
    /// The keys present when the loop starts.
    Object { keys: Vec<SmolStr>, next: usize },
}

impl ForIn {
    /// Starts iterating over `value`; R0212 for types that are not iterable.
    pub fn new(value: &Value) -> Result<ForIn, Thrown> {
        let state = match value.inner() {
            Inner::Array(_) => State::Array { next: 0 },
            Inner::Str(text) => State::Chars {
                text: text.clone(),
                byte: 0,
                index: 0,
            },
            Inner::Object(object) => State::Object {
                keys: object.borrow().map.keys().cloned().collect(),
                next: 0,
            },
            _ => return Err(catalogue::not_iterable(value.type_name())),
        };
        Ok(ForIn {
            source: value.clone(),
            state,
        })
    }

    /// The next pair for the loop's two targets: (element, index) for arrays and strings,
    /// (key, value) for objects. `None` when the loop ends.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<(Value, Value)> {
        match &mut self.state {
            State::Array { next } => {
                let Inner::Array(array) = self.source.inner() else {
                    return None;
                };
                let element = array.borrow().get(*next).cloned()?;
                let index = *next;
                *next += 1;
                Some((
                    access_rule(&self.source, element),
                    Value::number(index as f64),
                ))
            }
            State::Chars { text, byte, index } => {
                let rest = text.as_str().get(*byte..)?;
                let ch = rest.chars().next()?;
                let piece = rest.get(..ch.len_utf8())?;
                let position = *index;
                *byte += ch.len_utf8();
                *index += 1;
                let element = Value::string(piece);
                Some((
                    access_rule(&self.source, element),
                    Value::number(position as f64),
                ))
            }
            State::Object { keys, next } => {
                let key = keys.get(*next)?.clone();
                *next += 1;
                let Inner::Object(object) = self.source.inner() else {
                    return None;
                };
                let value = object.borrow().get(&key).cloned().unwrap_or(Value::NULL);
                Some((Value::key_string(&key), access_rule(&self.source, value)))
            }
        }
    }
}

/// The characters of a string or the elements of an array, read with the access rule.
fn spread_elements(out: &mut Vec<Value>, value: &Value, into: SpreadInto) -> Result<(), Thrown> {
    match value.inner() {
        Inner::Array(array) => {
            let array = array.borrow();
            out.reserve(array.len());
            out.extend(
                array
                    .iter()
                    .map(|element| access_rule(value, element.clone())),
            );
            Ok(())
        }
        Inner::Str(text) => {
            let mut buffer = [0u8; 4];
            for ch in text.as_str().chars() {
                let element = Value::string(ch.encode_utf8(&mut buffer));
                out.push(access_rule(value, element));
            }
            Ok(())
        }
        _ => Err(catalogue::cannot_spread(value.type_name(), into)),
    }
}

/// `[...value]` (§6.2.1): R0206 for anything but an array or a string.
pub fn spread_into_array(out: &mut Vec<Value>, value: &Value) -> Result<(), Thrown> {
    spread_elements(out, value, SpreadInto::Array)
}

/// `f(...value)` (§6.5): R0206 for anything but an array or a string.
pub fn spread_into_arguments(out: &mut Vec<Value>, value: &Value) -> Result<(), Thrown> {
    spread_elements(out, value, SpreadInto::Arguments)
}

/// `{ ...value }` (§6.2.2): the properties of an object in order; `null` copies nothing; any
/// other type is R0206. The error mark is never copied (§12.2).
pub fn spread_into_object(out: &mut ObjectData, value: &Value) -> Result<(), Thrown> {
    match value.inner() {
        Inner::Object(object) => {
            for (key, element) in object.borrow().map.iter() {
                out.insert(key.clone(), access_rule(value, element.clone()));
            }
            Ok(())
        }
        Inner::Null => Ok(()),
        _ => Err(catalogue::cannot_spread(
            value.type_name(),
            SpreadInto::Object,
        )),
    }
}

/// `for … in/of` without loop state, for backends that keep the loop in registers: the
/// sequence the loop walks (§8.5.2). For an array, the array itself (so its current length is
/// seen at each step); for a string, an array of its characters; for an object, an array of
/// the keys present now. R0212 for anything else.
pub fn iter_prepare(source: &Value) -> Result<Value, Thrown> {
    match source.inner() {
        Inner::Array(_) => Ok(source.to_plain()),
        Inner::Str(text) => {
            let mut buffer = [0u8; 4];
            let chars = text
                .as_str()
                .chars()
                .map(|ch| Value::string(ch.encode_utf8(&mut buffer)));
            Ok(Value::array(chars.collect()))
        }
        Inner::Object(object) => {
            let keys = object.borrow().map.keys().map(Value::key_string).collect();
            Ok(Value::array(keys))
        }
        _ => Err(catalogue::not_iterable(source.type_name())),
    }
}

/// The current length of a sequence made by [`iter_prepare`]; the loop runs while
/// `index < iter_length(prepared)`.
pub fn iter_length(prepared: &Value) -> usize {
    prepared.as_array().map_or(0, |array| array.borrow().len())
}

/// Step `index` of the loop: the two loop values, (element, index) for arrays and strings and
/// (key, current value) for objects, elements read from `source` by the access rule.
pub fn iter_item(source: &Value, prepared: &Value, index: usize) -> (Value, Value) {
    let item = prepared
        .as_array()
        .and_then(|array| array.borrow().get(index).cloned())
        .unwrap_or(Value::NULL);
    match source.inner() {
        Inner::Object(object) => {
            let value = item
                .as_str()
                .and_then(|key| object.borrow().get(key).cloned())
                .unwrap_or(Value::NULL);
            (item, access_rule(source, value))
        }
        _ => (access_rule(source, item), Value::number(index as f64)),
    }
}
