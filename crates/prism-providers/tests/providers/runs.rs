//! Prism programs run end to end by the driver, with a `prism.toml` (and `.env`) in a fresh
//! project directory pointing a provider at a test server: each fault ends in the retry,
//! fallback or error the spec gives (runtime §8.3, §11), never a hang or a lost result.
use std::time::{Duration, Instant};

use crate::support::direct::KEY;
use crate::support::programs::run;
use crate::support::{Reply, Server};

const ANSWER: &str = r#"{"model":"tiny","choices":[{"message":{"content":"Paris"},"logprobs":{"content":[{"logprob":-0.25}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1}}"#;

/// A project whose default provider `local` is an `openai` provider at `server`.
fn openai_toml(server: &Server, extra: &str) -> String {
    format!(
        r#"[runtime]
default_provider = "local"

[policy]
backoff_ms = 1
jitter = "none"

[providers.local]
type = "openai"
base_url = "{}"
model = "tiny"
api_key_env = "LOCAL_KEY"
{extra}
"#,
        server.url("/v1")
    )
}

const DOTENV: &str = "LOCAL_KEY=sk-test-SECRET-0123456789\n";

const FULL_CALL: &str = "let r = llm(\"Capital of France?\", { full: true })\n\
print(r.value, r.attempts, r.source, r.provider)";

const CATCH_CALL: &str = "try {\n  llm(\"Capital of France?\")\n} catch (e) {\n\
  print(e.data.kind, e.data.attempts)\n  print(e.message)\n}";

#[test]
fn a_rate_limit_and_a_server_error_are_retried_until_the_answer() {
    let server = Server::start(vec![
        Reply::json(429, "{}").with_header("retry-after-ms", "40"),
        Reply::json(503, ""),
        Reply::json(200, ANSWER),
    ]);
    let started = Instant::now();
    let ran = run(&openai_toml(&server, ""), DOTENV, FULL_CALL);
    assert_eq!(ran.stdout, ["Paris 3 logprobs local"], "{}", ran.everything);
    assert_eq!(server.requests().len(), 3);
    // The retry waited at least what the server asked for (runtime §11.2).
    assert!(started.elapsed() >= Duration::from_millis(40));
    assert!(!ran.everything.contains(KEY));
}

#[test]
fn a_dropped_connection_is_retried() {
    let server = Server::start(vec![Reply::Reset, Reply::json(200, ANSWER)]);
    let ran = run(&openai_toml(&server, ""), DOTENV, FULL_CALL);
    assert_eq!(ran.stdout, ["Paris 2 logprobs local"], "{}", ran.everything);
}

#[test]
fn a_failing_provider_falls_back_to_another_vendor() {
    let failing = Server::start(vec![Reply::json(500, "")]);
    let claude = Server::start(vec![Reply::json(
        200,
        r#"{"content":[{"type":"text","text":"Bonjour"}],"stop_reason":"end_turn"}"#,
    )]);
    let extra = format!(
        "retries = 1\nfallback = [\"backup\"]\n\n[providers.backup]\ntype = \"anthropic\"\n\
         base_url = \"{}\"\nmodel = \"claude-test\"\napi_key_env = \"LOCAL_KEY\"\n",
        claude.url("")
    );
    let ran = run(&openai_toml(&failing, &extra), DOTENV, FULL_CALL);
    assert_eq!(ran.stdout, ["Bonjour 3 fixed backup"], "{}", ran.everything);
    assert_eq!(failing.requests().len(), 2);
    assert_eq!(claude.requests()[0].header("x-api-key"), Some(KEY));
}

