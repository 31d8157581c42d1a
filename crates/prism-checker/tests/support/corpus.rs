//! The conformance corpus as the checker's corpus tests read it (format: tests/conformance/README.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

/// Every `.prism` file below `dir`, in path order.
pub fn collect_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_cases(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "prism") {
            out.push(path);
        }
    }
}

/// A case starts with `// ` and has at least one `//!` line (the corpus README).
pub fn is_case(source: &str) -> bool {
    source.starts_with("// ") && source.lines().any(|line| line.starts_with("//!"))
}

/// The codes named by the case's `//! error:` headers that `keep` accepts.
pub fn header_codes(source: &str, keep: impl Fn(&str) -> bool) -> BTreeSet<String> {
    source
        .lines()
        .filter_map(|line| line.strip_prefix("//! error:"))
        .map(|code| code.trim().to_string())
        .filter(|code| keep(code))
        .collect()
}

/// A failure line when `produced` has a code outside `expected` (among those `strict` selects) or
/// misses one of `expected`.
pub fn mismatch(
    path: &Path,
    produced: &BTreeSet<String>,
    expected: &BTreeSet<String>,
    strict: impl Fn(&str) -> bool,
) -> Option<String> {
    let unexpected: Vec<&String> = produced
        .iter()
        .filter(|code| strict(code) && !expected.contains(*code))
        .collect();
    let missing: Vec<&String> = expected
        .iter()
        .filter(|code| !produced.contains(*code))
        .collect();
    (!unexpected.is_empty() || !missing.is_empty()).then(|| {
        format!(
            "{}: unexpected {unexpected:?}, missing {missing:?}",
            path.display()
        )
    })
}
