//! String methods that read characters and search (builtins §5). All use mode `lift`; indices
//! count Unicode scalar values (language §4.3). Editing methods are in `string_edit.rs`.
use super::args::Args;
use super::support::{builtin, truncate};
use super::{Builtin, Library, Machine, MethodOwner, Mode};
use crate::display::push_text_form;
use crate::error::Thrown;
use crate::value::{Inner, PStr, Value};

/// The receiver's characters.
pub fn receiver_chars(args: &Args<'_>) -> Result<Vec<char>, Thrown> {
    Ok(args.receiver_string()?.chars().collect())
}

/// A string argument's characters (R0216 for other types: strings are never converted).
pub fn string_chars(args: &Args<'_>, index: usize) -> Result<Vec<char>, Thrown> {
    Ok(args.string(index)?.chars().collect())
}

/// A JavaScript position: truncated (NaN is 0), then clamped to [0, length]; `default` when
/// the argument is absent or `null`.
pub fn position(
    args: &Args<'_>,
    index: usize,
    length: usize,
    default: usize,
) -> Result<usize, Thrown> {
    if args.is_default(index) {
        return Ok(default);
    }
    Ok(truncate(args.number(index)?).clamp(0.0, length as f64) as usize)
}

/// Whether `needle` occurs in `hay` at position `at`.
pub fn occurs_at(hay: &[char], needle: &[char], at: usize) -> bool {
    hay.get(at..).is_some_and(|rest| rest.starts_with(needle))
}

/// The first position ≥ `from` where `needle` occurs.
pub fn find_from(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    let last = hay.len().checked_sub(needle.len())?;
    (from..=last).find(|&at| occurs_at(hay, needle, at))
}

fn text(chars: &[char]) -> Value {
    Value::string(&chars.iter().collect::<String>())
}

/// The receiver as a shared string, whose character count is cached and whose ASCII
/// characters index in constant time (so indexing loops stay linear).
fn receiver_text<'a>(args: &Args<'a>) -> Result<&'a PStr, Thrown> {
    match args.this.inner() {
        Inner::Str(text) => Ok(text),
        _ => Err(args.wrong_receiver("a string")),
    }
}

/// `String.at(i)`: relative index, `null` outside.
fn at(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let text = receiver_text(args)?;
    let k = args.relative_index(0, text.char_count(), false)?;
    if k < 0.0 || k >= text.char_count() as f64 {
        return Ok(Value::NULL);
    }
    Ok(text.char_at(k as usize).map_or(Value::NULL, Value::string))
}

/// The truncated, non-relative index of `charAt` and `codePointAt`, if inside the string.
fn plain_index(args: &Args<'_>, length: usize) -> Result<Option<usize>, Thrown> {
    let k = truncate(args.number_or(0, 0.0)?);
    Ok((k >= 0.0 && k < length as f64).then_some(k as usize))
}

fn char_at(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let text = receiver_text(args)?;
    let found = plain_index(args, text.char_count())?.and_then(|i| text.char_at(i));
    Ok(Value::string(found.unwrap_or("")))
}

fn code_point_at(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let text = receiver_text(args)?;
    let found = plain_index(args, text.char_count())?.and_then(|i| text.char_at(i));
    let code = found.and_then(|c| c.chars().next());
    Ok(code.map_or(Value::NULL, |c| Value::number(f64::from(u32::from(c)))))
}

/// `String.concat(...values)`: the receiver followed by the text forms of the values.
fn concat(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut out = args.receiver_string()?.to_string();
    for value in args.values {
        push_text_form(&mut out, value);
    }
    Ok(Value::string(&out))
}

fn includes(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (hay, needle) = (receiver_chars(args)?, string_chars(args, 0)?);
    let from = position(args, 1, hay.len(), 0)?;
    Ok(Value::bool(find_from(&hay, &needle, from).is_some()))
}

fn starts_with(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (hay, needle) = (receiver_chars(args)?, string_chars(args, 0)?);
    let at = position(args, 1, hay.len(), 0)?;
    Ok(Value::bool(occurs_at(&hay, &needle, at)))
}

