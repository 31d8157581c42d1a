//! OpenAI-compatible Chat Completions (runtime §9.3): OpenAI, Ollama, llama.cpp server, vLLM,
//! LM Studio.
use prism_runtime::agents::provider::Usage;
use prism_runtime::agents::{ErrorKind, ProviderError, Request, Response, ResponseFormat};
use serde_json::{json, Map, Value as Json};

use super::{event_json, headers, put, HttpCall, StreamState, Wire};
use crate::errors::protocol;
use crate::settings::Endpoint;
use crate::sse::Event;

pub struct OpenAi;

impl Wire for OpenAi {
    fn call(&self, endpoint: &Endpoint, request: &Request, model: &str) -> HttpCall {
        let mut messages = Vec::new();
        if let Some(system) = &request.system {
            messages.push(json!({ "role": "system", "content": system }));
        }
        for message in &request.messages {
            messages.push(json!({ "role": message.role, "content": message.content }));
        }
        let mut body = Map::new();
        body.insert("model".to_owned(), json!(model));
        body.insert("messages".to_owned(), Json::Array(messages));
        let p = &request.params;
        put(&mut body, "temperature", p.temperature);
        put(&mut body, "max_tokens", p.max_tokens);
        put(&mut body, "top_p", p.top_p);
        put(&mut body, "stop", p.stop.clone());
        put(&mut body, "seed", p.seed);
        if request.logprobs {
            body.insert("logprobs".to_owned(), json!(true));
        }
        match &request.response_format {
            ResponseFormat::Text => {}
            ResponseFormat::Json => {
                body.insert(
                    "response_format".to_owned(),
                    json!({ "type": "json_object" }),
                );
            }
            ResponseFormat::JsonSchema(schema) => {
                let format = json!({
                    "type": "json_schema",
                    "json_schema": { "name": "prism_output", "schema": schema },
                });
                body.insert("response_format".to_owned(), format);
            }
        }
        if request.stream {
            body.insert("stream".to_owned(), json!(true));
            body.insert(
                "stream_options".to_owned(),
                json!({ "include_usage": true }),
            );
        }
        let key = endpoint
            .api_key
            .as_ref()
            .map(|key| ("Authorization", format!("Bearer {}", key.expose())));
        HttpCall {
            url: format!("{}/chat/completions", endpoint.base_url),
            headers: headers(endpoint, key),
            body: Json::Object(body),
        }
    }

    fn response(&self, body: &Json) -> Result<Response, ProviderError> {
        let choice = first_choice(body)?;
        let message = choice
            .get("message")
            .filter(|m| m.is_object())
            .ok_or_else(|| protocol("the first choice has no message"))?;
        let content = match message.get("content") {
            Some(Json::String(text)) => text.clone(),
            Some(Json::Null) | None => String::new(),
            Some(_) => return Err(protocol("the message content is not a string")),
        };
        Ok(Response {
            content,
            logprobs: logprobs_of(choice),
            finish_reason: finish_reason(choice),
            usage: usage_of(body),
            model: body.get("model").and_then(Json::as_str).map(str::to_owned),
            ..Response::default()
        })
    }

    fn stream(&self) -> Box<dyn StreamState> {
        Box::new(Stream::default())
    }
}

/// `choices[0]`; a missing or empty choice list is a `protocol` error (an `error` object in a
/// successful body is reported with its message).
fn first_choice(body: &Json) -> Result<&Json, ProviderError> {
    if let Some(choice) = body
        .get("choices")
        .and_then(Json::as_array)
        .and_then(|c| c.first())
    {
        return Ok(choice);
    }
    let reported = body
        .get("error")
        .and_then(|e| e.get("message"))
        .and_then(Json::as_str);
    Err(protocol(match reported {
        Some(message) => format!("the response has no choices: {message}"),
        None => "the response has no choices".to_owned(),
    }))
}

fn logprobs_of(choice: &Json) -> Option<Vec<f64>> {
    let entries = choice.get("logprobs")?.get("content")?.as_array()?;
    Some(
        entries
            .iter()
            .filter_map(|entry| entry.get("logprob").and_then(Json::as_f64))
            .collect(),
    )
}

fn finish_reason(choice: &Json) -> Option<String> {
    let reason = choice.get("finish_reason")?.as_str()?;
    let mapped = match reason {
        "stop" | "length" | "content_filter" => reason,
        "tool_calls" | "function_call" => "tool",
        _ => "other",
    };
    Some(mapped.to_owned())
}

fn usage_of(body: &Json) -> Option<Usage> {
    let usage = body.get("usage").filter(|u| u.is_object())?;
    Some(Usage {
        input_tokens: usage
            .get("prompt_tokens")
            .and_then(Json::as_u64)
            .unwrap_or(0),
        output_tokens: usage
            .get("completion_tokens")
            .and_then(Json::as_u64)
            .unwrap_or(0),
    })
}

/// A streamed completion: `data:` chunks until `data: [DONE]`.
#[derive(Default)]
struct Stream {
    /// The parts received so far (content, log-probabilities, finish reason, usage, model).
    partial: Response,
    saw_choice: bool,
    done: bool,
}

impl StreamState for Stream {
    fn event(&mut self, event: &Event) -> Result<Vec<String>, ProviderError> {
        if event.data.trim() == "[DONE]" {
            self.done = true;
            return Ok(Vec::new());
        }
        let chunk = event_json(event)?;
        if let Some(error) = chunk.get("error") {
            let message = error
                .get("message")
                .and_then(Json::as_str)
                .unwrap_or("stream error");
            return Err(ProviderError::new(ErrorKind::Server, message));
        }
        if let Some(model) = chunk.get("model").and_then(Json::as_str) {
            self.partial.model = Some(model.to_owned());
        }
        if let Some(usage) = usage_of(&chunk) {
            self.partial.usage = Some(usage);
        }
        let Some(choice) = chunk
            .get("choices")
            .and_then(Json::as_array)
            .and_then(|c| c.first())
        else {
            return Ok(Vec::new());
        };
        self.saw_choice = true;
        if let Some(logprobs) = logprobs_of(choice) {
            self.partial
                .logprobs
                .get_or_insert_with(Vec::new)
                .extend(logprobs);
        }
        if let Some(reason) = finish_reason(choice) {
            self.partial.finish_reason = Some(reason);
        }
        match choice
            .get("delta")
            .and_then(|d| d.get("content"))
            .and_then(Json::as_str)
        {
            Some(text) if !text.is_empty() => {
                self.partial.content.push_str(text);
                Ok(vec![text.to_owned()])
            }
            _ => Ok(Vec::new()),
        }
    }

    fn ended(&self) -> bool {
        self.done
    }

    fn complete(&self) -> bool {
        self.partial.finish_reason.is_some()
    }

    fn response(&mut self) -> Result<Response, ProviderError> {
        if !self.saw_choice {
            return Err(protocol("the streamed response has no choices"));
        }
        Ok(std::mem::take(&mut self.partial))
    }
}
