//! Compact JSON text as builtins §9.2 writes it: no whitespace, numbers as their display
//! (language §5.1), the escapes of §9.2. Used for trace lines (runtime §13.1), replay cassettes
//! and cassette keys (runtime §9.2), where the canonical form also sorts every object's keys.
use std::fmt::Write;

use serde_json::Value as Json;

use crate::display::format_number;

/// `value` as one line of compact JSON, object keys in their order.
pub fn compact(value: &Json) -> String {
    let mut out = String::new();
    write_value(&mut out, value, false);
    out
}

/// The canonical JSON of runtime §9.2: compact, with the keys of every object sorted by code
/// point.
pub fn canonical(value: &Json) -> String {
    let mut out = String::new();
    write_value(&mut out, value, true);
    out
}

fn write_value(out: &mut String, value: &Json, sorted: bool) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => {
                let _ = write!(out, "{i}");
            }
            (None, Some(u), _) => {
                let _ = write!(out, "{u}");
            }
            (None, None, Some(f)) if f.is_finite() => out.push_str(&format_number(f)),
            _ => out.push_str("null"),
        },
        Json::String(text) => push_string(out, text),
        Json::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(out, item, sorted);
            }
            out.push(']');
        }
        Json::Object(map) => {
            let mut entries: Vec<(&String, &Json)> = map.iter().collect();
            if sorted {
                // Code-point order is the byte order of UTF-8 strings.
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push('{');
            for (index, (key, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                push_string(out, key);
                out.push(':');
                write_value(out, item, sorted);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal with the escapes of builtins §9.2.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{canonical, compact};

    #[test]
    fn numbers_are_written_as_their_display() {
        assert_eq!(
            compact(&json!([1.0, 0.5, -0.0, 12, 1e21])),
            "[1,0.5,0,12,1e+21]"
        );
    }

    #[test]
    fn canonical_form_sorts_keys_at_every_level() {
        let value = json!({ "b": { "z": 1, "a": [ { "y": null, "x": true } ] }, "a": "\u{1}\n" });
        assert_eq!(
            canonical(&value),
            r#"{"a":"\u0001\n","b":{"a":[{"x":true,"y":null}],"z":1}}"#
        );
        assert_eq!(
            compact(&value),
            r#"{"b":{"z":1,"a":[{"y":null,"x":true}]},"a":"\u0001\n"}"#
        );
    }
}
