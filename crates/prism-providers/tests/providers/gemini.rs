//! `gemini` (runtime §9.5), one attempt at a time.
use std::time::Duration;

use prism_providers::Vendor;
use prism_runtime::agents::{ErrorKind, Message, ProviderError, ResponseFormat};
use serde_json::json;

use crate::support::direct::{provider, request, send, KEY};
use crate::support::{Reply, Server};

const ANSWER: &str = r#"{"candidates":[{"content":{"role":"model","parts":[{"text":"thinking","thought":true},{"text":"Ber"},{"text":"lin"}]},"finishReason":"STOP","logprobsResult":{"chosenCandidates":[{"token":"Ber","logProbability":-0.1},{"token":"lin","logProbability":-0.3}]}}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2},"modelVersion":"gemini-test"}"#;

fn fails_with(reply: Reply) -> ProviderError {
    let server = Server::start(vec![reply]);
    let provider = provider(Vendor::Gemini, &server.url(""));
    let (_, outcome) = send(&provider, &request("hi"));
    let error = outcome.expect_err("the attempt must fail");
    assert!(!error.message.contains(KEY), "{}", error.message);
    error
}

#[test]
fn generate_content_reads_parts_logprobs_and_usage() {
    let server = Server::start(vec![Reply::json(200, ANSWER)]);
    let provider = provider(Vendor::Gemini, &server.url(""));
    let mut req = request("Capital of Germany?");
    req.messages.push(Message {
        role: "assistant".into(),
        content: "Ask away.".into(),
    });
    req.logprobs = true;
    req.response_format = ResponseFormat::JsonSchema(json!({ "type": "STRING" }));
    req.params.max_tokens = Some(20);
    let (_, outcome) = send(&provider, &req);
    let response = outcome.expect("a response");
    assert_eq!(response.content, "Berlin");
    assert_eq!(response.logprobs, Some(vec![-0.1, -0.3]));
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));
    assert_eq!(response.model.as_deref(), Some("gemini-test"));
    assert_eq!(
        response.usage.map(|u| (u.input_tokens, u.output_tokens)),
        Some((7, 2))
    );
    let sent = &server.requests()[0];
    assert_eq!(sent.path, "/v1beta/models/test-model:generateContent");
    assert_eq!(sent.header("x-goog-api-key"), Some(KEY));
    assert_eq!(
        sent.body,
        json!({
            "contents": [
                { "role": "user", "parts": [{ "text": "Capital of Germany?" }] },
                { "role": "model", "parts": [{ "text": "Ask away." }] },
            ],
            "systemInstruction": { "parts": [{ "text": "Be brief." }] },
            "generationConfig": {
                "temperature": 0.5,
                "maxOutputTokens": 20,
                "responseMimeType": "application/json",
                "responseSchema": { "type": "STRING" },
                "responseLogprobs": true,
            },
        })
    );
}

#[test]
fn the_fault_matrix() {
    let error = fails_with(Reply::json(429, "{}").with_header("retry-after", "3"));
    assert_eq!(
        (error.kind, error.retry_after_ms),
        (ErrorKind::RateLimited, Some(3000))
    );
    assert_eq!(fails_with(Reply::json(500, "")).kind, ErrorKind::Server);
    let unavailable =
        r#"{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"#;
    let error = fails_with(Reply::json(503, unavailable));
    assert_eq!(
        (error.kind, error.message.as_str()),
        (ErrorKind::Server, "The model is overloaded.")
    );
    assert_eq!(fails_with(Reply::json(403, "")).kind, ErrorKind::Auth);
    assert_eq!(fails_with(Reply::Reset).kind, ErrorKind::Network);
    assert_eq!(fails_with(Reply::json(200, "{")).kind, ErrorKind::Protocol);
    assert_eq!(
        fails_with(Reply::json(200, r#"{"candidates":[]}"#)).kind,
        ErrorKind::Protocol
    );
    let blocked = r#"{"promptFeedback":{"blockReason":"SAFETY"}}"#;
    assert_eq!(
        fails_with(Reply::json(200, blocked)).kind,
        ErrorKind::ContentFilter
    );
}

#[test]
fn a_silent_server_times_out() {
    let server = Server::start(vec![Reply::Silent {
        limit: Duration::from_secs(3),
    }]);
    let provider = provider(Vendor::Gemini, &server.url(""));
    let mut req = request("hi");
    req.timeout_ms = Some(60);
    let (_, outcome) = send(&provider, &req);
    assert_eq!(outcome.expect_err("timeout").kind, ErrorKind::Timeout);
    assert_eq!(server.hangups(1).len(), 1);
}
