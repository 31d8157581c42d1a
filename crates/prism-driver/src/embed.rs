//! Embedding Prism in a Rust program (runtime §14.3): run a pattern with a typed JSON input and
//! receive the result of §14.1 — `{ value, confidence, display, output, stats }` plus the error
//! and warnings — with output lines delivered to a callback as they are produced, a handle to
//! cancel the run, and the Parallax mode (§15) as an option. The input is bound as the host name
//! `input` (converted as `JSON.parse` converts, runtime §4.2); no source text is generated.
//!
//! ```
//! use prism_driver::embed::Pattern;
//! use serde_json::json;
//!
//! let pattern = Pattern::source("<doc>", "(input.a + input.b) ~> 0.9").virtual_clock(true);
//! let result = pattern.run(json!({ "a": 1, "b": 2 }));
//! assert_eq!(result.value, json!(3));
//! assert_eq!(result.confidence, Some(0.9));
//! assert_eq!(result.display.as_deref(), Some("3 (~90.0%)"));
//! assert!(result.error.is_none());
//! ```

use std::path::PathBuf;

use prism_diagnostics::Diagnostic;
use serde_json::{json, Value as Json};

use crate::run::{
    run_program, Interrupt, OutputSink, ProgramSource, RunOptions, RunOutcome, RunStats, Stream,
};

/// A pattern ready to run, with its run settings.
#[derive(Clone, Debug)]
pub struct Pattern {
    options: RunOptions,
    parallax: bool,
}

/// One line of program output (`print`, `console.*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputLine {
    pub stream: Stream,
    pub text: String,
}

/// The result of a run (runtime §14.1).
#[derive(Debug, Default)]
pub struct RunResult {
    /// The JSON projection of the inner final value (§14.2); `null` when there is none.
    pub value: Json,
    /// The final value's confidence; `None` for a plain value (Parallax mode: §15.5).
    pub confidence: Option<f64>,
    /// The display of the final value; `None` for a plain `null`.
    pub display: Option<String>,
    pub output: Vec<OutputLine>,
    pub stats: Option<RunStats>,
    /// The compile-time or runtime error that stopped the run.
    pub error: Option<Diagnostic>,
    /// Warnings of compilation and of the run.
    pub warnings: Vec<Diagnostic>,
    /// Parallax mode only: the projection of `agentResults` (§15.5).
    pub agent_results: Option<Json>,
}

impl Pattern {
    /// The pattern in the file at `path`; its `prism.toml` is found from its directory.
    pub fn file(path: impl Into<PathBuf>) -> Pattern {
        Pattern::new(ProgramSource::File(path.into()))
    }

    /// A pattern given as text; `name` is how diagnostics name it.
    pub fn source(name: impl Into<String>, code: impl Into<String>) -> Pattern {
        Pattern::new(ProgramSource::Text {
            name: name.into(),
            code: code.into(),
        })
    }

    fn new(source: ProgramSource) -> Pattern {
        Pattern {
            options: RunOptions::new(source),
            parallax: false,
        }
    }

    /// The configuration file to use instead of discovery (runtime §2.1).
    pub fn config(mut self, path: impl Into<PathBuf>) -> Pattern {
        self.options.config = Some(path.into());
        self
    }

    /// The default provider for calls that name none (runtime §6.1).
    pub fn provider(mut self, name: impl Into<String>) -> Pattern {
        self.options.provider = Some(name.into());
        self
    }

    pub fn seed(mut self, seed: u64) -> Pattern {
        self.options.seed = Some(seed);
        self
    }

    /// The virtual clock of runtime §7.4 (deterministic times, no real waiting).
    pub fn virtual_clock(mut self, on: bool) -> Pattern {
        self.options.virtual_clock = on;
        self
    }

    /// The run deadline in milliseconds (`R0807`).
    pub fn timeout_ms(mut self, ms: u64) -> Pattern {
        self.options.timeout_ms = Some(ms);
        self
    }

    /// Runs in the legacy Parallax mode (runtime §15).
    pub fn parallax(mut self, on: bool) -> Pattern {
        self.parallax = on;
        self
    }

    /// A handle that cancels the run when requested (from any thread): the run ends with the
    /// uncatchable `R0812` after cancelling its tasks.
    pub fn cancel_handle(&mut self) -> Interrupt {
        self.options
            .interrupt
            .get_or_insert_with(Interrupt::new)
            .clone()
    }

    /// Runs with `input`, collecting the output lines in the result.
    pub fn run(&self, input: Json) -> RunResult {
        self.run_with_output(input, |_| {})
    }

    /// Runs with `input`; `on_line` receives each output line (also kept in the result).
    pub fn run_with_output(&self, input: Json, mut on_line: impl FnMut(&OutputLine)) -> RunResult {
        let mut options = self.options.clone();
        options.input = Some(input);
        let mut sink = Collect {
            lines: Vec::new(),
            on_line: &mut on_line,
        };
        let (outcome, agent_results) = if self.parallax {
            let ran = crate::legacy_run::run_parallax(&options, &mut sink);
            (ran.outcome, Some(ran.agent_results))
        } else {
            (run_program(&options, &mut sink), None)
        };
        let mut result = result_of(outcome);
        result.output = sink.lines;
        result.agent_results = agent_results;
        result
    }
}

struct Collect<'a> {
    lines: Vec<OutputLine>,
    on_line: &'a mut dyn FnMut(&OutputLine),
}

impl OutputSink for Collect<'_> {
    fn line(&mut self, stream: Stream, text: &str) {
        let line = OutputLine {
            stream,
            text: text.to_owned(),
        };
        (self.on_line)(&line);
        self.lines.push(line);
    }
}

fn result_of(outcome: RunOutcome) -> RunResult {
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = outcome
        .compile_diagnostics
        .into_iter()
        .chain(outcome.runtime_warnings)
        .partition(Diagnostic::is_error);
    let value = outcome.value.filter(|_| outcome.error.is_none());
    RunResult {
        value: value
            .as_ref()
            .map_or(Json::Null, |value| value.json.clone()),
        confidence: value.as_ref().and_then(|value| value.confidence),
        display: value
            .as_ref()
            .filter(|value| !value.is_plain_null)
            .map(|value| value.display.clone()),
        output: Vec::new(),
        stats: outcome.stats,
        error: errors.into_iter().next().or(outcome.error),
        warnings,
        agent_results: None,
    }
}

impl RunResult {
    /// The result as the JSON object of runtime §14.1 (diagnostics without source positions).
    pub fn to_json(&self) -> Json {
        let diagnostic = |d: &Diagnostic| json!({ "code": d.code, "message": d.message });
        let mut document = json!({
            "value": self.value,
            "confidence": self.confidence,
            "display": self.display,
            "output": self.output.iter().map(|line| json!({
                "stream": match line.stream { Stream::Stdout => "stdout", Stream::Stderr => "stderr" },
                "text": line.text,
            })).collect::<Vec<_>>(),
            "stats": self.stats.as_ref().map(|stats| json!({
                "duration_ms": stats.duration_ms,
                "calls": stats.calls,
                "retries": stats.retries,
                "input_tokens": stats.input_tokens,
                "output_tokens": stats.output_tokens,
                "backend": stats.backend,
            })),
            "error": self.error.as_ref().map(diagnostic),
            "warnings": self.warnings.iter().map(diagnostic).collect::<Vec<_>>(),
        });
        if let (Some(results), Some(object)) = (&self.agent_results, document.as_object_mut()) {
            object.insert("agent_results".to_owned(), results.clone());
        }
        document
    }
}
