//! Runs name resolution over every case of the conformance corpus (`tests/conformance`) that parses.
//!
//! A case may produce a resolution error (`E0301`–`E0306`) only when one of its `//! error:`
//! headers names that code, and every resolution code (including `I0301`) that a header names must
//! be produced — by the case itself or by a module it imports with a relative specifier (which is
//! resolved as a module, language §13.6).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use prism_checker::{resolve, ResolveEnv};
use prism_span::FileId;

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{collect_cases, corpus_root, header_codes, is_case, mismatch};

const RESOLUTION_CODES: &[&str] = &[
    "E0301", "E0302", "E0303", "E0304", "E0305", "E0306", "I0301",
];

/// Resolution codes of `path` and of the modules it imports with relative specifiers. `None` if
/// the file does not parse.
fn resolution_codes(
    path: &Path,
    env: &ResolveEnv,
    seen: &mut BTreeSet<PathBuf>,
) -> Option<BTreeSet<String>> {
    if !seen.insert(path.to_path_buf()) {
        return Some(BTreeSet::new());
    }
    let source = std::fs::read_to_string(path).ok()?;
    let parsed = prism_syntax::parse(&source, FileId(0));
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return None;
    }
    let resolution = resolve(&parsed.program, FileId(0), env);
    let mut codes: BTreeSet<String> = resolution
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    for specifier in relative_imports(&parsed.program) {
        let Some(module) = module_path(path, &specifier) else {
            continue;
        };
        if let Some(module_codes) = resolution_codes(&module, &ResolveEnv::module(), seen) {
            codes.extend(module_codes);
        }
    }
    Some(codes)
}

fn relative_imports(program: &prism_syntax::ast::Program) -> Vec<String> {
    use prism_syntax::ast::StmtKind;
    let mut specifiers = Vec::new();
    for statement in &program.body {
        let source = match &statement.kind {
            StmtKind::Import(import) => Some(&import.source),
            StmtKind::Export(export) => export.source.as_ref(),
            _ => None,
        };
        if let Some(source) =
            source.filter(|s| s.value.starts_with("./") || s.value.starts_with("../"))
        {
            specifiers.push(source.value.to_string());
        }
    }
    specifiers
}

/// The candidates of language §13.2 for a relative specifier.
fn module_path(importer: &Path, specifier: &str) -> Option<PathBuf> {
    let base = importer.parent()?.join(specifier);
    let candidates = if specifier.ends_with(".prism") {
        vec![base]
    } else {
        vec![base.with_extension("prism"), base.join("index.prism")]
    };
    candidates.into_iter().find(|candidate| candidate.is_file())
}

#[test]
fn conformance_cases_resolve_as_expected() {
    let mut cases = Vec::new();
    collect_cases(&corpus_root(), &mut cases);
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &cases {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        if !is_case(&source) || source.lines().any(|line| line.starts_with("//! skip:")) {
            continue;
        }
        let env = ResolveEnv {
            test_mode: path.to_string_lossy().ends_with(".test.prism"),
            ..ResolveEnv::main()
        };
        let Some(produced) = resolution_codes(path, &env, &mut BTreeSet::new()) else {
            continue;
        };
        checked += 1;
        let expected = header_codes(&source, |code| RESOLUTION_CODES.contains(&code));
        if let Some(failure) = mismatch(path, &produced, &expected, |code| code.starts_with('E')) {
            failures.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} conformance cases resolved");
}

/// Error recovery leaves partial trees (`Error` nodes, missing parts); resolution must accept any of
/// them. Every prefix of every corpus file (at a stride) is parsed and resolved.
#[test]
fn resolution_never_panics_on_partial_trees() {
    let mut files = Vec::new();
    collect_cases(&corpus_root(), &mut files);
    let mut resolved = 0usize;
    for path in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        let cuts = (0..source.len())
            .step_by(11)
            .filter(|&cut| source.is_char_boundary(cut));
        for cut in cuts {
            let Some(prefix) = source.get(..cut) else {
                continue;
            };
            let parsed = prism_syntax::parse(prefix, FileId(0));
            let _ = resolve(&parsed.program, FileId(0), &ResolveEnv::main());
            resolved += 1;
        }
    }
    eprintln!("{resolved} partial trees resolved");
}
