//! The call pipeline's events (runtime §13.2 `call_start`, `call_end`, `retry`, `fallback`,
//! `budget`), written through the [`CallObserver`] hook of the agent runtime.
use serde_json::{json, Value as Json};

use super::{content, emit};
use crate::agents::observe::{AttemptEnd, CallObserver};
use crate::agents::{Request, Response};
use crate::error::Thrown;

/// Writes the call events into the run's trace; the driver passes it in
/// `AgentSetup::observer` when a trace is written.
pub struct TraceObserver;

fn fields(value: Json) -> serde_json::Map<String, Json> {
    match value {
        Json::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

impl CallObserver for TraceObserver {
    fn call_start(&self, request: &Request) {
        let request_json = request.to_json();
        let recorded = content(|| {
            json!({
                "system": request_json.get("system"),
                "messages": request_json.get("messages"),
                "task": request_json.get("task"),
                "params": request_json.get("params"),
            })
        });
        emit(
            "call_start",
            fields(json!({
                "call": request.metadata.call,
                "attempt": request.attempt,
                "kind": request.kind.as_str(),
                "agent": request.agent,
                "provider": request.provider,
                "model": request.model,
                "context": request.metadata.context,
                "request": recorded,
            })),
        );
    }

    fn call_end(&self, end: &AttemptEnd<'_>) {
        let response = end.response.map(response_json);
        let error = end.error.map(|error| {
            json!({ "kind": error.kind.as_str(), "message": error.message, "status": error.status })
        });
        let (confidence, estimator, source) = match &end.estimate {
            Some((estimate, name)) => (
                Some(estimate.value),
                Some((*name).to_owned()),
                Some(estimate.source.as_str()),
            ),
            None => (None, None, None),
        };
        let finish_reason = end.response.and_then(|r| r.finish_reason.clone());
        emit(
            "call_end",
            fields(json!({
                "call": end.call,
                "attempt": end.attempt,
                "ok": end.error.is_none() && !end.cancelled,
                "cancelled": end.cancelled,
                "latency_ms": end.latency_ms.max(0.0).floor() as u64,
                "usage": { "input_tokens": end.usage.input_tokens, "output_tokens": end.usage.output_tokens },
                "finish_reason": finish_reason,
                "confidence": confidence,
                "estimator": estimator,
                "source": source,
                "response": content(|| response.unwrap_or(Json::Null)),
                "error": error,
            })),
        );
    }

    fn retry(&self, call: &str, next_attempt: u32, reason: &str, delay_ms: u64) {
        emit(
            "retry",
            fields(json!({
                "call": call, "attempt": next_attempt, "reason": reason, "delay_ms": delay_ms,
            })),
        );
    }

    fn fallback(&self, call: &str, from: &str, to: &str, reason: &str) {
        emit(
            "fallback",
            fields(json!({ "call": call, "from": from, "to": to, "reason": reason })),
        );
    }

    fn budget_stopped(&self, error: &Thrown) {
        let data = crate::to_json(error.value())
            .get("data")
            .cloned()
            .unwrap_or(Json::Null);
        let field = |key: &str| data.get(key).cloned().unwrap_or(Json::Null);
        emit(
            "budget",
            fields(json!({
                "scope": field("scope"), "unit": field("unit"),
                "limit": field("limit"), "used": field("used"),
            })),
        );
    }
}

fn response_json(response: &Response) -> Json {
    json!({ "content": response.content, "value": response.value, "reasoning": response.reasoning })
}
