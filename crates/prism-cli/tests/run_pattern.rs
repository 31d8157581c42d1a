//! `runPattern` (runtime §11.6, builtins §16) through the binary: a root pattern spawning one
//! child per item, the depth limit, compile, input, thrown and timeout errors in children, and
//! child patterns called from a test file. Outputs are snapshots checked against the spec.

mod support;

fn prism(args: &[&str]) -> (i32, String) {
    support::prism_in(&support::fixtures("child-patterns"), args).code_and_document()
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
