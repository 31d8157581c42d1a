//! `prism test` (cli §9): runs the test files through the driver's test runner and reports one
//! line per case and a summary (text), or one JSON document (cli §9.3).

use std::io::IsTerminal;

use prism_diagnostics::{render, to_json, Diagnostic};
use prism_driver::run::Stream;
use prism_driver::test_runner::{run_tests, CaseStatus, FileResult, TestOptions, TestReport};
use serde_json::{json, Value};

use crate::args::test::TestArgs;
use crate::args::{ColorChoice, Format, UsageError};
use crate::output::{json_document, plural, stdout};

pub fn test(args: &TestArgs) -> Result<u8, UsageError> {
    let options = TestOptions {
        paths: args.paths.clone(),
        filter: args.filter.clone(),
        seed: args.seed,
        provider: args.provider.clone(),
        virtual_clock: args.virtual_clock,
        config: args.common.config.clone(),
        parallax: args.parallax,
    };
    let report = run_tests(&options).map_err(|unreadable| {
        let message = format!("cannot read '{}': {}", unreadable.path, unreadable.reason);
        UsageError::new(Some("test"), message)
    })?;
    match args.format {
        Format::Text => stdout(&text_report(&report, stdout_color(args.common.color))),
        Format::Json => stdout(&json_document(&json_report(&report))),
    }
    Ok(report.exit_code())
}

/// The report is written to standard output, so colour follows that stream (cli §2.4).
fn stdout_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            !no_color && std::io::stdout().is_terminal()
        }
    }
}

/// The text form of cli §9.3.
pub fn text_report(report: &TestReport, color: bool) -> String {
    let mut out = String::new();
    for diagnostic in &report.config_diagnostics {
        out.push_str(&render(diagnostic, &report.config_files, color));
    }
    for file in &report.files {
        file_text(file, color, &mut out);
    }
    let summary = report.summary();
    out.push_str(&format!(
        "{} passed, {} failed, {} skipped ({})\n",
        summary.passed,
        summary.failed,
        summary.skipped,
        plural(summary.files, "file")
    ));
    out
}

fn file_text(file: &FileResult, color: bool, out: &mut String) {
    if file.has_compile_errors() {
        let errors: Vec<&Diagnostic> = file
            .compile_diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .collect();
        for diagnostic in &errors {
            out.push_str(&render(diagnostic, &file.files, color));
        }
        out.push_str(&format!(
            "error: could not compile {} due to {}\n",
            file.path,
            plural(errors.len(), "error")
        ));
        return;
    }
    for case in &file.cases {
        match case.status {
            CaseStatus::Passed => out.push_str(&format!(
                "PASS {} > {} ({} ms)\n",
                file.path, case.name, case.duration_ms
            )),
            CaseStatus::Skipped => out.push_str(&format!("SKIP {} > {}\n", file.path, case.name)),
            CaseStatus::Failed => {
                out.push_str(&format!(
                    "FAIL {} > {} ({} ms)\n",
                    file.path, case.name, case.duration_ms
                ));
                for (_, line) in &case.output {
                    out.push_str(&format!("    {line}\n"));
                }
                if let Some(error) = &case.error {
                    out.push_str(&render_case_error(error, file, color));
                }
            }
        }
    }
    if let Some(error) = &file.error {
        out.push_str(&format!("FAIL {}\n", file.path));
        for (_, line) in &file.output {
            out.push_str(&format!("    {line}\n"));
        }
        out.push_str(&render(error, &file.files, color));
    }
}

/// A case's error. Errors caught from a case's task carry no span, only the line and column
/// of the error object as a note, which the renderer leaves out for diagnostics without a file.
fn render_case_error(error: &Diagnostic, file: &FileResult, color: bool) -> String {
    let mut text = render(error, &file.files, color);
    if error.primary().is_none() && !error.notes.is_empty() {
        text.pop();
        for note in &error.notes {
            text.push_str(&format!("  = note: {note}\n"));
        }
        text.push('\n');
    }
    text
}

/// The JSON form of cli §9.3.
pub fn json_report(report: &TestReport) -> Value {
    let summary = report.summary();
    let mut document = json!({
        "ok": report.ok(),
        "files": report.files.iter().map(file_json).collect::<Vec<_>>(),
        "summary": {
            "files": summary.files,
            "passed": summary.passed,
            "failed": summary.failed,
            "skipped": summary.skipped,
        },
    });
    if !report.config_diagnostics.is_empty() {
        let diagnostics: Vec<Value> = report
            .config_diagnostics
            .iter()
            .map(|diagnostic| to_json(diagnostic, &report.config_files))
            .collect();
        document["diagnostics"] = Value::Array(diagnostics);
    }
    document
}

fn file_json(file: &FileResult) -> Value {
    // The file's error: its first compile error, else the error of its top level.
    let error = file
        .compile_diagnostics
        .iter()
        .find(|diagnostic| diagnostic.is_error())
        .or(file.error.as_ref())
        .map(|diagnostic| to_json(diagnostic, &file.files));
    let tests: Vec<Value> = file
        .cases
        .iter()
        .map(|case| {
            json!({
                "name": case.name,
                "status": case.status.as_str(),
                "duration_ms": case.duration_ms,
                "error": case.error.as_ref().map(|error| to_json(error, &file.files)),
                "output": output_json(&case.output),
            })
        })
        .collect();
    json!({
        "path": file.path,
        "ok": file.ok(),
        "error": error,
        "tests": tests,
    })
}

fn output_json(lines: &[(Stream, String)]) -> Value {
    lines
        .iter()
        .map(|(stream, text)| {
            let stream = match stream {
                Stream::Stdout => "stdout",
                Stream::Stderr => "stderr",
            };
            json!({ "stream": stream, "text": text })
        })
        .collect()
}
