//! Every program of the conformance corpus lexes cleanly, except the lexical cases that expect a
//! lexical error (`//! error: E01xx`), which must report exactly the codes they name.

use std::path::{Path, PathBuf};

use prism_span::FileId;
use prism_syntax::lex;

fn corpus_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            corpus_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "prism") {
            out.push(path);
        }
    }
}

#[test]
fn conformance_corpus_lexes_as_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files = Vec::new();
    corpus_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 50, "corpus not found at {}", root.display());
    let mut failures = Vec::new();
    for path in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        let mut expected: Vec<&str> = source
            .lines()
            .filter_map(|line| line.strip_prefix("//! error: "))
            .map(str::trim)
            .filter(|code| code.starts_with("E01"))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        let lexed = lex(&source, FileId(0));
        let mut found: Vec<&str> = lexed.diagnostics.iter().map(|d| d.code).collect();
        found.sort_unstable();
        found.dedup();
        if found != expected {
            failures.push(format!(
                "{}: expected {expected:?}, found {found:?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
