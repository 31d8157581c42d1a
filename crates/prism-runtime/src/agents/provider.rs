//! The provider contract (runtime §8): one [`Request`] per attempt, answered later by one
//! [`Response`] or one [`ProviderError`], optionally preceded by text fragments (§8.4).
//!
//! # Asynchrony
//!
//! A call never blocks the run thread (language §14.1). [`Provider::start`] only *starts* an
//! attempt and returns an [`InFlight`] handle; the outcome is posted later into the attempt's
//! [`Delivery`], which wakes the waiting task through its [`crate::tasks::Waker`]:
//!
//! * the in-process `mock` posts from a scheduler timer `latency_ms` after the start, so the
//!   delay is measured on the run clock, virtual or real (runtime §7.4, §9.1);
//! * providers that do real I/O (HTTP, processes: later work) run it on a background thread
//!   and hand the outcome to the run's [`crate::tasks::ExternalEvents`] source, which calls
//!   [`Delivery::finish`] on the run thread ([`Delivery`] is deliberately not `Send`).
//!
//! Cancelling (runtime §7.3, §8.4) calls [`InFlight::cancel`] and closes the delivery, so
//! nothing posted afterwards reaches the program.
use serde_json::{json, Value as Json};

pub use super::delivery::{Delivery, Interrupt};
use crate::builtins::RandomStreams;
use crate::tasks::Scheduler;

/// The error kinds of runtime §8.3, plus `parse` (§11.3), which only the pipeline produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Timeout,
    RateLimited,
    Server,
    Network,
    Unavailable,
    Auth,
    BadRequest,
    NotFound,
    ContentFilter,
    Protocol,
    Cancelled,
    Other,
    /// Unparsable structured output (runtime §11.3); never sent by a provider.
    Parse,
}

const KIND_NAMES: &[(ErrorKind, &str)] = &[
    (ErrorKind::Timeout, "timeout"),
    (ErrorKind::RateLimited, "rate_limited"),
    (ErrorKind::Server, "server"),
    (ErrorKind::Network, "network"),
    (ErrorKind::Unavailable, "unavailable"),
    (ErrorKind::Auth, "auth"),
    (ErrorKind::BadRequest, "bad_request"),
    (ErrorKind::NotFound, "not_found"),
    (ErrorKind::ContentFilter, "content_filter"),
    (ErrorKind::Protocol, "protocol"),
    (ErrorKind::Cancelled, "cancelled"),
    (ErrorKind::Other, "other"),
    (ErrorKind::Parse, "parse"),
];

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        KIND_NAMES
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("other", |(_, name)| name)
    }

    /// The kind named `name`; unknown names are `other` (a provider's answer is never trusted
    /// to be well-formed).
    pub fn parse(name: &str) -> ErrorKind {
        KIND_NAMES
            .iter()
            .find(|(_, known)| *known == name)
            .map_or(ErrorKind::Other, |(kind, _)| *kind)
    }
}

/// A failed attempt (runtime §8.3).
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderError {
    pub kind: ErrorKind,
    pub message: String,
    /// The HTTP or exit status.
    pub status: Option<f64>,
    /// A wait the provider asked for; backoff honours it (runtime §11.2).
    pub retry_after_ms: Option<u64>,
}

impl ProviderError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ProviderError {
        ProviderError {
            kind,
            message: message.into(),
            status: None,
            retry_after_ms: None,
        }
    }

    /// Reads the error object of §8.3 (`kind`, `message`, `status`, `retry_after_ms`).
    pub fn from_json(json: &Json) -> ProviderError {
        let kind = json.get("kind").and_then(Json::as_str).unwrap_or("other");
        let message = json.get("message").and_then(Json::as_str).unwrap_or("");
        ProviderError {
            kind: ErrorKind::parse(kind),
            message: message.to_owned(),
            status: json.get("status").and_then(Json::as_f64),
            retry_after_ms: json.get("retry_after_ms").and_then(Json::as_u64),
        }
    }
}

/// `kind` of a request (runtime §8.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    Llm,
    Ask,
    Call,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Llm => "llm",
            CallKind::Ask => "ask",
            CallKind::Call => "call",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub role: String,
    pub content: String,
}

/// Generation parameters (runtime §8.1 `params`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Params {
    pub temperature: Option<f64>,
    pub max_tokens: Option<u64>,
    pub top_p: Option<f64>,
    pub stop: Option<Vec<String>>,
    pub seed: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ResponseFormat {
    Text,
    Json,
    JsonSchema(Json),
}

impl ResponseFormat {
    pub fn wants_json(&self) -> bool {
        !matches!(self, ResponseFormat::Text)
    }
}

/// `metadata` of a request (runtime §8.1).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RequestMetadata {
    pub run_id: String,
    pub node: String,
    pub pattern: Option<String>,
    /// The calling task's context stack (language §8.10).
    pub context: Vec<String>,
    pub call: String,
    pub tags: serde_json::Map<String, Json>,
    pub agent_metadata: serde_json::Map<String, Json>,
}

/// One attempt's request (runtime §8.1).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// `{call id}.{attempt}`.
    pub id: String,
    pub kind: CallKind,
    pub provider: String,
    pub agent: Option<String>,
    pub model: Option<String>,
    pub system: Option<String>,
    pub messages: Vec<Message>,
    /// The task's JSON projection for `call` on task-capable providers.
    pub task: Option<Json>,
    pub params: Params,
    pub response_format: ResponseFormat,
    pub logprobs: bool,
    pub stream: bool,
    pub timeout_ms: Option<u64>,
    pub attempt: u32,
    pub metadata: RequestMetadata,
}

