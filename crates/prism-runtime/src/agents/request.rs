//! Building the request of each attempt (runtime §8.1) from the prompt or task, the target and
//! the options, including the call envelope of §6.7 for `call` on model providers.
use serde_json::Value as Json;

use super::options::CallOptions;
use super::provider::{CallKind, Message, Request, RequestMetadata, ResponseFormat};
use super::targets::Target;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

/// The system line of the call envelope (runtime §6.7), exactly.
pub const ENVELOPE_INSTRUCTION: &str = "You are being called as an agent. Reply with a single JSON object and nothing else, of the form {\"value\": <your result>, \"confidence\": <a number from 0 to 1>, \"reasoning\": \"<one or two sentences>\"}.";

/// The prompt as messages: a string is one user message; an array holds `{ role, content }`
/// objects. System messages are returned apart, joined with a blank line (runtime §8.1).
pub struct Prompt {
    pub messages: Vec<Message>,
    pub system: Option<String>,
}

pub fn read_prompt(func: &str, prompt: &Value) -> Result<Prompt, Thrown> {
    let wrong = || {
        catalogue::bad_argument(
            func,
            1,
            "a string or an array of messages",
            prompt.type_name(),
        )
    };
    match prompt.inner() {
        Inner::Str(text) => Ok(Prompt {
            messages: vec![Message {
                role: "user".to_owned(),
                content: text.as_str().to_owned(),
            }],
            system: None,
        }),
        Inner::Array(items) => {
            let mut messages = Vec::new();
            let mut systems = Vec::new();
            for item in items.borrow().iter() {
                let Inner::Object(object) = item.inner() else {
                    return Err(wrong());
                };
                let object = object.borrow();
                let role = object
                    .get("role")
                    .and_then(Value::as_str)
                    .ok_or_else(wrong)?;
                let content = object
                    .get("content")
                    .and_then(Value::as_str)
                    .ok_or_else(wrong)?;
                match role {
                    "system" => systems.push(content.to_owned()),
                    "user" | "assistant" => messages.push(Message {
                        role: role.to_owned(),
                        content: content.to_owned(),
                    }),
                    _ => return Err(wrong()),
                }
            }
            let system = (!systems.is_empty()).then(|| systems.join("\n\n"));
            Ok(Prompt { messages, system })
        }
        _ => Err(wrong()),
    }
}

/// Everything that stays the same across the attempts of one logical call.
pub struct CallBase {
    pub kind: CallKind,
    pub call_id: String,
    /// The original agent's name (attribution, runtime §11.1), `None` for `llm`.
    pub agent: Option<String>,
    pub prompt: Option<Prompt>,
    /// The task's JSON projection for `call`.
    pub task: Option<Json>,
    pub metadata: RequestMetadata,
}

/// Whether this attempt's answer must be parsed as JSON, and how (runtime §11.3).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Expect {
    Text,
    Json,
    /// `call` on a task-capable provider: the answer's `value`, else its content.
    TaskAnswer,
    /// `call` on a model provider: an object with a `value` key (§6.7).
    Envelope,
}

/// The request of attempt `attempt` against `target`.
pub fn build(
    base: &CallBase,
    target: &Target,
    options: &CallOptions,
    native_tasks: bool,
    attempt: u32,
) -> (Request, Expect) {
    let mut system = target.system.clone();
    let mut messages = Vec::new();
    let mut task = None;
    let mut format = match &options.schema {
        Some(schema) => ResponseFormat::JsonSchema(schema.clone()),
        None if options.json => ResponseFormat::Json,
        None => ResponseFormat::Text,
    };
    let mut expect = if format.wants_json() {
        Expect::Json
    } else {
        Expect::Text
    };
    if let Some(prompt) = &base.prompt {
        messages = prompt.messages.clone();
        if let Some(extra) = &prompt.system {
            system = Some(match system {
                Some(first) => format!("{first}\n\n{extra}"),
                None => extra.clone(),
            });
        }
    }
    if base.kind == CallKind::Call {
        let json = base.task.clone().unwrap_or(Json::Null);
        if native_tasks {
            task = Some(json);
            expect = Expect::TaskAnswer;
        } else {
            system = Some(match system {
                Some(first) => format!("{first}\n\n{ENVELOPE_INSTRUCTION}"),
                None => ENVELOPE_INSTRUCTION.to_owned(),
            });
            let body = match &json {
                Json::String(text) => text.clone(),
                other => serde_json::to_string_pretty(other).unwrap_or_default(),
            };
            messages = vec![Message {
                role: "user".to_owned(),
                content: format!("Task:\n{body}"),
            }];
            format = ResponseFormat::Json;
            expect = Expect::Envelope;
        }
    }
    let request = Request {
        id: format!("{}.{attempt}", base.call_id),
        kind: base.kind,
        provider: target.provider.clone(),
        agent: target
            .agent
            .as_ref()
            .map(|agent| agent.name())
            .or_else(|| base.agent.clone()),
        model: target.model.clone(),
        system,
        messages,
        task,
        params: target.params.clone(),
        response_format: format,
        logprobs: options.logprobs
            || target
                .estimator
                .as_ref()
                .is_some_and(|e| e.name == "logprobs"),
        stream: options.on_chunk.is_some(),
        timeout_ms: (target.policy.timeout_ms > 0).then_some(target.policy.timeout_ms),
        attempt,
        metadata: base.metadata.clone(),
    };
    (request, expect)
}

/// ⌈characters / 4⌉: the token estimate of runtime §8.2.
pub fn estimate_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}
