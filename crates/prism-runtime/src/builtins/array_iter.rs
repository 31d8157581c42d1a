//! Array methods that call a callback `fn(element, index, array)` (builtins §4, §1.4), and the
//! global forms `map`, `filter`, `reduce` of §4.2. Each loop visits indices 0 … n−1 for the
//! length n at the start, stopping early if the array has become shorter.
use super::args::Args;
use super::support::{builtin, call_element, element_at, ArrayRef};
use super::{Builtin, Library, Machine, MethodOwner, Mode};
use crate::error::{catalogue, Thrown};
use crate::ops::access_rule;
use crate::value::{Inner, Value};

/// Which way a search goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Backward,
}

/// The indices a loop visits, in order, for the starting length.
fn indices(length: usize, direction: Direction) -> Box<dyn Iterator<Item = usize>> {
    match direction {
        Direction::Forward => Box::new(0..length),
        Direction::Backward => Box::new((0..length).rev()),
    }
}

/// The first element (and its index) for which the callback is truthy.
fn search(
    machine: &mut dyn Machine,
    array: &ArrayRef,
    callback: &Value,
    direction: Direction,
) -> Result<Option<(usize, Value)>, Thrown> {
    let length = array.borrow().len();
    for i in indices(length, direction) {
        let Some(element) = element_at(array, i) else {
            if direction == Direction::Forward {
                break;
            }
            continue;
        };
        if call_element(machine, callback, array, i, element.clone())?.truthy() {
            return Ok(Some((i, element)));
        }
    }
    Ok(None)
}

fn find_element(machine: &mut dyn Machine, args: &Args<'_>, d: Direction) -> Result<Value, Thrown> {
    let found = search(machine, args.receiver_array()?, args.function(0)?, d)?;
    Ok(found.map_or(Value::NULL, |(_, element)| element))
}

fn find_position(
    machine: &mut dyn Machine,
    args: &Args<'_>,
    d: Direction,
) -> Result<Value, Thrown> {
    let found = search(machine, args.receiver_array()?, args.function(0)?, d)?;
    Ok(Value::number(found.map_or(-1.0, |(i, _)| i as f64)))
}

fn find(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    find_element(machine, args, Direction::Forward)
}

fn find_index(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    find_position(machine, args, Direction::Forward)
}

fn find_last(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    find_element(machine, args, Direction::Backward)
}

fn find_last_index(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    find_position(machine, args, Direction::Backward)
}

/// Calls the callback on every element in order, handing each result to `each`.
fn for_each_result(
    machine: &mut dyn Machine,
    array: &ArrayRef,
    callback: &Value,
    mut each: impl FnMut(Value, Value) -> Result<bool, Thrown>,
) -> Result<(), Thrown> {
    let length = array.borrow().len();
    for i in 0..length {
        let Some(element) = element_at(array, i) else {
            break;
        };
        // The element goes to the callback and comes back for `each`, without a second copy.
        let leading = [element, Value::number(i as f64)];
        let result = machine.call_with_array(callback, &leading, array)?;
        let [element, _] = leading;
        if !each(element, result)? {
            break;
        }
    }
    Ok(())
}

fn filter_array(m: &mut dyn Machine, array: &ArrayRef, f: &Value) -> Result<Value, Thrown> {
    let mut kept = Vec::new();
    for_each_result(m, array, f, |element, result| {
        if result.truthy() {
            kept.push(element);
        }
        Ok(true)
    })?;
    Ok(Value::array(kept))
}

fn map_array(m: &mut dyn Machine, array: &ArrayRef, f: &Value) -> Result<Value, Thrown> {
    let mut mapped = Vec::with_capacity(array.borrow().len());
    for_each_result(m, array, f, |_, result| {
        mapped.push(result);
        Ok(true)
    })?;
    Ok(Value::array(mapped))
}

/// `reduce` and `reduceRight`; `initial` is `None` when the argument was absent (an explicit
/// `null` counts as given).
fn reduce_array(
    machine: &mut dyn Machine,
    name: &'static str,
    array: &ArrayRef,
    callback: &Value,
    initial: Option<&Value>,
    direction: Direction,
) -> Result<Value, Thrown> {
    let length = array.borrow().len();
    let mut order = indices(length, direction);
    let mut acc = match initial {
        Some(initial) => initial.clone(),
        None => match order.next().and_then(|i| element_at(array, i)) {
            Some(first) => first,
            None => return Err(catalogue::empty_without_initial(name)),
        },
    };
    for i in order {
        let Some(element) = element_at(array, i) else {
            if direction == Direction::Forward {
                break;
            }
            continue;
        };
        let leading = [acc, element, Value::number(i as f64)];
        acc = machine.call_with_array(callback, &leading, array)?;
    }
    Ok(acc)
}