fn ends_with(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (hay, needle) = (receiver_chars(args)?, string_chars(args, 0)?);
    let end = position(args, 1, hay.len(), hay.len())?;
    let ends = end
        .checked_sub(needle.len())
        .is_some_and(|start| hay.get(start..end) == Some(needle.as_slice()));
    Ok(Value::bool(ends))
}

/// `String.indexOf(sub, from = 0)`; an empty `sub` gives the clamped `from`.
fn index_of(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (hay, needle) = (receiver_chars(args)?, string_chars(args, 0)?);
    let from = position(args, 1, hay.len(), 0)?;
    let found = find_from(&hay, &needle, from);
    Ok(Value::number(found.map_or(-1.0, |at| at as f64)))
}

/// `String.lastIndexOf(sub, from = +∞)`: a NaN `from` counts as +∞, as in JavaScript.
fn last_index_of(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let (hay, needle) = (receiver_chars(args)?, string_chars(args, 0)?);
    let from = match args.number_or(1, f64::INFINITY)? {
        n if n.is_nan() => hay.len(),
        n => n.trunc().clamp(0.0, hay.len() as f64) as usize,
    };
    let last = hay.len().checked_sub(needle.len());
    let found = last.and_then(|last| {
        (0..=from.min(last))
            .rev()
            .find(|&at| occurs_at(&hay, &needle, at))
    });
    Ok(Value::number(found.map_or(-1.0, |at| at as f64)))
}

/// `String.slice(start = 0, end = length)`: clamped relative indices.
fn slice(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let chars = receiver_chars(args)?;
    let bound = |index: usize, default: usize| -> Result<usize, Thrown> {
        if args.is_default(index) {
            Ok(default)
        } else {
            Ok(args.relative_index(index, chars.len(), true)? as usize)
        }
    };
    let (start, end) = (bound(0, 0)?, bound(1, chars.len())?);
    Ok(text(chars.get(start..end.max(start)).unwrap_or_default()))
}

/// `String.substring(start = 0, end = length)`: JavaScript's rules (no relative indices; the
/// bounds are swapped when `start > end`).
fn substring(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let chars = receiver_chars(args)?;
    let start = position(args, 0, chars.len(), 0)?;
    let end = position(args, 1, chars.len(), chars.len())?;
    let (low, high) = (start.min(end), start.max(end));
    Ok(text(chars.get(low..high).unwrap_or_default()))
}

static AT: Builtin = builtin("String.at", Mode::Lift, 1, at);
static CHAR_AT: Builtin = builtin("String.charAt", Mode::Lift, 0, char_at);
static CODE_POINT_AT: Builtin = builtin("String.codePointAt", Mode::Lift, 1, code_point_at);
static CONCAT: Builtin = builtin("String.concat", Mode::Lift, 0, concat);
static INCLUDES: Builtin = builtin("String.includes", Mode::Lift, 1, includes);
static STARTS_WITH: Builtin = builtin("String.startsWith", Mode::Lift, 1, starts_with);
static ENDS_WITH: Builtin = builtin("String.endsWith", Mode::Lift, 1, ends_with);
static INDEX_OF: Builtin = builtin("String.indexOf", Mode::Lift, 1, index_of);
static LAST_INDEX_OF: Builtin = builtin("String.lastIndexOf", Mode::Lift, 1, last_index_of);
static SLICE: Builtin = builtin("String.slice", Mode::Lift, 0, slice);
static SUBSTRING: Builtin = builtin("String.substring", Mode::Lift, 0, substring);

pub static LIBRARY: Library = Library {
    globals: &[],
    namespaces: &[],
    methods: &[(
        MethodOwner::String,
        &[
            &AT,
            &CHAR_AT,
            &CODE_POINT_AT,
            &CONCAT,
            &INCLUDES,
            &STARTS_WITH,
            &ENDS_WITH,
            &INDEX_OF,
            &LAST_INDEX_OF,
            &SLICE,
            &SUBSTRING,
        ],
    )],
};
