//! `prism run` (cli §4): builds the run options, calls the driver, and reports the outcome as
//! text (cli §4.3) or as one JSON document (cli §4.4).

use std::io::Read;
use std::path::Path;

use prism_config::input::{cannot_read_input, parse_input_arg, parse_input_json, InputSource};
use prism_diagnostics::{render, Diagnostic, Severity};
use prism_driver::check::{io_reason, sort_diagnostics};
use prism_driver::loader::display_path;
use prism_driver::run::{
    run_program_traced, Interrupt, OutputSink, ProgramSource, RunOptions, RunOutcome, Stream,
    TraceOptions,
};
use prism_span::SourceMap;

use crate::args::{Format, Program, RunArgs, UsageError};
use crate::output::{plural, stderr, stderr_color, stdout};
use crate::run_json::{compile_failure_document, outcome_document, CapturedOutput};
use crate::source_arg::{read_stdin, STDIN_NAME};
use crate::{EXIT_COMPILE, EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME};

/// The runtime error of a run the user interrupted (language §12.4).
const INTERRUPTED: &str = "R0812";

/// An interruption request that Ctrl-C (SIGINT) sets: the run cancels its tasks, completes its
/// trace and ends with `R0812`, exit 130 (cli §4.2). Without a handler (it could not be
/// installed) the default signal action still ends the process.
fn interrupt_on_ctrl_c() -> Interrupt {
    let interrupt = Interrupt::new();
    let request = interrupt.clone();
    // Fails only if a handler is already installed; the run then simply cannot be interrupted
    // gracefully.
    let _ = ctrlc::set_handler(move || request.request());
    interrupt
}

pub fn run(args: &RunArgs) -> Result<u8, UsageError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (source, name) = program_source(&args.program, &cwd)?;
    let input = match args.input.as_deref().map(read_input).transpose() {
        Ok(input) => input,
        Err(diagnostic) => return Ok(input_failure(args, &name, diagnostic)),
    };
    let options = RunOptions {
        source,
        input,
        backend: args.backend,
        seed: args.seed,
        timeout_ms: args.timeout_ms,
        virtual_clock: args.virtual_clock,
        config: args.common.config.clone(),
        provider: args.provider.clone(),
        interrupt: Some(interrupt_on_ctrl_c()),
    };
    let trace = TraceOptions {
        path: args.trace.clone(),
        run_id: args.run_id.clone(),
    };
    // An unknown `--provider` or an unwritable trace is found once the configuration is
    // loaded; it is a usage error (cli §2.3) in both formats.
    let usage = |outcome: &RunOutcome| {
        outcome
            .usage_error
            .as_ref()
            .map(|message| UsageError::new(Some("run"), message.clone()))
    };
    Ok(match args.format {
        Format::Text => {
            let outcome = run_program_traced(&options, &trace, &mut WrittenOutput);
            if let Some(error) = usage(&outcome) {
                return Err(error);
            }
            report_text(args, &name, &outcome)
        }
        Format::Json => {
            let mut captured = CapturedOutput::default();
            let outcome = run_program_traced(&options, &trace, &mut captured);
            if let Some(error) = usage(&outcome) {
                return Err(error);
            }
            let document = outcome_document(&outcome, &captured);
            stdout(&outcome.redactor.text(&document));
            exit_code(&outcome)
        }
    })
}

/// The program and its display name (cli §2.2). An unreadable FILE is a usage error (cli §2.3).
fn program_source(program: &Program, cwd: &Path) -> Result<(ProgramSource, String), UsageError> {
    match program {
        Program::File(path) => {
            if let Err(error) = std::fs::File::open(path)
                .and_then(|file| file.metadata())
                .and_then(|meta| {
                    if meta.is_dir() {
                        Err(std::io::Error::other("is a directory"))
                    } else {
                        Ok(())
                    }
                })
            {
                let message = format!(
                    "cannot read '{}': {}",
                    display_path(path, cwd),
                    io_reason(&error)
                );
                return Err(UsageError::new(Some("run"), message));
            }
            Ok((ProgramSource::File(path.clone()), display_path(path, cwd)))
        }
        Program::Eval(code) => Ok((
            ProgramSource::Text {
                name: "<eval>".into(),
                code: code.clone(),
            },
            "<eval>".into(),
        )),
        Program::Stdin => {
            let bytes = read_stdin().map_err(|error| {
                let message = format!("cannot read standard input: {}", io_reason(&error));
                UsageError::new(Some("run"), message)
            })?;
            let code = String::from_utf8_lossy(&bytes).into_owned();
            Ok((
                ProgramSource::Text {
                    name: STDIN_NAME.into(),
                    code,
                },
                STDIN_NAME.into(),
            ))
        }
    }
}