fn filter(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    filter_array(machine, args.receiver_array()?, args.function(0)?)
}

fn map(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    map_array(machine, args.receiver_array()?, args.function(0)?)
}

/// `Array.flatMap(fn)`: array results contribute their elements (by the access rule when the
/// result is confident).
fn flat_map(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut out = Vec::new();
    for_each_result(
        machine,
        args.receiver_array()?,
        args.function(0)?,
        |_, result| {
            match result.inner() {
                Inner::Array(inner) => {
                    let inner = inner.borrow().clone();
                    out.extend(inner.into_iter().map(|e| access_rule(&result, e)));
                }
                _ => out.push(result),
            }
            Ok(true)
        },
    )?;
    Ok(Value::array(out))
}

fn for_each(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    for_each_result(
        machine,
        args.receiver_array()?,
        args.function(0)?,
        |_, _| Ok(true),
    )?;
    Ok(Value::NULL)
}

fn reduce(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let initial = args.is_present(1).then(|| args.get(1));
    let (array, f) = (args.receiver_array()?, args.function(0)?);
    reduce_array(machine, args.name(), array, f, initial, Direction::Forward)
}

fn reduce_right(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let initial = args.is_present(1).then(|| args.get(1));
    let (array, f) = (args.receiver_array()?, args.function(0)?);
    reduce_array(machine, args.name(), array, f, initial, Direction::Backward)
}

/// `some` (stop at the first truthy result) and `every` (stop at the first falsy one).
fn test_all(machine: &mut dyn Machine, args: &Args<'_>, stop_on: bool) -> Result<bool, Thrown> {
    let mut stopped = false;
    for_each_result(
        machine,
        args.receiver_array()?,
        args.function(0)?,
        |_, result| {
            stopped = result.truthy() == stop_on;
            Ok(!stopped)
        },
    )?;
    Ok(stopped)
}

fn some(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::bool(test_all(machine, args, true)?))
}

fn every(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::bool(!test_all(machine, args, false)?))
}

fn global_map(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    map_array(machine, args.array(0)?, args.function(1)?)
}

fn global_filter(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    filter_array(machine, args.array(0)?, args.function(1)?)
}

fn global_reduce(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let initial = args.is_present(2).then(|| args.get(2));
    let (array, f) = (args.array(0)?, args.function(1)?);
    reduce_array(machine, args.name(), array, f, initial, Direction::Forward)
}

static FIND: Builtin = builtin("Array.find", Mode::Access, 1, find);
static FIND_INDEX: Builtin = builtin("Array.findIndex", Mode::Recv, 1, find_index);
static FIND_LAST: Builtin = builtin("Array.findLast", Mode::Access, 1, find_last);
static FIND_LAST_INDEX: Builtin = builtin("Array.findLastIndex", Mode::Recv, 1, find_last_index);
static FILTER: Builtin = builtin("Array.filter", Mode::Recv, 1, filter);
static MAP: Builtin = builtin("Array.map", Mode::Recv, 1, map);
static FLAT_MAP: Builtin = builtin("Array.flatMap", Mode::Recv, 1, flat_map);
static FOR_EACH: Builtin = builtin("Array.forEach", Mode::None, 1, for_each);
static REDUCE: Builtin = builtin("Array.reduce", Mode::Recv, 1, reduce);
static REDUCE_RIGHT: Builtin = builtin("Array.reduceRight", Mode::Recv, 1, reduce_right);
static SOME: Builtin = builtin("Array.some", Mode::Recv, 1, some);
static EVERY: Builtin = builtin("Array.every", Mode::Recv, 1, every);
static GLOBAL_MAP: Builtin = builtin("map", Mode::Recv, 2, global_map);
static GLOBAL_FILTER: Builtin = builtin("filter", Mode::Recv, 2, global_filter);
static GLOBAL_REDUCE: Builtin = builtin("reduce", Mode::Recv, 2, global_reduce);

pub static LIBRARY: Library = Library {
    globals: &[&GLOBAL_MAP, &GLOBAL_FILTER, &GLOBAL_REDUCE],
    namespaces: &[],
    methods: &[(
        MethodOwner::Array,
        &[
            &FIND,
            &FIND_INDEX,
            &FIND_LAST,
            &FIND_LAST_INDEX,
            &FILTER,
            &MAP,
            &FLAT_MAP,
            &FOR_EACH,
            &REDUCE,
            &REDUCE_RIGHT,
            &SOME,
            &EVERY,
        ],
    )],
};
