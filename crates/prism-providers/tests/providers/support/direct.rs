//! Unit-level calls: one attempt through [`HttpProvider`] without a scheduler (the outcome is
//! there when `start` returns), against a [`super::Server`].
use prism_config::{Environment, HttpSettings};
use prism_providers::{Endpoint, HttpProvider, Vendor};
use prism_runtime::agents::provider::RequestMetadata;
use prism_runtime::agents::{
    CallKind, Delivery, Message, Outcome, Params, Provider, Request, ResponseFormat, StartContext,
};
use prism_runtime::builtins::RandomStreams;

/// The key the tests configure; it must never appear in any message.
pub const KEY: &str = "sk-test-SECRET-0123456789";

/// A provider of `vendor` whose base URL is `base_url`, with [`KEY`] as its key.
pub fn provider(vendor: Vendor, base_url: &str) -> HttpProvider {
    let env: Environment = [("TEST_KEY", KEY)].into_iter().collect();
    let settings = HttpSettings {
        base_url: Some(base_url.to_owned()),
        api_key_env: Some("TEST_KEY".to_owned()),
        headers: prism_config::NamedValues(vec![("x-team".into(), "prism".into())]),
        ..HttpSettings::default()
    };
    HttpProvider::new(Endpoint::from_table(
        vendor,
        Some("test-model".to_owned()),
        &settings,
        &env,
    ))
}

/// An `llm` request for `prompt` with a system prompt.
pub fn request(prompt: &str) -> Request {
    Request {
        id: "c1.1".into(),
        kind: CallKind::Llm,
        provider: "p".into(),
        agent: None,
        model: Some("test-model".into()),
        system: Some("Be brief.".into()),
        messages: vec![Message {
            role: "user".into(),
            content: prompt.into(),
        }],
        task: None,
        params: Params {
            temperature: Some(0.5),
            ..Params::default()
        },
        response_format: ResponseFormat::Text,
        logprobs: false,
        stream: false,
        timeout_ms: Some(2_000),
        attempt: 1,
        metadata: RequestMetadata::default(),
    }
}

/// Sends `request`; returns the fragments and the outcome.
pub fn send(provider: &HttpProvider, request: &Request) -> (Vec<String>, Outcome) {
    let delivery = Delivery::new();
    let mut random = RandomStreams::new(1);
    let mut cx = StartContext {
        scheduler: None,
        random: &mut random,
    };
    let _in_flight = provider.start(request, &mut cx, delivery.clone());
    let chunks = delivery.take_chunks();
    let outcome = delivery
        .take_outcome()
        .unwrap_or_else(|| panic!("no outcome for {}", request.id));
    (chunks, outcome)
}
