//! The module phase of `prism check` on the repository's own files: the examples (whose imports
//! reach local files and `std/patterns`) and the standard-library tests import only what exists,
//! and the conformance modules report exactly the module errors their cases expect.

use std::path::{Path, PathBuf};

use prism_project::check::check_paths;
use prism_project::loader::FsLoader;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(file, code)` of every `E05xx` diagnostic `prism check` reports for `dir`.
fn module_errors(dir: &str) -> Vec<(String, &'static str)> {
    let root = repository();
    let report = check_paths(
        &FsLoader,
        &[PathBuf::from(dir)],
        &root,
        false,
        &Default::default(),
    )
    .expect("readable");
    report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.starts_with("E05"))
        .map(|diagnostic| {
            let file = diagnostic
                .primary()
                .map(|label| report.files.name(label.at.file).to_string())
                .unwrap_or_default();
            (file, diagnostic.code)
        })
        .collect()
}

#[test]
fn the_examples_and_the_standard_library_tests_import_only_what_exists() {
    assert_eq!(module_errors("examples"), []);
    assert_eq!(module_errors("stdlib"), []);
}

#[test]
fn the_conformance_modules_report_the_expected_module_errors() {
    let found = module_errors("tests/conformance/modules");
    assert_eq!(
        found,
        [
            (
                "tests/conformance/modules/lib_cycle_a.prism".to_string(),
                "E0504"
            ),
            (
                "tests/conformance/modules/lib_cycle_b.prism".to_string(),
                "E0504"
            ),
            (
                "tests/conformance/modules/missing-module.prism".to_string(),
                "E0501"
            ),
        ]
    );
}
