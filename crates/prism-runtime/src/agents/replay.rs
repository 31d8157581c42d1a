//! The `replay` provider (runtime §9.2): records another provider's answers into a JSONL
//! **cassette** and answers from it.
//!
//! * `record`: the cassette is emptied when the provider is built (the start of the run); every
//!   attempt goes to the target and its answer is appended when it arrives.
//! * `replay`: the *n*-th request with key *K* is answered by the *n*-th line with key *K*; a
//!   request without one fails with kind `not_found`. Recorded errors are replayed as errors,
//!   recorded chunks as fragments, and with `replay_latency` the answer comes after the
//!   recorded latency on the run clock (a timer, so virtual under the virtual clock).
//! * `auto`: replays when a line is left for the key, otherwise records.
//!
//! Decisions where §9.2 is silent: a line that is not a JSON object with a `key` is skipped
//! (a hand-edited cassette stays usable); a missing cassette file replays as an empty one. When
//! the request's model is the replay provider's own default ([`PLACEHOLDER_MODEL`], used when the
//! table names no `model`), the target receives its own default model instead, while the key
//! keeps the placeholder, so recording and replaying compute the same key.
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;

use prism_config::ReplaySettings;
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};

use super::delivery::Relayed;
use super::provider::{
    Capabilities, Delivery, ErrorKind, InFlight, Outcome, Provider, ProviderError, Request,
    Response, StartContext,
};
use crate::tasks::{Scheduler, TimerId};
use crate::trace;

/// The model a replay provider reports when its table names none.
pub const PLACEHOLDER_MODEL: &str = "replay";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Replay,
    Record,
    Auto,
}

/// One cassette line (runtime §9.2).
#[derive(Clone, Debug)]
struct Recorded {
    outcome: Outcome,
    latency_ms: u64,
    chunks: Option<Vec<String>>,
}

/// The replay provider of one `[providers.NAME]` table.
pub struct ReplayProvider {
    name: String,
    model: Option<String>,
    cassette: PathBuf,
    mode: Mode,
    target: Option<String>,
    replay_latency: bool,
    /// The lines not yet used, by key, in file order.
    lines: RefCell<HashMap<String, VecDeque<Recorded>>>,
    /// Why the cassette could not be emptied or read, reported by every attempt that needs it.
    broken: Option<String>,
}

impl ReplayProvider {
    /// Reads (replay, auto) or empties (record) the cassette.
    pub fn new(name: &str, model: Option<&str>, settings: &ReplaySettings) -> ReplayProvider {
        let mode = match settings.mode.as_str() {
            "record" => Mode::Record,
            "auto" => Mode::Auto,
            _ => Mode::Replay,
        };
        let mut broken = None;
        let mut lines = HashMap::new();
        if mode == Mode::Record {
            if let Err(error) = std::fs::write(&settings.cassette, b"") {
                broken = Some(format!(
                    "cannot write cassette '{}': {error}",
                    settings.cassette.display()
                ));
            }
        } else {
            match std::fs::read_to_string(&settings.cassette) {
                Ok(text) => lines = read_cassette(&text),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => {
                    broken = Some(format!(
                        "cannot read cassette '{}': {error}",
                        settings.cassette.display()
                    ))
                }
            }
        }
        ReplayProvider {
            name: name.to_owned(),
            model: model.map(str::to_owned),
            cassette: settings.cassette.clone(),
            mode,
            target: settings.target.clone(),
            replay_latency: settings.replay_latency,
            lines: RefCell::new(lines),
            broken,
        }
    }

    fn take_line(&self, key: &str) -> Option<Recorded> {
        self.lines.borrow_mut().get_mut(key)?.pop_front()
    }

