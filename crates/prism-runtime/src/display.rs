//! Display (language §5), text form (§4.15) and the JSON projection (runtime §14.2).
use std::fmt::Write;

use crate::value::{Inner, Value};

/// Containers nested deeper than this are shown as `[…]` (§5.3).
pub const MAX_DISPLAY_DEPTH: usize = 512;

/// The display of a value at the top level (§5.3): what `print` writes.
pub fn display(value: &Value) -> String {
    let mut writer = Writer::default();
    writer.value(value, Level::Top, 1);
    writer.out
}

/// The display of a value as if nested inside an array or object (strings quoted, error objects
/// as `[Kind: message]`).
pub fn display_nested(value: &Value) -> String {
    let mut writer = Writer::default();
    writer.value(value, Level::Nested, 1);
    writer.out
}

/// The text form (§4.15): a string itself, otherwise the top-level display without the value's
/// own confidence (nested confidences stay visible).
pub fn text_form(value: &Value) -> String {
    let mut writer = Writer::default();
    writer.value(value, Level::Text, 1);
    writer.out
}

/// Appends the text form of `value` to `out` (string concatenation, interpolation, `join`).
pub fn push_text_form(out: &mut String, value: &Value) {
    match value.inner() {
        Inner::Str(s) => out.push_str(s.as_str()),
        _ => {
            let mut writer = Writer {
                out: std::mem::take(out),
                open: Vec::new(),
            };
            writer.value(value, Level::Text, 1);
            *out = writer.out;
        }
    }
}

/// JavaScript's `Number.prototype.toString()` (§5.1).
pub fn format_number(n: f64) -> String {
    if n == 0.0 {
        // Both zeros display as `0`.
        return "0".to_string();
    }
    ryu_js::Buffer::new().format(n).to_string()
}

/// The confidence percentage of §5.2 without the `%`: `toFixed(c × 100, 1)`, computed exactly on
/// the binary value of `c × 100`.
pub fn format_percent(conf: f64) -> String {
    let tenths = round_tenths(conf * 100.0);
    let digits = tenths.to_string();
    let (whole, fraction) = digits.split_at(digits.len() - 1);
    let whole = if whole.is_empty() { "0" } else { whole };
    format!("{whole}.{fraction}")
}

/// The integer `m` closest to `x × 10`, the larger on a tie, for a finite `x ≥ 0`. Works on the
/// exact binary value `x = mantissa × 2^exponent`, so no decimal rounding sneaks in.
fn round_tenths(x: f64) -> u128 {
    if !(x.is_finite() && x > 0.0) {
        return 0;
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = u128::from(bits & ((1u64 << 52) - 1));
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u128 << 52), biased - 1075)
    };
    let times_ten = mantissa * 10;
    if exponent >= 0 {
        // Confidences are at most 100 here; larger values saturate instead of overflowing.
        return times_ten.checked_shl(exponent as u32).unwrap_or(u128::MAX);
    }
    let shift = exponent.unsigned_abs();
    if shift >= 120 {
        // times_ten < 2^57, so the quotient is far below one half.
        return 0;
    }
    (times_ten + (1u128 << (shift - 1))) >> shift
}

/// Whether an object key is shown bare: it matches the `Identifier` grammar of §2.6 (keywords
/// included, since they match it too).
pub fn is_bare_key(key: &str) -> bool {
    let mut chars = key.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let starts = first == '_' || first == '$' || unicode_ident::is_xid_start(first);
    starts && chars.all(|c| c == '$' || unicode_ident::is_xid_continue(c))
}

/// Appends `text` as a quoted Prism string literal (§5.4).
pub fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\u{0}'..='\u{1f}' | '\u{7f}' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Nested,
    /// The text form: like `Top`, but the value's own confidence is not shown.
    Text,
}

/// Writes displays, remembering the containers being written to detect cycles.
#[derive(Default)]
struct Writer {
    out: String,
    /// Addresses of the arrays and objects currently open further out.
    open: Vec<usize>,
}

impl Writer {
    fn value(&mut self, value: &Value, level: Level, depth: usize) {
        self.inner(value.inner(), level, depth);
        if let (Some(conf), false) = (value.confidence(), level == Level::Text) {
            self.out.push_str(" (~");
            self.out.push_str(&format_percent(conf));
            self.out.push_str("%)");
        }
    }

