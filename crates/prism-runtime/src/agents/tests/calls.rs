//! The call pipeline on the virtual clock (runtime §6.4, §7, §11).
use super::*;
use crate::agents::current;

const FAILURES: &str = r#"
[providers.mock]
rules = [
  { contains = "flaky", responses = [ { error = { kind = "server", message = "busy" } }, { error = { kind = "rate_limited", message = "slow" } }, { content = "finally", confidence = 0.8 } ] },
  { contains = "down", responses = [ { error = { kind = "server", message = "down", delay_ms = 0 }, delay_ms = 100 } ] },
  { contains = "weak", responses = [ { content = "w1", confidence = 0.3 }, { content = "w2", confidence = 0.6 }, { content = "w3", confidence = 0.4 } ] },
]
"#;

fn n(value: f64) -> Value {
    Value::number(value)
}

fn s(text: &str) -> Value {
    Value::string(text)
}

#[test]
fn retries_wait_backoff_times_factor_on_the_run_clock() {
    let (result, elapsed) = run_virtual(FAILURES, |m| {
        llm(
            m,
            "flaky",
            &[
                ("retries", n(2.0)),
                ("backoff", n(100.0)),
                ("jitter", s("none")),
            ],
        )
    });
    assert_eq!(shown(&result), "finally (~80.0%)");
    assert_eq!(elapsed, 300.0);
}

#[test]
fn the_attempt_timeout_cancels_the_call_in_flight() {
    let toml = "[providers.mock]\nlatency_ms = 1000\n";
    let (result, elapsed) = run_virtual(toml, |m| llm(m, "x", &[("timeout", n(50.0))]));
    assert_eq!(
        shown(&result),
        "R0801 call to provider 'mock' timed out after 50 ms"
    );
    assert_eq!(elapsed, 50.0);
    let rt = current();
    let records = rt
        .provider("mock")
        .and_then(|p| p.provider.as_mock())
        .map(|mock| mock.records())
        .unwrap_or_default();
    assert_eq!(records.len(), 1);
    assert!(records.iter().all(|r| r.cancelled.get()));
}

#[test]
fn a_response_due_with_the_timeout_wins() {
    let toml = "[providers.mock]\nlatency_ms = 50\n";
    let (result, elapsed) = run_virtual(toml, |m| llm(m, "x", &[("timeout", n(50.0))]));
    assert_eq!(
        shown(&result),
        "Mock response for testing purposes. (~75.0%)"
    );
    assert_eq!(elapsed, 50.0);
}

#[test]
fn the_run_budget_stops_the_next_attempt() {
    let toml = "[budget]\ncalls = 1\n";
    let (result, _) = run_virtual(toml, |m| {
        llm(m, "one", &[])?;
        llm(m, "two", &[])
    });
    assert_eq!(shown(&result), "R0808 run budget exceeded: 1 calls");
}

#[test]
fn fallbacks_are_tried_in_order_once_each() {
    let toml = r#"
[providers.mock]
rules = [ { agent = "primary", responses = [ { error = { kind = "auth", message = "rejected" } } ] } ]

[providers.spare]
type = "mock"
rules = [ { responses = [ { error = { kind = "bad_request", message = "no" } } ] } ]

[agents.primary]
provider = "mock"
fallback = ["spare", "spare", "primary"]
"#;
    let (result, _) = run_virtual(toml, |m| {
        let agent = current().agent("primary").unwrap_or(Value::NULL);
        let outcome = super::super::model_call(
            m,
            super::super::CallKind::Ask,
            Some(&agent),
            &s("help"),
            &Value::NULL,
        );
        match outcome {
            Err(thrown) => {
                let data = crate::ops::get_member(thrown.value(), "data")?;
                Ok(Value::array(vec![
                    crate::ops::get_member(thrown.value(), "message")?,
                    crate::ops::get_member(&data, "targets")?,
                    crate::ops::get_member(&data, "attempts")?,
                ]))
            }
            Ok(value) => Ok(value),
        }
    });
    assert_eq!(
        shown(&result),
        "[\"call to agent 'primary' failed (bad_request): no\", [\"primary\", \"spare\"], 2]"
    );
}

