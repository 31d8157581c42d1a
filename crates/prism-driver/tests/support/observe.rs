//! What a run shows to its user (language §0.4): printed lines in order with their stream, compile
//! diagnostics, the final value's display, JSON projection and confidence, the runtime error's
//! code, kind, message, spans and Prism call stack, and runtime warnings. Only `stats` (wall time,
//! the backend's own name) may differ between backends.

use prism_diagnostics::Diagnostic;
use prism_driver::run::{run_program, Backend, OutputSink, RunOptions, Stream};

/// Output lines tagged with their stream.
#[derive(Default)]
struct Lines(Vec<String>);

impl OutputSink for Lines {
    fn line(&mut self, stream: Stream, text: &str) {
        let tag = match stream {
            Stream::Stdout => "out",
            Stream::Stderr => "err",
        };
        self.0.push(format!("{tag}| {text}"));
    }
}

/// The observable behaviour of one run, one fact per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    pub lines: Vec<String>,
    /// The code of the runtime error that ended the run, if any.
    pub error_code: Option<&'static str>,
}

/// Runs `options` under `backend` and describes the run.
pub fn observe(options: &RunOptions, backend: Backend) -> Observed {
    let mut options = options.clone();
    options.backend = backend;
    let mut output = Lines::default();
    let outcome = run_program(&options, &mut output);
    let mut lines = output.0;
    for diagnostic in &outcome.compile_diagnostics {
        lines.push(format!("compile {}", describe(diagnostic)));
    }
    if let Some(value) = &outcome.value {
        lines.push(format!("value display: {}", value.display));
        lines.push(format!("value json: {}", value.json));
        // Bits, so that two confidences that print alike but differ still differ here.
        let confidence = value
            .confidence
            .map(|c| format!("{c} (bits {:#x})", c.to_bits()));
        lines.push(format!("value confidence: {confidence:?}"));
        lines.push(format!("value plain null: {}", value.is_plain_null));
    }
    if let Some(error) = &outcome.error {
        lines.push(format!("error {}", describe(error)));
    }
    for warning in &outcome.runtime_warnings {
        lines.push(format!("runtime warning {}", describe(warning)));
    }
    Observed {
        lines,
        error_code: outcome.error.as_ref().map(|error| error.code),
    }
}

/// Every field of a diagnostic: code, severity, kind, message, labels with their spans, notes,
/// help and the call stack.
fn describe(diagnostic: &Diagnostic) -> String {
    let mut text = format!(
        "[{}] {} kind={:?}: {}",
        diagnostic.code,
        diagnostic.severity.as_str(),
        diagnostic.kind,
        diagnostic.message
    );
    for label in &diagnostic.labels {
        let span = label.at.span;
        text.push_str(&format!(
            " | label{} {}:{}..{} {:?}",
            if label.primary { "*" } else { "" },
            label.at.file.0,
            span.start,
            span.end,
            label.message
        ));
    }
    for note in &diagnostic.notes {
        text.push_str(&format!(" | note {note:?}"));
    }
    for help in &diagnostic.help {
        text.push_str(&format!(" | help {help:?}"));
    }
    for frame in &diagnostic.stack {
        let span = frame.at.span;
        text.push_str(&format!(
            " | at {} {}:{}..{}",
            frame.function, frame.at.file.0, span.start, span.end
        ));
    }
    text
}

/// `None` when the two runs agree; otherwise a readable diff of the lines that differ.
pub fn difference(interp: &Observed, jit: &Observed) -> Option<String> {
    if interp == jit {
        return None;
    }
    let mut report = String::from("the backends disagree (- interp, + jit):\n");
    let longest = interp.lines.len().max(jit.lines.len());
    let mut shown = 0;
    for index in 0..longest {
        let (left, right) = (interp.lines.get(index), jit.lines.get(index));
        if left == right {
            continue;
        }
        if shown == 0 && index > 0 {
            report.push_str(&format!("  {}\n", interp.lines[index - 1]));
        }
        if let Some(left) = left {
            report.push_str(&format!("- {left}\n"));
        }
        if let Some(right) = right {
            report.push_str(&format!("+ {right}\n"));
        }
        shown += 1;
        if shown == 12 {
            report.push_str("  … (further differences not shown)\n");
            break;
        }
    }
    Some(report)
}
