//! The conformance corpus as the checker's corpus tests read it (format: tests/conformance/README.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use prism_checker::ResolveEnv;
use prism_span::FileId;
use prism_syntax::ast::{Program, StmtKind};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

/// Every `.prism` file below `dir`, in path order.
fn collect_cases(dir: &Path, out: &mut Vec<PathBuf>) {
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
fn is_case(source: &str) -> bool {
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
fn mismatch(
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

/// The codes `codes_of` gives for the file at `path` and, checked as modules (language §13.6),
/// for the files it imports with relative specifiers. `None` when the file does not parse.
pub fn codes_with_modules(
    path: &Path,
    env: &ResolveEnv,
    seen: &mut BTreeSet<PathBuf>,
    codes_of: &dyn Fn(&Program, &str, &ResolveEnv) -> Vec<String>,
) -> Option<BTreeSet<String>> {
    if !seen.insert(path.to_path_buf()) {
        return Some(BTreeSet::new());
    }
    let source = std::fs::read_to_string(path).ok()?;
    let parsed = prism_syntax::parse(&source, FileId(0));
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return None;
    }
    let mut codes: BTreeSet<String> = codes_of(&parsed.program, &source, env)
        .into_iter()
        .collect();
    for specifier in relative_imports(&parsed.program) {
        let Some(module) = module_path(path, &specifier) else {
            continue;
        };
        if let Some(module_codes) =
            codes_with_modules(&module, &ResolveEnv::module(), seen, codes_of)
        {
            codes.extend(module_codes);
        }
    }
    Some(codes)
}

fn relative_imports(program: &Program) -> Vec<String> {
    let sources = program
        .body
        .iter()
        .filter_map(|statement| match &statement.kind {
            StmtKind::Import(import) => Some(&import.source),
            StmtKind::Export(export) => export.source.as_ref(),
            _ => None,
        });
    sources
        .filter(|s| s.value.starts_with("./") || s.value.starts_with("../"))
        .map(|s| s.value.to_string())
        .collect()
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

/// Runs `produced` over every case of the corpus (skipping `//! skip:` cases and files that do
/// not parse) and compares with `expected`; `strict(source, code)` says whether a produced code
/// the headers do not name is a failure. Returns the failure lines and the number of cases run.
pub fn compare_corpus(
    produced: impl Fn(&Path, &ResolveEnv) -> Option<BTreeSet<String>>,
    expected: impl Fn(&str) -> BTreeSet<String>,
    strict: impl Fn(&str, &str) -> bool,
) -> (Vec<String>, usize) {
    let mut cases = Vec::new();
    collect_cases(&corpus_root(), &mut cases);
    let mut failures = Vec::new();
    let mut compared = 0;
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
        let Some(codes) = produced(path, &env) else {
            continue;
        };
        compared += 1;
        if let Some(failure) = mismatch(path, &codes, &expected(&source), |code| {
            strict(&source, code)
        }) {
            failures.push(failure);
        }
    }
    (failures, compared)
}

/// Every prefix of every corpus file, at a stride, as error recovery would leave it mid-edit.
pub fn for_each_prefix(stride: usize, mut run: impl FnMut(&str)) {
    let mut files = Vec::new();
    collect_cases(&corpus_root(), &mut files);
    for path in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        let cuts = (0..source.len())
            .step_by(stride)
            .filter(|&cut| source.is_char_boundary(cut));
        for cut in cuts {
            if let Some(prefix) = source.get(..cut) {
                run(prefix);
            }
        }
    }
}