#[test]
fn the_best_candidate_wins_when_none_is_confident_enough() {
    let (result, _) = run_virtual(FAILURES, |m| {
        let retry_on = Value::array(vec![s("low_confidence")]);
        llm(
            m,
            "weak",
            &[
                ("retries", n(2.0)),
                ("minConfidence", n(0.9)),
                ("retryOn", retry_on),
                ("backoff", n(0.0)),
            ],
        )
    });
    assert_eq!(shown(&result), "w2 (~60.0%)");
}

#[test]
fn the_total_timeout_ends_the_call_across_retries() {
    let (result, elapsed) = run_virtual(FAILURES, |m| {
        llm(
            m,
            "down",
            &[
                ("retries", n(9.0)),
                ("backoff", n(100.0)),
                ("jitter", s("none")),
                ("totalTimeout", n(250.0)),
            ],
        )
    });
    assert_eq!(
        shown(&result),
        "R0801 call to provider 'mock' timed out after 250 ms"
    );
    assert_eq!(elapsed, 250.0);
}

#[test]
fn the_run_concurrency_limit_queues_attempts() {
    let toml = "[runtime]\nmax_concurrency = 1\n\n[providers.mock]\nlatency_ms = 100\n";
    let (result, elapsed) = run_virtual(toml, |m| {
        let Some(cx) = m.cx else {
            return Ok(Value::NULL);
        };
        let mut children = Vec::new();
        for _ in 0..2 {
            let child = cx.start_child(
                None,
                Box::new(|cx: &TaskContext<'_>| {
                    let mut machine = TestMachine {
                        cx: Some(cx),
                        random: RandomStreams::new(1),
                        output: NoOutput,
                    };
                    llm(&mut machine, "x", &[])
                }),
            )?;
            children.push(child);
        }
        for child in &children {
            cx.await_task(child)?;
        }
        Ok(Value::NULL)
    });
    assert!(result.is_ok());
    assert_eq!(elapsed, 200.0);
}

#[test]
fn unknown_options_and_wrong_types_are_r0216() {
    let (result, _) = run_virtual("", |m| llm(m, "x", &[("nope", n(1.0))]));
    assert_eq!(shown(&result), "R0216 llm: unknown option 'nope'");
    let (result, _) = run_virtual("", |m| llm(m, "x", &[("retries", s("two"))]));
    assert_eq!(
        shown(&result),
        "R0216 llm: option 'retries' must be an integer ≥ 0, got string"
    );
}

#[test]
fn agents_blocks_validate_and_register() {
    let (result, _) = run_virtual("", |_| {
        let declaration = Value::object_from([("provider", s("mock")), ("colour", s("red"))]);
        let unknown = super::super::declare_agent("a", &declaration);
        let good = Value::object_from([("capabilities", Value::array(vec![s("qa")]))]);
        super::super::declare_agent("b", &good)?;
        let again = super::super::declare_agent("b", &good);
        let codes: Vec<Value> = [unknown, again]
            .iter()
            .map(|r| s(r.as_ref().err().map_or("ok", |t| t.code())))
            .collect();
        Ok(Value::array(codes))
    });
    assert_eq!(shown(&result), "[\"R0901\", \"R0902\"]");
}

#[test]
fn test_mode_scripts_calls_and_reset_act_on_the_mock() {
    let (result, _) = run_virtual("", |m| {
        let responses = Value::array(vec![Value::object_from([("content", s("scripted"))])]);
        crate::agents::test_mode::script(&Value::object_from([("contains", s("hi"))]), &responses)?;
        let first = llm(m, "hi there", &[])?;
        let calls = crate::agents::test_mode::calls(&Value::NULL)?;
        let prompt = crate::ops::get_index(&calls, &n(0.0))
            .and_then(|call| crate::ops::get_member(&call, "prompt"))?;
        crate::agents::test_mode::reset();
        let second = llm(m, "hi there", &[])?;
        let after = crate::agents::test_mode::calls(&s("nobody"))?;
        Ok(Value::array(vec![first, prompt, second, after]))
    });
    assert_eq!(
        shown(&result),
        "[\"scripted\" (~50.0%), \"hi there\", \"Mock response for testing purposes.\" (~75.0%), []]"
    );
}

