//! The token listing of `prism tokens` (cli §10), in its text and JSON forms.

use prism_span::{LineIndex, Span};
use serde_json::{json, Value};

use super::Lexed;
use crate::token::{CommentKind, Token};

/// One line of the listing.
struct Entry<'a> {
    kind: &'static str,
    span: Span,
    value: Value,
    text: &'a str,
}

/// Renders the tokens of `source` (and its comments when `with_comments`) as `prism tokens` prints
/// them (cli §10): one `{line}:{column} {kind} {text}` line per token in text form, a pretty JSON
/// array (cli §2.5) otherwise. The listing ends with `Eof`, and the result ends with a line feed.
/// Lexical errors are not part of it: the caller prints `lexed.diagnostics` separately.
pub fn render_tokens(source: &str, lexed: &Lexed, with_comments: bool, json: bool) -> String {
    let entries = entries(source, lexed, with_comments);
    let mut positions = Positions::new(source);
    if json {
        let array: Vec<Value> = entries
            .into_iter()
            .map(|entry| {
                let (line, column) = positions.at(entry.span.start);
                json!({
                    "kind": entry.kind,
                    "text": entry.text,
                    "value": entry.value,
                    "start": entry.span.start,
                    "end": entry.span.end,
                    "line": line,
                    "column": column,
                })
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&array).unwrap_or_default();
        out.push('\n');
        return out;
    }
    let mut out = String::with_capacity(entries.len() * 24);
    for entry in entries {
        let (line, column) = positions.at(entry.span.start);
        let text = serde_json::to_string(entry.text).unwrap_or_default();
        out.push_str(&format!("{line}:{column} {} {text}\n", entry.kind));
    }
    out
}

/// Tokens and comments in source order, then `Eof`.
fn entries<'a>(source: &'a str, lexed: &Lexed, with_comments: bool) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry<'a>> = lexed
        .tokens
        .iter()
        .filter_map(|(token, span)| {
            let (kind, value) = describe(token)?;
            // Zero-width tokens are the lexer's stand-ins after an error, not text of the file.
            (!span.is_empty()).then(|| Entry {
                kind,
                span: *span,
                value,
                text: span.text(source),
            })
        })
        .collect();
    if with_comments {
        entries.extend(lexed.comments.iter().map(|comment| Entry {
            kind: match comment.kind {
                CommentKind::Line => "LineComment",
                CommentKind::Block => "BlockComment",
                CommentKind::Doc => "DocComment",
            },
            span: comment.span,
            value: Value::Null,
            text: comment.span.text(source),
        }));
        entries.sort_by_key(|entry| entry.span.start);
    }
    let end = u32::try_from(source.len()).unwrap_or(u32::MAX);
    entries.push(Entry {
        kind: "Eof",
        span: Span::at(end),
        value: Value::Null,
        text: "",
    });
    entries
}

/// The kind name of cli §10 and the JSON `value` of a token; `None` for [`Token::Error`].
fn describe(token: &Token) -> Option<(&'static str, Value)> {
    Some(match token {
        Token::Ident(_) => ("Ident", Value::Null),
        Token::Keyword(_) => ("Keyword", Value::Null),
        Token::Placeholder => ("Placeholder", Value::Null),
        Token::Number(value) => ("Number", number_value(*value)),
        Token::Str { value, .. } => ("String", Value::from(value.as_str())),
        Token::StringStart { value, .. } => ("StringStart", Value::from(value.as_str())),
        Token::StringMiddle(value) => ("StringMiddle", Value::from(value.as_str())),
        Token::StringEnd(value) => ("StringEnd", Value::from(value.as_str())),
        Token::Punct(_) => ("Punct", Value::Null),
        Token::Error => return None,
    })
}

/// A number as JSON: integers without a fraction (`1000`, not `1000.0`), `null` for `Infinity`,
/// which JSON cannot write.
fn number_value(value: f64) -> Value {
    const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() < EXACT_INTEGER_LIMIT {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

/// Line and character column of increasing offsets (language §2.2), counting each character once
/// even when a long line holds many tokens.
struct Positions<'a> {
    source: &'a str,
    index: LineIndex,
    line: usize,
    offset: usize,
    column: u32,
}

impl<'a> Positions<'a> {
    fn new(source: &'a str) -> Positions<'a> {
        Positions {
            source,
            index: LineIndex::new(source),
            line: 0,
            offset: 0,
            column: 1,
        }
    }

    /// 1-based line and column of `offset`.
    fn at(&mut self, offset: u32) -> (u32, u32) {
        let line = self.index.line_of(offset);
        let offset = offset as usize;
        if line != self.line || offset < self.offset {
            self.line = line;
            self.offset = self.index.line_start(line) as usize;
            self.column = 1;
        }
        let skipped = self
            .source
            .get(self.offset..offset)
            .map_or(0, |text| text.chars().count());
        self.column += u32::try_from(skipped).unwrap_or(u32::MAX);
        self.offset = offset;
        (line as u32 + 1, self.column)
    }
}
