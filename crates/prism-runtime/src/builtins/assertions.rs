//! Errors and assertions (builtins §15): `Error(…)` builds error objects (language §12.2) at
//! the call site; the assertions throw `AssertionError` (R0701). All use mode `none`.
use super::args::Args;
use super::support::builtin;
use super::{Builtin, Library, Machine, Mode};
use crate::display::{display_nested, format_number, text_form};
use crate::error::{catalogue, error_object, Thrown};
use crate::ops::equals;
use crate::value::{Inner, Value};

/// `Error(message, kind = "Error", data = null)`: code R0700 when uncaught; `line` and
/// `column` are those of this call.
fn error(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let message = text_form(args.get(0));
    let kind = if args.is_default(1) {
        "Error"
    } else {
        args.string(1)?
    };
    let object = error_object("R0700", &message, kind, args.get(2).clone());
    if let (Some((line, column)), Some(data)) = (machine.call_site(), object.as_object()) {
        let mut data = data.borrow_mut();
        data.insert("line", Value::number(f64::from(line)));
        data.insert("column", Value::number(f64::from(column)));
    }
    Ok(object)
}

/// The optional message argument's text form.
fn message(args: &Args<'_>, index: usize) -> Option<String> {
    (!args.is_default(index)).then(|| text_form(args.get(index)))
}

fn assert(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if args.get(0).truthy() {
        return Ok(Value::NULL);
    }
    Err(catalogue::assertion(message(args, 1).as_deref()))
}

fn assert_equal(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (actual, expected) = (args.get(0), args.get(1));
    if equals(actual, expected)? {
        return Ok(Value::NULL);
    }
    let mut detail = format!(
        "expected {}, got {}",
        display_nested(expected),
        display_nested(actual)
    );
    if let Some(message) = message(args, 2) {
        detail = format!("{detail}: {message}");
    }
    Err(catalogue::assertion(Some(&detail)))
}

/// Whether `a` is within `tolerance` of `e` (never when either is NaN).
fn close(a: f64, e: f64, tolerance: f64) -> bool {
    !(a.is_nan() || e.is_nan()) && (a - e).abs() <= tolerance
}

fn assert_close(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (actual, expected) = (args.number(0)?, args.number(1)?);
    let tolerance = args.number_or(2, 1e-9)?;
    if close(actual, expected, tolerance) {
        return Ok(Value::NULL);
    }
    let detail = format!(
        "expected {} ± {}, got {}",
        format_number(expected),
        format_number(tolerance),
        format_number(actual)
    );
    Err(catalogue::assertion(Some(&detail)))
}

fn assert_confidence(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let conf = args.get(0).conf();
    let expected = args.number(1)?;
    let tolerance = args.number_or(2, 1e-9)?;
    if close(conf, expected, tolerance) {
        return Ok(Value::NULL);
    }
    let detail = format!(
        "expected confidence {}, got {}",
        format_number(expected),
        format_number(conf)
    );
    Err(catalogue::assertion(Some(&detail)))
}

/// `assertThrows(fn, kind?)`: returns the thrown value. Conditions that cannot be caught
/// (language §12.4) pass through.
fn assert_throws(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let callee = args.function(0)?;
    let kind = if args.is_default(1) {
        None
    } else {
        Some(args.string(1)?)
    };
    let failure = || match kind {
        Some(kind) => catalogue::assertion(Some(&format!("expected an error of kind {kind}"))),
        None => catalogue::assertion(Some("expected an error")),
    };
    let thrown = match machine.call(callee, &[]) {
        Ok(_) => return Err(failure()),
        Err(thrown) if !thrown.is_catchable() => return Err(thrown),
        Err(thrown) => thrown.into_value(),
    };
    let Some(kind) = kind else {
        return Ok(thrown);
    };
    let matches = match thrown.inner() {
        Inner::Object(object) => {
            let object = object.borrow();
            object.is_error() && object.get("kind").and_then(Value::as_str) == Some(kind)
        }
        _ => false,
    };
    if matches {
        Ok(thrown)
    } else {
        Err(failure())
    }
}

static ERROR: Builtin = builtin("Error", Mode::None, 1, error);
static ASSERT: Builtin = builtin("assert", Mode::None, 1, assert);
static ASSERT_EQUAL: Builtin = builtin("assertEqual", Mode::None, 2, assert_equal);
static ASSERT_CLOSE: Builtin = builtin("assertClose", Mode::None, 2, assert_close);
static ASSERT_CONFIDENCE: Builtin = builtin("assertConfidence", Mode::None, 2, assert_confidence);
static ASSERT_THROWS: Builtin = builtin("assertThrows", Mode::None, 1, assert_throws);

pub static LIBRARY: Library = Library {
    globals: &[
        &ERROR,
        &ASSERT,
        &ASSERT_EQUAL,
        &ASSERT_CLOSE,
        &ASSERT_CONFIDENCE,
        &ASSERT_THROWS,
    ],
    namespaces: &[],
    methods: &[],
};