/// A function value to pass where a callback is expected (the test machine stands in for it).
fn callback() -> Value {
    crate::builtins::prelude_value("len").unwrap_or(Value::NULL)
}

#[test]
fn on_chunk_receives_each_fragment_with_the_attempt_number() {
    let (result, _) = run_virtual("", |m| llm(m, "x", &[("onChunk", callback())]));
    assert_eq!(
        shown(&result),
        "Mock response for testing purposes. (~75.0%)"
    );
    assert_eq!(
        take_callbacks(),
        [
            "\"Mock \", 1",
            "\"response \", 1",
            "\"for \", 1",
            "\"testing \", 1",
            "\"purposes.\", 1"
        ]
    );
}

#[test]
fn an_extractor_decides_the_confidence() {
    let (result, _) = run_virtual("", |m| {
        let detail = llm(
            m,
            "x",
            &[("extractor", callback()), ("full", Value::bool(true))],
        )?;
        let get = |key: &str| crate::ops::get_member(&detail, key);
        Ok(Value::array(vec![
            get("confidence")?,
            get("source")?,
            get("call")?,
        ]))
    });
    assert_eq!(shown(&result), "[0.33, \"extractor\", \"c1\"]");
    let seen = take_callbacks();
    assert_eq!(seen.len(), 1);
    assert!(seen.iter().all(|s| s.contains("prompt: \"x\"")), "{seen:?}");
}

#[test]
fn unparsable_json_output_is_an_output_error() {
    let (result, _) = run_virtual("", |m| llm(m, "x", &[("json", Value::bool(true))]));
    let shown = shown(&result);
    assert!(
        shown.starts_with("R0805 could not parse the output of provider 'mock' as JSON"),
        "{shown}"
    );
}

#[test]
fn an_agent_budget_counts_its_own_calls() {
    let toml = "[agents.a]\nprovider = \"mock\"\nbudget = { calls = 2 }\n";
    let (result, _) = run_virtual(toml, |m| {
        let agent = current().agent("a").unwrap_or(Value::NULL);
        for _ in 0..3 {
            super::super::model_call(
                m,
                super::super::CallKind::Ask,
                Some(&agent),
                &s("q"),
                &Value::NULL,
            )?;
        }
        Ok(Value::NULL)
    });
    assert_eq!(shown(&result), "R0808 agent 'a' budget exceeded: 2 calls");
}

#[test]
fn waiting_for_a_slot_counts_against_the_total_timeout() {
    let toml = "[runtime]\nmax_concurrency = 1\n\n[providers.mock]\nlatency_ms = 100\n";
    let (result, elapsed) = run_virtual(toml, |m| {
        let Some(cx) = m.cx else {
            return Ok(Value::NULL);
        };
        let busy = cx.start_child(
            None,
            Box::new(|cx: &TaskContext<'_>| {
                let mut machine = TestMachine {
                    cx: Some(cx),
                    random: RandomStreams::new(1),
                    output: NoOutput,
                };
                llm(&mut machine, "first", &[])
            }),
        )?;
        let late = llm(m, "second", &[("totalTimeout", n(30.0))]);
        cx.await_task(&busy)?;
        late
    });
    assert_eq!(
        shown(&result),
        "R0801 call to provider 'mock' timed out after 30 ms"
    );
    assert_eq!(elapsed, 100.0);
}

#[test]
fn w0902_once_when_mock_is_only_the_default() {
    let (_, _) = run_virtual("", |m| {
        llm(m, "named", &[("provider", s("mock"))])?;
        Ok(Value::NULL)
    });
    assert!(crate::agents::take_warnings().is_empty());
    let (_, _) = run_virtual("", |m| {
        llm(m, "a", &[])?;
        llm(m, "b", &[])
    });
    let codes: Vec<String> = crate::agents::take_warnings()
        .iter()
        .map(|w| w.code.to_owned())
        .collect();
    assert_eq!(codes, ["W0902"]);
    let (_, _) = run_virtual("[providers.mock]\nlatency_ms = 1\n", |m| llm(m, "c", &[]));
    assert!(crate::agents::take_warnings().is_empty());
}
