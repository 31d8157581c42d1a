//! Server-sent-event streaming (runtime §8.4) for the three wire formats, one attempt at a time.
use std::time::Duration;

use prism_providers::Vendor;
use prism_runtime::agents::{ErrorKind, Outcome};
use serde_json::json;

use crate::support::direct::{provider, request, send};
use crate::support::{Reply, Server};

const GAP: Duration = Duration::from_millis(1);

fn stream(vendor: Vendor, reply: Reply) -> (Vec<String>, Outcome, Server) {
    let server = Server::start(vec![reply]);
    let base = match vendor {
        Vendor::OpenAi => server.url("/v1"),
        _ => server.url(""),
    };
    let provider = provider(vendor, &base);
    let mut req = request("hi");
    req.stream = true;
    req.logprobs = vendor == Vendor::OpenAi;
    let (chunks, outcome) = send(&provider, &req);
    (chunks, outcome, server)
}

const OPENAI_EVENTS: &[(Option<&str>, &str)] = &[
    (
        None,
        r#"{"model":"gpt-test","choices":[{"delta":{"role":"assistant","content":"Hel"},"logprobs":{"content":[{"logprob":-0.5}]}}]}"#,
    ),
    (
        None,
        r#"{"model":"gpt-test","choices":[{"delta":{"content":"lo"},"logprobs":{"content":[{"logprob":-0.1}]}}]}"#,
    ),
    (
        None,
        r#"{"model":"gpt-test","choices":[{"delta":{},"finish_reason":"length"}]}"#,
    ),
    (
        None,
        r#"{"model":"gpt-test","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2}}"#,
    ),
    (None, "[DONE]"),
];

#[test]
fn openai_fragments_add_up_to_the_response() {
    let (chunks, outcome, server) = stream(Vendor::OpenAi, Reply::sse(OPENAI_EVENTS, GAP));
    let response = outcome.expect("a response");
    assert_eq!(chunks, ["Hel", "lo"]);
    assert_eq!(response.content, "Hello");
    assert_eq!(response.logprobs, Some(vec![-0.5, -0.1]));
    assert_eq!(response.finish_reason.as_deref(), Some("length"));
    assert_eq!(
        response.usage.map(|u| (u.input_tokens, u.output_tokens)),
        Some((4, 2))
    );
    let body = &server.requests()[0].body;
    assert_eq!(body["stream"], json!(true));
    assert_eq!(body["stream_options"], json!({ "include_usage": true }));
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("text/event-stream")
    );
}

#[test]
fn a_stream_cut_short_is_a_network_error_and_keeps_its_fragments() {
    let (chunks, outcome, _server) = stream(Vendor::OpenAi, Reply::sse(&OPENAI_EVENTS[..2], GAP));
    assert_eq!(chunks, ["Hel", "lo"]);
    assert_eq!(outcome.expect_err("cut").kind, ErrorKind::Network);
}

#[test]
fn a_malformed_event_is_a_protocol_error() {
    let events = [OPENAI_EVENTS[0], (None, "{not json")];
    let (_, outcome, _server) = stream(Vendor::OpenAi, Reply::sse(&events, GAP));
    assert_eq!(outcome.expect_err("malformed").kind, ErrorKind::Protocol);
}

#[test]
fn a_stream_without_choices_is_a_protocol_error() {
    let events = [(None, r#"{"choices":[]}"#), (None, "[DONE]")];
    let (_, outcome, _server) = stream(Vendor::OpenAi, Reply::sse(&events, GAP));
    assert_eq!(outcome.expect_err("empty").kind, ErrorKind::Protocol);
}

#[test]
fn a_server_that_ignores_stream_gives_one_fragment() {
    let body = r#"{"choices":[{"message":{"content":"whole"},"finish_reason":"stop"}]}"#;
    let (chunks, outcome, _server) = stream(Vendor::OpenAi, Reply::json(200, body));
    assert_eq!(chunks, ["whole"]);
    assert_eq!(outcome.expect("a response").content, "whole");
}

#[test]
fn anthropic_streams_text_deltas() {
    let events: &[(Option<&str>, &str)] = &[
        (
            Some("message_start"),
            r#"{"type":"message_start","message":{"model":"claude-test","usage":{"input_tokens":8,"output_tokens":1}}}"#,
        ),
        (
            Some("content_block_start"),
            r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        ),
        (Some("ping"), r#"{"type":"ping"}"#),
        (
            Some("content_block_delta"),
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bon"}}"#,
        ),
        (
            Some("content_block_delta"),
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"jour"}}"#,
        ),
        (
            Some("content_block_stop"),
            r#"{"type":"content_block_stop","index":0}"#,
        ),
        (
            Some("message_delta"),
            r#"{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":5}}"#,
        ),
        (Some("message_stop"), r#"{"type":"message_stop"}"#),
    ];
    let (chunks, outcome, server) = stream(Vendor::Anthropic, Reply::sse(events, GAP));
    let response = outcome.expect("a response");
    assert_eq!(chunks, ["Bon", "jour"]);
    assert_eq!(response.content, "Bonjour");
    assert_eq!(response.finish_reason.as_deref(), Some("length"));
    assert_eq!(
        response.usage.map(|u| (u.input_tokens, u.output_tokens)),
        Some((8, 5))
    );
    assert_eq!(server.requests()[0].body["stream"], json!(true));
}

#[test]
fn an_anthropic_error_event_ends_the_stream() {
    let events: &[(Option<&str>, &str)] = &[
        (
            Some("message_start"),
            r#"{"type":"message_start","message":{"model":"m"}}"#,
        ),
        (
            Some("error"),
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        ),
    ];
    let (_, outcome, _server) = stream(Vendor::Anthropic, Reply::sse(events, GAP));
    let error = outcome.expect_err("error event");
    assert_eq!(
        (error.kind, error.message.as_str()),
        (ErrorKind::Server, "Overloaded")
    );
}

#[test]
fn gemini_streams_partial_responses() {
    let events: &[(Option<&str>, &str)] = &[
        (
            None,
            r#"{"candidates":[{"content":{"parts":[{"text":"Ja"}]}}],"modelVersion":"gemini-test"}"#,
        ),
        (
            None,
            r#"{"candidates":[{"content":{"parts":[{"text":"wohl"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2}}"#,
        ),
    ];
    let (chunks, outcome, server) = stream(Vendor::Gemini, Reply::sse(events, GAP));
    let response = outcome.expect("a response");
    assert_eq!(chunks, ["Ja", "wohl"]);
    assert_eq!(response.content, "Jawohl");
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));
    assert_eq!(
        server.requests()[0].path,
        "/v1beta/models/test-model:streamGenerateContent?alt=sse"
    );
}

#[test]
fn a_gemini_stream_without_a_finish_reason_is_cut_short() {
    let events: &[(Option<&str>, &str)] = &[(
        None,
        r#"{"candidates":[{"content":{"parts":[{"text":"Ja"}]}}]}"#,
    )];
    let (_, outcome, _server) = stream(Vendor::Gemini, Reply::sse(events, GAP));
    assert_eq!(outcome.expect_err("cut").kind, ErrorKind::Network);
}
