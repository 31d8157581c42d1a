//! `prism test` (cli §9) as a user sees it: the fixture projects under `tests/fixtures/test-mode`
//! run through the binary, and the exit code, standard output and standard error are snapshots
//! (each checked against cli §9.3). `passing` holds the example of cli §9.5.

mod support;

/// Runs `prism test ARGS` in the fixtures directory; returns the exit code and one document.
fn prism_test(args: &[&str]) -> (i32, String) {
    let all: Vec<&str> = ["test"].into_iter().chain(args.iter().copied()).collect();
    support::prism_in(&support::fixtures("test-mode"), &all).code_and_document()
}

#[test]
fn passing_cases_exit_0() {
    let (code, document) = prism_test(&["passing"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(document);
}

#[test]
fn failing_cases_show_output_and_errors_and_exit_1() {
    let (code, document) = prism_test(&["failing"]);
    assert_eq!(code, 1);
    // A case's error is a runtime error like any other (cli §3.4): where it arose, and the
    // case's call stack; also for a failure inside a task the case returned.
    for expected in [
        " --> failing/cases.test.prism:8:3",
        "= note: at lambda (failing/cases.test.prism:8:3)",
        " --> failing/cases.test.prism:12:3",
        " --> failing/cases.test.prism:21:3",
    ] {
        assert!(document.contains(expected), "{expected}\n{document}");
    }
    insta::assert_snapshot!(document);
}

#[test]
fn failing_cases_as_json() {
    let (code, document) = prism_test(&["failing", "--format", "json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(document);
}

#[test]
fn compile_errors_exit_2_and_a_broken_top_level_fails_its_file() {
    let (code, document) = prism_test(&["erroring"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(document);
}

#[test]
fn filter_runs_only_matching_cases() {
    let (code, document) = prism_test(&["passing", "--filter", "tier"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(document);
}

#[test]
fn paths_are_searched_in_order_and_each_file_runs_once() {
    let (code, document) = prism_test(&["passing/shared.test.prism", "passing"]);
    assert_eq!(code, 0);
    assert_eq!(document.matches("PASS").count(), 7, "{document}");
    assert!(document.find("shared.test.prism") < document.find("cascade.test.prism"));
    insta::assert_snapshot!(document);
}

#[test]
fn an_unreadable_path_is_a_usage_error() {
    let (code, document) = prism_test(&["no-such-dir"]);
    assert_eq!(code, 64);
    assert!(document.contains("cannot read 'no-such-dir'"), "{document}");
}
