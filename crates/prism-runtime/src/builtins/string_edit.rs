//! String methods that build new strings (builtins §5): `split`, trimming, case mapping,
//! `replace`, padding and `repeat`. Mode `lift` throughout.
use super::args::Args;
use super::strings::{find_from, receiver_chars, string_chars};
use super::support::{builtin, truncate};
use super::{Builtin, Library, Machine, MethodOwner, Mode};
use crate::display::push_text_form;
use crate::error::Thrown;
use crate::value::{Inner, Value};

/// The longest string a builtin may build (the `repeat` limit of §5, also used for padding).
const MAX_STRING_CHARS: f64 = 268_435_456.0; // 2^28

/// The whitespace of language §2.3 (line terminators included): what `trim` removes and
/// `Number(s)` ignores (§6.3).
pub fn is_prism_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{0B}'
            | '\u{0C}'
            | '\r'
            | ' '
            | '\u{A0}'
            | '\u{FEFF}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// `String.split(sep?, limit?)`.
fn split(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let receiver = args.receiver_string()?;
    let limit = if args.is_default(1) {
        usize::MAX
    } else {
        let n = args.integer(1, "an int ≥ 0")?;
        if n < 0.0 {
            return Err(args.out_of_range(1, "an int ≥ 0"));
        }
        n as usize
    };
    let pieces: Vec<Value> = if args.is_default(0) {
        vec![Value::string(receiver)]
    } else {
        let separator = args.string(0)?;
        if separator.is_empty() {
            receiver
                .chars()
                .map(|c| Value::string(c.encode_utf8(&mut [0u8; 4])))
                .collect()
        } else {
            receiver.split(separator).map(Value::string).collect()
        }
    };
    Ok(Value::array(pieces.into_iter().take(limit).collect()))
}

fn trim(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::string(
        args.receiver_string()?.trim_matches(is_prism_whitespace),
    ))
}

fn trim_start(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::string(
        args.receiver_string()?
            .trim_start_matches(is_prism_whitespace),
    ))
}

fn trim_end(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::string(
        args.receiver_string()?
            .trim_end_matches(is_prism_whitespace),
    ))
}

/// Full Unicode case mapping without locale tailoring, as JavaScript (Rust's mapping handles
/// `ß` ⇒ `SS` and the final sigma the same way).
fn to_upper_case(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::string(&args.receiver_string()?.to_uppercase()))
}

fn to_lower_case(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::string(&args.receiver_string()?.to_lowercase()))
}

/// The positions where `pattern` is replaced: the first occurrence only, or every
/// non-overlapping one from left to right (an empty pattern matches before every character
/// and at the end).
fn occurrences(hay: &[char], pattern: &[char], all: bool) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find_from(hay, pattern, from) {
        found.push(at);
        if !all {
            break;
        }
        from = at + pattern.len().max(1);
    }
    found
}

/// `replace` and `replaceAll`: a string replacement is literal (no `$` patterns); a function is
/// called as `replacement(match, position)` and its result's text form is inserted.
fn replace_with(machine: &mut dyn Machine, args: &Args<'_>, all: bool) -> Result<Value, Thrown> {
    let hay = receiver_chars(args)?;
    let pattern = string_chars(args, 0)?;
    let replacement = args.get(1);
    if !matches!(replacement.inner(), Inner::Str(_)) && !replacement.inner().is_function() {
        return Err(args.wrong_type(1, "a string or a function"));
    }
    let matched: String = pattern.iter().collect();
    let mut out = String::new();
    let mut copied = 0;
    for at in occurrences(&hay, &pattern, all) {
        out.extend(hay.get(copied..at).unwrap_or_default());
        match replacement.inner() {
            Inner::Str(text) => out.push_str(text.as_str()),
            _ => {
                let call_args = [Value::string(&matched), Value::number(at as f64)];
                let inserted = machine.call(replacement, &call_args)?;
                push_text_form(&mut out, &inserted.to_plain());
            }
        }
        copied = at + pattern.len();
    }
    out.extend(hay.get(copied..).unwrap_or_default());
    Ok(Value::string(&out))
}

fn replace(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    replace_with(machine, args, false)
}

fn replace_all(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    replace_with(machine, args, true)
}

/// `padStart` / `padEnd`: repetitions of `fill`, truncated, up to `length` characters.
fn pad(args: &Args<'_>, at_start: bool) -> Result<Value, Thrown> {
    let receiver = args.receiver_string()?;
    let target = truncate(args.number(0)?);
    if target > MAX_STRING_CHARS {
        return Err(args.out_of_range(0, "at most 268435456"));
    }
    let fill = if args.is_default(1) {
        " "
    } else {
        args.string(1)?
    };
    let missing = (target.max(0.0) as usize).saturating_sub(receiver.chars().count());
    if missing == 0 || fill.is_empty() {
        return Ok(Value::string(receiver));
    }
    let padding: String = fill.chars().cycle().take(missing).collect();
    let padded = if at_start {
        padding + receiver
    } else {
        format!("{receiver}{padding}")
    };
    Ok(Value::string(&padded))
}

fn pad_start(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    pad(args, true)
}

fn pad_end(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    pad(args, false)
}

/// `String.repeat(n)`: `n` an int ≥ 0, the result at most 2^28 characters.
fn repeat(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let receiver = args.receiver_string()?;
    let n = args.integer(0, "an int ≥ 0")?;
    if n < 0.0 {
        return Err(args.out_of_range(0, "an int ≥ 0"));
    }
    let length = receiver.chars().count() as f64;
    if length * n > MAX_STRING_CHARS {
        return Err(args.out_of_range(0, "a count giving at most 2^28 characters"));
    }
    Ok(Value::string(&receiver.repeat(n as usize)))
}

fn to_string(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::string(args.receiver_string()?))
}

static SPLIT: Builtin = builtin("String.split", Mode::Lift, 0, split);
static TRIM: Builtin = builtin("String.trim", Mode::Lift, 0, trim);
static TRIM_START: Builtin = builtin("String.trimStart", Mode::Lift, 0, trim_start);
static TRIM_END: Builtin = builtin("String.trimEnd", Mode::Lift, 0, trim_end);
static TO_UPPER: Builtin = builtin("String.toUpperCase", Mode::Lift, 0, to_upper_case);
static TO_LOWER: Builtin = builtin("String.toLowerCase", Mode::Lift, 0, to_lower_case);
static REPLACE: Builtin = builtin("String.replace", Mode::Lift, 2, replace);
static REPLACE_ALL: Builtin = builtin("String.replaceAll", Mode::Lift, 2, replace_all);
static PAD_START: Builtin = builtin("String.padStart", Mode::Lift, 1, pad_start);
static PAD_END: Builtin = builtin("String.padEnd", Mode::Lift, 1, pad_end);
static REPEAT: Builtin = builtin("String.repeat", Mode::Lift, 1, repeat);
static TO_STRING: Builtin = builtin("String.toString", Mode::Lift, 0, to_string);

pub static LIBRARY: Library = Library {
    globals: &[],
    namespaces: &[],
    methods: &[(
        MethodOwner::String,
        &[
            &SPLIT,
            &TRIM,
            &TRIM_START,
            &TRIM_END,
            &TO_UPPER,
            &TO_LOWER,
            &REPLACE,
            &REPLACE_ALL,
            &PAD_START,
            &PAD_END,
            &REPEAT,
            &TO_STRING,
        ],
    )],
};
