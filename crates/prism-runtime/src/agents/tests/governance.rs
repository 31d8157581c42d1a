//! The governance hook (runtime §12): consulted once per target, a denial is R0806.
use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value as Json;

use super::*;
use crate::agents::governance::{Decision, Governance};

/// Denies provider `spare`, records every input document.
#[derive(Default)]
struct DenySpare(RefCell<Vec<Json>>);

impl Governance for DenySpare {
    fn decide(&self, input: &Json) -> Decision {
        self.0.borrow_mut().push(input.clone());
        let name = input.pointer("/target/name").and_then(Json::as_str);
        Decision {
            allow: name != Some("spare"),
            reasons: vec!["spare is off limits".to_owned()],
            audit: true,
        }
    }
}

#[test]
fn a_denied_target_throws_policy_denied_without_further_fallback() {
    let toml = "[providers.mock]\nrules = [ { responses = [ { error = { kind = \"server\", message = \"x\" } } ] } ]\n\n[providers.spare]\ntype = \"mock\"\n";
    let policy = Rc::new(DenySpare::default());
    let config = config(toml);
    let mut setup = crate::agents::AgentSetup::new(&config);
    setup.governance = Some(policy.clone());
    crate::agents::install(&setup);
    let scheduler = virtual_scheduler();
    let end = scheduler.run(Box::new(|cx: &TaskContext<'_>| {
        let mut machine = TestMachine {
            cx: Some(cx),
            random: RandomStreams::new(1),
            output: NoOutput,
        };
        let fallback = Value::array(vec![Value::string("spare")]);
        llm(
            &mut machine,
            "q",
            &[
                ("fallback", fallback),
                ("retries", Value::number(1.0)),
                ("backoff", Value::number(0.0)),
            ],
        )
    }));
    assert_eq!(
        shown(&end.result),
        "R0806 policy denied llm for provider 'spare': spare is off limits"
    );
    let inputs = policy.0.borrow();
    // Once per target, not per retry.
    assert_eq!(inputs.len(), 2);
    let first = inputs.first().cloned().unwrap_or_default();
    assert_eq!(
        first.pointer("/target/kind").and_then(Json::as_str),
        Some("provider")
    );
    assert_eq!(
        first
            .pointer("/request/messages/0/content")
            .and_then(Json::as_str),
        Some("q")
    );
    assert_eq!(
        first.pointer("/context/0").and_then(Json::as_str),
        Some("Triage")
    );
}
