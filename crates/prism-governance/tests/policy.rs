//! The Rego policy of runtime §12 from files: decisions of §12.4, fail-closed evaluation,
//! shadow mode, the `actions` filter, `include_content`, and the load errors E0708 and E0710.
use std::path::{Path, PathBuf};

use prism_config::Governance as Settings;
use prism_governance::RegoGovernance;
use prism_runtime::agents::governance::Governance;
use serde_json::{json, Value as Json};

const POLICY: &str = r#"
package prism

default decision := {"allow": true}

decision := {"allow": false, "reasons": ["call budget nearly spent"], "audit": true} if {
    input.usage.calls >= 0.9 * input.budget.calls
}

decision := {"allow": false, "reasons": ["content withheld"]} if {
    input.request.messages == null
    input.tags.check_content
}
"#;

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prism-gov-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| error.to_string())
}

fn settings(policy: &str, name: &str) -> Settings {
    let dir = dir(name);
    let path = dir.join("agents.rego");
    std::fs::write(&path, policy).expect("policy");
    Settings {
        policy: vec![path],
        ..Settings::default()
    }
}

fn input(calls: u64) -> Json {
    json!({
        "action": "ask",
        "target": { "kind": "agent", "name": "reviewer" },
        "request": { "system": null, "messages": [ { "role": "user", "content": "hi" } ], "task": null },
        "run": { "id": "r", "input": { "secret": 1 } },
        "usage": { "calls": calls, "input_tokens": 0, "output_tokens": 0 },
        "budget": { "calls": 10, "tokens": null },
        "tags": {},
    })
}

#[test]
fn the_policy_allows_and_denies_with_reasons_and_audit() {
    let governance = RegoGovernance::load(&settings(POLICY, "decide"), &read).expect("loads");
    let allowed = governance.decide(&input(2));
    assert!(allowed.allow, "{allowed:?}");
    let denied = governance.decide_call(Some("c3"), &input(9));
    assert!(!denied.allow);
    assert_eq!(denied.reasons, vec!["call budget nearly spent".to_owned()]);
    assert!(denied.audit);
}

#[test]
fn shadow_mode_never_denies() {
    let mut shadow = settings(POLICY, "shadow");
    shadow.mode = "shadow".into();
    let governance = RegoGovernance::load(&shadow, &read).expect("loads");
    assert!(governance.decide(&input(9)).allow);
}

#[test]
fn unchecked_actions_are_allowed_without_evaluation() {
    let mut only_llm = settings("package prism\n\ndecision := false\n", "actions");
    only_llm.actions = vec!["llm".into()];
    let governance = RegoGovernance::load(&only_llm, &read).expect("loads");
    assert!(governance.decide(&input(0)).allow, "ask is not checked");
    let mut llm = input(0);
    llm["action"] = json!("llm");
    assert!(!governance.decide(&llm).allow);
}

#[test]
fn evaluation_errors_and_odd_values_fail_closed() {
    let conflicting = "package prism\n\ndecision := 1 if input.usage\ndecision := 2 if input.run\n";
    let governance = RegoGovernance::load(&settings(conflicting, "conflict"), &read);
    // Either rejected when loaded, or denied when evaluated: never allowed.
    if let Ok(governance) = governance {
        let decision = governance.decide(&input(0));
        assert!(!decision.allow);
        assert!(
            decision.reasons[0].starts_with("policy evaluation failed: "),
            "{decision:?}"
        );
    }
    let odd = RegoGovernance::load(&settings("package prism\n\ndecision := 42\n", "odd"), &read)
        .expect("loads");
    let decision = odd.decide(&input(0));
    assert!(!decision.allow);
    assert!(
        decision.reasons[0].contains("neither a boolean nor an object"),
        "{decision:?}"
    );
}

#[test]
fn an_undefined_decision_takes_the_default() {
    let undefined = "package prism\n\ndecision := true if input.never\n";
    let deny = RegoGovernance::load(&settings(undefined, "undefined"), &read).expect("loads");
    assert!(!deny.decide(&input(0)).allow);
    let mut allow_settings = settings(undefined, "undefined-allow");
    allow_settings.default = "allow".into();
    let allow = RegoGovernance::load(&allow_settings, &read).expect("loads");
    assert!(allow.decide(&input(0)).allow);
}

#[test]
fn without_include_content_the_prompts_are_withheld() {
    let mut withheld = settings(POLICY, "content");
    withheld.include_content = false;
    let governance = RegoGovernance::load(&withheld, &read).expect("loads");
    let mut tagged = input(0);
    tagged["tags"] = json!({ "check_content": true });
    let decision = governance.decide(&tagged);
    assert_eq!(decision.reasons, vec!["content withheld".to_owned()]);
}

#[test]
fn data_documents_are_merged_into_data() {
    let mut with_data = settings(
        "package prism\n\ndecision := input.target.name in data.allowed\n",
        "data",
    );
    let data = dir("data-doc").join("data.json");
    std::fs::write(&data, r#"{"allowed": ["reviewer"]}"#).expect("data");
    with_data.data = vec![data];
    let governance = RegoGovernance::load(&with_data, &read).expect("loads");
    assert!(governance.decide(&input(0)).allow);
}

#[test]
fn unreadable_and_invalid_policies_are_e0708_and_e0710() {
    let missing = Settings {
        policy: vec![PathBuf::from("/nonexistent/policy.rego")],
        ..Settings::default()
    };
    let error = RegoGovernance::load(&missing, &read).expect_err("missing");
    assert_eq!(error.code, "E0708");
    assert!(error
        .message
        .starts_with("cannot read '/nonexistent/policy.rego': "));
    let invalid = settings("package prism\n\ndecision := {\n", "invalid");
    let error = RegoGovernance::load(&invalid, &read).expect_err("invalid");
    assert_eq!(error.code, "E0710");
    assert!(error
        .message
        .starts_with("governance policy failed to compile: "));
}
