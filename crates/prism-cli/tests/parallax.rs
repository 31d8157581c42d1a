//! `prism run --compat parallax` (runtime §15) on Parallax-style patterns written for these tests:
//! agents called before the script, the host scope of §15.4, the result of §15.5 and the
//! `agent_results` key of the JSON output. Runs use the virtual clock, so times are exact.

mod support;

fn prism(args: &[&str]) -> (i32, String) {
    let all: Vec<&str> = ["run", "--compat", "parallax", "--clock", "virtual"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    support::prism_in(&support::fixtures("parallax"), &all).code_and_document()
}

const INPUT: &str = r#"{"task":"review","data":{"diff":"x"},"workspace":"ws-1"}"#;

#[test]
fn consensus_over_agent_results() {
    let (code, document) = prism(&["consensus.prism", "--input", INPUT]);
    assert_eq!(code, 0, "{document}");
    assert!(document.contains("{ decision: \"approve\", lead: \"security\" } (~75.0%)"));
    insta::assert_snapshot!(document);
}

#[test]
fn json_output_has_agent_results() {
    let (code, document) = prism(&["consensus.prism", "--input", INPUT, "--format", "json"]);
    assert_eq!(code, 0, "{document}");
    insta::assert_snapshot!(document);
}

#[test]
fn a_plain_result_gets_the_default_confidence() {
    let (code, document) = prism(&["plain.prism", "--format", "json"]);
    assert_eq!(code, 0, "{document}");
    assert!(document.contains("\"confidence\": 0.5,"), "{document}");
    insta::assert_snapshot!(document);
}

#[test]
fn agent_requirements_without_min_agents_need_one_agent() {
    let (code, document) = prism(&["nobody.prism"]);
    assert_eq!(code, 2, "{document}");
    assert!(document.contains("E0804"), "{document}");
}

#[test]
fn host_helpers_agree_with_the_std_legacy_module() {
    let (code, document) = prism(&["agree.prism"]);
    assert_eq!(code, 0, "{document}");
    let all_true = "[[true, true, true], [true, true, true], [true, true, true], [true, true, true], [true, true, true]]";
    assert!(document.contains(all_true), "{document}");
}
