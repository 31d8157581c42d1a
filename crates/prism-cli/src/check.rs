//! `prism check` (cli §5): diagnostics of every file, then the summary line, or one JSON document.

use prism_diagnostics::{render, to_json, Severity};
use std::path::{Path, PathBuf};

use prism_driver::check::{check_paths_in, check_project_config, CheckReport};
use prism_driver::loader::{FsLoader, WithStdin};
use serde_json::json;

use crate::args::{CheckArgs, Format, UsageError};
use crate::output::{json_document, plural, stderr, stderr_color, stdout};
use crate::source_arg::{is_stdin, read_stdin};
use crate::{EXIT_COMPILE, EXIT_OK};

pub fn check(args: &CheckArgs) -> Result<u8, UsageError> {
    let cwd = std::env::current_dir().map_err(|error| {
        UsageError::new(
            Some("check"),
            format!("cannot read the current directory: {error}"),
        )
    })?;
    // The project is the one of the first PATH: a directory itself, a file its directory.
    let first = cwd.join(args.paths.first().map_or(Path::new("."), PathBuf::as_path));
    let start_dir = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map_or(cwd.clone(), Path::to_path_buf)
    };
    let env = std::env::vars().collect();
    let mut report = CheckReport::default();
    let project = check_project_config(
        &mut report,
        &FsLoader,
        args.common.config.as_deref(),
        &start_dir,
        &cwd,
        env,
    );
    let parallax = args.parallax.unwrap_or(project.parallax);
    let loader = WithStdin {
        stdin: read_stdin_if_named(&args.paths)?,
        files: &FsLoader,
    };
    let report = check_paths_in(report, &loader, &args.paths, &cwd, parallax, &project.roots)
        .map_err(|unreadable| {
            UsageError::new(
                Some("check"),
                format!("cannot read '{}': {}", unreadable.path, unreadable.reason),
            )
        })?;
    let failed = report.failed(args.deny_warnings);
    match args.format {
        Format::Text => stderr(&text_report(
            &report,
            args.show_info,
            stderr_color(args.common.color),
        )),
        Format::Json => stdout(&json_document(&json_report(&report, failed))),
    }
    Ok(if failed { EXIT_COMPILE } else { EXIT_OK })
}

/// Standard input when a PATH is `-` (cli §2.2), read once however often it is named.
fn read_stdin_if_named(paths: &[PathBuf]) -> Result<Vec<u8>, UsageError> {
    if !paths.iter().any(|path| is_stdin(path)) {
        return Ok(Vec::new());
    }
    read_stdin().map_err(|error| {
        let reason = prism_driver::check::io_reason(&error);
        UsageError::new(
            Some("check"),
            format!("cannot read standard input: {reason}"),
        )
    })
}

/// The diagnostics (information only with `--show-info`) and the summary line.
fn text_report(report: &CheckReport, show_info: bool, color: bool) -> String {
    let mut text = String::new();
    for diagnostic in &report.diagnostics {
        if diagnostic.severity != Severity::Info || show_info {
            text.push_str(&render(diagnostic, &report.files, color));
        }
    }
    text.push_str(&format!(
        "checked {}: {}, {}\n",
        plural(report.checked.len(), "file"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
    ));
    text
}

fn json_report(report: &CheckReport, failed: bool) -> serde_json::Value {
    let files: Vec<_> = report
        .checked
        .iter()
        .map(|checked| json!({ "path": checked.path, "header": checked.header }))
        .collect();
    let diagnostics: Vec<_> = report
        .diagnostics
        .iter()
        .map(|diagnostic| to_json(diagnostic, &report.files))
        .collect();
    json!({
        "ok": !failed,
        "files": files,
        "diagnostics": diagnostics,
        "summary": {
            "files": report.checked.len(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
        },
    })
}