/// `--input JSON|@PATH|@-` (runtime §4.1): errors are compile-time failures without a file.
/// Defaults and validation against `@input` happen in the driver (runtime §1.2 step 5).
fn read_input(argument: &str) -> Result<serde_json::Value, Box<Diagnostic>> {
    let text = match parse_input_arg(argument) {
        InputSource::Stdin => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|error| cannot_read_input(Path::new("-"), &io_reason(&error)))?;
            text
        }
        InputSource::File(path) => std::fs::read_to_string(&path)
            .map_err(|error| cannot_read_input(&path, &io_reason(&error)))?,
        InputSource::Text(text) => text,
    };
    parse_input_json(&text)
}

fn input_failure(args: &RunArgs, name: &str, diagnostic: Box<Diagnostic>) -> u8 {
    let files = SourceMap::new();
    match args.format {
        Format::Text => {
            let color = stderr_color(args.common.color);
            stderr(&format!(
                "{}error: could not run {name} due to 1 error\n",
                render(&diagnostic, &files, color)
            ));
        }
        Format::Json => stdout(&compile_failure_document(&[*diagnostic], &files)),
    }
    EXIT_COMPILE
}

/// Program output written through as produced (cli §2.5).
struct WrittenOutput;

impl OutputSink for WrittenOutput {
    fn line(&mut self, stream: Stream, text: &str) {
        let line = format!("{text}\n");
        match stream {
            Stream::Stdout => stdout(&line),
            Stream::Stderr => stderr(&line),
        }
    }
}

fn has_compile_errors(outcome: &RunOutcome) -> bool {
    outcome.compile_diagnostics.iter().any(Diagnostic::is_error)
}

fn exit_code(outcome: &RunOutcome) -> u8 {
    if has_compile_errors(outcome) {
        EXIT_COMPILE
    } else if outcome
        .error
        .as_ref()
        .is_some_and(|error| error.code == INTERRUPTED)
    {
        EXIT_INTERRUPTED
    } else if outcome.error.is_some() {
        EXIT_RUNTIME
    } else {
        EXIT_OK
    }
}

/// Text mode after the run (cli §4.3): diagnostics and warnings on standard error, then the final
/// value's display on standard output.
fn report_text(args: &RunArgs, name: &str, outcome: &RunOutcome) -> u8 {
    let color = stderr_color(args.common.color);
    let files = &outcome.files;
    let mut errors = String::new();
    let mut compile_diagnostics = outcome.compile_diagnostics.clone();
    sort_diagnostics(&mut compile_diagnostics, files);
    if has_compile_errors(outcome) {
        let shown = compile_diagnostics.iter().filter(|diagnostic| {
            diagnostic.is_error() || (args.warnings && diagnostic.severity == Severity::Warning)
        });
        let count = outcome
            .compile_diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .count();
        for diagnostic in shown {
            errors.push_str(&render(diagnostic, files, color));
        }
        errors.push_str(&format!(
            "error: could not run {name} due to {}\n",
            plural(count, "error")
        ));
        stderr(&errors);
        return EXIT_COMPILE;
    }
    if args.warnings {
        for diagnostic in outcome
            .compile_diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
        {
            errors.push_str(&render(diagnostic, files, color));
        }
    }
    // W0902 (the mock answered because no provider is configured) is always written, once.
    let mut mock_warned = false;
    for warning in &outcome.runtime_warnings {
        let always = warning.code == "W0902" && !mock_warned;
        mock_warned |= warning.code == "W0902";
        if args.warnings || always {
            errors.push_str(&render(warning, files, color));
        }
    }
    if let Some(error) = &outcome.error {
        errors.push_str(&render(error, files, color));
    }
    stderr(&errors);
    if let Some(value) = outcome.value.as_ref().filter(|_| outcome.error.is_none()) {
        if !args.quiet && !value.is_plain_null {
            stdout(&format!("{}\n", value.display));
        }
    }
    exit_code(outcome)
}
