//! The helpers of `std/legacy` (builtins §18.2) as native functions, for the host scope of the
//! Parallax mode (runtime §15.4), where they must exist before any module runs. The module
//! `std/legacy` (`std/legacy.prism`) defines the same functions in Prism for explicit imports;
//! the driver's tests check that both agree.

use prism_runtime::builtins::{Args, Builtin, Machine, Mode};
use prism_runtime::{to_json, Inner, Thrown, Value};

fn elements(args: &Args<'_>) -> Result<Vec<Value>, Thrown> {
    Ok(args.array(0)?.borrow().clone())
}

/// `average(xs)`: the mean of the numeric elements' inner values; 0 without any; plain.
fn average(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let numbers: Vec<f64> = elements(args)?
        .iter()
        .filter_map(Value::as_number)
        .collect();
    if numbers.is_empty() {
        return Ok(Value::number(0.0));
    }
    Ok(Value::number(
        numbers.iter().sum::<f64>() / numbers.len() as f64,
    ))
}

/// The numeric `confidence` property of an element, else 0.
fn confidence_of(element: &Value) -> f64 {
    element
        .as_object()
        .and_then(|object| object.borrow().get("confidence").and_then(Value::as_number))
        .unwrap_or(0.0)
}

/// `synthesize(results)`: the element with the largest `confidence`, the first on ties.
fn synthesize(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut best: Option<(f64, Value)> = None;
    for element in elements(args)? {
        let confidence = confidence_of(&element);
        if best.as_ref().is_none_or(|(top, _)| confidence > *top) {
            best = Some((confidence, element));
        }
    }
    Ok(best.map_or(Value::NULL, |(_, element)| element))
}

/// The grouping key of `majorityVote`: the JSON text of a truthy `value` property, else of the
/// element itself.
fn vote_key(element: &Value) -> String {
    let value = element
        .as_object()
        .and_then(|object| object.borrow().get("value").cloned());
    let keyed = match value {
        Some(value) if value.truthy() => value,
        _ => element.clone(),
    };
    to_json(&keyed).to_string()
}

/// `majorityVote(results)`: the first element of the largest group, the group seen first
/// winning ties.
fn majority_vote(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut groups: Vec<(String, usize, Value)> = Vec::new();
    for element in elements(args)? {
        let key = vote_key(&element);
        match groups.iter_mut().find(|(known, _, _)| *known == key) {
            Some(group) => group.1 += 1,
            None => groups.push((key, 1, element)),
        }
    }
    let mut best: Option<&(String, usize, Value)> = None;
    for group in &groups {
        if best.is_none_or(|top| group.1 > top.1) {
            best = Some(group);
        }
    }
    Ok(best.map_or(Value::NULL, |(_, _, element)| element.clone()))
}

const fn helper(name: &'static str, body: prism_runtime::builtins::BuiltinFn) -> Builtin {
    Builtin {
        name,
        mode: Mode::None,
        min_args: 1,
        body,
        members: &[],
    }
}

static AVERAGE: Builtin = helper("average", average);
static SYNTHESIZE: Builtin = helper("synthesize", synthesize);
static MAJORITY_VOTE: Builtin = helper("majorityVote", majority_vote);

/// The helper bound to a Parallax host name, if `name` is one.
pub(crate) fn helper_value(name: &str) -> Option<Value> {
    let builtin = match name {
        "average" => &AVERAGE,
        "synthesize" => &SYNTHESIZE,
        "majorityVote" => &MAJORITY_VOTE,
        _ => return None,
    };
    Some(Value::from_inner(Inner::Builtin(builtin)))
}
