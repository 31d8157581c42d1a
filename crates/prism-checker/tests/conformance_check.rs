//! Runs the whole checker over every case of the conformance corpus (`tests/conformance`) that
//! parses: the acceptance bar of language §15.4–§15.5 is that no case gets a checker error its
//! `//! error:` headers do not name, every checker code a header names is produced, and a
//! `//! check-only` case produces exactly the checker codes its headers name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use prism_checker::{check, ResolveEnv};
use prism_span::FileId;

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{collect_cases, corpus_root, header_codes, is_case, mismatch};

/// The codes of language §15.1–§15.3 and §15.5: what the checker reports.
fn is_checker_code(code: &str) -> bool {
    code.starts_with("E03")
        || code.starts_with("E04")
        || code.starts_with("W04")
        || code.starts_with("I03")
}

/// Checker codes of a file and of the modules it imports with relative specifiers.
fn checker_codes(
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
    let checked = check(&parsed.program, &source, FileId(0), env);
    let mut codes: BTreeSet<String> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    for statement in &parsed.program.body {
        use prism_syntax::ast::StmtKind;
        let specifier = match &statement.kind {
            StmtKind::Import(import) => Some(&import.source),
            StmtKind::Export(export) => export.source.as_ref(),
            _ => None,
        };
        let Some(specifier) =
            specifier.filter(|s| s.value.starts_with("./") || s.value.starts_with("../"))
        else {
            continue;
        };
        let base = path.parent()?.join(specifier.value.as_str());
        let module = [
            base.with_extension("prism"),
            base.join("index.prism"),
            base.clone(),
        ]
        .into_iter()
        .find(|candidate| {
            candidate.is_file() && candidate.extension().is_some_and(|e| e == "prism")
        });
        if let Some(module) = module {
            if let Some(module_codes) = checker_codes(&module, &ResolveEnv::module(), seen) {
                codes.extend(module_codes);
            }
        }
    }
    Some(codes)
}

#[test]
fn conformance_cases_check_as_expected() {
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
        let Some(produced) = checker_codes(path, &env, &mut BTreeSet::new()) else {
            continue;
        };
        checked += 1;
        let expected = header_codes(&source, is_checker_code);
        let check_only = source.lines().any(|line| line.trim() == "//! check-only");
        if let Some(failure) = mismatch(path, &produced, &expected, |code| {
            check_only || code.starts_with('E')
        }) {
            failures.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} conformance cases checked");
}

/// Every prefix of every corpus file (at a stride) is parsed and checked: the checker must accept
/// any partial tree that error recovery leaves.
#[test]
fn checking_never_panics_on_partial_trees() {
    let mut files = Vec::new();
    collect_cases(&corpus_root(), &mut files);
    for path in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        let cuts = (0..source.len())
            .step_by(7)
            .filter(|&cut| source.is_char_boundary(cut));
        for cut in cuts {
            let Some(prefix) = source.get(..cut) else {
                continue;
            };
            let parsed = prism_syntax::parse(prefix, FileId(0));
            let _ = check(&parsed.program, prefix, FileId(0), &ResolveEnv::main());
        }
    }
}

/// Long operator and call chains (as deep as the parser accepts) are checked without exhausting
/// the stack of a test thread.
#[test]
fn long_chains_are_checked() {
    let sum = format!("let a = 1\nprint(a{})", " + a".repeat(400));
    let chain = format!("let o = {{}}\no{}", ".f(o)".repeat(240));
    let confident = format!("let c = 1 ~> 0.5\nprint(c{})", " ~+ c".repeat(400));
    for source in [sum, chain, confident] {
        let parsed = prism_syntax::parse(&source, FileId(0));
        let checked = check(&parsed.program, &source, FileId(0), &ResolveEnv::main());
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics.first());
    }
}
