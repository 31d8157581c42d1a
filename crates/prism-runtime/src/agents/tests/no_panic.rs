//! No input makes the agent runtime panic: arbitrary option objects, agent declarations, mock
//! rules and response entries are errors or answers, never crashes.
use proptest::prelude::*;
use serde_json::{json, Value as Json};

use super::super::fields::from_json;
use super::super::mock::Rule;
use super::super::options::read_options;
use super::super::provider::{ProviderError, Response};

const KEYS: &[&str] = &[
    "provider",
    "model",
    "system",
    "json",
    "schema",
    "timeout",
    "retries",
    "backoff",
    "jitter",
    "retryOn",
    "minConfidence",
    "fallback",
    "estimator",
    "temperature",
    "maxTokens",
    "stop",
    "capabilities",
    "expertise",
    "metadata",
    "budget",
    "concurrency",
    "content",
    "value",
    "confidence",
    "error",
    "kind",
    "status",
    "logprobs",
    "usage",
    "responses",
    "contains",
    "calibration",
    "name",
    "fallbackX",
];

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<f64>().prop_map(|n| json!(n)),
        (-5i64..200).prop_map(Json::from),
        "[a-z ]{0,8}".prop_map(Json::from),
        prop::sample::select(vec![
            "full",
            "none",
            "fixed",
            "self-report",
            "logprobs",
            "heuristic",
            "server"
        ])
        .prop_map(Json::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..5).prop_map(
                |pairs| {
                    Json::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                }
            ),
        ]
    })
}

proptest! {
    #[test]
    fn options_declarations_and_mock_entries_never_panic(input in json_value()) {
        let value = from_json(&input);
        let _ = read_options("llm", &value);
        let _ = super::super::agent::config_from_object("a", &value);
        let _ = super::super::agent::read_budget(&value);
        let rule = Rule::from_json(&input);
        let _ = format!("{rule:?}");
        let _ = Response::from_json(&input);
        let _ = ProviderError::from_json(&input);
    }
}
