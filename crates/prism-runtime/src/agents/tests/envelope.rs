//! `agent.call` on a model provider: the call envelope (runtime §6.7), host providers (§8.5),
//! and cancelling the waiting task (§7.3).
use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use crate::agents::provider::*;
use crate::agents::{current, declare_agent, model_call, CallKind};
use crate::tasks::CancelReason;

/// A host model provider without the `tasks` capability that answers with a fixed envelope.
#[derive(Default)]
struct EchoModel {
    seen: RefCell<Vec<Request>>,
}

struct Done;

impl InFlight for Done {
    fn cancel(&self, _: Option<&Scheduler>) {}
}

impl Provider for EchoModel {
    fn provider_type(&self) -> &str {
        "echo"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            json: true,
            virtual_clock: true,
            ..Capabilities::default()
        }
    }

    fn default_model(&self) -> Option<String> {
        Some("echo-1".to_owned())
    }

    fn start(
        &self,
        request: &Request,
        cx: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        self.seen.borrow_mut().push(request.clone());
        let response = Response {
            content: r#"{"value": 42, "confidence": 0.6, "reasoning": "because"}"#.to_owned(),
            ..Response::default()
        };
        delivery.finish(cx.scheduler, Ok(response));
        Box::new(Done)
    }
}

#[test]
fn call_on_a_model_provider_sends_the_envelope_and_reads_value_and_confidence() {
    let echo = Rc::new(EchoModel::default());
    let hosts: Vec<(String, Rc<dyn Provider>)> = vec![("echo".to_owned(), echo.clone())];
    let (result, _) = run_with_hosts("", hosts, |m| {
        let declaration = Value::object_from([
            ("provider", Value::string("echo")),
            ("system", Value::string("You model.")),
        ]);
        let agent = declare_agent("modeler", &declaration)?;
        let task = Value::object_from([("diff", Value::string("+1"))]);
        let full = Value::object_from([("full", Value::bool(true))]);
        let detail = model_call(m, CallKind::Call, Some(&agent), &task, &full)?;
        let get = |key: &str| crate::ops::get_member(&detail, key);
        Ok(Value::array(vec![
            get("value")?,
            get("confidence")?,
            get("source")?,
            get("reasoning")?,
        ]))
    });
    assert_eq!(shown(&result), "[42, 0.6, \"json\", \"because\"]");
    let seen = echo.seen.borrow();
    let Some(request) = seen.first() else {
        panic!("the provider received nothing");
    };
    let system = request.system.clone().unwrap_or_default();
    assert_eq!(
        system,
        format!(
            "You model.\n\n{}",
            crate::agents::request_envelope_instruction()
        )
    );
    assert_eq!(request.messages.len(), 1);
    assert_eq!(
        request.messages.first().map(|m| m.content.as_str()),
        Some("Task:\n{\n  \"diff\": \"+1\"\n}")
    );
    assert_eq!(request.response_format, ResponseFormat::Json);
    assert_eq!(request.metadata.context, ["Triage"]);
    assert_eq!(request.metadata.node, "ORG_1");
    assert_eq!(
        (request.id.as_str(), request.agent.as_deref()),
        ("c1.1", Some("modeler"))
    );
}

#[test]
fn cancelling_the_waiting_task_cancels_the_mock_call() {
    let toml = "[providers.mock]\nlatency_ms = 1000\n";
    let (result, elapsed) = run_virtual(toml, |m| {
        let Some(cx) = m.cx else {
            return Ok(Value::NULL);
        };
        let child = cx.start_child(
            None,
            Box::new(|cx: &TaskContext<'_>| {
                let mut machine = TestMachine {
                    cx: Some(cx),
                    random: RandomStreams::new(1),
                    output: NoOutput,
                };
                llm(&mut machine, "slow", &[])
            }),
        )?;
        let pause = cx.scheduler().delay(
            &crate::tasks::Origin::new(Some(cx.task().clone()), None),
            10.0,
            Value::NULL,
        );
        cx.await_task(&pause)?;
        cx.scheduler().cancel(&child, CancelReason::Parent);
        Ok(Value::NULL)
    });
    assert!(result.is_ok());
    assert_eq!(elapsed, 10.0);
    let rt = current();
    let records = rt
        .provider("mock")
        .and_then(|p| p.provider.as_mock())
        .map(|mock| mock.records())
        .unwrap_or_default();
    assert_eq!(records.len(), 1);
    assert!(records.iter().all(|r| r.cancelled.get()));
    assert_eq!(rt.budgets.run.get().calls, 1);
}

#[test]
fn providers_without_the_virtual_clock_capability_are_r0904() {
    #[derive(Default)]
    struct RealOnly;
    impl Provider for RealOnly {
        fn provider_type(&self) -> &str {
            "real"
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities::default()
        }
        fn default_model(&self) -> Option<String> {
            Some("m".to_owned())
        }
        fn start(&self, _: &Request, _: &mut StartContext<'_>, _: Delivery) -> Box<dyn InFlight> {
            Box::new(Done)
        }
    }
    let hosts: Vec<(String, Rc<dyn Provider>)> = vec![("real".to_owned(), Rc::new(RealOnly))];
    let (result, _) = run_with_hosts("", hosts, |m| {
        llm(m, "x", &[("provider", Value::string("real"))])
    });
    assert_eq!(
        shown(&result),
        "R0904 provider 'real' cannot run under a virtual clock"
    );
}