    fn inner(&mut self, inner: &Inner, level: Level, depth: usize) {
        match inner {
            Inner::Null => self.out.push_str("null"),
            Inner::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Inner::Number(n) => self.out.push_str(&format_number(*n)),
            Inner::Str(s) if level == Level::Nested => push_quoted(&mut self.out, s.as_str()),
            Inner::Str(s) => self.out.push_str(s.as_str()),
            Inner::Array(array) => {
                let address = std::rc::Rc::as_ptr(array) as usize;
                if !self.open_container(address, depth) {
                    return;
                }
                // A container being changed further up the Rust stack is not shown (no panic).
                let Ok(elements) = array.try_borrow() else {
                    self.out.push_str("[…]");
                    self.open.pop();
                    return;
                };
                self.out.push('[');
                for (i, element) in elements.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.value(element, Level::Nested, depth + 1);
                }
                self.out.push(']');
                self.open.pop();
            }
            Inner::Object(object) => {
                let address = std::rc::Rc::as_ptr(object) as usize;
                if !self.open_container(address, depth) {
                    return;
                }
                let Ok(data) = object.try_borrow() else {
                    self.out.push_str("{…}");
                    self.open.pop();
                    return;
                };
                if data.is_error() {
                    let field = |key: &str| data.get(key).cloned().unwrap_or(Value::NULL);
                    if level == Level::Nested {
                        self.out.push('[');
                        self.value(&field("kind"), Level::Text, depth + 1);
                        self.out.push_str(": ");
                        self.value(&field("message"), Level::Text, depth + 1);
                        self.out.push(']');
                    } else {
                        self.value(&field("message"), Level::Text, depth + 1);
                    }
                } else if data.map.is_empty() {
                    self.out.push_str("{}");
                } else {
                    self.out.push_str("{ ");
                    for (i, (key, element)) in data.map.iter().enumerate() {
                        if i > 0 {
                            self.out.push_str(", ");
                        }
                        if is_bare_key(key) {
                            self.out.push_str(key);
                        } else {
                            push_quoted(&mut self.out, key);
                        }
                        self.out.push_str(": ");
                        self.value(element, Level::Nested, depth + 1);
                    }
                    self.out.push_str(" }");
                }
                self.open.pop();
            }
            Inner::Closure(closure) => {
                let _ = write!(self.out, "[Function: {}]", closure.name);
            }
            Inner::Builtin(builtin) => {
                let _ = write!(self.out, "[Function: {}]", builtin.name);
            }
            Inner::Bound(bound) => {
                let _ = write!(self.out, "[Function: {}]", bound.method.method_name());
            }
            Inner::Task(_) => self.out.push_str("[Task]"),
            Inner::Agent(agent) => {
                let _ = write!(self.out, "[Agent: {}]", agent.name);
            }
            Inner::Namespace(namespace) => {
                let _ = write!(self.out, "[Namespace: {}]", namespace.name);
            }
        }
    }

    /// Writes `[Circular]` or `[…]` instead of the container when needed; otherwise records it as
    /// open and returns true (the caller pops it when done).
    fn open_container(&mut self, address: usize, depth: usize) -> bool {
        if self.open.contains(&address) {
            self.out.push_str("[Circular]");
            return false;
        }
        if depth > MAX_DISPLAY_DEPTH {
            self.out.push_str("[…]");
            return false;
        }
        self.open.push(address);
        true
    }
}

/// The JSON projection of runtime §14.2, which never fails. Confidences are dropped at every
/// level; the caller reports the top-level confidence separately.
///
/// Integral numbers that fit 64 bits are written as the JSON integer spelled by their display
/// (`2 ** 60` as `1152921504606847000`), so the text equals the display; other finite numbers
/// go through `f64`, whose JSON text may spell the exponent differently from the display
/// (`1e21` instead of `1e+21`) while denoting the same number.
pub fn to_json(value: &Value) -> serde_json::Value {
    let mut open = Vec::new();
    project(value, &mut open)
}

fn project(value: &Value, open: &mut Vec<usize>) -> serde_json::Value {
    use serde_json::Value as Json;
    match value.inner() {
        Inner::Null => Json::Null,
        Inner::Bool(b) => Json::Bool(*b),
        Inner::Number(n) => project_number(*n),
        Inner::Str(s) => Json::String(s.as_str().to_string()),
        Inner::Array(array) => {
            let address = std::rc::Rc::as_ptr(array) as usize;
            if open.contains(&address) || open.len() >= MAX_DISPLAY_DEPTH {
                return Json::String(circular_or_deep(open, address));
            }
            open.push(address);
            let items = array
                .borrow()
                .iter()
                .map(|element| project(element, open))
                .collect();
            open.pop();
            Json::Array(items)
        }
        Inner::Object(object) => {
            let address = std::rc::Rc::as_ptr(object) as usize;
            if open.contains(&address) || open.len() >= MAX_DISPLAY_DEPTH {
                return Json::String(circular_or_deep(open, address));
            }
            open.push(address);
            let mut map = serde_json::Map::new();
            for (key, element) in object.borrow().map.iter() {
                map.insert(key.to_string(), project(element, open));
            }
            open.pop();
            Json::Object(map)
        }
        _ => Json::String(display(&value.to_plain())),
    }
}

fn circular_or_deep(open: &[usize], address: usize) -> String {
    if open.contains(&address) {
        "[Circular]".to_string()
    } else {
        "[…]".to_string()
    }
}

fn project_number(n: f64) -> serde_json::Value {
    if !n.is_finite() {
        return serde_json::Value::Null;
    }
    if n.trunc() == n {
        // Integral values below 1e21 display as plain digits.
        let digits = format_number(n);
        if let Ok(small) = digits.parse::<i64>() {
            return serde_json::Value::from(small);
        }
        if let Ok(large) = digits.parse::<u64>() {
            return serde_json::Value::from(large);
        }
    }
    serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
}
