//! Every `.prism` file of the conformance corpus parses without diagnostics, except cases whose
//! `//! error:` headers name lexical or parse codes (E01xx, E02xx): those produce exactly those
//! codes. E0212 (top-level `return` in a module) belongs to the module loader and is not expected
//! from `parse`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use prism_span::FileId;
use prism_syntax::parse;

fn prism_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            prism_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "prism") {
            found.push(path);
        }
    }
}

fn is_front_end_code(code: &str) -> bool {
    (code.starts_with("E01") || code.starts_with("E02")) && code != "E0212"
}

#[test]
fn conformance_corpus_parses_with_exactly_the_expected_front_end_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files = Vec::new();
    prism_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 100,
        "conformance corpus not found under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for path in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        let expected: BTreeSet<&str> = source
            .lines()
            .filter_map(|line| line.strip_prefix("//! error:"))
            .map(str::trim)
            .filter(|code| is_front_end_code(code))
            .collect();
        let parsed = parse(&source, FileId(0));
        let found: BTreeSet<&str> = parsed
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code)
            .collect();
        if found != expected {
            let messages: Vec<String> = parsed
                .diagnostics
                .iter()
                .map(|diagnostic| {
                    let span = diagnostic.primary().map(|label| label.at.span);
                    format!("{} {} at {span:?}", diagnostic.code, diagnostic.message)
                })
                .collect();
            failures.push(format!(
                "{}: expected {expected:?}, found {messages:?}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
