//! Number and boolean methods (builtins §6.1): `toFixed` exactly as JavaScript, `toString`
//! with a radix, and `Boolean.toString`. Mode `lift`.
use super::args::Args;
use super::bignum::{from_integral_f64, scaled_round};
use super::support::builtin;
use super::{Builtin, Library, Machine, MethodOwner, Mode};
use crate::display::format_number;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

/// `x.toFixed(digits)` for a number already known to be a valid receiver (§6.1).
pub fn to_fixed_text(x: f64, digits: u32) -> String {
    if !x.is_finite() || x.abs() >= 1e21 {
        return format_number(x);
    }
    if x < 0.0 {
        return format!("-{}", to_fixed_text(-x, digits));
    }
    let mut text = scaled_round(x, digits);
    let digits = digits as usize;
    if digits == 0 {
        return text;
    }
    if text.len() <= digits {
        // At least one digit precedes the point.
        text = format!("{}{text}", "0".repeat(digits + 1 - text.len()));
    }
    let (whole, fraction) = text.split_at(text.len() - digits);
    format!("{whole}.{fraction}")
}

fn to_fixed(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    const CONSTRAINT: &str = "an int in 0…100";
    let x = args.receiver_number()?;
    let digits = if args.is_default(0) {
        0.0
    } else {
        args.integer(0, CONSTRAINT)?
    };
    if !(0.0..=100.0).contains(&digits) {
        return Err(args.out_of_range(0, CONSTRAINT));
    }
    Ok(Value::string(&to_fixed_text(x, digits as u32)))
}

/// `Number.toString(radix = 10)`: other radices need an int in 2…36 and an integer receiver.
fn to_string(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    const CONSTRAINT: &str = "an int in 2…36";
    let x = args.receiver_number()?;
    let radix = if args.is_default(0) {
        10.0
    } else {
        args.integer(0, CONSTRAINT)?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(args.out_of_range(0, CONSTRAINT));
    }
    if radix == 10.0 || !x.is_finite() {
        return Ok(Value::string(&format_number(x)));
    }
    if x.trunc() != x {
        return Err(catalogue::range_error(format!(
            "{}: receiver must be an integer for radix {radix}",
            args.name()
        )));
    }
    let digits = from_integral_f64(x.abs()).to_string_radix(radix as u32);
    let sign = if x < 0.0 { "-" } else { "" };
    Ok(Value::string(&format!("{sign}{digits}")))
}

fn boolean_to_string(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    match args.this.inner() {
        Inner::Bool(b) => Ok(Value::string(if *b { "true" } else { "false" })),
        _ => Err(args.wrong_receiver("a boolean")),
    }
}

static TO_FIXED: Builtin = builtin("Number.toFixed", Mode::Lift, 0, to_fixed);
static TO_STRING: Builtin = builtin("Number.toString", Mode::Lift, 0, to_string);
static BOOLEAN_TO_STRING: Builtin = builtin("Boolean.toString", Mode::Lift, 0, boolean_to_string);

pub static LIBRARY: Library = Library {
    globals: &[],
    namespaces: &[],
    methods: &[
        (MethodOwner::Number, &[&TO_FIXED, &TO_STRING]),
        (MethodOwner::Boolean, &[&BOOLEAN_TO_STRING]),
    ],
};
