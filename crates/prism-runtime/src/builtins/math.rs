//! The `Math` namespace (builtins §8). Members use mode `lift` except `max`, `min` (special:
//! the winning argument itself) and `random` (stream 0 of the run's generator). Arguments must
//! be numbers; nothing is coerced.
use super::args::Args;
use super::support::builtin;
use super::{Builtin, Library, Machine, Mode};
use crate::error::Thrown;
use crate::ops::pow;
use crate::value::{Member, Namespace, Value};

/// A one-argument member computed by `op` on the inner number.
macro_rules! unary_math {
    ($($static:ident, $name:literal, $op:expr;)*) => {
        $(static $static: Builtin = builtin($name, Mode::Lift, 1, |_, args| {
            let op: fn(f64) -> f64 = $op;
            Ok(Value::number(op(args.number(0)?)))
        });)*
    };
}

unary_math! {
    ABS, "Math.abs", f64::abs;
    SIGN, "Math.sign", sign;
    FLOOR, "Math.floor", f64::floor;
    CEIL, "Math.ceil", f64::ceil;
    TRUNC, "Math.trunc", f64::trunc;
    ROUND, "Math.round", round;
    SQRT, "Math.sqrt", f64::sqrt;
    CBRT, "Math.cbrt", f64::cbrt;
    EXP, "Math.exp", f64::exp;
    LOG, "Math.log", f64::ln;
    LOG2, "Math.log2", f64::log2;
    LOG10, "Math.log10", f64::log10;
    SIN, "Math.sin", f64::sin;
    COS, "Math.cos", f64::cos;
    TAN, "Math.tan", f64::tan;
    ASIN, "Math.asin", f64::asin;
    ACOS, "Math.acos", f64::acos;
    ATAN, "Math.atan", f64::atan;
}

/// −1, 1, NaN, or the zero itself (keeping its sign).
fn sign(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 {
        x
    } else {
        x.signum()
    }
}

/// The integer closest to `x`, ties toward +∞, computed exactly: `x − floor(x)` is exact for
/// every finite binary64, unlike `x + 0.5`. Zeros and results in (−0.5, 0) keep the sign −0.
fn round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let floor = x.floor();
    let rounded = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    if rounded == 0.0 && x < 0.0 {
        -0.0
    } else {
        rounded
    }
}

fn math_pow(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::number(pow(args.number(0)?, args.number(1)?)))
}

fn atan2(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::number(args.number(0)?.atan2(args.number(1)?)))
}

/// `Math.hypot(...xs)`: an infinite argument wins over NaN, as in JavaScript.
fn hypot(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let numbers: Vec<f64> = (0..args.len())
        .map(|i| args.number(i))
        .collect::<Result<_, _>>()?;
    if numbers.iter().any(|n| n.is_infinite()) {
        return Ok(Value::number(f64::INFINITY));
    }
    Ok(Value::number(
        numbers.iter().fold(0.0, |acc, n| acc.hypot(*n)),
    ))
}

/// `Math.clamp(x, lo, hi)`: `min(max(x, lo), hi)`; `lo > hi` is R0304.
fn clamp(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (x, lo, hi) = (args.number(0)?, args.number(1)?, args.number(2)?);
    if lo > hi {
        return Err(args.out_of_range(1, "at most argument 3"));
    }
    if x.is_nan() || lo.is_nan() || hi.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    Ok(Value::number(x.max(lo).min(hi)))
}

/// `Math.max` / `Math.min` (§8, special): the argument itself whose inner value wins, first on
/// ties, +0 above −0; a NaN argument gives a plain NaN; no arguments give ∓Infinity.
fn extreme(args: &Args<'_>, larger: bool) -> Result<Value, Thrown> {
    let mut best: Option<(f64, &Value)> = None;
    let mut saw_nan = false;
    for i in 0..args.len() {
        let n = args.number(i)?;
        if n.is_nan() {
            saw_nan = true;
            continue;
        }
        let beats = match best {
            None => true,
            Some((current, _)) if n == current => {
                // Equal numbers differ at most in the sign of zero, and +0 counts as larger.
                let (up, down) = if larger { (n, current) } else { (current, n) };
                up.is_sign_positive() && down.is_sign_negative()
            }
            Some((current, _)) => (n > current) == larger,
        };
        if beats {
            best = Some((n, args.get(i)));
        }
    }
    if saw_nan {
        return Ok(Value::number(f64::NAN));
    }
    Ok(match best {
        Some((_, value)) => value.clone(),
        None if larger => Value::number(f64::NEG_INFINITY),
        None => Value::number(f64::INFINITY),
    })
}

pub fn max(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    extreme(args, true)
}

pub fn min(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    extreme(args, false)
}

/// `Math.random()`: `(next output of stream 0 ≫ 11) × 2^−53`.
fn random(machine: &mut dyn Machine, _: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::number(machine.random().next_f64(0)))
}

static POW: Builtin = builtin("Math.pow", Mode::Lift, 2, math_pow);
static ATAN2: Builtin = builtin("Math.atan2", Mode::Lift, 2, atan2);
static HYPOT: Builtin = builtin("Math.hypot", Mode::Lift, 0, hypot);
static CLAMP: Builtin = builtin("Math.clamp", Mode::Lift, 3, clamp);
static MAX: Builtin = builtin("Math.max", Mode::Special, 0, max);
static MIN: Builtin = builtin("Math.min", Mode::Special, 0, min);
static RANDOM: Builtin = builtin("Math.random", Mode::None, 0, random);
static GLOBAL_MAX: Builtin = builtin("max", Mode::Special, 0, max);
static GLOBAL_MIN: Builtin = builtin("min", Mode::Special, 0, min);

static MATH: Namespace = Namespace {
    name: "Math",
    members: &[
        ("abs", Member::Function(&ABS)),
        ("sign", Member::Function(&SIGN)),
        ("floor", Member::Function(&FLOOR)),
        ("ceil", Member::Function(&CEIL)),
        ("trunc", Member::Function(&TRUNC)),
        ("round", Member::Function(&ROUND)),
        ("pow", Member::Function(&POW)),
        ("sqrt", Member::Function(&SQRT)),
        ("cbrt", Member::Function(&CBRT)),
        ("exp", Member::Function(&EXP)),
        ("log", Member::Function(&LOG)),
        ("log2", Member::Function(&LOG2)),
        ("log10", Member::Function(&LOG10)),
        ("sin", Member::Function(&SIN)),
        ("cos", Member::Function(&COS)),
        ("tan", Member::Function(&TAN)),
        ("asin", Member::Function(&ASIN)),
        ("acos", Member::Function(&ACOS)),
        ("atan", Member::Function(&ATAN)),
        ("atan2", Member::Function(&ATAN2)),
        ("hypot", Member::Function(&HYPOT)),
        ("clamp", Member::Function(&CLAMP)),
        ("max", Member::Function(&MAX)),
        ("min", Member::Function(&MIN)),
        ("random", Member::Function(&RANDOM)),
        ("PI", Member::Number(std::f64::consts::PI)),
        ("E", Member::Number(std::f64::consts::E)),
        ("LN2", Member::Number(std::f64::consts::LN_2)),
        ("LN10", Member::Number(std::f64::consts::LN_10)),
        ("SQRT2", Member::Number(std::f64::consts::SQRT_2)),
    ],
};

pub static LIBRARY: Library = Library {
    globals: &[&GLOBAL_MAX, &GLOBAL_MIN],
    namespaces: &[&MATH],
    methods: &[],
};
