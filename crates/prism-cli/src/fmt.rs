//! `prism fmt` (cli §6.1): rewrites files in the canonical layout, lists the files that are not in
//! it (`--check`), or writes one file's canonical form to standard output (`--stdout`).

use std::path::{Path, PathBuf};

use prism_diagnostics::{render, Diagnostic};
use prism_driver::check::{io_reason, sort_diagnostics};
use prism_driver::loader::{add_source, display_path, find_files, FsLoader, SourceLoader};
use prism_span::SourceMap;

use crate::args::{FmtArgs, UsageError};
use crate::output::{stderr, stderr_color, stdout};
use crate::source_arg::{is_stdin, read_file_arg};
use crate::{EXIT_COMPILE, EXIT_OK, EXIT_RUNTIME};

pub fn fmt(args: &FmtArgs) -> Result<u8, UsageError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let unreadable = |path: &Path, error: std::io::Error| {
        let message = format!(
            "cannot read '{}': {}",
            display_path(path, &cwd),
            io_reason(&error)
        );
        UsageError::new(Some("fmt"), message)
    };
    let mut targets: Vec<PathBuf> = Vec::new();
    for path in &args.paths {
        if is_stdin(path) {
            targets.push(path.clone());
        } else if FsLoader.is_dir(path) {
            targets.extend(
                find_files(&FsLoader, path, ".prism").map_err(|error| unreadable(path, error))?,
            );
        } else {
            targets.push(path.clone());
        }
    }

    let mut files = SourceMap::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut unformatted = false;
    for path in targets {
        let from_stdin = is_stdin(&path);
        let (name, bytes) = read_file_arg(&path, &cwd);
        let bytes = bytes.map_err(|error| unreadable(&path, error))?;
        let (file, invalid) = add_source(&mut files, name.clone(), bytes);
        if let Some(diagnostic) = invalid {
            diagnostics.push(diagnostic);
            continue;
        }
        let source = files.text(file);
        let formatted = match prism_fmt::format_file(source, file) {
            Ok(formatted) => formatted,
            Err(errors) => {
                // A file with lexical or parse errors is left unchanged (cli §6.1).
                diagnostics.extend(errors);
                continue;
            }
        };
        // Standard input cannot be rewritten: its formatted text goes to standard output,
        // except under `--check`, which only names it.
        if args.stdout || (from_stdin && !args.check) {
            stdout(&formatted);
        } else if formatted != source {
            if args.check {
                unformatted = true;
                stdout(&format!("{name}\n"));
            } else if let Err(error) = std::fs::write(&path, &formatted) {
                let message = format!("cannot write '{name}': {}", io_reason(&error));
                return Err(UsageError::new(Some("fmt"), message));
            }
        }
    }
    let color = stderr_color(args.common.color);
    sort_diagnostics(&mut diagnostics, &files);
    stderr(
        &diagnostics
            .iter()
            .map(|diagnostic| render(diagnostic, &files, color))
            .collect::<String>(),
    );
    Ok(if !diagnostics.is_empty() {
        EXIT_COMPILE
    } else if unformatted {
        EXIT_RUNTIME
    } else {
        EXIT_OK
    })
}
