//! The run's services around the agent runtime: the `--provider` check (cli §4.1), governance
//! (runtime §12) and the trace (runtime §13), prepared before the providers are built (runtime
//! §1.2 step 4) and completed after the run: the trace file is created (or truncated) at the
//! start, `run_start` and `run_end` bracket the run's events, and the file is complete after
//! runtime errors and the run deadline too.
//!
//! Decisions: a trace file that cannot be created is a usage error (exit 64, like an unreadable
//! `FILE`), whichever of `--trace`, `PRISM_TRACE` or `[trace] path` named it; the run id is
//! `--run-id` or a random UUID version 4.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use prism_config::{Config, Environment};
use prism_diagnostics::Diagnostic;
use prism_runtime::agents::governance::Governance;
use prism_runtime::agents::observe::CallObserver;
use prism_runtime::trace::{self, events, Redactor, TraceSetup};
use serde_json::{json, Value as Json};

use crate::run::{RunOutcome, TraceOptions};

/// What the agent runtime receives from this module (see `run_agents::install`).
#[derive(Clone, Default)]
pub(crate) struct Services {
    pub observer: Option<Rc<dyn CallObserver>>,
    pub governance: Option<Rc<dyn Governance>>,
    pub run_id: String,
}

/// Why the run cannot start.
pub(crate) enum NotStarted {
    /// A usage error (exit 64).
    Usage(String),
    /// A compile-time diagnostic (exit 2): the governance policy.
    Diagnostic(Box<Diagnostic>),
}

/// A usage error when `--provider NAME` names no provider of the run (cli §4.1): neither a
/// `[providers]` table, nor `mock`, nor an automatic provider (runtime §2.4).
pub(crate) fn unknown_provider(
    config: &Config,
    automatic: &[String],
    name: &str,
) -> Option<String> {
    let known = name == "mock"
        || config.provider(name).is_some()
        || automatic.iter().any(|auto| auto == name);
    (!known).then(|| format!("unknown provider '{name}'"))
}

/// Compiles the governance policy and starts the trace; the services for the agent runtime.
pub(crate) fn prepare(
    config: &Config,
    env: &Environment,
    options: &TraceOptions,
) -> Result<Services, NotStarted> {
    let governance = load_governance(config).map_err(NotStarted::Diagnostic)?;
    let path = options
        .path
        .clone()
        .or_else(|| env.settings().trace.map(PathBuf::from))
        .or_else(|| config.trace.path.clone());
    let sink = match &path {
        Some(path) => Some(open(path).map_err(NotStarted::Usage)?),
        None => None,
    };
    let observer = sink
        .is_some()
        .then(|| Rc::new(trace::observer::TraceObserver) as Rc<dyn CallObserver>);
    let run_id = options.run_id.clone().unwrap_or_else(uuid_v4);
    trace::install(TraceSetup {
        sink,
        redactor: Redactor::new(env.secrets(config)),
        include_content: config.trace.include_content,
        include_output: config.trace.include_output,
        run_id: run_id.clone(),
        node: config.patterns.root_node(),
    });
    Ok(Services {
        observer,
        governance,
        run_id,
    })
}

/// The project's governance policy (runtime §12), compiled; `prism test` enforces it too, so a
/// policy can be tested offline against the mock provider.
pub(crate) fn load_governance(
    config: &Config,
) -> Result<Option<Rc<dyn Governance>>, Box<Diagnostic>> {
    let Some(settings) = &config.governance else {
        return Ok(None);
    };
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| e.to_string());
    let loaded = prism_governance::RegoGovernance::load(settings, &read).map_err(Box::new)?;
    Ok(Some(Rc::new(loaded) as Rc<dyn Governance>))
}

fn open(path: &Path) -> Result<Box<dyn std::io::Write>, String> {
    std::fs::File::create(path)
        .map(|file| Box::new(std::io::BufWriter::new(file)) as Box<dyn std::io::Write>)
        .map_err(|error| format!("cannot write trace '{}': {error}", path.display()))
}

/// `run_start`, just before the main task starts.
pub(crate) fn run_start(start: &events::RunStart<'_>) {
    events::run_start(start);
}

/// Redacts the run's diagnostics (runtime §13.3), then writes the runtime warnings and
/// `run_end`, and flushes and closes the file. The outcome keeps the redactor for the CLI's
/// JSON output.
pub(crate) fn finish(outcome: &mut RunOutcome) {
    let redactor = trace::redactor();
    let diagnostics = outcome
        .compile_diagnostics
        .iter_mut()
        .chain(outcome.runtime_warnings.iter_mut())
        .chain(outcome.error.iter_mut());
    for diagnostic in diagnostics {
        redact_diagnostic(&redactor, diagnostic);
    }
    outcome.redactor = redactor;
    for warning in &outcome.runtime_warnings {
        events::warning(warning.code, &warning.message);
    }
    let error = outcome.error.as_ref().map_or(
        Json::Null,
        |error| json!({ "code": error.code, "kind": error.kind, "message": error.message }),
    );
    let stats = outcome.stats.as_ref().map_or(Json::Null, |stats| {
        json!({
            "duration_ms": stats.duration_ms, "calls": stats.calls, "retries": stats.retries,
            "input_tokens": stats.input_tokens, "output_tokens": stats.output_tokens,
            "backend": stats.backend,
        })
    });
    let (value, confidence) = match &outcome.value {
        Some(value) => (value.json.clone(), value.confidence),
        None => (Json::Null, None),
    };
    events::run_end(outcome.error.is_none(), &value, confidence, error, stats);
    if let Err(problem) = trace::finish() {
        // The run's own result stands; the lost trace is reported where a user sees it.
        eprintln!("warning: the trace could not be completed: {problem}");
    }
}

fn redact_diagnostic(redactor: &Redactor, diagnostic: &mut Diagnostic) {
    diagnostic.message = redactor.text(&diagnostic.message);
    for text in diagnostic
        .notes
        .iter_mut()
        .chain(diagnostic.help.iter_mut())
    {
        *text = redactor.text(text);
    }
    for label in &mut diagnostic.labels {
        label.message = redactor.text(&label.message);
    }
}

/// Removes the trace without events (a run that stopped before it started).
pub(crate) fn abandon() {
    let _ = trace::finish();
}

/// A random UUID version 4 (RFC 9562), from the standard library's per-process random keys.
fn uuid_v4() -> String {
    let mut halves = [0u64; 2];
    for (index, half) in halves.iter_mut().enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_usize(index);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        *half = hasher.finish();
    }
    let high = (halves[0] & !0xf000) | 0x4000;
    let low = (halves[1] & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn run_ids_are_version_4_uuids() {
        let id = super::uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert!(
            matches!(id.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "{id}"
        );
        assert_ne!(id, super::uuid_v4());
    }
}
