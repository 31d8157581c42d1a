//! The `mock` provider (runtime §9.1): scripted, deterministic, task-capable, streaming, and
//! timed on the run clock.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use prism_config::MockSettings;
use serde_json::{json, Value as Json};

use super::provider::{
    Capabilities, Delivery, ErrorKind, InFlight, Outcome, Provider, ProviderError, Request,
    Response, StartContext,
};
use crate::tasks::{Scheduler, TimerId};

/// The random stream of failure injection (builtins §8).
const FAILURE_STREAM: usize = 2;

/// What a rule does when its responses run out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exhausted {
    RepeatLast,
    Cycle,
    Error,
}

impl Exhausted {
    fn parse(name: &str) -> Exhausted {
        match name {
            "cycle" => Exhausted::Cycle,
            "error" => Exhausted::Error,
            _ => Exhausted::RepeatLast,
        }
    }
}

/// One rule `{ agent?, model?, kind?, contains?, responses }`.
#[derive(Debug)]
pub struct Rule {
    agent: Option<String>,
    model: Option<String>,
    kind: Option<String>,
    contains: Option<String>,
    responses: Vec<Json>,
    /// Requests answered so far.
    answered: Cell<usize>,
}

impl Rule {
    /// Reads a rule object; anything that is not a string condition is ignored, so a malformed
    /// script never panics (the configuration reader has already reported it).
    pub fn from_json(json: &Json) -> Rule {
        let text = |key: &str| json.get(key).and_then(Json::as_str).map(str::to_owned);
        Rule {
            agent: text("agent"),
            model: text("model"),
            kind: text("kind"),
            contains: text("contains"),
            responses: json
                .get("responses")
                .and_then(Json::as_array)
                .cloned()
                .unwrap_or_default(),
            answered: Cell::new(0),
        }
    }

    fn matches(&self, request: &Request, text: &str) -> bool {
        let equal = |want: &Option<String>, have: Option<&str>| {
            want.as_deref().is_none_or(|want| have == Some(want))
        };
        equal(&self.agent, request.agent.as_deref())
            && equal(&self.model, request.model.as_deref())
            && equal(&self.kind, Some(request.kind.as_str()))
            && self
                .contains
                .as_deref()
                .is_none_or(|needle| text.contains(needle))
    }

    /// The entry for the next request, advancing the counter.
    fn next_entry(&self, exhausted: Exhausted, index: usize) -> Result<Json, ProviderError> {
        let n = self.answered.get();
        self.answered.set(n + 1);
        let count = self.responses.len();
        let chosen = match (n < count, exhausted) {
            (true, _) => self.responses.get(n),
            (false, Exhausted::RepeatLast) => self.responses.last(),
            (false, Exhausted::Cycle) if count > 0 => self.responses.get(n % count),
            _ => None,
        };
        chosen.cloned().ok_or_else(|| {
            ProviderError::new(
                ErrorKind::Other,
                format!("mock script exhausted for rule {index}"),
            )
        })
    }
}

/// One received request and whether it was cancelled (runtime §9.1 "Records").
#[derive(Debug)]
pub struct CallRecord {
    pub request: Request,
    pub cancelled: Cell<bool>,
    /// Run milliseconds when the request was sent (`t_ms` of `mock.calls()`, builtins §17).
    pub t_ms: f64,
}

/// The mock provider.
#[derive(Debug)]
pub struct MockProvider {
    model: String,
    latency_ms: u64,
    failure_rate: f64,
    failure_kind: ErrorKind,
    exhausted: Exhausted,
    default_response: Json,
    /// Rules added by `mock.script` in the current test, most recent first.
    test_rules: RefCell<Vec<Rule>>,
    /// Inline rules, then the script file's rules.
    rules: Vec<Rule>,
    records: RefCell<Vec<Rc<CallRecord>>>,
}

impl Default for MockProvider {
    fn default() -> MockProvider {
        MockProvider::new(None, &MockSettings::default(), &[])
    }
}

impl MockProvider {
    /// A mock from its `[providers.NAME]` settings; `script_rules` are the rules of the
    /// `script` file, read by the caller (the runtime does no I/O).
    pub fn new(model: Option<&str>, settings: &MockSettings, script_rules: &[Json]) -> Self {
        let rules = settings
            .rules
            .iter()
            .chain(script_rules)
            .map(Rule::from_json)
            .collect();
        MockProvider {
            model: model.unwrap_or("mock-model").to_owned(),
            latency_ms: settings.latency_ms,
            failure_rate: settings.failure_rate,
            failure_kind: ErrorKind::parse(&settings.failure_kind),
            exhausted: Exhausted::parse(&settings.exhausted),
            default_response: settings.default_response.clone().unwrap_or_else(
                || json!({ "content": "Mock response for testing purposes.", "confidence": 0.75 }),
            ),
            test_rules: RefCell::new(Vec::new()),
            rules,
            records: RefCell::new(Vec::new()),
        }
    }

