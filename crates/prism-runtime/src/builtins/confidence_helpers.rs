//! Confidence helpers of builtins §12 that attach or filter by confidence: `confidence`,
//! `threshold`, `consensus`, `aggregate` (the others are in `confidence_select.rs`; `average`
//! is `mean`, in `collections.rs`). Each computes the confidence its entry states, so all use
//! the `special` mode; "conf" of a plain value is 1.0.
use super::args::Args;
use super::support::{builtin, elements};
use super::{Builtin, Library, Machine, Mode};
use crate::error::{catalogue, Thrown};
use crate::ops::check_threshold;
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
            // R0304 in the shape of R0216's option template; `{value}` is a display.
            let quoted: Vec<String> = allowed.iter().map(|s| format!("\"{s}\"")).collect();
            let choices = match quoted.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => quoted.join(""),
            };
            catalogue::range_error(format!(
                "{}: option 'strategy' must be {choices}, got {}",
                args.name(),
                crate::display::display(&value.to_plain())
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

static CONFIDENCE: Builtin = builtin("confidence", Mode::Special, 1, confidence);
static CONFIDENCE_WRAPPER: Builtin = builtin("confidence", Mode::Special, 1, confidence_wrapper);
static CONFIDENT_FUNCTION: Builtin = builtin("confidence", Mode::Special, 0, confident_function);
static THRESHOLD: Builtin = builtin("threshold", Mode::Special, 1, threshold);
static THRESHOLD_CURRIED: Builtin = builtin("threshold", Mode::Special, 1, threshold_curried);
static CONSENSUS: Builtin = builtin("consensus", Mode::Special, 1, consensus);
static AGGREGATE: Builtin = builtin("aggregate", Mode::Special, 1, aggregate);

pub static LIBRARY: Library = Library {
    globals: &[&CONFIDENCE, &THRESHOLD, &CONSENSUS, &AGGREGATE],
    namespaces: &[],
    methods: &[],
};
