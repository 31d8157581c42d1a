//! A spanned view of a TOML document (runtime §2.2).
//!
//! `toml_edit` keeps the byte span of every key and value but spreads them over several types
//! (tables, inline tables, arrays of tables, values). The schema code only needs one shape, so the
//! document is converted once into [`Node`]s: a value with the span of its TOML text. Tables keep
//! their keys in document order, which is the registration order of agents (runtime §2.3).

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use toml_edit::{Item, Value};

/// A TOML value with the span of its text in `prism.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// Dates and times are kept as their text; no setting of §2.3 takes one.
    Datetime(String),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

/// One `key = value` of a table, with the span of the key (for unknown-key warnings).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    /// The name of the value's TOML type, as used in "expected …" messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::String(_) => "a string",
            NodeKind::Integer(_) => "an integer",
            NodeKind::Float(_) => "a float",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Datetime(_) => "a date-time",
            NodeKind::Array(_) => "an array",
            NodeKind::Table(_) => "a table",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Table(entries) => Some(entries),
            _ => None,
        }
    }

    /// The entry named `key`, if this is a table that has it.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|entry| entry.key == key)
    }

    /// The value as JSON (dates become strings). Used for free-form data such as `metadata`,
    /// mock rules and `env`, which the runtime receives as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as Json;
        match &self.kind {
            NodeKind::String(text) | NodeKind::Datetime(text) => Json::String(text.clone()),
            NodeKind::Integer(number) => Json::from(*number),
            NodeKind::Float(number) => {
                serde_json::Number::from_f64(*number).map_or(Json::Null, Json::Number)
            }
            NodeKind::Bool(flag) => Json::Bool(*flag),
            NodeKind::Array(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Table(entries) => Json::Object(
                entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Parses `text` as TOML. A syntax error is `E0701` at the span the parser reports.
pub fn parse_toml(text: &str, file: FileId) -> Result<Node, Box<Diagnostic>> {
    match toml_edit::Document::parse(text) {
        Ok(document) => {
            let whole = Span::from_range(0..text.len());
            Ok(convert_item(document.as_item(), whole))
        }
        Err(error) => {
            // toml_edit's message can span several lines; the first one is the summary.
            let detail = error
                .message()
                .lines()
                .next()
                .unwrap_or("syntax error")
                .trim();
            let span = error.span().map_or(Span::at(0), Span::from_range);
            Err(Box::new(
                Diagnostic::error("E0701", format!("invalid TOML: {detail}"))
                    .with_primary(file, span, ""),
            ))
        }
    }
}

fn to_span(range: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
    range.map_or(fallback, Span::from_range)
}

fn convert_item(item: &Item, fallback: Span) -> Node {
    match item {
        Item::Value(value) => convert_value(value, fallback),
        Item::Table(table) => {
            let span = to_span(table.span(), fallback);
            let entries = table
                .iter()
                .filter_map(|(key, child)| {
                    let (key, child) = table.get_key_value(key).map(|(k, _)| (k, child))?;
                    let key_span = to_span(key.span(), span);
                    Some(Entry {
                        key: key.get().to_owned(),
                        key_span,
                        value: convert_item(child, key_span),
                    })
                })
                .collect();
            Node {
                kind: NodeKind::Table(entries),
                span,
            }
        }
        Item::ArrayOfTables(tables) => {
            let span = to_span(tables.span(), fallback);
            let items = tables
                .iter()
                .map(|table| convert_item(&Item::Table(table.clone()), span))
                .collect();
            Node {
                kind: NodeKind::Array(items),
                span,
            }
        }
        Item::None => Node {
            kind: NodeKind::Table(Vec::new()),
            span: fallback,
        },
    }
}

fn convert_value(value: &Value, fallback: Span) -> Node {
    let span = to_span(value.span(), fallback);
    let kind = match value {
        Value::String(text) => NodeKind::String(text.value().clone()),
        Value::Integer(number) => NodeKind::Integer(*number.value()),
        Value::Float(number) => NodeKind::Float(*number.value()),
        Value::Boolean(flag) => NodeKind::Bool(*flag.value()),
        Value::Datetime(date) => NodeKind::Datetime(date.value().to_string()),
        Value::Array(array) => {
            NodeKind::Array(array.iter().map(|item| convert_value(item, span)).collect())
        }
        Value::InlineTable(table) => NodeKind::Table(
            table
                .iter()
                .filter_map(|(key, child)| {
                    let (key, _) = table.get_key_value(key)?;
                    let key_span = to_span(key.span(), span);
                    Some(Entry {
                        key: key.get().to_owned(),
                        key_span,
                        value: convert_value(child, key_span),
                    })
                })
                .collect(),
        ),
    };
    Node { kind, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_document_order_and_spans() {
        let text = "[agents.b]\nx = 1\n[agents.a]\ny = \"s\"\n";
        let root = parse_toml(text, FileId(0)).expect("valid TOML");
        let agents = &root.get("agents").expect("agents").value;
        let names: Vec<_> = agents
            .entries()
            .unwrap_or(&[])
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(names, ["b", "a"]);
        let y = &agents
            .get("a")
            .and_then(|a| a.value.get("y"))
            .expect("y")
            .value;
        assert_eq!(y.span.text(text), "\"s\"");
    }

    #[test]
    fn syntax_error_is_e0701() {
        let error = parse_toml("a = = 1", FileId(0)).expect_err("invalid");
        assert_eq!(error.code, "E0701");
        assert!(error.message.starts_with("invalid TOML: "));
    }
}
