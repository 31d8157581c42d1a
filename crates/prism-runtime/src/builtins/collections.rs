//! Collection functions of builtins §11 that take no key: `range`, `sum`, `mean`, `first`,
//! `last`, `unique`, `zip`, `chunk`, `partition`, `shuffle`, `sample`. The keyed ones are in
//! `collections_keyed.rs`; `len` is in `core.rs`, `max`/`min` in `math.rs`.
use std::collections::HashSet;

use super::args::Args;
use super::support::{builtin, call_element, element_at, elements, to_count, LowestConf};
use super::{Builtin, Library, Machine, Mode};
use crate::error::Thrown;
use crate::ops::{access_rule, same_value_zero};
use crate::value::{Inner, Value};

/// The longest array `range` builds.
const MAX_RANGE: f64 = 1e7;

/// `range(end)` or `range(start, end, step = 1)`: repeated addition of `step` from `start`
/// while below (above, for a negative step) `end`.
fn range(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let finite = |i: usize| -> Result<f64, Thrown> {
        let n = args.number(i)?;
        if n.is_finite() {
            Ok(n)
        } else {
            Err(args.out_of_range(i, "a finite number"))
        }
    };
    let (start, end) = if args.len() < 2 {
        (0.0, finite(0)?)
    } else {
        (finite(0)?, finite(1)?)
    };
    let step = if args.is_default(2) { 1.0 } else { finite(2)? };
    if step == 0.0 {
        return Err(args.out_of_range(2, "a non-zero number"));
    }
    let too_long = || {
        let end_index = usize::from(args.len() >= 2);
        args.out_of_range(end_index, "at most 10^7 steps from the start")
    };
    let count = ((end - start) / step).ceil().max(0.0);
    if count > MAX_RANGE {
        return Err(too_long());
    }
    let mut values = Vec::with_capacity(count as usize);
    let mut current = start;
    while (step > 0.0 && current < end) || (step < 0.0 && current > end) {
        // A step too small to change `current` (range(1e16, 1e16 + 2)) would never end.
        if values.len() as f64 >= MAX_RANGE {
            return Err(too_long());
        }
        values.push(Value::number(current));
        current += step;
    }
    Ok(Value::array(values))
}

/// The sum of an array's inner numbers and the `special` confidence of `sum` and `mean`:
/// confident if the array or an element is, with the minimum of those confidences.
fn sum_of(args: &Args<'_>) -> Result<(f64, usize, LowestConf), Thrown> {
    let items = elements(args.array(0)?);
    let mut lowest = LowestConf::default();
    lowest.see(args.get(0));
    let mut total = 0.0;
    for item in &items {
        let Some(n) = item.as_number() else {
            return Err(args.wrong_type(0, "an array of numbers"));
        };
        lowest.see(item);
        total += n;
    }
    Ok((total, items.len(), lowest))
}

fn sum(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (total, _, lowest) = sum_of(args)?;
    Ok(lowest.apply(Value::number(total)))
}

/// `mean(xs)` (also `average`, §12): `null` for an empty array.
pub fn mean(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (total, count, lowest) = sum_of(args)?;
    if count == 0 {
        return Ok(lowest.apply(Value::NULL));
    }
    Ok(lowest.apply(Value::number(total / count as f64)))
}

fn first(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(element_at(args.array(0)?, 0).unwrap_or(Value::NULL))
}

fn last(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(args
        .array(0)?
        .borrow()
        .last()
        .cloned()
        .unwrap_or(Value::NULL))
}

/// A scalar under SameValueZero as a hashable key: `-0` is `0`, every NaN is one NaN.
#[derive(PartialEq, Eq, Hash)]
enum ScalarKey {
    Null,
    Bool(bool),
    Number(u64),
    Str(String),
}

fn scalar_key(value: &Value) -> Option<ScalarKey> {
    Some(match value.inner() {
        Inner::Null => ScalarKey::Null,
        Inner::Bool(b) => ScalarKey::Bool(*b),
        Inner::Number(n) if n.is_nan() => ScalarKey::Number(f64::NAN.to_bits()),
        Inner::Number(n) => ScalarKey::Number((n + 0.0).to_bits()),
        Inner::Str(text) => ScalarKey::Str(text.as_str().to_string()),
        _ => return None,
    })
}

