//! Confidence helpers of builtins §12 that choose or combine by confidence:
//! `weightedAverage`, `majorityVote`, `best`, `coalesce`, `gate`, `calibrate`, `level`. Each
//! computes the confidence its entry states (mode `special`); "conf" of a plain value is 1.0.
use super::args::Args;
use super::support::{builtin, elements};
use super::{Builtin, Library, Machine, Mode};
use crate::error::{catalogue, Thrown};
use crate::ops::{check_threshold, level as level_of, same_value_zero};
use crate::value::{Inner, Value};

/// `weightedAverage(values, weights)`: Σ vᵢ·wᵢ / Σ wᵢ, confident with the lowest confidence
/// of the confident values.
fn weighted_average(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let values = elements(args.array(0)?);
    let weights = elements(args.array(1)?);
    if values.len() != weights.len() {
        return Err(args.out_of_range(1, "an array as long as argument 1"));
    }
    let (mut total, mut weight_sum) = (0.0, 0.0);
    let mut lowest: Option<f64> = None;
    for (v, w) in values.iter().zip(&weights) {
        let x = v
            .as_number()
            .ok_or_else(|| args.wrong_type(0, "an array of numbers"))?;
        let weight = w
            .as_number()
            .ok_or_else(|| args.wrong_type(1, "an array of numbers"))?;
        total += x * weight;
        weight_sum += weight;
        if let Some(conf) = v.confidence() {
            lowest = Some(lowest.map_or(conf, |low| low.min(conf)));
        }
    }
    if values.is_empty() || weight_sum == 0.0 {
        return Ok(Value::NULL);
    }
    Ok(Value::number(total / weight_sum).with_confidence(lowest))
}

/// `majorityVote(xs, keyFn?)`: the largest group's key with confidence
/// (group size / length) × (mean conf of the group's elements).
fn majority_vote(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.array(0)?);
    let key_fn = if args.is_default(1) {
        None
    } else {
        Some(args.function(1)?)
    };
    // (key, members' confidences), in order of first appearance.
    let mut groups: Vec<(Value, Vec<f64>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let key = match key_fn {
            Some(f) => machine.call(f, &[item.clone(), Value::number(i as f64)])?,
            None => item.clone(),
        };
        let key = key.to_plain();
        let mut found = None;
        for (index, (existing, _)) in groups.iter().enumerate() {
            if same_value_zero(existing, &key)? {
                found = Some(index);
                break;
            }
        }
        match found.and_then(|index| groups.get_mut(index)) {
            Some((_, confs)) => confs.push(item.conf()),
            None => groups.push((key, vec![item.conf()])),
        }
    }
    let mut winner: Option<&(Value, Vec<f64>)> = None;
    for group in &groups {
        if winner.is_none_or(|w| group.1.len() > w.1.len()) {
            winner = Some(group);
        }
    }
    let Some((key, confs)) = winner else {
        return Ok(Value::NULL);
    };
    let share = confs.len() as f64 / items.len() as f64;
    let mean_conf = confs.iter().sum::<f64>() / confs.len() as f64;
    Ok(key.clone().with_conf((share * mean_conf).clamp(0.0, 1.0)))
}

/// `best(xs)`: the element with the highest conf, first on ties.
fn best(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.array(0)?);
    let mut chosen: Option<&Value> = None;
    for item in &items {
        if chosen.is_none_or(|c| item.conf() > c.conf()) {
            chosen = Some(item);
        }
    }
    Ok(chosen.cloned().unwrap_or(Value::NULL))
}

/// `coalesce(xs, t = 0.5)`: the first non-null element with conf ≥ t, else the last one.
fn coalesce(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.array(0)?);
    let t = if args.is_default(1) {
        0.5
    } else {
        check_threshold(args.get(1))?
    };
    let found = items.iter().find(|e| !e.is_null() && e.conf() >= t);
    Ok(found.or(items.last()).cloned().unwrap_or(Value::NULL))
}

/// `gate(x, t, fn?)`: `fn(x)` or `x` when conf(x) ≥ t, else `null` with confidence 0.
fn gate(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let x = args.get(0);
    let t = check_threshold(args.get(1))?;
    if x.conf() < t {
        return Ok(Value::NULL.with_conf(0.0));
    }
    if args.is_default(2) {
        return Ok(x.clone());
    }
    machine.call(args.function(2)?, std::slice::from_ref(x))
}

/// The calibration points of `calibrate` as `(in, out)` pairs (R0505 when invalid).
fn calibration_points(points: &Value) -> Result<Vec<(f64, f64)>, Thrown> {
    let Inner::Array(array) = points.inner() else {
        return Err(catalogue::bad_calibration(
            "expected an array of [in, out] pairs",
        ));
    };
    let mut pairs = Vec::new();
    for point in array.borrow().iter() {
        let pair = point
            .as_array()
            .map(|p| p.borrow().clone())
            .unwrap_or_default();
        let numbers: Vec<f64> = pair.iter().filter_map(Value::as_number).collect();
        match numbers.as_slice() {
            [x, y] if pair.len() == 2 && (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y) => {
                pairs.push((*x, *y));
            }
            _ => {
                return Err(catalogue::bad_calibration(
                    "each point must be a pair of numbers in [0, 1]",
                ))
            }
        }
    }
    if pairs.len() < 2 {
        return Err(catalogue::bad_calibration("expected at least two points"));
    }
    if pairs.windows(2).any(|w| matches!(w, [a, b] if b.0 <= a.0)) {
        return Err(catalogue::bad_calibration(
            "input confidences must be strictly increasing",
        ));
    }
    Ok(pairs)
}

/// Linear interpolation through the points, flat outside them.
fn interpolate(points: &[(f64, f64)], c: f64) -> f64 {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return c;
    };
    if c <= first.0 {
        return first.1;
    }
    if c >= last.0 {
        return last.1;
    }
    for pair in points.windows(2) {
        if let [(x0, y0), (x1, y1)] = pair {
            if c <= *x1 {
                return y0 + (y1 - y0) * (c - x0) / (x1 - x0);
            }
        }
    }
    last.1
}

fn calibrate(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let points = calibration_points(args.get(1))?;
    let x = args.get(0);
    let mapped = interpolate(&points, x.conf()).clamp(0.0, 1.0);
    Ok(x.to_plain().with_conf(mapped))
}

/// `level(x)`: the level of conf(x) with the configured thresholds (language §7.8).
fn level(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let levels = machine.levels();
    let found = level_of(args.get(0).conf(), levels.high, levels.medium);
    Ok(Value::string(found.as_str()))
}

static WEIGHTED_AVERAGE: Builtin = builtin("weightedAverage", Mode::Special, 2, weighted_average);
static MAJORITY_VOTE: Builtin = builtin("majorityVote", Mode::Special, 1, majority_vote);
static BEST: Builtin = builtin("best", Mode::Special, 1, best);
static COALESCE: Builtin = builtin("coalesce", Mode::Special, 1, coalesce);
static GATE: Builtin = builtin("gate", Mode::Special, 2, gate);
static CALIBRATE: Builtin = builtin("calibrate", Mode::Special, 2, calibrate);
static LEVEL: Builtin = builtin("level", Mode::Special, 1, level);

pub static LIBRARY: Library = Library {
    globals: &[
        &WEIGHTED_AVERAGE,
        &MAJORITY_VOTE,
        &BEST,
        &COALESCE,
        &GATE,
        &CALIBRATE,
        &LEVEL,
    ],
    namespaces: &[],
    methods: &[],
};
