//! Confidence helpers (builtins §12): `confidence`, `threshold`, `consensus`, `aggregate`,
//! `weightedAverage`, `majorityVote`, `best`, `coalesce`, `gate`, `calibrate`, `level`
//! (`average` is `mean`, in `collections.rs`). Each computes the confidence its entry states,
//! so all use the `special` or `none` mode; "conf" of a plain value is 1.0.
use super::args::Args;
use super::support::{builtin, elements};
use super::{Builtin, Library, Machine, Mode};
use crate::error::{catalogue, Thrown};
use crate::ops::{check_threshold, level as level_of, same_value_zero};
use crate::value::{Inner, Value};

/// The curried and wrapped functions these helpers return are bound methods whose receiver
/// holds what they remember.
fn remember(receiver: Value, method: &'static Builtin) -> Value {
    Value::bound(receiver, method)
}

/// `confidence(c)`: a wrapper that attaches `c` (R0502 unless `c` is in [0, 1]).
fn confidence(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let c = check_threshold(args.get(0))?;
    Ok(remember(Value::number(c), &CONFIDENCE_WRAPPER))
}

/// `w(f)` wraps a function; `w(v)` is `v ~> c`.
fn confidence_wrapper(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let c = args.this.as_number().unwrap_or(1.0);
    let target = args.get(0);
    if target.inner().is_function() {
        let remembered = Value::array(vec![Value::number(c), target.clone()]);
        return Ok(remember(remembered, &CONFIDENT_FUNCTION));
    }
    Ok(target.to_plain().with_conf(c))
}

/// Calls the wrapped function and replaces its result's confidence by `c`.
fn confident_function(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let remembered = args
        .this
        .as_array()
        .map(|a| a.borrow().clone())
        .unwrap_or_default();
    let (Some(c), Some(function)) = (remembered.first(), remembered.get(1)) else {
        return Ok(Value::NULL);
    };
    let c = c.as_number().unwrap_or(1.0);
    let result = machine.call(function, args.values)?;
    Ok(result.plain().with_conf(c))
}

/// Whether `threshold` keeps an element (§12).
fn passes_threshold(element: &Value, t: f64) -> bool {
    if let Some(conf) = element.confidence() {
        return conf >= t;
    }
    match element.inner() {
        Inner::Object(object) => object
            .borrow()
            .map
            .values()
            .all(|value| value.confidence().is_none_or(|conf| conf >= t)),
        _ => true,
    }
}

/// `threshold(xs, t)`, or `threshold(t)` curried when the first argument is a number.
fn threshold(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if matches!(args.get(0).inner(), Inner::Number(_)) {
        check_threshold(args.get(0))?;
        return Ok(remember(args.get(0).to_plain(), &THRESHOLD_CURRIED));
    }
    let items = elements(args.array(0)?);
    let t = check_threshold(args.get(1))?;
    let kept = items.into_iter().filter(|e| passes_threshold(e, t));
    Ok(Value::array(kept.collect()))
}

fn threshold_curried(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let t = check_threshold(args.this)?;
    let items = elements(args.array(0)?);
    let kept = items.into_iter().filter(|e| passes_threshold(e, t));
    Ok(Value::array(kept.collect()))
}

/// Option `name` of an options object (`opts = {}`; `null` counts as `{}`).
fn option(args: &Args<'_>, index: usize, name: &str) -> Result<Value, Thrown> {
    match args.get(index).inner() {
        Inner::Null => Ok(Value::NULL),
        Inner::Object(object) => Ok(object.borrow().get(name).cloned().unwrap_or(Value::NULL)),
        _ => Err(args.wrong_type(index, "an object")),
    }
}