/// `unique(xs)`: the first of each group of SameValueZero-equal elements. Scalars are found
/// by hashing; other values (never equal to a scalar) are compared with the earlier ones.
fn unique(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut kept: Vec<Value> = Vec::new();
    let mut seen_scalars = HashSet::new();
    let mut kept_others: Vec<Value> = Vec::new();
    for item in elements(args.array(0)?) {
        if let Some(key) = scalar_key(&item) {
            if seen_scalars.insert(key) {
                kept.push(item);
            }
            continue;
        }
        let mut seen = false;
        for earlier in &kept_others {
            if same_value_zero(earlier, &item)? {
                seen = true;
                break;
            }
        }
        if !seen {
            kept_others.push(item.clone());
            kept.push(item);
        }
    }
    Ok(Value::array(kept))
}

/// `zip(...arrays)`: rows as long as the shortest argument, elements read by the access rule.
fn zip(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let columns: Vec<Vec<Value>> = (0..args.len())
        .map(|i| {
            let column = elements(args.array(i)?);
            let source = args.get(i);
            Ok(column.into_iter().map(|e| access_rule(source, e)).collect())
        })
        .collect::<Result<_, Thrown>>()?;
    let rows = columns.iter().map(Vec::len).min().unwrap_or(0);
    let zipped = (0..rows)
        .map(|row| {
            let cells = columns.iter().filter_map(|column| column.get(row).cloned());
            Value::array(cells.collect())
        })
        .collect();
    Ok(Value::array(zipped))
}

fn chunk(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.array(0)?);
    let size = args.integer(1, "an int ≥ 1")?;
    if size < 1.0 {
        return Err(args.out_of_range(1, "an int ≥ 1"));
    }
    let chunks = items
        .chunks(to_count(size))
        .map(|part| Value::array(part.to_vec()));
    Ok(Value::array(chunks.collect()))
}

/// `partition(xs, fn)`: `[pass, fail]` by the truthiness of `fn(e, i, xs)`.
fn partition(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.array(0)?;
    let callback = args.function(1)?;
    let (mut pass, mut fail) = (Vec::new(), Vec::new());
    let length = array.borrow().len();
    for i in 0..length {
        let Some(element) = element_at(array, i) else {
            break;
        };
        if call_element(machine, callback, array, i, element.clone())?.truthy() {
            pass.push(element);
        } else {
            fail.push(element);
        }
    }
    Ok(Value::array(vec![Value::array(pass), Value::array(fail)]))
}

/// The Fisher–Yates shuffle of §11 on stream 0: for i from n − 1 down to 1, swap i with
/// j = ⌊random × (i + 1)⌋.
fn shuffled(machine: &mut dyn Machine, mut items: Vec<Value>) -> Vec<Value> {
    for i in (1..items.len()).rev() {
        let j = (machine.random().next_f64(0) * (i + 1) as f64).floor() as usize;
        items.swap(i, j.min(i));
    }
    items
}

fn shuffle(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.array(0)?);
    Ok(Value::array(shuffled(machine, items)))
}

fn sample(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.array(0)?);
    let n = to_count(args.number_or(1, 1.0)?);
    let mut items = shuffled(machine, items);
    items.truncate(n);
    Ok(Value::array(items))
}

static RANGE: Builtin = builtin("range", Mode::Lift, 1, range);
static SUM: Builtin = builtin("sum", Mode::Special, 1, sum);
static MEAN: Builtin = builtin("mean", Mode::Special, 1, mean);
static AVERAGE: Builtin = builtin("average", Mode::Special, 1, mean);
static FIRST: Builtin = builtin("first", Mode::Access, 1, first);
static LAST: Builtin = builtin("last", Mode::Access, 1, last);
static UNIQUE: Builtin = builtin("unique", Mode::Recv, 1, unique);
static ZIP: Builtin = builtin("zip", Mode::None, 0, zip);
static CHUNK: Builtin = builtin("chunk", Mode::Recv, 2, chunk);
static PARTITION: Builtin = builtin("partition", Mode::Recv, 2, partition);
static SHUFFLE: Builtin = builtin("shuffle", Mode::Recv, 1, shuffle);
static SAMPLE: Builtin = builtin("sample", Mode::Recv, 1, sample);

pub static LIBRARY: Library = Library {
    globals: &[
        &RANGE, &SUM, &MEAN, &AVERAGE, &FIRST, &LAST, &UNIQUE, &ZIP, &CHUNK, &PARTITION, &SHUFFLE,
        &SAMPLE,
    ],
    namespaces: &[],
    methods: &[],
};
