//! The JSON document of `prism run --format json` (cli §4.4).

use prism_diagnostics::{to_json, Diagnostic, Severity};
use prism_driver::run::{OutputSink, RunOutcome, RunStats, Stream};
use prism_span::SourceMap;
use serde_json::{json, Value};

use crate::output::json_document;

/// Program output kept for the document instead of being written (cli §4.4).
#[derive(Default)]
pub struct CapturedOutput {
    lines: Vec<(Stream, String)>,
}

impl OutputSink for CapturedOutput {
    fn line(&mut self, stream: Stream, text: &str) {
        self.lines.push((stream, text.to_string()));
    }
}

impl CapturedOutput {
    fn to_json(&self) -> Value {
        let lines = self.lines.iter().map(|(stream, text)| {
            let stream = match stream {
                Stream::Stdout => "stdout",
                Stream::Stderr => "stderr",
            };
            json!({ "stream": stream, "text": text })
        });
        Value::Array(lines.collect())
    }
}

/// The document of a run that got past compilation, or of one that failed to compile.
pub fn outcome_document(outcome: &RunOutcome, output: &CapturedOutput) -> String {
    let files = &outcome.files;
    if outcome.compile_diagnostics.iter().any(Diagnostic::is_error) {
        return compile_failure_document(&outcome.compile_diagnostics, files);
    }
    let diagnostics = outcome
        .compile_diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity != Severity::Error)
        .chain(&outcome.runtime_warnings)
        .map(|diagnostic| to_json(diagnostic, files))
        .collect::<Vec<_>>();
    let value = outcome.value.as_ref().filter(|_| outcome.error.is_none());
    json_document(&json!({
        "ok": outcome.error.is_none(),
        "value": value.map_or(Value::Null, |value| value.json.clone()),
        "confidence": value.and_then(|value| value.confidence),
        // A plain null has no display (runtime §14.1); a confident one has.
        "display": value.filter(|value| !value.is_plain_null).map(|value| value.display.clone()),
        "output": output.to_json(),
        "stats": outcome.stats.as_ref().map(stats),
        "error": outcome.error.as_ref().map(|error| to_json(error, files)),
        "diagnostics": diagnostics,
    }))
}

/// Compilation failed: every diagnostic, the first error as `error`, no value, output or stats.
pub fn compile_failure_document(diagnostics: &[Diagnostic], files: &SourceMap) -> String {
    let error = diagnostics.iter().find(|diagnostic| diagnostic.is_error());
    json_document(&json!({
        "ok": false,
        "value": null,
        "confidence": null,
        "display": null,
        "output": [],
        "stats": null,
        "error": error.map(|error| to_json(error, files)),
        "diagnostics": diagnostics.iter().map(|diagnostic| to_json(diagnostic, files)).collect::<Vec<_>>(),
    }))
}

fn stats(stats: &RunStats) -> Value {
    json!({
        "duration_ms": stats.duration_ms,
        "calls": stats.calls,
        "retries": stats.retries,
        "input_tokens": stats.input_tokens,
        "output_tokens": stats.output_tokens,
        "backend": stats.backend,
    })
}