#[test]
fn errors_that_are_not_retried_are_thrown_at_once() {
    for (reply, kind) in [
        (
            Reply::json(400, r#"{"error":{"message":"bad"}}"#),
            "bad_request",
        ),
        (Reply::json(200, "{\"choices\": [ oops"), "protocol"),
        (Reply::json(200, r#"{"choices":[]}"#), "protocol"),
        (Reply::json(404, "{}"), "not_found"),
    ] {
        let server = Server::start(vec![reply]);
        let ran = run(&openai_toml(&server, ""), DOTENV, CATCH_CALL);
        assert_eq!(
            ran.stdout.first().map(String::as_str),
            Some(format!("{kind} 1").as_str())
        );
        assert_eq!(server.requests().len(), 1, "{kind}: not retried");
    }
}

#[test]
fn an_attempt_timeout_drops_the_connection() {
    let server = Server::start(vec![Reply::Silent {
        limit: Duration::from_secs(5),
    }]);
    let started = Instant::now();
    let extra = "timeout_ms = 100\nretries = 0";
    let ran = run(&openai_toml(&server, extra), DOTENV, CATCH_CALL);
    assert_eq!(
        ran.stdout.first().map(String::as_str),
        Some("timeout 1"),
        "{}",
        ran.everything
    );
    let hangups = server.hangups(1);
    assert_eq!(
        hangups.len(),
        1,
        "the request must be dropped, not abandoned"
    );
    assert!(hangups[0] < Duration::from_secs(1), "{hangups:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_slow_stream_cancelled_mid_way_stops_at_once() {
    let events: Vec<String> = (0..40)
        .map(|i| format!(r#"{{"choices":[{{"delta":{{"content":"w{i} "}}}}]}}"#))
        .collect();
    let events: Vec<(Option<&str>, &str)> = events.iter().map(|e| (None, e.as_str())).collect();
    let server = Server::start(vec![Reply::sse(&events, Duration::from_millis(20))]);
    let program = "let got = []\n\
        try {\n  await timeout(() => llm(\"talk\", { onChunk: (text, n) => got.push(text) }), 150)\n\
        } catch (e) {\n  print(e.kind)\n}\n\
        print(got.length > 0, got.length < 40)";
    let started = Instant::now();
    let ran = run(&openai_toml(&server, ""), DOTENV, program);
    assert_eq!(
        ran.stdout,
        ["TimeoutError", "true true"],
        "{}",
        ran.everything
    );
    let hangups = server.hangups(1);
    assert_eq!(hangups.len(), 1, "the stream's connection must be dropped");
    assert!(hangups[0] < Duration::from_millis(600), "{hangups:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn fragments_reach_on_chunk_and_the_result_is_their_concatenation() {
    let events: &[(Option<&str>, &str)] = &[
        (None, r#"{"choices":[{"delta":{"content":"Pa"}}]}"#),
        (
            None,
            r#"{"choices":[{"delta":{"content":"ris"},"finish_reason":"stop"}]}"#,
        ),
        (None, "[DONE]"),
    ];
    let server = Server::start(vec![Reply::sse(events, Duration::from_millis(1))]);
    let program =
        "let r = llm(\"q\", { onChunk: (text, n) => print(\"chunk\", text, n) })\nprint(r)";
    let ran = run(&openai_toml(&server, ""), DOTENV, program);
    assert_eq!(
        ran.stdout[..2],
        ["chunk Pa 1", "chunk ris 1"],
        "{}",
        ran.everything
    );
    // No log-probabilities in this stream: the `logprobs` estimator falls back to `fixed`.
    assert_eq!(ran.stdout[2], "Paris (~50.0%)", "{}", ran.everything);
}

#[test]
fn the_api_key_never_appears_even_when_the_server_echoes_it() {
    let body = format!(r#"{{"error":{{"message":"Incorrect API key provided: {KEY}"}}}}"#);
    let server = Server::start(vec![Reply::json(401, &body)]);
    let ran = run(&openai_toml(&server, ""), DOTENV, CATCH_CALL);
    assert_eq!(ran.stdout.first().map(String::as_str), Some("auth 1"));
    assert!(ran.everything.contains("[REDACTED]"), "{}", ran.everything);
    assert!(!ran.everything.contains(KEY), "{}", ran.everything);
    let sent = &server.requests()[0];
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[test]
fn gemini_end_to_end_with_a_retry() {
    let answer =
        r#"{"candidates":[{"content":{"parts":[{"text":"Berlin"}]},"finishReason":"STOP"}]}"#;
    let server = Server::start(vec![
        Reply::json(429, "{}").with_header("retry-after", "0.02"),
        Reply::json(200, answer),
    ]);
    let toml = format!(
        "[runtime]\ndefault_provider = \"g\"\n[policy]\nbackoff_ms = 1\n\n[providers.g]\n\
         type = \"gemini\"\nbase_url = \"{}\"\nmodel = \"gemini-test\"\napi_key_env = \"LOCAL_KEY\"\n",
        server.url("")
    );
    let ran = run(&toml, DOTENV, FULL_CALL);
    assert_eq!(ran.stdout, ["Berlin 2 fixed g"], "{}", ran.everything);
    assert_eq!(
        server.requests()[1].path,
        "/v1beta/models/gemini-test:generateContent"
    );
}

#[test]
fn the_review_agent_example_runs_unchanged_against_an_openai_server() {
    let answer = r#"{"choices":[{"message":{"content":"approve"},"logprobs":{"content":[{"logprob":-0.01}]},"finish_reason":"stop"}]}"#;
    let server = Server::start(vec![Reply::json(200, answer)]);
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/review-agent.prism"
    );
    let program = std::fs::read_to_string(example).expect("the example");
    // The example's agents name the provider `mock`; only prism.toml changes what that is.
    let toml = format!(
        "[providers.mock]\ntype = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\n",
        server.url("/v1")
    );
    let ran = run(&toml, "", &program);
    assert_eq!(
        ran.stdout.last().map(String::as_str),
        Some("decision: merge"),
        "{}",
        ran.everything
    );
    assert!(
        server.requests().len() >= 2,
        "every model call went to the server"
    );
    assert!(!ran.everything.contains("W0902"), "{}", ran.everything);
}
