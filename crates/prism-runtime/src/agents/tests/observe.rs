//! The observer hook for the trace (runtime §13.2): events in the order the pipeline acts.
use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use crate::agents::observe::{AttemptEnd, CallObserver};
use crate::agents::provider::Request;

#[derive(Default)]
struct Recorder(RefCell<Vec<String>>);

impl CallObserver for Recorder {
    fn call_start(&self, request: &Request) {
        self.0.borrow_mut().push(format!("start {}", request.id));
    }

    fn call_end(&self, end: &AttemptEnd<'_>) {
        let what = match (end.error, end.estimate) {
            (Some(error), _) => error.kind.as_str().to_owned(),
            (None, Some((estimate, name))) => format!("{name} {}", estimate.value),
            (None, None) => "?".to_owned(),
        };
        let line = format!(
            "end {}.{} {what} {}ms",
            end.call, end.attempt, end.latency_ms
        );
        self.0.borrow_mut().push(line);
    }

    fn retry(&self, call: &str, next_attempt: u32, reason: &str, delay_ms: u64) {
        let line = format!("retry {call}.{next_attempt} {reason} {delay_ms}ms");
        self.0.borrow_mut().push(line);
    }

    fn fallback(&self, call: &str, from: &str, to: &str, reason: &str) {
        let line = format!("fallback {call} {from}->{to} {reason}");
        self.0.borrow_mut().push(line);
    }
}

const TOML: &str = r#"
[providers.mock]
latency_ms = 10
rules = [
  { contains = "flaky", responses = [ { error = { kind = "server", message = "busy" } }, { content = "ok", confidence = 0.8 } ] },
  { contains = "auth", responses = [ { error = { kind = "auth", message = "no" } } ] },
]

[providers.spare]
type = "mock"
"#;

#[test]
fn retries_and_fallbacks_are_observed_in_order() {
    let recorder = Rc::new(Recorder::default());
    let config = config(TOML);
    let mut setup = crate::agents::AgentSetup::new(&config);
    setup.observer = Some(recorder.clone());
    crate::agents::install(&setup);
    let scheduler = virtual_scheduler();
    let end = scheduler.run(Box::new(|cx: &TaskContext<'_>| {
        let mut machine = TestMachine {
            cx: Some(cx),
            random: RandomStreams::new(1),
            output: NoOutput,
        };
        let none = Value::string("none");
        llm(
            &mut machine,
            "flaky",
            &[
                ("retries", Value::number(1.0)),
                ("backoff", Value::number(5.0)),
                ("jitter", none),
            ],
        )?;
        let spare = Value::array(vec![Value::string("spare")]);
        llm(&mut machine, "auth", &[("fallback", spare)])
    }));
    assert!(end.result.is_ok());
    assert_eq!(
        recorder.0.borrow().clone(),
        [
            "start c1.1",
            "end c1.1 server 10ms",
            "retry c1.2 server 5ms",
            "start c1.2",
            "end c1.2 self-report 0.8 10ms",
            "start c2.1",
            "end c2.1 auth 10ms",
            "fallback c2 mock->spare auth",
            "start c2.2",
            "end c2.2 self-report 0.75 0ms",
        ]
    );
}
