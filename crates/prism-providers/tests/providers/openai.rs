//! `openai` (runtime §9.3), one attempt at a time.
use std::time::Duration;

use prism_providers::Vendor;
use prism_runtime::agents::{ErrorKind, ResponseFormat};
use serde_json::json;

use crate::support::direct::{provider, request, send, KEY};
use crate::support::{Reply, Server};

const ANSWER: &str = r#"{"id":"x","model":"gpt-test","choices":[{"index":0,"message":{"role":"assistant","content":"Paris"},"logprobs":{"content":[{"token":"Paris","logprob":-0.25}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3}}"#;

fn fails_with(reply: Reply) -> prism_runtime::agents::ProviderError {
    let server = Server::start(vec![reply]);
    let provider = provider(Vendor::OpenAi, &server.url("/v1"));
    let (_, outcome) = send(&provider, &request("hi"));
    let error = outcome.expect_err("the attempt must fail");
    assert!(!error.message.contains(KEY), "{}", error.message);
    error
}

#[test]
fn a_completion_reads_content_logprobs_usage_and_model() {
    let server = Server::start(vec![Reply::json(200, ANSWER)]);
    let provider = provider(Vendor::OpenAi, &server.url("/v1/"));
    let mut req = request("Capital of France?");
    req.logprobs = true;
    req.response_format = ResponseFormat::Json;
    req.params.stop = Some(vec!["\n".into()]);
    let (chunks, outcome) = send(&provider, &req);
    let response = outcome.expect("a response");
    assert_eq!(response.content, "Paris");
    assert_eq!(response.logprobs, Some(vec![-0.25]));
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));
    assert_eq!(response.model.as_deref(), Some("gpt-test"));
    let usage = response.usage.expect("usage");
    assert_eq!((usage.input_tokens, usage.output_tokens), (12, 3));
    assert!(chunks.is_empty());
    let sent = &server.requests()[0];
    assert_eq!(sent.path, "/v1/chat/completions");
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(sent.header("x-team"), Some("prism"));
    assert_eq!(
        sent.body,
        json!({
            "model": "test-model",
            "messages": [
                { "role": "system", "content": "Be brief." },
                { "role": "user", "content": "Capital of France?" },
            ],
            "temperature": 0.5,
            "stop": ["\n"],
            "logprobs": true,
            "response_format": { "type": "json_object" },
        })
    );
}

#[test]
fn a_schema_is_sent_as_json_schema_and_null_content_is_empty() {
    let body = r#"{"choices":[{"message":{"content":null},"finish_reason":"tool_calls"}]}"#;
    let server = Server::start(vec![Reply::json(200, body)]);
    let provider = provider(Vendor::OpenAi, &server.url("/v1"));
    let mut req = request("x");
    req.response_format = ResponseFormat::JsonSchema(json!({ "type": "object" }));
    let (_, outcome) = send(&provider, &req);
    let response = outcome.expect("a response");
    assert_eq!(response.content, "");
    assert_eq!(response.finish_reason.as_deref(), Some("tool"));
    assert_eq!(
        server.requests()[0].body["response_format"],
        json!({ "type": "json_schema", "json_schema": { "name": "prism_output", "schema": { "type": "object" } } })
    );
}

#[test]
fn rate_limits_carry_the_wait_the_server_asked_for() {
    let error = fails_with(Reply::json(429, "{}").with_header("retry-after", "2"));
    assert_eq!(error.kind, ErrorKind::RateLimited);
    assert_eq!(
        (error.status, error.retry_after_ms),
        (Some(429.0), Some(2000))
    );
    let error = fails_with(Reply::json(429, "{}").with_header("retry-after-ms", "120"));
    assert_eq!(error.retry_after_ms, Some(120));
}

#[test]
fn server_errors_are_server() {
    let body = r#"{"error":{"message":"overloaded"}}"#;
    let error = fails_with(Reply::json(500, body));
    assert_eq!(
        (error.kind, error.message.as_str()),
        (ErrorKind::Server, "overloaded")
    );
    assert_eq!(fails_with(Reply::json(503, "")).kind, ErrorKind::Server);
}

#[test]
fn a_dropped_connection_is_network() {
    assert_eq!(fails_with(Reply::Reset).kind, ErrorKind::Network);
}

#[test]
fn a_refused_connection_is_network() {
    // A port nothing listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let provider = provider(Vendor::OpenAi, &format!("http://127.0.0.1:{port}/v1"));
    let (_, outcome) = send(&provider, &request("hi"));
    assert_eq!(outcome.expect_err("refused").kind, ErrorKind::Network);
}

#[test]
fn a_silent_server_times_out_and_the_connection_is_dropped() {
    let server = Server::start(vec![Reply::Silent {
        limit: Duration::from_secs(3),
    }]);
    let provider = provider(Vendor::OpenAi, &server.url("/v1"));
    let mut req = request("hi");
    req.timeout_ms = Some(80);
    let (_, outcome) = send(&provider, &req);
    assert_eq!(outcome.expect_err("timeout").kind, ErrorKind::Timeout);
    let hangups = server.hangups(1);
    assert_eq!(hangups.len(), 1, "the client must close the connection");
    assert!(hangups[0] < Duration::from_secs(1), "{hangups:?}");
}

#[test]
fn malformed_json_and_empty_choices_are_protocol_errors() {
    assert_eq!(
        fails_with(Reply::json(200, "{\"choices\": [")).kind,
        ErrorKind::Protocol
    );
    let error = fails_with(Reply::json(200, r#"{"choices":[]}"#));
    assert_eq!(error.kind, ErrorKind::Protocol);
    assert_eq!(error.message, "the response has no choices");
}

#[test]
fn client_errors_map_to_their_kinds() {
    assert_eq!(
        fails_with(Reply::json(400, "{}")).kind,
        ErrorKind::BadRequest
    );
    assert_eq!(fails_with(Reply::json(404, "{}")).kind, ErrorKind::NotFound);
    let moderated = r#"{"error":{"message":"flagged","code":"content_filter"}}"#;
    assert_eq!(
        fails_with(Reply::json(400, moderated)).kind,
        ErrorKind::ContentFilter
    );
}

#[test]
fn an_echoed_key_is_redacted() {
    let body = format!(r#"{{"error":{{"message":"Incorrect API key provided: {KEY}"}}}}"#);
    let error = fails_with(Reply::json(401, &body));
    assert_eq!(error.kind, ErrorKind::Auth);
    assert_eq!(error.message, "Incorrect API key provided: [REDACTED]");
}
