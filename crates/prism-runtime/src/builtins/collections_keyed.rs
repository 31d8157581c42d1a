//! Collection functions of builtins §11 that take a key (a property name or a function):
//! `sortBy`, `groupBy`, `countBy`, `maxBy`, `minBy`. Each has a curried form: called without an
//! array first, it returns a function that takes the array (`xs |> sortBy("n")`).
use std::cmp::Ordering;

use smol_str::SmolStr;

use super::args::Args;
use super::array_sort::merge_sort;
use super::support::{builtin, elements, is_key, key_of};
use super::{call_builtin, Builtin, Library, Machine, Mode};
use crate::display::text_form;
use crate::error::Thrown;
use crate::ops::default_order;
use crate::value::{Inner, ObjectData, Value};

/// The key argument (position 1 of the uncurried form).
fn key_argument<'a>(args: &Args<'a>) -> Result<&'a Value, Thrown> {
    let key = args.get(1);
    if is_key(key) {
        Ok(key)
    } else {
        Err(args.wrong_type(1, "a string or a function"))
    }
}

/// The elements with their keys, keys computed in order.
fn keyed(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Vec<(Value, Value)>, Thrown> {
    let items = elements(args.array(0)?);
    let key = key_argument(args)?;
    let mut pairs = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let k = key_of(machine, key, &item, i)?;
        pairs.push((k, item));
    }
    Ok(pairs)
}

/// The curried form: a function remembering the arguments, to be called with the array. It is
/// a bound method whose receiver is the array of remembered arguments.
fn curry(args: &Args<'_>, curried: &'static Builtin) -> Value {
    Value::bound(Value::array(args.values.to_vec()), curried)
}

/// Calls the uncurried `full` with the array followed by the remembered arguments, so the
/// mode of `full` applies with the array as the subject.
fn call_curried(
    machine: &mut dyn Machine,
    args: &Args<'_>,
    full: &'static Builtin,
) -> Result<Value, Thrown> {
    let xs = args.get(0);
    if !matches!(xs.inner(), Inner::Array(_)) {
        return Err(args.wrong_type(0, "an array"));
    }
    let mut full_args = vec![xs.clone()];
    if let Some(remembered) = args.this.as_array() {
        full_args.extend(remembered.borrow().iter().cloned());
    }
    call_builtin(machine, full, None, &full_args)
}

/// Whether the call is the curried form (the first argument is not an array).
fn is_curried(args: &Args<'_>) -> bool {
    !matches!(args.get(0).inner(), Inner::Array(_))
}

/// `sortBy(xs, key, dir = "asc")`: stable (§4.1 with the default order on the keys); `"desc"`
/// reverses the comparison, so equal keys keep their order.
fn sort_by(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if is_curried(args) {
        return Ok(curry(args, &SORT_BY_CURRIED));
    }
    let descending = match args.get(2).inner() {
        Inner::Null => false,
        Inner::Str(dir) if dir.as_str() == "asc" => false,
        Inner::Str(dir) if dir.as_str() == "desc" => true,
        Inner::Str(_) => return Err(args.out_of_range(2, "\"asc\" or \"desc\"")),
        _ => return Err(args.wrong_type(2, "a string")),
    };
    let pairs = keyed(machine, args)?;
    let sorted = merge_sort(machine, pairs, &mut |_, (l, _), (r, _)| {
        let order = if descending {
            default_order(r, l)
        } else {
            default_order(l, r)
        };
        Ok(order != Ordering::Greater)
    })?;
    Ok(Value::array(sorted.into_iter().map(|(_, e)| e).collect()))
}

/// The groups of `groupBy` and `countBy`: text form of the key ⇒ elements, in order of first
/// appearance.
fn groups(
    machine: &mut dyn Machine,
    args: &Args<'_>,
) -> Result<indexmap::IndexMap<SmolStr, Vec<Value>>, Thrown> {
    let mut groups: indexmap::IndexMap<SmolStr, Vec<Value>> = indexmap::IndexMap::new();
    for (key, item) in keyed(machine, args)? {
        groups
            .entry(SmolStr::new(text_form(&key)))
            .or_default()
            .push(item);
    }
    Ok(groups)
}

fn group_by(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if is_curried(args) {
        return Ok(curry(args, &GROUP_BY_CURRIED));
    }
    let mut object = ObjectData::new();
    for (key, members) in groups(machine, args)? {
        object.insert(key, Value::array(members));
    }
    Ok(Value::object(object))
}

fn count_by(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if is_curried(args) {
        return Ok(curry(args, &COUNT_BY_CURRIED));
    }
    let mut object = ObjectData::new();
    for (key, members) in groups(machine, args)? {
        object.insert(key, Value::number(members.len() as f64));
    }
    Ok(Value::object(object))
}

/// The element with the largest (smallest) key by the default order, first on ties.
fn extreme_by(
    machine: &mut dyn Machine,
    args: &Args<'_>,
    wanted: Ordering,
) -> Result<Value, Thrown> {
    let mut best: Option<(Value, Value)> = None;
    for (key, item) in keyed(machine, args)? {
        let better = match &best {
            None => true,
            Some((best_key, _)) => default_order(&key, best_key) == wanted,
        };
        if better {
            best = Some((key, item));
        }
    }
    Ok(best.map_or(Value::NULL, |(_, item)| item))
}

fn max_by(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if is_curried(args) {
        return Ok(curry(args, &MAX_BY_CURRIED));
    }
    extreme_by(machine, args, Ordering::Greater)
}

fn min_by(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if is_curried(args) {
        return Ok(curry(args, &MIN_BY_CURRIED));
    }
    extreme_by(machine, args, Ordering::Less)
}

static SORT_BY: Builtin = builtin("sortBy", Mode::Recv, 1, sort_by);
static GROUP_BY: Builtin = builtin("groupBy", Mode::Recv, 1, group_by);
static COUNT_BY: Builtin = builtin("countBy", Mode::Recv, 1, count_by);
static MAX_BY: Builtin = builtin("maxBy", Mode::Access, 1, max_by);
static MIN_BY: Builtin = builtin("minBy", Mode::Access, 1, min_by);

static SORT_BY_CURRIED: Builtin = builtin("sortBy", Mode::Special, 1, |m, a| {
    call_curried(m, a, &SORT_BY)
});
static GROUP_BY_CURRIED: Builtin = builtin("groupBy", Mode::Special, 1, |m, a| {
    call_curried(m, a, &GROUP_BY)
});
static COUNT_BY_CURRIED: Builtin = builtin("countBy", Mode::Special, 1, |m, a| {
    call_curried(m, a, &COUNT_BY)
});
static MAX_BY_CURRIED: Builtin = builtin("maxBy", Mode::Special, 1, |m, a| {
    call_curried(m, a, &MAX_BY)
});
static MIN_BY_CURRIED: Builtin = builtin("minBy", Mode::Special, 1, |m, a| {
    call_curried(m, a, &MIN_BY)
});

pub static LIBRARY: Library = Library {
    globals: &[&SORT_BY, &GROUP_BY, &COUNT_BY, &MAX_BY, &MIN_BY],
    namespaces: &[],
    methods: &[],
};
