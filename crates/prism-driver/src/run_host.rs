//! What the driver gives a running program: the output sink (forwarded to the caller's thread as
//! lines are produced) and the host names `input` and `pattern` (runtime §3.5, §4).

use std::sync::mpsc::Sender;

use prism_runtime::{ObjectData, Output, Stream as RuntimeStream, Value};

use crate::run::Stream;

/// A message from the run thread to the caller.
pub(crate) enum Message {
    Line(Stream, String),
}

pub(crate) struct RunHost {
    pub sender: Sender<Message>,
    /// The prepared input (runtime §4) and the read-only `pattern` object (§3.5).
    pub input: Value,
    pub pattern: Value,
}

impl Output for RunHost {
    fn write_line(&mut self, stream: RuntimeStream, text: &str) {
        let stream = match stream {
            RuntimeStream::Stdout => Stream::Stdout,
            RuntimeStream::Stderr => Stream::Stderr,
        };
        let name = match stream {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        };
        prism_runtime::trace::events::output(name, text);
        // The receiver only stops listening after the run thread ends.
        let _ = self.sender.send(Message::Line(stream, text.to_owned()));
    }
}

impl prism_interp::Host for RunHost {
    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn global(&mut self, name: &str) -> Option<Value> {
        match name {
            "input" => Some(self.input.clone()),
            "pattern" => Some(self.pattern.clone()),
            _ => None,
        }
    }

    fn declare_agent(
        &mut self,
        name: &str,
        config: &Value,
    ) -> Result<Value, prism_runtime::Thrown> {
        prism_runtime::agents::declare_agent(name, config)
    }
}

/// JSON → Prism value, as `JSON.parse` converts (runtime §4.2): data only, never code.
pub(crate) fn from_json(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::NULL,
        serde_json::Value::Bool(b) => Value::bool(*b),
        serde_json::Value::Number(n) => Value::number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::string(s),
        serde_json::Value::Array(items) => Value::array(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            let mut data = ObjectData::new();
            for (key, value) in map {
                data.insert(key.as_str(), from_json(value));
            }
            Value::object(data)
        }
    }
}
