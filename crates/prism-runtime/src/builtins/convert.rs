//! Conversion and type helpers (builtins §6.2, §10): the callable `Number`, `String` and
//! `Boolean` with their members, `isNaN`, `isFinite`, `parseInt`, `parseFloat` and the `Array`
//! namespace.
use super::args::Args;
use super::number_parse::{parse_float, parse_int, string_to_number};
use super::support::builtin;
use super::{Builtin, Library, Machine, Mode};
use crate::display::text_form;
use crate::error::Thrown;
use crate::ops::access_rule;
use crate::value::{Inner, Member, Namespace, Value};

/// Integers up to this magnitude are "safe" (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `Number(x)` on an inner value (§6.2): arrays, objects and other types are NaN (decision).
pub fn to_number(value: &Value) -> f64 {
    match value.inner() {
        Inner::Number(n) => *n,
        Inner::Bool(b) => f64::from(u8::from(*b)),
        Inner::Null => 0.0,
        Inner::Str(s) => string_to_number(s.as_str()),
        _ => f64::NAN,
    }
}

fn number(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::number(to_number(args.get(0))))
}

fn string(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::string(&text_form(args.get(0))))
}

fn boolean(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::bool(args.get(0).truthy()))
}

/// Applies a test to the inner number; other types give `false` (no coercion).
fn number_test(args: &Args<'_>, test: fn(f64) -> bool) -> Value {
    Value::bool(args.get(0).as_number().is_some_and(test))
}

fn is_nan(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(number_test(args, f64::is_nan))
}

fn is_finite(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(number_test(args, f64::is_finite))
}

fn is_integer(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(number_test(args, |n| n.is_finite() && n.trunc() == n))
}

fn is_safe_integer(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(number_test(args, |n| {
        n.trunc() == n && n.abs() <= MAX_SAFE_INTEGER
    }))
}

/// `parseInt(s, radix?)` on the text form of `s` (so numbers go through their display).
fn parse_int_fn(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let radix = if args.is_default(1) {
        None
    } else {
        Some(args.number(1)?)
    };
    Ok(Value::number(parse_int(&text_form(args.get(0)), radix)))
}

fn parse_float_fn(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::number(parse_float(&text_form(args.get(0)))))
}

fn is_array(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::bool(matches!(args.get(0).inner(), Inner::Array(_))))
}

/// `Array.from(x, fn?)`: a shallow copy of an array (access rule if it is confident) or the
/// characters of a string; with `fn`, each element becomes `fn(element, index)`.
fn array_from(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let source = args.get(0);
    let items: Vec<Value> = match source.inner() {
        Inner::Array(array) => {
            let stored = array.borrow().clone();
            stored.into_iter().map(|e| access_rule(source, e)).collect()
        }
        Inner::Str(text) => text
            .as_str()
            .chars()
            .map(|c| access_rule(source, Value::string(c.encode_utf8(&mut [0u8; 4]))))
            .collect(),
        _ => return Err(args.wrong_type(0, "an array or a string")),
    };
    if args.is_default(1) {
        return Ok(Value::array(items));
    }
    let callback = args.function(1)?;
    let mut mapped = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        mapped.push(machine.call(callback, &[item, Value::number(i as f64)])?);
    }
    Ok(Value::array(mapped))
}

static IS_NAN: Builtin = builtin("isNaN", Mode::Lift, 1, is_nan);
static IS_FINITE: Builtin = builtin("isFinite", Mode::Lift, 1, is_finite);
static PARSE_INT: Builtin = builtin("parseInt", Mode::Lift, 1, parse_int_fn);
static PARSE_FLOAT: Builtin = builtin("parseFloat", Mode::Lift, 1, parse_float_fn);
static NUMBER_IS_NAN: Builtin = builtin("Number.isNaN", Mode::Lift, 1, is_nan);
static NUMBER_IS_FINITE: Builtin = builtin("Number.isFinite", Mode::Lift, 1, is_finite);
static NUMBER_IS_INTEGER: Builtin = builtin("Number.isInteger", Mode::Lift, 1, is_integer);
static NUMBER_IS_SAFE: Builtin = builtin("Number.isSafeInteger", Mode::Lift, 1, is_safe_integer);

static NUMBER: Builtin = Builtin {
    name: "Number",
    mode: Mode::Lift,
    min_args: 1,
    body: number,
    members: &[
        ("isInteger", Member::Function(&NUMBER_IS_INTEGER)),
        ("isFinite", Member::Function(&NUMBER_IS_FINITE)),
        ("isNaN", Member::Function(&NUMBER_IS_NAN)),
        ("isSafeInteger", Member::Function(&NUMBER_IS_SAFE)),
        ("parseFloat", Member::Function(&PARSE_FLOAT)),
        ("parseInt", Member::Function(&PARSE_INT)),
        ("EPSILON", Member::Number(f64::EPSILON)),
        ("MAX_SAFE_INTEGER", Member::Number(MAX_SAFE_INTEGER)),
        ("MIN_SAFE_INTEGER", Member::Number(-MAX_SAFE_INTEGER)),
        ("MAX_VALUE", Member::Number(f64::MAX)),
        // The smallest positive subnormal, 2^-1074.
        ("MIN_VALUE", Member::Number(5e-324)),
        ("POSITIVE_INFINITY", Member::Number(f64::INFINITY)),
        ("NEGATIVE_INFINITY", Member::Number(f64::NEG_INFINITY)),
        ("NaN", Member::Number(f64::NAN)),
    ],
};

static STRING: Builtin = builtin("String", Mode::Lift, 1, string);
static BOOLEAN: Builtin = builtin("Boolean", Mode::Lift, 1, boolean);
static IS_ARRAY: Builtin = builtin("Array.isArray", Mode::None, 1, is_array);
static ARRAY_FROM: Builtin = builtin("Array.from", Mode::None, 1, array_from);

static ARRAY: Namespace = Namespace {
    name: "Array",
    members: &[
        ("isArray", Member::Function(&IS_ARRAY)),
        ("from", Member::Function(&ARRAY_FROM)),
    ],
};

pub static LIBRARY: Library = Library {
    globals: &[
        &NUMBER,
        &STRING,
        &BOOLEAN,
        &IS_NAN,
        &IS_FINITE,
        &PARSE_INT,
        &PARSE_FLOAT,
    ],
    namespaces: &[&ARRAY],
    methods: &[],
};
