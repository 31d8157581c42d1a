//! The Anthropic Messages API (runtime §9.4). It has no JSON mode: JSON output is asked for in
//! the system prompt, and log-probabilities are not available.
use prism_runtime::agents::provider::Usage;
use prism_runtime::agents::{ErrorKind, ProviderError, Request, Response, ResponseFormat};
use serde_json::{json, Map, Value as Json};

use super::{event_json, headers, put, text_at, HttpCall, StreamState, Wire};
use crate::errors::protocol;
use crate::settings::Endpoint;
use crate::sse::Event;

pub struct Anthropic;

/// The instruction that asks for JSON output (§9.4).
const JSON_INSTRUCTION: &str = "Respond with only a JSON value, without any other text.";

impl Wire for Anthropic {
    fn call(&self, endpoint: &Endpoint, request: &Request, model: &str) -> HttpCall {
        let mut body = Map::new();
        body.insert("model".to_owned(), json!(model));
        let max_tokens = request.params.max_tokens.unwrap_or(endpoint.max_tokens);
        body.insert("max_tokens".to_owned(), json!(max_tokens));
        put(&mut body, "system", system_prompt(request));
        let messages: Vec<Json> = request
            .messages
            .iter()
            .map(|m| {
                let role = if m.role == "assistant" {
                    "assistant"
                } else {
                    "user"
                };
                json!({ "role": role, "content": m.content })
            })
            .collect();
        body.insert("messages".to_owned(), Json::Array(messages));
        let p = &request.params;
        put(&mut body, "temperature", p.temperature);
        put(&mut body, "top_p", p.top_p);
        put(&mut body, "stop_sequences", p.stop.clone());
        if request.stream {
            body.insert("stream".to_owned(), json!(true));
        }
        let key = endpoint
            .api_key
            .as_ref()
            .map(|key| ("x-api-key", key.expose().to_owned()));
        let mut headers = headers(endpoint, key);
        headers.push((
            "anthropic-version".to_owned(),
            endpoint.anthropic_version.clone(),
        ));
        HttpCall {
            url: format!("{}/v1/messages", endpoint.base_url),
            headers,
            body: Json::Object(body),
        }
    }

    fn response(&self, body: &Json) -> Result<Response, ProviderError> {
        if text_at(body, "type") == Some("error") {
            return Err(error_event(body));
        }
        let blocks = body
            .get("content")
            .and_then(Json::as_array)
            .ok_or_else(|| protocol("the response has no content blocks"))?;
        let content = blocks
            .iter()
            .filter(|block| text_at(block, "type") == Some("text"))
            .filter_map(|block| text_at(block, "text"))
            .collect();
        let usage = body.get("usage").filter(|u| u.is_object()).map(|u| Usage {
            input_tokens: u.get("input_tokens").and_then(Json::as_u64).unwrap_or(0),
            output_tokens: u.get("output_tokens").and_then(Json::as_u64).unwrap_or(0),
        });
        Ok(Response {
            content,
            finish_reason: text_at(body, "stop_reason").map(finish_reason),
            usage,
            model: text_at(body, "model").map(str::to_owned),
            ..Response::default()
        })
    }

    fn stream(&self) -> Box<dyn StreamState> {
        Box::new(Stream::default())
    }
}

/// The system prompt, with the JSON instruction (and schema) appended when JSON is requested.
fn system_prompt(request: &Request) -> Option<String> {
    let instruction = match &request.response_format {
        ResponseFormat::Text => return request.system.clone(),
        ResponseFormat::Json => JSON_INSTRUCTION.to_owned(),
        ResponseFormat::JsonSchema(schema) => {
            format!("{JSON_INSTRUCTION}\nThe JSON value must match this JSON Schema: {schema}")
        }
    };
    Some(match &request.system {
        Some(system) => format!("{system}\n\n{instruction}"),
        None => instruction,
    })
}

fn finish_reason(reason: &str) -> String {
    match reason {
        "end_turn" | "stop_sequence" => "stop",
        "max_tokens" => "length",
        "refusal" => "content_filter",
        "tool_use" => "tool",
        _ => "other",
    }
    .to_owned()
}

/// An `error` body or event: `{"type":"error","error":{"type":…,"message":…}}`.
fn error_event(body: &Json) -> ProviderError {
    let error = body.get("error");
    let kind = match error.and_then(|e| text_at(e, "type")) {
        Some("overloaded_error" | "api_error") => ErrorKind::Server,
        Some("rate_limit_error") => ErrorKind::RateLimited,
        Some("authentication_error" | "permission_error") => ErrorKind::Auth,
        Some("invalid_request_error" | "request_too_large") => ErrorKind::BadRequest,
        Some("not_found_error") => ErrorKind::NotFound,
        _ => ErrorKind::Other,
    };
    let message = error
        .and_then(|e| text_at(e, "message"))
        .unwrap_or("the provider reported an error");
    ProviderError::new(kind, message)
}

/// A streamed message: `message_start`, `content_block_delta`s, `message_delta`,
/// `message_stop`.
#[derive(Default)]
struct Stream {
    content: String,
    finish_reason: Option<String>,
    usage: Usage,
    model: Option<String>,
    started: bool,
    stopped: bool,
}

impl StreamState for Stream {
    fn event(&mut self, event: &Event) -> Result<Vec<String>, ProviderError> {
        let data = event_json(event)?;
        let kind = event.name.as_deref().or_else(|| text_at(&data, "type"));
        match kind {
            Some("message_start") => {
                self.started = true;
                let message = data.get("message");
                self.model = message.and_then(|m| text_at(m, "model")).map(str::to_owned);
                let usage = message.and_then(|m| m.get("usage"));
                let count = |key| usage.and_then(|u| u.get(key)).and_then(Json::as_u64);
                self.usage.input_tokens = count("input_tokens").unwrap_or(0);
                self.usage.output_tokens = count("output_tokens").unwrap_or(0);
            }
            Some("content_block_delta") => {
                let delta = data.get("delta");
                if delta.and_then(|d| text_at(d, "type")) == Some("text_delta") {
                    if let Some(text) = delta.and_then(|d| text_at(d, "text")) {
                        self.content.push_str(text);
                        return Ok(vec![text.to_owned()]);
                    }
                }
            }
            Some("message_delta") => {
                let reason = data.get("delta").and_then(|d| text_at(d, "stop_reason"));
                self.finish_reason = reason.map(finish_reason).or(self.finish_reason.take());
                let output = data.get("usage").and_then(|u| u.get("output_tokens"));
                if let Some(output) = output.and_then(Json::as_u64) {
                    self.usage.output_tokens = output;
                }
            }
            Some("message_stop") => self.stopped = true,
            Some("error") => return Err(error_event(&data)),
            _ => {}
        }
        Ok(Vec::new())
    }

    fn ended(&self) -> bool {
        self.stopped
    }

    fn complete(&self) -> bool {
        self.finish_reason.is_some()
    }

    fn response(&mut self) -> Result<Response, ProviderError> {
        if !self.started {
            return Err(protocol("the stream has no message_start event"));
        }
        Ok(Response {
            content: std::mem::take(&mut self.content),
            finish_reason: self.finish_reason.take(),
            usage: Some(self.usage),
            model: self.model.take(),
            ..Response::default()
        })
    }
}