    /// Answers from the cassette: the fragments (when streaming), then the outcome, after the
    /// recorded latency if `replay_latency`.
    fn replay(
        &self,
        recorded: Recorded,
        request: &Request,
        cx: &StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        let chunks = match (&recorded.outcome, request.stream) {
            (Ok(_), true) => recorded.chunks.clone().unwrap_or_default(),
            _ => Vec::new(),
        };
        let delay = if self.replay_latency {
            recorded.latency_ms as f64
        } else {
            0.0
        };
        let outcome = recorded.outcome;
        let deliver = {
            let delivery = delivery.clone();
            move |scheduler: Option<&Scheduler>| {
                for chunk in &chunks {
                    delivery.chunk(scheduler, chunk);
                }
                delivery.finish(scheduler, outcome);
            }
        };
        let timer = match cx.scheduler {
            Some(scheduler) => Some(scheduler.after(
                delay,
                Box::new(move |scheduler: &Scheduler| deliver(Some(scheduler))),
            )),
            None => {
                deliver(None);
                None
            }
        };
        Box::new(Replayed { timer, delivery })
    }

    /// Sends the attempt to the target and appends its answer to the cassette.
    fn record(
        &self,
        key: String,
        request: &Request,
        cx: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        let target_name = self.target.clone().unwrap_or_default();
        let runtime = super::runtime::current();
        let target = runtime
            .provider(&target_name)
            .filter(|_| target_name != self.name)
            .map(|entry| {
                let model = entry
                    .config
                    .as_ref()
                    .and_then(|c| c.model.clone())
                    .or_else(|| entry.provider.default_model());
                (entry.provider.clone(), model)
            });
        let Some((provider, target_model)) = target else {
            let message = format!("replay target '{target_name}' is not a provider");
            return fail(delivery, ErrorKind::Unavailable, message);
        };
        let mut sent = request.clone();
        sent.provider = target_name;
        if sent.model.as_deref() == Some(PLACEHOLDER_MODEL) || sent.model.is_none() {
            sent.model = target_model;
        }
        let started = cx.scheduler.map(Scheduler::elapsed_ms);
        let chunks: Rc<RefCell<Vec<String>>> = Rc::default();
        let line = CassetteLine {
            path: self.cassette.clone(),
            key,
            request: key_fields(request),
        };
        let inner = {
            let outer = delivery.clone();
            Delivery::relay(move |event, scheduler| match event {
                Relayed::Chunk(text) => {
                    chunks.borrow_mut().push(text.to_owned());
                    outer.chunk(scheduler, text);
                }
                Relayed::Finish(outcome) => {
                    let latency = match (started, scheduler) {
                        (Some(started), Some(s)) => (s.elapsed_ms() - started).max(0.0),
                        _ => 0.0,
                    };
                    let recorded = Recorded {
                        outcome,
                        latency_ms: latency.floor() as u64,
                        chunks: Some(chunks.borrow().clone()).filter(|c| !c.is_empty()),
                    };
                    line.append(&recorded);
                    outer.finish(scheduler, recorded.outcome);
                }
            })
        };
        let in_flight = provider.start(&sent, cx, inner.clone());
        Box::new(Recording {
            inner,
            in_flight,
            delivery,
        })
    }
}

impl Provider for ReplayProvider {
    fn provider_type(&self) -> &str {
        "replay"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::ALL
    }

    fn default_model(&self) -> Option<String> {
        Some(
            self.model
                .clone()
                .unwrap_or_else(|| PLACEHOLDER_MODEL.to_owned()),
        )
    }

    fn start(
        &self,
        request: &Request,
        cx: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        if let Some(broken) = &self.broken {
            return fail(delivery, ErrorKind::Unavailable, broken.clone());
        }
        let key = request_key(request);
        if self.mode != Mode::Record {
            if let Some(recorded) = self.take_line(&key) {
                return self.replay(recorded, request, cx, delivery);
            }
            if self.mode == Mode::Replay {
                let short: String = key.chars().take(12).collect();
                let message = format!("no recorded interaction for request {short}");
                return fail(delivery, ErrorKind::NotFound, message);
            }
        }
        self.record(key, request, cx, delivery)
    }
}

/// The fields of a request that take part in its key (runtime §9.2).
fn key_fields(request: &Request) -> Json {
    let full = request.to_json();
    let field = |name: &str| full.get(name).cloned().unwrap_or(Json::Null);
    json!({
        "kind": field("kind"),
        "model": field("model"),
        "system": field("system"),
        "messages": field("messages"),
        "task": field("task"),
        "params": field("params"),
        "response_format": field("response_format"),
        "logprobs": field("logprobs"),
    })
}

