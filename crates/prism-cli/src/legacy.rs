//! `prism run --compat parallax` (runtime §15): the run goes through the driver's Parallax mode;
//! text output is that of cli §4.3 (the final value shows its §15.5 confidence), and the JSON
//! document of cli §4.4 gains `agent_results`.

use prism_diagnostics::{render, Diagnostic};
use prism_driver::legacy_run::run_parallax;
use prism_driver::run::{OutputSink, ProgramSource, RunOptions, Stream};

use crate::args::{Format, Program, RunArgs, UsageError};
use crate::output::{plural, stderr, stderr_color, stdout};
use crate::run_json::{outcome_document, CapturedOutput};
use crate::{EXIT_COMPILE, EXIT_OK, EXIT_RUNTIME};

pub fn run(args: &RunArgs) -> Result<u8, UsageError> {
    let (source, name) = match &args.program {
        Program::File(path) => (
            ProgramSource::File(path.clone()),
            path.display().to_string(),
        ),
        Program::Eval(code) => (
            ProgramSource::Text {
                name: "<eval>".into(),
                code: code.clone(),
            },
            "<eval>".to_owned(),
        ),
        Program::Stdin => {
            return Err(UsageError::new(
                Some("run"),
                "--compat parallax needs FILE or -e CODE",
            ))
        }
    };
    let input = match &args.input {
        Some(text) => Some(serde_json::from_str(text).map_err(|error| {
            UsageError::new(Some("run"), format!("invalid --input JSON: {error}"))
        })?),
        None => None,
    };
    let mut options = RunOptions::new(source);
    options.input = input;
    options.seed = args.seed;
    options.virtual_clock = args.virtual_clock;
    options.config = args.common.config.clone();
    options.provider = args.provider.clone();
    Ok(match args.format {
        Format::Text => {
            let ran = run_parallax(&options, &mut Written);
            let outcome = &ran.outcome;
            let color = stderr_color(args.common.color);
            let mut errors = String::new();
            let failed_to_compile = outcome.compile_diagnostics.iter().any(Diagnostic::is_error);
            for diagnostic in outcome.compile_diagnostics.iter().filter(|d| d.is_error()) {
                errors.push_str(&render(diagnostic, &outcome.files, color));
            }
            if failed_to_compile {
                let count = outcome.compile_diagnostics.iter().filter(|d| d.is_error());
                errors.push_str(&format!(
                    "error: could not run {name} due to {}\n",
                    plural(count.count(), "error")
                ));
                stderr(&errors);
                return Ok(EXIT_COMPILE);
            }
            if let Some(error) = &outcome.error {
                errors.push_str(&render(error, &outcome.files, color));
            }
            stderr(&errors);
            match (&outcome.value, &outcome.error) {
                (Some(value), None) if !args.quiet => {
                    stdout(&format!("{}\n", value.display));
                    EXIT_OK
                }
                (_, None) => EXIT_OK,
                (_, Some(_)) => EXIT_RUNTIME,
            }
        }
        Format::Json => {
            let mut captured = CapturedOutput::default();
            let ran = run_parallax(&options, &mut captured);
            let document = outcome_document(&ran.outcome, &captured);
            let mut json: serde_json::Value =
                serde_json::from_str(&document).unwrap_or(serde_json::Value::Null);
            if let Some(object) = json.as_object_mut() {
                object.insert("agent_results".to_owned(), ran.agent_results.clone());
            }
            stdout(&crate::output::json_document(&json));
            let failed_to_compile = ran
                .outcome
                .compile_diagnostics
                .iter()
                .any(Diagnostic::is_error);
            if failed_to_compile {
                EXIT_COMPILE
            } else if ran.outcome.error.is_some() {
                EXIT_RUNTIME
            } else {
                EXIT_OK
            }
        }
    })
}

struct Written;

impl OutputSink for Written {
    fn line(&mut self, stream: Stream, text: &str) {
        let line = format!("{text}\n");
        match stream {
            Stream::Stdout => stdout(&line),
            Stream::Stderr => stderr(&line),
        }
    }
}
