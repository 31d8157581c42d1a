//! Running a program (cli §4, runtime §1.2, runtime §14). The execution engineer owns this file;
//! the CLI calls [`run_program`] and formats the outcome (text cli §4.3, JSON cli §4.4).

use prism_diagnostics::Diagnostic;
use prism_span::SourceMap;

/// Which backend executes the program (cli §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Auto,
    Interp,
    Jit,
}

/// Where program output goes: written through as produced in text mode, captured in JSON mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

pub trait OutputSink {
    /// One line of program output, without its line feed.
    fn line(&mut self, stream: Stream, text: &str);
}

/// The program to run: a file path, `-e` code or standard input already read.
#[derive(Clone, Debug)]
pub enum ProgramSource {
    File(std::path::PathBuf),
    /// Code and its display name (`<eval>`, `<stdin>`).
    Text { name: String, code: String },
}

#[derive(Clone, Debug)]
pub struct RunOptions {
    pub source: ProgramSource,
    pub input: Option<serde_json::Value>,
    pub backend: Backend,
    pub seed: Option<u64>,
    pub timeout_ms: Option<u64>,
    pub virtual_clock: bool,
    pub config: Option<std::path::PathBuf>,
}

/// The final value of a successful run (language §1.3, runtime §14.1).
#[derive(Clone, Debug)]
pub struct FinalValue {
    /// The display of language §5.
    pub display: String,
    /// The JSON projection of runtime §14.2.
    pub json: serde_json::Value,
    /// The confidence, or `None` for a plain value.
    pub confidence: Option<f64>,
    /// A plain `null` is not printed in text mode (cli §4.3).
    pub is_plain_null: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RunStats {
    pub duration_ms: u64,
    pub calls: u64,
    pub retries: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub backend: &'static str,
}

#[derive(Debug, Default)]
pub struct RunOutcome {
    /// Every file loaded, for rendering diagnostics.
    pub files: SourceMap,
    /// Compile-time diagnostics of every severity (errors stop the run: exit 2).
    pub compile_diagnostics: Vec<Diagnostic>,
    /// Runtime warnings (`W09xx`).
    pub runtime_warnings: Vec<Diagnostic>,
    /// Set when the run finished normally.
    pub value: Option<FinalValue>,
    /// The runtime error that ended the run (exit 1), with its Prism call stack.
    pub error: Option<Diagnostic>,
    pub stats: Option<RunStats>,
}

/// Runs a program. Placeholder until the execution core lands.
pub fn run_program(_options: &RunOptions, _output: &mut dyn OutputSink) -> RunOutcome {
    RunOutcome::default()
}
