//! The diagnostics of a document: exactly those `prism check` reports for the file (cli §5, §8):
//! lexical, parse and checker diagnostics (`prism-ide`'s analysis, which follows
//! `prism_project::check::compile_file`), module diagnostics (`E05xx`, language §13) from the
//! same module phase `prism check` runs, with imports read from open editor buffers first, then
//! the disk (bundled `std/` modules from the toolchain), and the header's (runtime §3.3), in the
//! order of cli §5, then converted to the
//! protocol: severity error = 1, warning = 2, information = 3, `code` the code, `source` "prism",
//! secondary labels as related information, help lines appended after a line feed.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};
use prism_checker::ResolveEnv;
use prism_diagnostics::{Diagnostic, Severity};
use prism_project::check::{add_module_diagnostics, resolve_env, CompileMode};

use crate::convert::{Encoding, LineMap};
use crate::document::{Document, DOCUMENT_FILE};
use crate::workspace::EditorFiles;

/// The environment `prism check` checks a file named `name` in (test mode for `*.test.prism`,
/// the legacy globals when the project's `prism.toml` selects Parallax mode).
pub fn environment(name: &str, parallax: bool) -> ResolveEnv {
    resolve_env(CompileMode::for_file(name, parallax))
}

/// What `prism check` reports for the document, sorted by start offset, then code (cli §5), with
/// its imports read through `files`.
pub fn check_diagnostics(document: &Document, files: &EditorFiles<'_>) -> Vec<Diagnostic> {
    let analysis = document.analysis();
    let mut diagnostics = analysis.diagnostics().to_vec();
    add_module_diagnostics(
        files,
        analysis.program(),
        DOCUMENT_FILE,
        document.path.as_deref(),
        &document.project().roots,
        &mut diagnostics,
    );
    let header = prism_config::header::read_header(&document.text, DOCUMENT_FILE);
    diagnostics.extend(header.diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// The protocol form of the document's diagnostics.
pub fn publish(
    document: &Document,
    files: &EditorFiles<'_>,
    encoding: Encoding,
) -> Vec<lsp_types::Diagnostic> {
    let map = document.map(encoding);
    check_diagnostics(document, files)
        .iter()
        .map(|diagnostic| to_protocol(diagnostic, &map, &document.uri))
        .collect()
}

/// One diagnostic of the document (every label of a single-file check is in the document).
pub fn to_protocol(diagnostic: &Diagnostic, map: &LineMap, uri: &Uri) -> lsp_types::Diagnostic {
    let range = diagnostic
        .primary()
        .map_or(Range::default(), |label| map.range(label.at.span));
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter(|label| !label.primary)
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), map.range(label.at.span)),
            message: label.message.clone(),
        })
        .collect();
    let mut message = diagnostic.message.clone();
    for help in &diagnostic.help {
        message.push('\n');
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        code_description: None,
        source: Some("prism".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
