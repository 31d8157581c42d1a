//! Array methods that call no callbacks (builtins §4): element access, mutation, copying,
//! searching, `join`, `flat` and `fill`. The callback methods are in `array_iter.rs`, sorting in
//! `array_sort.rs`.
use super::args::Args;
use super::support::{builtin, elements, to_count, LowestConf};
use super::{Builtin, Library, Machine, MethodOwner, Mode};
use crate::display::push_text_form;
use crate::error::{catalogue, Thrown};
use crate::ops::{access_rule, equals, same_value_zero};
use crate::value::{collector, Inner, Value};

/// Nested arrays deeper than this cannot be flattened (a cyclic array with `Infinity`).
const MAX_FLAT_DEPTH: usize = 512;

/// An optional clamped relative index (§1.5) with a default for an absent or `null` argument.
fn clamped_or(
    args: &Args<'_>,
    index: usize,
    length: usize,
    default: usize,
) -> Result<usize, Thrown> {
    if args.is_default(index) {
        Ok(default)
    } else {
        Ok(args.relative_index(index, length, true)? as usize)
    }
}

/// `Array.at(i)`: relative, not clamped; `null` outside.
fn at(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array()?;
    let length = array.borrow().len();
    let k = args.relative_index(0, length, false)?;
    if k < 0.0 || k >= length as f64 {
        return Ok(Value::NULL);
    }
    Ok(array
        .borrow()
        .get(k as usize)
        .cloned()
        .unwrap_or(Value::NULL))
}

fn push(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array_mut()?;
    args.values.iter().for_each(collector::stored);
    array.borrow_mut().extend(args.values.iter().cloned());
    Ok(args.this.clone())
}

fn pop(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array_mut()?;
    let last = array.borrow_mut().pop();
    Ok(last.unwrap_or(Value::NULL))
}

fn shift(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array_mut()?;
    let mut array = array.borrow_mut();
    if array.is_empty() {
        return Ok(Value::NULL);
    }
    Ok(array.remove(0))
}

fn unshift(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array_mut()?;
    args.values.iter().for_each(collector::stored);
    array.borrow_mut().splice(0..0, args.values.iter().cloned());
    Ok(args.this.clone())
}

fn slice(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array()?;
    let array = array.borrow();
    let start = clamped_or(args, 0, array.len(), 0)?;
    let end = clamped_or(args, 1, array.len(), array.len())?;
    let part = array.get(start..end.max(start)).unwrap_or_default();
    Ok(Value::array(part.to_vec()))
}

/// `Array.splice(start, count?, ...items)`: a negative count is 0, too large a count takes
/// what exists; an absent or `null` count removes everything from `start`.
fn splice(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array_mut()?;
    let length = array.borrow().len();
    let start = args.relative_index(0, length, true)? as usize;
    let available = length - start;
    let count = if args.is_default(1) {
        available
    } else {
        to_count(args.number(1)?).min(available)
    };
    let items = args.values.get(2..).unwrap_or_default();
    items.iter().for_each(collector::stored);
    let items = items.iter().cloned();
    let removed: Vec<Value> = array
        .borrow_mut()
        .splice(start..start + count, items)
        .collect();
    Ok(Value::array(removed))
}

/// `Array.concat(...items)`: arrays contribute their elements (by the access rule when the
/// array is confident), other values themselves.
fn concat(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut result = elements(args.receiver_array()?);
    for item in args.values {
        match item.inner() {
            Inner::Array(inner) => {
                let inner = elements(inner);
                result.extend(inner.into_iter().map(|e| access_rule(item, e)));
            }
            _ => result.push(item.clone()),
        }
    }
    Ok(Value::array(result))
}

/// `Array.indexOf(x, from = 0)`: the first index ≥ clamped `from` whose element `==` `x`.
fn index_of(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.receiver_array()?);
    let from = clamped_or(args, 1, items.len(), 0)?;
    for (i, element) in items.iter().enumerate().skip(from) {
        if equals(element, args.get(0))? {
            return Ok(Value::number(i as f64));
        }
    }
    Ok(Value::number(-1.0))
}

/// `Array.lastIndexOf(x, from = length − 1)`: the last such index ≤ relative `from`.
fn last_index_of(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.receiver_array()?);
    let from = if args.is_default(1) {
        items.len() as f64 - 1.0
    } else {
        args.relative_index(1, items.len(), false)?
    };
    if from < 0.0 {
        return Ok(Value::number(-1.0));
    }
    let last = (from.min(items.len() as f64 - 1.0)) as usize;
    for i in (0..=last).rev() {
        if let Some(element) = items.get(i) {
            if equals(element, args.get(0))? {
                return Ok(Value::number(i as f64));
            }
        }
    }
    Ok(Value::number(-1.0))
}