/// The `strategy` option: its string, or `default`; R0216 for another type, R0304 for a
/// string not in `allowed`.
fn strategy(
    args: &Args<'_>,
    index: usize,
    allowed: &[&'static str],
    default: &'static str,
) -> Result<&'static str, Thrown> {
    let value = option(args, index, "strategy")?;
    let text = match value.inner() {
        Inner::Null => return Ok(default),
        Inner::Str(s) => s.as_str().to_string(),
        _ => {
            return Err(catalogue::bad_option(
                args.name(),
                "strategy",
                "a string",
                value.type_name(),
            ))
        }
    };
    allowed
        .iter()
        .find(|s| **s == text)
        .copied()
        .ok_or_else(|| {
            let choices: Vec<String> = allowed.iter().map(|s| format!("\"{s}\"")).collect();
            catalogue::range_error(format!(
                "{}: option 'strategy' must be one of {}, got {}",
                args.name(),
                choices.join(", "),
                crate::display::display_nested(&value.to_plain())
            ))
        })
}

/// `consensus(xs, opts)`: the element with the highest (or, with `"min"`, lowest) conf.
fn consensus(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let items = elements(args.array(0)?);
    let lowest = strategy(args, 1, &["max", "min"], "max")? == "min";
    if items.is_empty() {
        return Err(args.out_of_range(0, "a non-empty array"));
    }
    let chosen = items
        .iter()
        .fold(None::<&Value>, |chosen, item| match chosen {
            Some(c)
                if (lowest && item.conf() >= c.conf()) || (!lowest && item.conf() <= c.conf()) =>
            {
                Some(c)
            }
            _ => Some(item),
        });
    Ok(chosen.cloned().unwrap_or(Value::NULL))
}

/// `aggregate(xs, opts)`: the array (or `opts.combine(array)`) with the combined confidence.
fn aggregate(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let array = args.array(0)?;
    let items = elements(array);
    let strategy = strategy(args, 1, &["average", "min", "max", "product"], "average")?;
    let confs = items.iter().map(Value::conf);
    let combined = if items.is_empty() {
        1.0
    } else {
        match strategy {
            "min" => confs.fold(1.0, f64::min),
            "max" => confs.fold(0.0, f64::max),
            "product" => confs.product(),
            _ => confs.sum::<f64>() / items.len() as f64,
        }
    };
    let combine = option(args, 1, "combine")?;
    let value = if combine.is_null() {
        args.get(0).to_plain()
    } else if combine.inner().is_function() {
        machine.call(&combine, &[args.get(0).to_plain()])?
    } else {
        return Err(catalogue::bad_option(
            args.name(),
            "combine",
            "a function",
            combine.type_name(),
        ));
    };
    Ok(value.plain().with_conf(combined.clamp(0.0, 1.0)))
}

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

static CONFIDENCE: Builtin = builtin("confidence", Mode::Special, 1, confidence);
static CONFIDENCE_WRAPPER: Builtin = builtin("confidence", Mode::Special, 1, confidence_wrapper);
static CONFIDENT_FUNCTION: Builtin = builtin("confidence", Mode::Special, 0, confident_function);
static THRESHOLD: Builtin = builtin("threshold", Mode::Special, 1, threshold);
static THRESHOLD_CURRIED: Builtin = builtin("threshold", Mode::Special, 1, threshold_curried);
static CONSENSUS: Builtin = builtin("consensus", Mode::Special, 1, consensus);
static AGGREGATE: Builtin = builtin("aggregate", Mode::Special, 1, aggregate);
static WEIGHTED_AVERAGE: Builtin = builtin("weightedAverage", Mode::Special, 2, weighted_average);
static MAJORITY_VOTE: Builtin = builtin("majorityVote", Mode::Special, 1, majority_vote);
static BEST: Builtin = builtin("best", Mode::Special, 1, best);
static COALESCE: Builtin = builtin("coalesce", Mode::Special, 1, coalesce);
static GATE: Builtin = builtin("gate", Mode::Special, 2, gate);
static CALIBRATE: Builtin = builtin("calibrate", Mode::Special, 2, calibrate);
static LEVEL: Builtin = builtin("level", Mode::Special, 1, level);

pub static LIBRARY: Library = Library {
    globals: &[
        &CONFIDENCE,
        &THRESHOLD,
        &CONSENSUS,
        &AGGREGATE,
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
