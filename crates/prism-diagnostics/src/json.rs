//! The JSON form of a diagnostic (cli §3.3), used by `--format json` of `check` and `run` and by
//! tools. Keys are inserted in the documented order (serde_json keeps insertion order here).

use prism_span::{FileSpan, SourceMap};
use serde_json::{json, Value};

use crate::render::position;
use crate::Diagnostic;

/// The JSON object of cli §3.3. The stack holds every frame (the text form caps it at 16).
pub fn to_json(diagnostic: &Diagnostic, files: &SourceMap) -> Value {
    let primary = diagnostic.primary();
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| {
            json!({
                "primary": label.primary,
                "message": label.message,
                "file": files.name(label.at.file),
                "range": range(label.at, files),
            })
        })
        .collect::<Vec<_>>();
    let stack = diagnostic
        .stack
        .iter()
        .map(|frame| {
            let (line, column) = position(files, frame.at.file, frame.at.span.start);
            json!({
                "function": frame.function,
                "file": files.name(frame.at.file),
                "line": line,
                "column": column,
            })
        })
        .collect::<Vec<_>>();
    json!({
        "severity": diagnostic.severity.as_str(),
        "code": diagnostic.code,
        "kind": diagnostic.kind,
        "message": diagnostic.message,
        "file": primary.map(|label| files.name(label.at.file)),
        "range": primary.map(|label| range(label.at, files)),
        "labels": labels,
        "notes": diagnostic.notes,
        "help": diagnostic.help,
        "stack": stack,
    })
}

/// Byte offsets (end exclusive) and the 1-based positions of both ends.
fn range(at: FileSpan, files: &SourceMap) -> Value {
    let (start_line, start_column) = position(files, at.file, at.span.start);
    let (end_line, end_column) = position(files, at.file, at.span.end);
    json!({
        "start": at.span.start,
        "end": at.span.end,
        "start_line": start_line,
        "start_column": start_column,
        "end_line": end_line,
        "end_column": end_column,
    })
}
