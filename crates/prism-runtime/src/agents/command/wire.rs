//! The messages of the `prism.command/1` protocol (runtime §9.6): one compact JSON object per
//! line in each direction, each with a `type`.
use serde_json::{json, Value as Json};

use crate::agents::provider::{ProviderError, Request, Response};
use crate::trace::json::compact;

pub const PROTOCOL: &str = "prism.command/1";

/// A line from the process, understood.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    Ready {
        protocol: Option<String>,
        concurrent: bool,
    },
    Chunk {
        id: String,
        text: String,
    },
    Response {
        id: String,
        response: Box<Response>,
    },
    Error {
        id: String,
        error: ProviderError,
    },
    Log {
        level: String,
        message: String,
    },
    /// A message of a type this version does not know: ignored, recorded as a `log` event.
    Unknown(String),
    /// Not a JSON object with a `type` string: a protocol failure.
    Garbage(String),
}

/// Reads one line from the process.
pub fn parse(line: &str) -> Incoming {
    let json = match serde_json::from_str::<Json>(line) {
        Ok(json) if json.is_object() => json,
        Ok(_) => return Incoming::Garbage("a message is not a JSON object".to_owned()),
        Err(error) => return Incoming::Garbage(format!("a line is not JSON: {error}")),
    };
    let Some(kind) = json.get("type").and_then(Json::as_str) else {
        return Incoming::Garbage("a message has no 'type' string".to_owned());
    };
    let text = |key: &str| json.get(key).and_then(Json::as_str).map(str::to_owned);
    let id = text("id").unwrap_or_default();
    match kind {
        "ready" => Incoming::Ready {
            protocol: text("protocol"),
            concurrent: json.get("concurrent").and_then(Json::as_bool) == Some(true),
        },
        "chunk" => Incoming::Chunk {
            id,
            text: text("text").unwrap_or_default(),
        },
        "response" => Incoming::Response {
            id,
            response: Box::new(Response::from_json(
                json.get("response").unwrap_or(&Json::Null),
            )),
        },
        "error" => Incoming::Error {
            id,
            error: ProviderError::from_json(json.get("error").unwrap_or(&Json::Null)),
        },
        "log" => Incoming::Log {
            level: text("level").unwrap_or_else(|| "info".to_owned()),
            message: text("message").unwrap_or_default(),
        },
        other => Incoming::Unknown(other.to_owned()),
    }
}

fn line(value: &Json) -> String {
    let mut text = compact(value);
    text.push('\n');
    text
}

pub fn hello(provider: &str, run_id: &str) -> String {
    line(&json!({ "type": "hello", "protocol": PROTOCOL, "provider": provider, "run_id": run_id }))
}

pub fn request(request: &Request) -> String {
    line(&json!({ "type": "request", "id": request.id, "request": request.to_json() }))
}

pub fn cancel(id: &str) -> String {
    line(&json!({ "type": "cancel", "id": id }))
}

pub fn shutdown() -> String {
    line(&json!({ "type": "shutdown" }))
}

#[cfg(test)]
mod tests {
    use super::{parse, Incoming};
    use crate::agents::ErrorKind;

    #[test]
    fn every_message_type_is_understood() {
        assert_eq!(
            parse(r#"{"type":"ready","protocol":"prism.command/1","concurrent":true}"#),
            Incoming::Ready {
                protocol: Some("prism.command/1".into()),
                concurrent: true
            }
        );
        let Incoming::Response { id, response } =
            parse(r#"{"type":"response","id":"c1.1","response":{"content":null,"value":{"a":1}}}"#)
        else {
            panic!("not a response");
        };
        assert_eq!(
            (id.as_str(), response.content.as_str()),
            ("c1.1", r#"{"a":1}"#)
        );
        let Incoming::Error { error, .. } =
            parse(r#"{"type":"error","id":"c1.1","error":{"kind":"rate_limited","message":"x"}}"#)
        else {
            panic!("not an error");
        };
        assert_eq!(error.kind, ErrorKind::RateLimited);
        assert_eq!(
            parse(r#"{"type":"later"}"#),
            Incoming::Unknown("later".into())
        );
    }

    #[test]
    fn garbage_is_a_protocol_failure_never_a_panic() {
        for line in ["hello", "[1]", "{}", r#"{"type":3}"#, "{\"type\":"] {
            assert!(matches!(parse(line), Incoming::Garbage(_)), "{line}");
        }
    }
}
