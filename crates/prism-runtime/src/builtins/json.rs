//! The `JSON` namespace (builtins §9): `parse` and `extract` (in `json_parse.rs`) and
//! `stringify` (§9.2) with compact and JavaScript-style indented layouts. [`stringify`],
//! [`parse`] and [`extract`] are public for the rest of the runtime and the driver.
use std::fmt::Write;

use super::args::Args;
pub use super::json_parse::{extract, parse};
use super::support::builtin;
use super::{Builtin, Library, Machine, Mode};
use crate::display::format_number;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Member, Namespace, Value};

/// Structures nested deeper than this are R0305 (the same bound as parsing).
const MAX_DEPTH: usize = 512;

/// The indentation unit is cut to this many characters (§9.2).
const MAX_INDENT: usize = 10;

fn json_parse(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    parse(args.string(0)?)
}

fn json_extract(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    extract(args.string(0)?)
}

fn json_stringify(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if !args.is_default(1) {
        return Err(args.wrong_type(1, "null"));
    }
    let unit = match args.get(2).inner() {
        Inner::Null => String::new(),
        Inner::Number(n) => {
            let spaces = if n.is_nan() {
                0.0
            } else {
                n.trunc().clamp(0.0, 10.0)
            };
            " ".repeat(spaces as usize)
        }
        Inner::Str(s) => s.as_str().chars().take(MAX_INDENT).collect(),
        _ => return Err(args.wrong_type(2, "a number, a string or null")),
    };
    Ok(Value::string(&stringify(args.get(0), &unit)?))
}

/// `JSON.stringify` of §9.2 for other parts of the runtime (trace lines, agent task texts):
/// compact when `unit` is empty, otherwise indented by `unit` per level. R0218 for values
/// that have no JSON form or contain a cycle.
pub fn stringify(value: &Value, unit: &str) -> Result<String, Thrown> {
    let mut writer = JsonWriter {
        out: String::new(),
        unit: unit.to_string(),
        open: Vec::new(),
    };
    writer.value(value)?;
    Ok(writer.out)
}

/// Serialises a value (§9.2), remembering the open containers to detect cycles.
struct JsonWriter {
    out: String,
    /// Empty for the compact form.
    unit: String,
    open: Vec<usize>,
}

impl JsonWriter {
    fn value(&mut self, value: &Value) -> Result<(), Thrown> {
        match value.inner() {
            Inner::Null => self.out.push_str("null"),
            Inner::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Inner::Number(n) if n.is_finite() => self.out.push_str(&format_number(*n)),
            Inner::Number(_) => self.out.push_str("null"),
            Inner::Str(s) => push_json_string(&mut self.out, s.as_str()),
            Inner::Array(array) => {
                let address = std::rc::Rc::as_ptr(array) as usize;
                let elements = array.borrow().clone();
                self.open(address)?;
                self.container('[', ']', elements.len(), |writer, i| {
                    elements
                        .get(i)
                        .map_or(Ok(()), |element| writer.value(element))
                })?;
                self.open.pop();
            }
            Inner::Object(object) => {
                let address = std::rc::Rc::as_ptr(object) as usize;
                let entries: Vec<(String, Value)> = object
                    .borrow()
                    .map
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect();
                self.open(address)?;
                let separator = if self.unit.is_empty() { ":" } else { ": " };
                self.container('{', '}', entries.len(), |writer, i| {
                    let Some((key, element)) = entries.get(i) else {
                        return Ok(());
                    };
                    push_json_string(&mut writer.out, key);
                    writer.out.push_str(separator);
                    writer.value(element)
                })?;
                self.open.pop();
            }
            Inner::Namespace(_) => return Err(catalogue::json_cannot_serialize("namespace")),
            _ => return Err(catalogue::json_cannot_serialize(value.type_name())),
        }
        Ok(())
    }

    fn open(&mut self, address: usize) -> Result<(), Thrown> {
        if self.open.contains(&address) {
            return Err(catalogue::json_circular());
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(catalogue::too_deep());
        }
        self.open.push(address);
        Ok(())
    }

    /// `[`/`{`, the members separated by `,` (each on its own line when indenting), the
    /// closing bracket at the current indentation; empty containers are `[]` and `{}`.
    fn container(
        &mut self,
        open: char,
        close: char,
        count: usize,
        mut member: impl FnMut(&mut JsonWriter, usize) -> Result<(), Thrown>,
    ) -> Result<(), Thrown> {
        self.out.push(open);
        let depth = self.open.len();
        for i in 0..count {
            if i > 0 {
                self.out.push(',');
            }
            self.newline(depth);
            member(self, i)?;
        }
        if count > 0 {
            self.newline(depth.saturating_sub(1));
        }
        self.out.push(close);
        Ok(())
    }

    fn newline(&mut self, level: usize) {
        if !self.unit.is_empty() {
            self.out.push('\n');
            for _ in 0..level {
                self.out.push_str(&self.unit);
            }
        }
    }
}

/// A JSON string literal with the escapes of §9.2 (other characters written as themselves).
pub fn push_json_string(out: &mut String, text: &str) {
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
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

static PARSE: Builtin = builtin("JSON.parse", Mode::Lift, 1, json_parse);
static STRINGIFY: Builtin = builtin("JSON.stringify", Mode::Lift, 1, json_stringify);
static EXTRACT: Builtin = builtin("JSON.extract", Mode::Lift, 1, json_extract);

static JSON: Namespace = Namespace {
    name: "JSON",
    members: &[
        ("parse", Member::Function(&PARSE)),
        ("stringify", Member::Function(&STRINGIFY)),
        ("extract", Member::Function(&EXTRACT)),
    ],
};

pub static LIBRARY: Library = Library {
    globals: &[],
    namespaces: &[&JSON],
    methods: &[],
};