/// The lowercase hexadecimal SHA-256 of the canonical JSON of the key fields.
pub fn request_key(request: &Request) -> String {
    let digest = Sha256::digest(trace::json::canonical(&key_fields(request)).as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn read_cassette(text: &str) -> HashMap<String, VecDeque<Recorded>> {
    let mut lines: HashMap<String, VecDeque<Recorded>> = HashMap::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let Ok(json) = serde_json::from_str::<Json>(line) else {
            continue;
        };
        let Some(key) = json.get("key").and_then(Json::as_str) else {
            continue;
        };
        let outcome = match json.get("error").filter(|e| e.is_object()) {
            Some(error) => Err(ProviderError::from_json(error)),
            None => Ok(Response::from_json(
                json.get("response").unwrap_or(&Json::Null),
            )),
        };
        let chunks = json.get("chunks").and_then(Json::as_array).map(|items| {
            items
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        });
        let recorded = Recorded {
            outcome,
            latency_ms: json.get("latency_ms").and_then(Json::as_u64).unwrap_or(0),
            chunks,
        };
        lines.entry(key.to_owned()).or_default().push_back(recorded);
    }
    lines
}

/// Where one recorded interaction goes.
struct CassetteLine {
    path: PathBuf,
    key: String,
    request: Json,
}

impl CassetteLine {
    /// Appends the interaction, redacted (§13.3). A cassette that cannot be written does not
    /// fail the call: the answer still reaches the program, and the trace says why.
    fn append(&self, recorded: &Recorded) {
        let (response, error) = match &recorded.outcome {
            Ok(response) => (response_json(response), Json::Null),
            Err(error) => (Json::Null, error_json(error)),
        };
        let mut line = json!({
            "v": 1,
            "key": self.key,
            "request": self.request,
            "response": response,
            "error": error,
            "latency_ms": recorded.latency_ms,
            "chunks": recorded.chunks,
        });
        trace::redactor().json(&mut line);
        let mut text = trace::json::compact(&line);
        text.push('\n');
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&self.path)
            .and_then(|mut file| file.write_all(text.as_bytes()));
        if let Err(error) = written {
            let message = format!("cannot append to '{}': {error}", self.path.display());
            trace::events::log("replay", "error", &message);
        }
    }
}

/// The response object of runtime §8.2.
pub fn response_json(response: &Response) -> Json {
    json!({
        "content": response.content,
        "value": response.value,
        "confidence": response.confidence,
        "reasoning": response.reasoning,
        "logprobs": response.logprobs,
        "finish_reason": response.finish_reason,
        "usage": response.usage.map(|u| json!({ "input_tokens": u.input_tokens, "output_tokens": u.output_tokens })),
        "model": response.model,
        "metadata": {},
    })
}

/// The error object of runtime §8.3.
pub fn error_json(error: &ProviderError) -> Json {
    json!({
        "kind": error.kind.as_str(),
        "message": error.message,
        "status": error.status,
        "retry_after_ms": error.retry_after_ms,
    })
}

fn fail(delivery: Delivery, kind: ErrorKind, message: String) -> Box<dyn InFlight> {
    delivery.finish(None, Err(ProviderError::new(kind, message)));
    Box::new(Replayed {
        timer: None,
        delivery,
    })
}

struct Replayed {
    timer: Option<TimerId>,
    delivery: Delivery,
}

impl InFlight for Replayed {
    fn cancel(&self, scheduler: Option<&Scheduler>) {
        if let (Some(timer), Some(scheduler)) = (self.timer, scheduler) {
            scheduler.cancel_timer(timer);
        }
        self.delivery.close();
    }
}

struct Recording {
    inner: Delivery,
    in_flight: Box<dyn InFlight>,
    delivery: Delivery,
}

impl InFlight for Recording {
    /// A cancelled attempt has no answer, so nothing is recorded for it.
    fn cancel(&self, scheduler: Option<&Scheduler>) {
        self.in_flight.cancel(scheduler);
        self.inner.close();
        self.delivery.close();
    }
}
