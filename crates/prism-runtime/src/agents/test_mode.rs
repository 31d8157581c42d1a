//! The runtime side of the test-mode namespace `mock` (builtins §17): `mock.script`,
//! `mock.calls` and `mock.reset` act on the provider named `mock`. The test runner registers
//! the namespace; these functions do the work.
use serde_json::{json, Map, Value as Json};

use super::fields::object_json;
use super::mock::{CallRecord, MockProvider};
use super::runtime::current;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

fn with_mock<T>(work: impl FnOnce(&MockProvider) -> T) -> Option<T> {
    let rt = current();
    let entry = rt.provider("mock")?;
    entry.provider.as_mock().map(work)
}

/// `mock.script(target, responses)`: a rule in front of the configured ones.
pub fn script(target: &Value, responses: &Value) -> Result<Value, Thrown> {
    let mut rule = match target.inner() {
        Inner::Str(name) => {
            let mut rule = Map::new();
            rule.insert("agent".to_owned(), Json::String(name.as_str().to_owned()));
            rule
        }
        Inner::Object(_) => object_json(target).unwrap_or_default(),
        _ => {
            let expected = "an agent name or an object";
            return Err(catalogue::bad_argument(
                "mock.script",
                1,
                expected,
                target.type_name(),
            ));
        }
    };
    rule.retain(|key, _| matches!(key.as_str(), "agent" | "model" | "contains"));
    let Json::Array(entries) = crate::to_json(responses) else {
        let expected = "an array of responses";
        return Err(catalogue::bad_argument(
            "mock.script",
            2,
            expected,
            responses.type_name(),
        ));
    };
    rule.insert("responses".to_owned(), Json::Array(entries));
    with_mock(|mock| mock.add_test_rule(&Json::Object(rule)));
    Ok(Value::NULL)
}

/// `mock.reset()`.
pub fn reset() -> Value {
    with_mock(MockProvider::reset);
    Value::NULL
}

/// `mock.calls(filter = null)`: the received calls as objects, oldest first.
pub fn calls(filter: &Value) -> Result<Value, Thrown> {
    let wanted = match filter.inner() {
        Inner::Null => Map::new(),
        Inner::Str(name) => {
            let mut wanted = Map::new();
            wanted.insert("agent".to_owned(), Json::String(name.as_str().to_owned()));
            wanted
        }
        Inner::Object(_) => object_json(filter).unwrap_or_default(),
        _ => {
            let expected = "an agent name, an object or null";
            return Err(catalogue::bad_argument(
                "mock.calls",
                1,
                expected,
                filter.type_name(),
            ));
        }
    };
    let records = with_mock(MockProvider::records).unwrap_or_default();
    let calls = records
        .iter()
        .map(|record| record_json(record))
        .filter(|call| {
            ["agent", "model", "kind"].iter().all(|key| {
                wanted
                    .get(*key)
                    .is_none_or(|want| call.get(*key) == Some(want))
            })
        })
        .map(|call| super::fields::from_json(&call))
        .collect();
    Ok(Value::array(calls))
}

fn record_json(record: &CallRecord) -> Json {
    let request = &record.request;
    let prompt = request
        .messages
        .iter()
        .rev()
        .find(|message| message.role == "user")
        .map(|message| message.content.clone());
    json!({
        "agent": request.agent,
        "model": request.model,
        "kind": request.kind.as_str(),
        "prompt": prompt,
        "system": request.system,
        "task": request.task,
        "attempt": request.attempt,
        "t_ms": record.t_ms,
        "cancelled": record.cancelled.get(),
    })
}
