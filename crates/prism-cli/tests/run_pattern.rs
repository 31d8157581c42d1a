//! `runPattern` (runtime §11.6, builtins §16) through the binary: a root pattern spawning one
//! child per item, the depth limit, compile, input, thrown and timeout errors in children, and
//! child patterns called from a test file. Outputs are snapshots checked against the spec.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/child-patterns")
}

fn prism(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_prism"))
        .args(args)
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .env_remove("PRISM_CONFIG")
        .env_remove("PRISM_PROVIDER")
        .stdin(Stdio::null())
        .output()
        .expect("the prism binary runs");
    let code = output.status.code().unwrap_or(-1);
    let document = format!(
        "--- EXIT ---\n{code}\n--- STDOUT ---\n{}--- STDERR ---\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (code, document)
}

#[test]
fn a_root_runs_children_with_hierarchical_ids_and_catches_their_errors() {
    let (code, document) = prism(&["run", "root.prism"]);
    assert_eq!(code, 0, "{document}");
    assert!(
        document.contains("RecursionLimit: pattern depth limit of 2 reached at node ORG_1.4.1.1")
    );
    insta::assert_snapshot!(document);
}

#[test]
fn child_patterns_run_from_test_files() {
    let (code, document) = prism(&["test", "root.test.prism"]);
    assert_eq!(code, 0, "{document}");
    insta::assert_snapshot!(document);
}
