//! Google's Gemini API (runtime §9.5): `models/{model}:generateContent`, and
//! `:streamGenerateContent?alt=sse` for streaming, where every event is a partial response.
use prism_runtime::agents::provider::Usage;
use prism_runtime::agents::{ErrorKind, ProviderError, Request, Response, ResponseFormat};
use serde_json::{json, Map, Value as Json};

use super::{event_json, headers, put, text_at, HttpCall, StreamState, Wire};
use crate::errors::protocol;
use crate::settings::Endpoint;
use crate::sse::Event;

pub struct Gemini;

impl Wire for Gemini {
    fn call(&self, endpoint: &Endpoint, request: &Request, model: &str) -> HttpCall {
        let contents: Vec<Json> = request
            .messages
            .iter()
            .map(|m| {
                let role = if m.role == "assistant" {
                    "model"
                } else {
                    "user"
                };
                json!({ "role": role, "parts": [{ "text": m.content }] })
            })
            .collect();
        let mut body = Map::new();
        body.insert("contents".to_owned(), Json::Array(contents));
        if let Some(system) = &request.system {
            let instruction = json!({ "parts": [{ "text": system }] });
            body.insert("systemInstruction".to_owned(), instruction);
        }
        let mut config = Map::new();
        let p = &request.params;
        put(&mut config, "temperature", p.temperature);
        put(&mut config, "maxOutputTokens", p.max_tokens);
        put(&mut config, "topP", p.top_p);
        put(&mut config, "stopSequences", p.stop.clone());
        put(&mut config, "seed", p.seed);
        if request.response_format.wants_json() {
            config.insert("responseMimeType".to_owned(), json!("application/json"));
        }
        if let ResponseFormat::JsonSchema(schema) = &request.response_format {
            config.insert("responseSchema".to_owned(), schema.clone());
        }
        if request.logprobs {
            config.insert("responseLogprobs".to_owned(), json!(true));
        }
        if !config.is_empty() {
            body.insert("generationConfig".to_owned(), Json::Object(config));
        }
        let method = if request.stream {
            "streamGenerateContent?alt=sse"
        } else {
            "generateContent"
        };
        let key = endpoint
            .api_key
            .as_ref()
            .map(|key| ("x-goog-api-key", key.expose().to_owned()));
        HttpCall {
            url: format!(
                "{}/{}/models/{model}:{method}",
                endpoint.base_url, endpoint.api_version
            ),
            headers: headers(endpoint, key),
            body: Json::Object(body),
        }
    }

    fn response(&self, body: &Json) -> Result<Response, ProviderError> {
        let mut stream = Stream::default();
        stream.add(body)?;
        stream.response()
    }

    fn stream(&self) -> Box<dyn StreamState> {
        Box::new(Stream::default())
    }
}

fn finish_reason(reason: &str) -> String {
    match reason {
        "STOP" => "stop",
        "MAX_TOKENS" => "length",
        "SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" => "content_filter",
        _ => "other",
    }
    .to_owned()
}

/// A response assembled from one body or from the partial responses of a stream.
#[derive(Default)]
struct Stream {
    /// The parts received so far (content, log-probabilities, finish reason, usage, model).
    partial: Response,
    saw_candidate: bool,
}

impl Stream {
    /// Adds one (partial) response; returns its text.
    fn add(&mut self, body: &Json) -> Result<String, ProviderError> {
        if let Some(error) = body.get("error") {
            let message = text_at(error, "message").unwrap_or("the provider reported an error");
            return Err(ProviderError::new(ErrorKind::Server, message));
        }
        if let Some(model) = text_at(body, "modelVersion") {
            self.partial.model = Some(model.to_owned());
        }
        if let Some(usage) = body.get("usageMetadata").filter(|u| u.is_object()) {
            let count = |key| usage.get(key).and_then(Json::as_u64).unwrap_or(0);
            self.partial.usage = Some(Usage {
                input_tokens: count("promptTokenCount"),
                output_tokens: count("candidatesTokenCount"),
            });
        }
        let candidate = body
            .get("candidates")
            .and_then(Json::as_array)
            .and_then(|c| c.first());
        let Some(candidate) = candidate else {
            let blocked = body
                .get("promptFeedback")
                .and_then(|f| text_at(f, "blockReason"));
            if let Some(reason) = blocked {
                let message = format!("the prompt was blocked ({reason})");
                return Err(ProviderError::new(ErrorKind::ContentFilter, message));
            }
            return Ok(String::new());
        };
        self.saw_candidate = true;
        if let Some(reason) = text_at(candidate, "finishReason") {
            self.partial.finish_reason = Some(finish_reason(reason));
        }
        let chosen = candidate
            .get("logprobsResult")
            .and_then(|l| l.get("chosenCandidates"))
            .and_then(Json::as_array);
        if let Some(chosen) = chosen {
            let values = chosen
                .iter()
                .filter_map(|c| c.get("logProbability")?.as_f64());
            self.partial
                .logprobs
                .get_or_insert_with(Vec::new)
                .extend(values);
        }
        let parts = candidate
            .get("content")
            .and_then(|c| c.get("parts"))
            .and_then(Json::as_array);
        let text: String = parts
            .into_iter()
            .flatten()
            // Thought summaries are not part of the answer.
            .filter(|part| part.get("thought").and_then(Json::as_bool) != Some(true))
            .filter_map(|part| text_at(part, "text"))
            .collect();
        self.partial.content.push_str(&text);
        Ok(text)
    }
}

impl StreamState for Stream {
    fn event(&mut self, event: &Event) -> Result<Vec<String>, ProviderError> {
        let text = self.add(&event_json(event)?)?;
        Ok(if text.is_empty() {
            Vec::new()
        } else {
            vec![text]
        })
    }

    /// Gemini streams end with the connection, not with an event.
    fn ended(&self) -> bool {
        false
    }

    fn complete(&self) -> bool {
        self.partial.finish_reason.is_some()
    }

    fn response(&mut self) -> Result<Response, ProviderError> {
        if !self.saw_candidate {
            return Err(protocol("the response has no candidates"));
        }
        Ok(std::mem::take(&mut self.partial))
    }
}
