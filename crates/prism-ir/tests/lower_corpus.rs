//! Lowers every program of the conformance corpus that compiles, and checks that the lowering
//! reports no internal error and produces IR that passes `validate` (every register, block,
//! handler and cell it mentions exists).

use std::path::{Path, PathBuf};

use prism_checker::{FileRole as ResolveRole, ResolveEnv};
use prism_ir::FileRole;
use prism_span::FileId;

fn corpus_files(directory: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            corpus_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "prism") {
            found.push(path);
        }
    }
}

#[test]
fn every_compiling_corpus_program_lowers_to_valid_ir() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files = Vec::new();
    corpus_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 100, "the corpus is where it should be");
    let mut lowered = 0;
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let file = FileId(0);
        let parsed = prism_syntax::parse(&source, file);
        if parsed.diagnostics.iter().any(|d| d.is_error()) {
            continue;
        }
        // Case files are main programs; the sibling files they import are modules.
        let is_case = source.starts_with("// ") && source.contains("\n//!");
        let (env, role) = if is_case {
            (ResolveEnv::main(), FileRole::Main)
        } else {
            (
                ResolveEnv {
                    role: ResolveRole::Module,
                    ..ResolveEnv::default()
                },
                FileRole::Module,
            )
        };
        let resolution = prism_checker::resolve(&parsed.program, file, &env);
        if resolution.has_errors() {
            continue;
        }
        let program = prism_ir::lower_program(&parsed.program, &resolution, file, role)
            .unwrap_or_else(|errors| panic!("{}: {errors:?}", path.display()));
        if let Err(problem) = prism_ir::validate::validate(&program) {
            panic!(
                "{}: {problem}\n{}",
                path.display(),
                prism_ir::dump::dump(&program)
            );
        }
        lowered += 1;
    }
    assert!(lowered > 100, "only {lowered} programs lowered");
}

#[test]
fn finally_is_copied_on_each_exit_path() {
    let source = "function f(x) { try { if (x) { return 1 } } finally { print(\"f\") } }";
    let file = FileId(0);
    let parsed = prism_syntax::parse(source, file);
    let resolution = prism_checker::resolve(&parsed.program, file, &ResolveEnv::main());
    let program = prism_ir::lower_program(&parsed.program, &resolution, file, FileRole::Main)
        .expect("lowers");
    let text = prism_ir::dump::dump(&program);
    // The return path, the normal path and the landing pad each call `print`.
    assert_eq!(text.matches("LoadGlobal").count(), 3, "{text}");
    assert_eq!(text.matches("Rethrow").count(), 1, "{text}");
}