impl Request {
    /// The **request text** of runtime §9.1: the system prompt, the message contents and the
    /// task's compact JSON, joined with line feeds. Also the basis of the token estimate (§8.2).
    pub fn text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.system.clone());
        parts.extend(self.messages.iter().map(|m| m.content.clone()));
        parts.extend(self.task.as_ref().map(Json::to_string));
        parts.join("\n")
    }

    /// The JSON shape of §8.1, fields in the order the spec writes them.
    pub fn to_json(&self) -> Json {
        let messages: Vec<Json> = self
            .messages
            .iter()
            .map(|m| json!({ "role": m.role, "content": m.content }))
            .collect();
        let format = match &self.response_format {
            ResponseFormat::Text => json!({ "type": "text" }),
            ResponseFormat::Json => json!({ "type": "json" }),
            ResponseFormat::JsonSchema(schema) => {
                json!({ "type": "json_schema", "schema": schema })
            }
        };
        let p = &self.params;
        json!({
            "id": self.id,
            "kind": self.kind.as_str(),
            "provider": self.provider,
            "agent": self.agent,
            "model": self.model,
            "system": self.system,
            "messages": messages,
            "task": self.task,
            "params": { "temperature": p.temperature, "max_tokens": p.max_tokens, "top_p": p.top_p, "stop": p.stop, "seed": p.seed },
            "response_format": format,
            "logprobs": self.logprobs,
            "stream": self.stream,
            "timeout_ms": self.timeout_ms,
            "attempt": self.attempt,
            "metadata": {
                "run_id": self.metadata.run_id,
                "node": self.metadata.node,
                "pattern": self.metadata.pattern,
                "context": self.metadata.context,
                "call": self.metadata.call,
                "tags": self.metadata.tags,
                "agent_metadata": self.metadata.agent_metadata,
            },
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// A successful attempt (runtime §8.2).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Response {
    pub content: String,
    pub value: Option<Json>,
    /// Provider-reported confidence, already clamped to [0, 1].
    pub confidence: Option<f64>,
    pub reasoning: Option<String>,
    pub logprobs: Option<Vec<f64>>,
    pub finish_reason: Option<String>,
    pub usage: Option<Usage>,
    pub model: Option<String>,
}

impl Response {
    /// Reads a response object of §8.2 (also the mock's response entries, §9.1): `content`
    /// defaults to the value (its compact JSON text unless it is a string).
    pub fn from_json(json: &Json) -> Response {
        let value = json.get("value").filter(|v| !v.is_null()).cloned();
        let content = match (json.get("content").and_then(Json::as_str), &value) {
            (Some(text), _) => text.to_owned(),
            (None, Some(Json::String(text))) => text.clone(),
            (None, Some(other)) => other.to_string(),
            (None, None) => String::new(),
        };
        let usage = json.get("usage").filter(|u| u.is_object()).map(|u| Usage {
            input_tokens: u.get("input_tokens").and_then(Json::as_u64).unwrap_or(0),
            output_tokens: u.get("output_tokens").and_then(Json::as_u64).unwrap_or(0),
        });
        Response {
            content,
            value,
            confidence: json
                .get("confidence")
                .and_then(Json::as_f64)
                .filter(|c| !c.is_nan())
                .map(|c| c.clamp(0.0, 1.0)),
            reasoning: json
                .get("reasoning")
                .and_then(Json::as_str)
                .map(str::to_owned),
            logprobs: json
                .get("logprobs")
                .and_then(Json::as_array)
                .map(|items| items.iter().filter_map(Json::as_f64).collect()),
            finish_reason: json
                .get("finish_reason")
                .and_then(Json::as_str)
                .map(str::to_owned),
            usage,
            model: json.get("model").and_then(Json::as_str).map(str::to_owned),
        }
    }
}

/// The outcome of one attempt.
pub type Outcome = Result<Response, ProviderError>;

/// What a provider can do (runtime §8.5); the runtime never asks for more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Capabilities {
    pub tasks: bool,
    pub json: bool,
    pub json_schema: bool,
    pub logprobs: bool,
    pub streaming: bool,
    pub virtual_clock: bool,
}

impl Capabilities {
    /// Every capability: the built-in mock, and the replay provider that stands in for any other.
    pub const ALL: Capabilities = Capabilities {
        tasks: true,
        json: true,
        json_schema: true,
        logprobs: true,
        streaming: true,
        virtual_clock: true,
    };
}

/// What a provider may use while starting an attempt.
pub struct StartContext<'a> {
    /// The run's scheduler, for timers on the run clock; `None` when the backend runs without
    /// tasks (the outcome must then be delivered before `start` returns).
    pub scheduler: Option<&'a Scheduler>,
    /// The run's random streams (the mock's failure injection draws from stream 2).
    pub random: &'a mut RandomStreams,
}

/// An attempt in flight.
pub trait InFlight {
    /// Aborts the attempt (runtime §7.3): nothing more is delivered for it.
    fn cancel(&self, scheduler: Option<&Scheduler>);
}

/// A provider (runtime §8, §8.5). Built-in types implement it in this module; a host adds its
/// own through [`super::AgentSetup::host_providers`].
pub trait Provider {
    /// The provider's type: `mock`, `openai`, … or a host type.
    fn provider_type(&self) -> &str;

    fn capabilities(&self) -> Capabilities;

    /// The model used when neither the call nor the agent names one.
    fn default_model(&self) -> Option<String>;

    /// Starts one attempt; its outcome arrives later in `delivery`.
    fn start(
        &self,
        request: &Request,
        cx: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight>;

    /// The mock's request records (runtime §9.1), for `mock.calls()`; others have none.
    fn as_mock(&self) -> Option<&super::mock::MockProvider> {
        None
    }
}
