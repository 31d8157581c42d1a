//! `anthropic` (runtime §9.4), one attempt at a time.
use std::time::Duration;

use prism_providers::Vendor;
use prism_runtime::agents::{ErrorKind, ProviderError, ResponseFormat};
use serde_json::json;

use crate::support::direct::{provider, request, send, KEY};
use crate::support::{Reply, Server};

const ANSWER: &str = r#"{"id":"m","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"Hello"},{"type":"tool_use","id":"t"},{"type":"text","text":" there"}],"stop_reason":"end_turn","usage":{"input_tokens":9,"output_tokens":2}}"#;

fn fails_with(reply: Reply) -> ProviderError {
    let server = Server::start(vec![reply]);
    let provider = provider(Vendor::Anthropic, &server.url(""));
    let (_, outcome) = send(&provider, &request("hi"));
    let error = outcome.expect_err("the attempt must fail");
    assert!(!error.message.contains(KEY), "{}", error.message);
    error
}

#[test]
fn a_message_reads_text_blocks_usage_and_stop_reason() {
    let server = Server::start(vec![Reply::json(200, ANSWER)]);
    let provider = provider(Vendor::Anthropic, &server.url(""));
    let mut req = request("Greet me");
    req.response_format = ResponseFormat::JsonSchema(json!({ "type": "string" }));
    req.params.stop = Some(vec!["END".into()]);
    let (_, outcome) = send(&provider, &req);
    let response = outcome.expect("a response");
    assert_eq!(response.content, "Hello there");
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));
    assert_eq!(response.model.as_deref(), Some("claude-test"));
    assert_eq!(
        response.usage.map(|u| (u.input_tokens, u.output_tokens)),
        Some((9, 2))
    );
    let sent = &server.requests()[0];
    assert_eq!(sent.path, "/v1/messages");
    assert_eq!(sent.header("x-api-key"), Some(KEY));
    assert_eq!(sent.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(
        sent.body,
        json!({
            "model": "test-model",
            "max_tokens": 1024,
            "system": "Be brief.\n\nRespond with only a JSON value, without any other text.\nThe JSON value must match this JSON Schema: {\"type\":\"string\"}",
            "messages": [{ "role": "user", "content": "Greet me" }],
            "temperature": 0.5,
            "stop_sequences": ["END"],
        })
    );
}

#[test]
fn the_fault_matrix() {
    let error = fails_with(Reply::json(429, "{}").with_header("retry-after", "1"));
    assert_eq!(
        (error.kind, error.retry_after_ms),
        (ErrorKind::RateLimited, Some(1000))
    );
    let overloaded =
        r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    let error = fails_with(Reply::json(529, overloaded));
    assert_eq!(
        (error.kind, error.message.as_str()),
        (ErrorKind::Server, "Overloaded")
    );
    assert_eq!(fails_with(Reply::json(500, "")).kind, ErrorKind::Server);
    assert_eq!(fails_with(Reply::json(503, "")).kind, ErrorKind::Server);
    assert_eq!(fails_with(Reply::json(413, "")).kind, ErrorKind::BadRequest);
    assert_eq!(fails_with(Reply::Reset).kind, ErrorKind::Network);
    assert_eq!(
        fails_with(Reply::json(200, "not json")).kind,
        ErrorKind::Protocol
    );
    let empty = r#"{"type":"message","model":"m","stop_reason":"end_turn"}"#;
    assert_eq!(
        fails_with(Reply::json(200, empty)).kind,
        ErrorKind::Protocol
    );
}

#[test]
fn a_silent_server_times_out() {
    let server = Server::start(vec![Reply::Silent {
        limit: Duration::from_secs(3),
    }]);
    let provider = provider(Vendor::Anthropic, &server.url(""));
    let mut req = request("hi");
    req.timeout_ms = Some(60);
    let (_, outcome) = send(&provider, &req);
    assert_eq!(outcome.expect_err("timeout").kind, ErrorKind::Timeout);
    assert_eq!(server.hangups(1).len(), 1);
}

#[test]
fn a_refusal_is_a_content_filter_finish() {
    let body = r#"{"content":[],"stop_reason":"refusal"}"#;
    let server = Server::start(vec![Reply::json(200, body)]);
    let provider = provider(Vendor::Anthropic, &server.url(""));
    let (_, outcome) = send(&provider, &request("hi"));
    let response = outcome.expect("a response");
    assert_eq!(response.finish_reason.as_deref(), Some("content_filter"));
}

#[test]
fn without_a_key_nothing_is_sent() {
    let server = Server::start(vec![Reply::json(200, ANSWER)]);
    let env = prism_config::Environment::new();
    let settings = prism_config::HttpSettings {
        base_url: Some(server.url("")),
        ..prism_config::HttpSettings::default()
    };
    let endpoint = prism_providers::Endpoint::from_table(Vendor::Anthropic, None, &settings, &env);
    let provider = prism_providers::HttpProvider::new(endpoint);
    let (_, outcome) = send(&provider, &request("hi"));
    let error = outcome.expect_err("no key");
    assert_eq!(error.kind, ErrorKind::Auth);
    assert_eq!(error.message, "no API key: set ANTHROPIC_API_KEY");
    assert!(server.requests().is_empty());
}
