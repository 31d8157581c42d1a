//! `prism tokens` (cli §10) and `prism ast` (cli §11): views of the front end for tools and tests.
//! Both print what could be read even when the file has errors, and exit 2 after diagnostics.

use prism_diagnostics::{render, Diagnostic};
use prism_driver::check::{io_reason, sort_diagnostics};
use prism_driver::loader::add_source;
use prism_span::{FileId, SourceMap};

use crate::args::{Format, SyntaxArgs, UsageError};
use crate::output::{json_document, stderr, stderr_color, stdout};
use crate::source_arg::read_file_arg;
use crate::{EXIT_COMPILE, EXIT_OK};

/// The file of a `tokens`/`ast` command, or the E0111 diagnostic that stops it.
fn load(
    args: &SyntaxArgs,
    command: &'static str,
) -> Result<(SourceMap, FileId, Option<Diagnostic>), UsageError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (name, read) = read_file_arg(&args.file, &cwd);
    let bytes = read.map_err(|error| {
        UsageError::new(
            Some(command),
            format!("cannot read '{name}': {}", io_reason(&error)),
        )
    })?;
    let mut files = SourceMap::new();
    let (file, invalid) = add_source(&mut files, name, bytes);
    Ok((files, file, invalid))
}

/// Writes diagnostics to standard error and returns the exit code they call for.
fn finish(args: &SyntaxArgs, files: &SourceMap, diagnostics: &[Diagnostic]) -> u8 {
    let color = stderr_color(args.common.color);
    let mut diagnostics = diagnostics.to_vec();
    sort_diagnostics(&mut diagnostics, files);
    let text: String = diagnostics
        .iter()
        .map(|diagnostic| render(diagnostic, files, color))
        .collect();
    stderr(&text);
    if diagnostics.iter().any(Diagnostic::is_error) {
        EXIT_COMPILE
    } else {
        EXIT_OK
    }
}

pub fn tokens(args: &SyntaxArgs) -> Result<u8, UsageError> {
    let (files, file, invalid) = load(args, "tokens")?;
    if let Some(diagnostic) = invalid {
        return Ok(finish(args, &files, &[diagnostic]));
    }
    let source = files.text(file);
    let lexed = prism_syntax::lex(source, file);
    let json = args.format == Format::Json;
    stdout(&prism_syntax::lexer::render_tokens(
        source,
        &lexed,
        args.comments,
        json,
    ));
    Ok(finish(args, &files, &lexed.diagnostics))
}

pub fn ast(args: &SyntaxArgs) -> Result<u8, UsageError> {
    let (files, file, invalid) = load(args, "ast")?;
    if let Some(diagnostic) = invalid {
        return Ok(finish(args, &files, &[diagnostic]));
    }
    let source = files.text(file);
    let parsed = prism_syntax::parse(source, file);
    let tree = prism_syntax::ast_json::program_to_json_with_source(&parsed.program, source);
    stdout(&json_document(&tree));
    Ok(finish(args, &files, &parsed.diagnostics))
}
