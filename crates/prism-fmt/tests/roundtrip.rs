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

/// Every prefix of every corpus file cut at a line break: the formatter never panics, and when a
/// prefix parses, the guarantees hold for it too (a cheap source of unusual but valid programs).
#[test]
fn corpus_prefixes_never_panic_and_keep_the_guarantees() {
    let mut failures = Vec::new();
    for path in corpus_files() {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let cuts = source.match_indices('\n').map(|(index, _)| index);
        for cut in cuts {
            let prefix = &source[..cut];
            if let Err(failure) = check_guarantees(prefix) {
                failures.push(format!("{} (first {cut} bytes): {failure}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The corpus with comments added everywhere: at the end of every line, before the first token of
/// every line, after every comma and every opening bracket. Variants that still parse must keep
/// the guarantees (comments are where formatters go wrong).
#[test]
fn corpus_with_comments_everywhere_keeps_the_guarantees() {
    type Variant = fn(&str) -> String;
    let variants: [(&str, Variant); 4] = [
        ("line end", |source| source.replace('\n', " // end\n")),
        ("line start", |source| {
            source
                .lines()
                .map(|line| {
                    let body = line.trim_start();
                    let indent = &line[..line.len() - body.len()];
                    format!("{indent}/* start */ {body}\n")
                })
                .collect()
        }),
        ("comma", |source| source.replace(',', ", /* comma */")),
        ("bracket", |source| {
            source
                .replace('(', "( /* paren */")
                .replace('[', "[ // bracket\n")
        }),
    ];
    let mut failures = Vec::new();
    let mut formatted = 0;
    for path in corpus_files() {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (name, variant) in &variants {
            match check_guarantees(&variant(&source)) {
                Ok(parsed) => formatted += usize::from(parsed),
                Err(failure) => failures.push(format!("{} ({name}): {failure}", path.display())),
            }
        }
    }
    assert!(formatted > 400, "only {formatted} variants parse");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