    /// Adds a rule in front of the others (`mock.script`, builtins §17).
    pub fn add_test_rule(&self, rule: &Json) {
        self.test_rules
            .borrow_mut()
            .insert(0, Rule::from_json(rule));
    }

    /// `mock.reset()` (builtins §17): forgets the records and the `mock.script` rules and
    /// restarts the configured response sequences.
    pub fn reset(&self) {
        self.test_rules.borrow_mut().clear();
        self.records.borrow_mut().clear();
        for rule in &self.rules {
            rule.answered.set(0);
        }
    }

    /// Every request received so far, in order.
    pub fn records(&self) -> Vec<Rc<CallRecord>> {
        self.records.borrow().clone()
    }

    /// The entry answering `request`, and the index of the rule that matched (for messages).
    fn answer(&self, request: &Request) -> Result<Json, ProviderError> {
        let text = request.text();
        let test_rules = self.test_rules.borrow();
        for (index, rule) in test_rules.iter().chain(&self.rules).enumerate() {
            if rule.matches(request, &text) {
                return rule.next_entry(self.exhausted, index);
            }
        }
        Ok(self.default_response.clone())
    }

    fn outcome(&self, request: &Request, cx: &mut StartContext<'_>) -> (Outcome, Vec<String>, u64) {
        if self.failure_rate > 0.0 && cx.random.next_f64(FAILURE_STREAM) < self.failure_rate {
            let error = ProviderError::new(self.failure_kind, "injected failure");
            return (Err(error), Vec::new(), self.latency_ms);
        }
        let entry = match self.answer(request) {
            Ok(entry) => entry,
            Err(error) => return (Err(error), Vec::new(), self.latency_ms),
        };
        let delay = entry
            .get("delay_ms")
            .and_then(Json::as_u64)
            .unwrap_or(self.latency_ms);
        if let Some(error) = entry.get("error").filter(|e| e.is_object()) {
            return (Err(ProviderError::from_json(error)), Vec::new(), delay);
        }
        let mut response = Response::from_json(&entry);
        if response.finish_reason.is_none() {
            response.finish_reason = Some("stop".to_owned());
        }
        response.model.get_or_insert_with(|| self.model.clone());
        let chunks = match entry.get("chunks").and_then(Json::as_array) {
            Some(chunks) => chunks
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect(),
            None => split_after_spaces(&response.content),
        };
        (Ok(response), chunks, delay)
    }
}

/// `"a b c"` streams as `"a "`, `"b "`, `"c"` (runtime §9.1).
fn split_after_spaces(content: &str) -> Vec<String> {
    content.split_inclusive(' ').map(str::to_owned).collect()
}

struct MockAttempt {
    timer: Option<TimerId>,
    record: Rc<CallRecord>,
    delivery: Delivery,
}

impl InFlight for MockAttempt {
    fn cancel(&self, scheduler: Option<&Scheduler>) {
        if let (Some(timer), Some(scheduler)) = (self.timer, scheduler) {
            scheduler.cancel_timer(timer);
        }
        if !self.delivery.is_finished() {
            self.record.cancelled.set(true);
        }
        self.delivery.close();
    }
}

impl Provider for MockProvider {
    fn provider_type(&self) -> &str {
        "mock"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::ALL
    }

    fn default_model(&self) -> Option<String> {
        Some(self.model.clone())
    }

    fn start(
        &self,
        request: &Request,
        cx: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        let record = Rc::new(CallRecord {
            request: request.clone(),
            cancelled: Cell::new(false),
            t_ms: cx.scheduler.map_or(0.0, Scheduler::elapsed_ms),
        });
        self.records.borrow_mut().push(record.clone());
        let (outcome, chunks, delay) = self.outcome(request, cx);
        let chunks = if request.stream && outcome.is_ok() {
            chunks
        } else {
            Vec::new()
        };
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
                delay as f64,
                Box::new(move |scheduler: &Scheduler| deliver(Some(scheduler))),
            )),
            None => {
                deliver(None);
                None
            }
        };
        Box::new(MockAttempt {
            timer,
            record,
            delivery,
        })
    }

    fn as_mock(&self) -> Option<&MockProvider> {
        Some(self)
    }
}