fn includes(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    for element in elements(args.receiver_array()?) {
        if same_value_zero(&element, args.get(0))? {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn reverse(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    args.receiver_array_mut()?.borrow_mut().reverse();
    Ok(args.this.clone())
}

fn to_reversed(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut items = elements(args.receiver_array()?);
    items.reverse();
    Ok(Value::array(items))
}

/// `Array.join(sep = ",")`, mode `special`: confident if the receiver or any element is, with
/// the minimum of those confidences. `null` elements join as empty strings.
fn join(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.receiver_array()?);
    let separator = if args.is_default(0) {
        ","
    } else {
        args.string(0)?
    };
    let mut lowest = LowestConf::default();
    lowest.see(args.this);
    let mut text = String::new();
    for (i, element) in items.iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
        }
        lowest.see(element);
        if !element.is_null() {
            push_text_form(&mut text, &element.to_plain());
        }
    }
    Ok(lowest.apply(Value::string(&text)))
}

/// `Array.flat(depth = 1)`: `depth` is an int ≥ 0 or Infinity.
fn flat(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    const CONSTRAINT: &str = "an int ≥ 0 or Infinity";
    let items = elements(args.receiver_array()?);
    let depth = args.number_or(0, 1.0)?;
    let valid = depth == f64::INFINITY || (depth >= 0.0 && depth.trunc() == depth);
    if !valid {
        return Err(args.out_of_range(0, CONSTRAINT));
    }
    let mut out = Vec::with_capacity(items.len());
    flatten_into(&mut out, items, to_count(depth), 0)?;
    Ok(Value::array(out))
}

/// Appends `items`, replacing nested arrays by their elements `depth` more levels down; the
/// elements of a confident nested array are read by the access rule.
fn flatten_into(
    out: &mut Vec<Value>,
    items: Vec<Value>,
    depth: usize,
    level: usize,
) -> Result<(), Thrown> {
    if level > MAX_FLAT_DEPTH {
        return Err(catalogue::too_deep());
    }
    for item in items {
        match item.inner() {
            Inner::Array(nested) if depth > 0 => {
                let nested: Vec<Value> = elements(nested)
                    .into_iter()
                    .map(|e| access_rule(&item, e))
                    .collect();
                flatten_into(out, nested, depth - 1, level + 1)?;
            }
            _ => out.push(item),
        }
    }
    Ok(())
}

/// `Array.fill(value, start = 0, end = length)`: sets the clamped range; returns the receiver.
fn fill(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.receiver_array_mut()?;
    let length = array.borrow().len();
    let start = clamped_or(args, 1, length, 0)?;
    let end = clamped_or(args, 2, length, length)?;
    let value = args.get(0);
    collector::stored(value);
    let mut array = array.borrow_mut();
    for slot in array.iter_mut().take(end).skip(start) {
        *slot = value.clone();
    }
    Ok(args.this.clone())
}

static AT: Builtin = builtin("Array.at", Mode::Access, 1, at);
static PUSH: Builtin = builtin("Array.push", Mode::Recv, 0, push);
static POP: Builtin = builtin("Array.pop", Mode::Access, 0, pop);
static SHIFT: Builtin = builtin("Array.shift", Mode::Access, 0, shift);
static UNSHIFT: Builtin = builtin("Array.unshift", Mode::Recv, 0, unshift);
static SLICE: Builtin = builtin("Array.slice", Mode::Recv, 0, slice);
static SPLICE: Builtin = builtin("Array.splice", Mode::Recv, 1, splice);
static CONCAT: Builtin = builtin("Array.concat", Mode::Recv, 0, concat);
static INDEX_OF: Builtin = builtin("Array.indexOf", Mode::Recv, 1, index_of);
static LAST_INDEX_OF: Builtin = builtin("Array.lastIndexOf", Mode::Recv, 1, last_index_of);
static INCLUDES: Builtin = builtin("Array.includes", Mode::Recv, 1, includes);
static REVERSE: Builtin = builtin("Array.reverse", Mode::Recv, 0, reverse);
static TO_REVERSED: Builtin = builtin("Array.toReversed", Mode::Recv, 0, to_reversed);
static JOIN: Builtin = builtin("Array.join", Mode::Special, 0, join);
static FLAT: Builtin = builtin("Array.flat", Mode::Recv, 0, flat);
static FILL: Builtin = builtin("Array.fill", Mode::Recv, 1, fill);

pub static LIBRARY: Library = Library {
    globals: &[],
    namespaces: &[],
    methods: &[(
        MethodOwner::Array,
        &[
            &AT,
            &PUSH,
            &POP,
            &SHIFT,
            &UNSHIFT,
            &SLICE,
            &SPLICE,
            &CONCAT,
            &INDEX_OF,
            &LAST_INDEX_OF,
            &INCLUDES,
            &REVERSE,
            &TO_REVERSED,
            &JOIN,
            &FLAT,
            &FILL,
        ],
    )],
};
