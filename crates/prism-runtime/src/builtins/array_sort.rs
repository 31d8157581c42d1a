//! The one sorting algorithm of builtins §4.1: a top-down merge sort whose comparator calls
//! happen in the same order in every implementation. `Array.sort`, `Array.toSorted` and
//! `sortBy` (§11) all use it.
use std::cmp::Ordering;

use super::args::Args;
use super::support::{builtin, elements, ArrayRef};
use super::{Builtin, Machine, MethodOwner, Mode};
use crate::error::{catalogue, Thrown};
use crate::ops::default_order;
use crate::value::{Inner, Value};

/// Decides whether the merge takes the left element `l` before the right one `r`: the
/// comparator's `cmp(l, r) ≤ 0`.
pub type TakeLeft<'a, T> = dyn FnMut(&mut dyn Machine, &T, &T) -> Result<bool, Thrown> + 'a;

/// `msort(list)` of §4.1: split at ⌊n/2⌋, sort both halves, merge taking `l` while
/// `cmp(l, r) ≤ 0`. Stable, and the comparator sees the pairs in the specified order.
pub fn merge_sort<T>(
    machine: &mut dyn Machine,
    mut list: Vec<T>,
    take_left: &mut TakeLeft<'_, T>,
) -> Result<Vec<T>, Thrown> {
    if list.len() <= 1 {
        return Ok(list);
    }
    let right = list.split_off(list.len() / 2);
    let left = merge_sort(machine, list, take_left)?;
    let right = merge_sort(machine, right, take_left)?;
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        let next = if take_left(machine, l, r)? {
            left.next()
        } else {
            right.next()
        };
        merged.extend(next);
    }
    merged.extend(left);
    merged.extend(right);
    Ok(merged)
}

/// Sorts values with an optional comparator (§4.1): a callback whose inner result must be a
/// number (R0219; NaN counts as 0), or the default order of language §4.14 without calls.
pub fn sort_values(
    machine: &mut dyn Machine,
    name: &'static str,
    values: Vec<Value>,
    comparator: Option<&Value>,
) -> Result<Vec<Value>, Thrown> {
    match comparator {
        None => merge_sort(machine, values, &mut |_, l, r| {
            Ok(default_order(l, r) != Ordering::Greater)
        }),
        Some(cmp) => merge_sort(machine, values, &mut |machine, l, r| {
            let result = machine.call(cmp, &[l.clone(), r.clone()])?;
            match result.inner() {
                // NaN ≤ 0 is false, but NaN counts as 0, which takes the left element.
                Inner::Number(n) => Ok(n.is_nan() || *n <= 0.0),
                _ => Err(catalogue::callback_not_number(name, result.type_name())),
            }
        }),
    }
}

/// The comparator argument: absent or `null` for the default order, else a function.
fn comparator<'a>(args: &Args<'a>) -> Result<Option<&'a Value>, Thrown> {
    if args.is_default(0) {
        Ok(None)
    } else {
        args.function(0).map(Some)
    }
}

fn sorted_copy(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Vec<Value>, Thrown> {
    let array: &ArrayRef = args.receiver_array()?;
    let cmp = comparator(args)?;
    sort_values(machine, args.name(), elements(array), cmp)
}

/// `Array.sort(cmp?)`: sorts in place and returns the receiver.
fn sort(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    // The read-only registry refuses before any comparator call (runtime §5.3).
    let array = args.receiver_array_mut()?;
    let sorted = sorted_copy(machine, args)?;
    *array.borrow_mut() = sorted;
    Ok(args.this.clone())
}

/// `Array.toSorted(cmp?)`: a sorted new array.
fn to_sorted(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::array(sorted_copy(machine, args)?))
}

static SORT: Builtin = builtin("Array.sort", Mode::Recv, 0, sort);
static TO_SORTED: Builtin = builtin("Array.toSorted", Mode::Recv, 0, to_sorted);

pub static LIBRARY: super::Library = super::Library {
    globals: &[],
    namespaces: &[],
    methods: &[(MethodOwner::Array, &[&SORT, &TO_SORTED])],
};
