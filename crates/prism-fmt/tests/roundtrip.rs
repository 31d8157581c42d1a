//! The guarantees of cli §6.2 over every file of the conformance corpus: formatting is idempotent,
//! keeps the syntax tree (spans and the optional header parentheses aside) and keeps every
//! comment's text.

use std::path::{Path, PathBuf};

mod common;

use common::check_guarantees;

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(directory) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "prism")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn corpus_formats_idempotently_and_keeps_trees_and_comments() {
    let files = corpus_files();
    assert!(files.len() > 100, "the corpus was not found");
    let mut failures = Vec::new();
    for path in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        if let Err(failure) = check_guarantees(&source) {
            failures.push(format!("{}: {failure}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
