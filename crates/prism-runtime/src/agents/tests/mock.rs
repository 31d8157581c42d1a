//! The mock provider (runtime §9.1): rule matching, exhaustion, failure injection, records.
use prism_config::MockSettings;
use serde_json::json;

use super::super::mock::MockProvider;
use super::super::provider::*;
use crate::builtins::RandomStreams;

fn request(kind: CallKind, agent: Option<&str>, prompt: &str) -> Request {
    Request {
        id: "c1.1".to_owned(),
        kind,
        provider: "mock".to_owned(),
        agent: agent.map(str::to_owned),
        model: Some("mock-model".to_owned()),
        system: None,
        messages: vec![Message {
            role: "user".to_owned(),
            content: prompt.to_owned(),
        }],
        task: None,
        params: Params::default(),
        response_format: ResponseFormat::Text,
        logprobs: false,
        stream: false,
        timeout_ms: None,
        attempt: 1,
        metadata: RequestMetadata::default(),
    }
}

/// Sends without a scheduler (delivered at once) and returns the outcome.
fn send(mock: &MockProvider, request: &Request, random: &mut RandomStreams) -> Outcome {
    let delivery = Delivery::new();
    let mut cx = StartContext {
        scheduler: None,
        random,
    };
    mock.start(request, &mut cx, delivery.clone());
    delivery
        .take_outcome()
        .expect("the mock answers at once without a scheduler")
}

fn content(outcome: Outcome) -> String {
    match outcome {
        Ok(response) => response.content,
        Err(error) => format!("{}: {}", error.kind.as_str(), error.message),
    }
}

fn mock(exhausted: &str, rules: serde_json::Value) -> MockProvider {
    let settings = MockSettings {
        exhausted: exhausted.to_owned(),
        rules: rules.as_array().cloned().unwrap_or_default(),
        ..MockSettings::default()
    };
    MockProvider::new(None, &settings, &[])
}

#[test]
fn rules_match_on_every_given_condition_and_repeat_the_last_answer() {
    let mock = mock(
        "repeat-last",
        json!([
            { "agent": "a", "kind": "call", "responses": [{ "content": "call a" }] },
            { "contains": "count", "responses": [{ "content": "one" }, { "content": "two" }] },
        ]),
    );
    let random = &mut RandomStreams::new(1);
    assert_eq!(
        content(send(
            &mock,
            &request(CallKind::Call, Some("a"), "x"),
            random
        )),
        "call a"
    );
    // The agent rule needs kind `call`; this falls through to the default.
    let ask = request(CallKind::Ask, Some("a"), "x");
    assert_eq!(
        content(send(&mock, &ask, random)),
        "Mock response for testing purposes."
    );
    let texts: Vec<String> = (0..3)
        .map(|_| content(send(&mock, &request(CallKind::Llm, None, "count"), random)))
        .collect();
    assert_eq!(texts, ["one", "two", "two"]);
    assert_eq!(mock.records().len(), 5);
}

#[test]
fn exhausted_rules_cycle_or_fail() {
    let rules = json!([{ "responses": [{ "content": "a" }, { "content": "b" }] }]);
    let random = &mut RandomStreams::new(1);
    let cycle = mock("cycle", rules.clone());
    let texts: Vec<String> = (0..3)
        .map(|_| content(send(&cycle, &request(CallKind::Llm, None, "q"), random)))
        .collect();
    assert_eq!(texts, ["a", "b", "a"]);
    let error = mock("error", rules);
    for _ in 0..2 {
        let _ = send(&error, &request(CallKind::Llm, None, "q"), random);
    }
    let third = content(send(&error, &request(CallKind::Llm, None, "q"), random));
    assert_eq!(third, "other: mock script exhausted for rule 0");
}

#[test]
fn failure_injection_fails_before_rules_advance() {
    let settings = MockSettings {
        failure_rate: 1.0,
        failure_kind: "rate_limited".to_owned(),
        rules: vec![json!({ "responses": [{ "content": "first" }] })],
        ..MockSettings::default()
    };
    let mock = MockProvider::new(None, &settings, &[]);
    let random = &mut RandomStreams::new(1);
    let outcome = send(&mock, &request(CallKind::Llm, None, "q"), random);
    assert_eq!(content(outcome), "rate_limited: injected failure");
}

#[test]
fn entries_give_errors_values_and_streaming_chunks() {
    let mock = mock(
        "repeat-last",
        json!([
            { "contains": "boom", "responses": [{ "error": { "kind": "server", "message": "down", "status": 503 } }] },
            { "contains": "data", "responses": [{ "value": { "k": 1 }, "confidence": 1.5 }] },
        ]),
    );
    let random = &mut RandomStreams::new(1);
    let Err(error) = send(&mock, &request(CallKind::Llm, None, "boom"), random) else {
        panic!("expected an error");
    };
    assert_eq!((error.kind, error.status), (ErrorKind::Server, Some(503.0)));
    let Ok(response) = send(&mock, &request(CallKind::Llm, None, "data"), random) else {
        panic!("expected a response");
    };
    assert_eq!(response.content, r#"{"k":1}"#);
    assert_eq!(response.confidence, Some(1.0));
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));

    let mut streamed = request(CallKind::Llm, None, "x");
    streamed.stream = true;
    let delivery = Delivery::new();
    let mut cx = StartContext {
        scheduler: None,
        random,
    };
    mock.start(&streamed, &mut cx, delivery.clone());
    assert_eq!(
        delivery.take_chunks(),
        ["Mock ", "response ", "for ", "testing ", "purposes."]
    );
}

#[test]
fn request_text_joins_system_messages_and_task() {
    let mut request = request(CallKind::Call, Some("a"), "hello");
    request.system = Some("sys".to_owned());
    request.task = Some(json!({ "diff": "+1" }));
    assert_eq!(request.text(), "sys\nhello\n{\"diff\":\"+1\"}");
}
