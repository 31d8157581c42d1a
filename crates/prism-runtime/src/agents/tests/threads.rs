//! A provider doing its work on a background thread, completed through the inbox under the
//! real clock (runtime §8.4, language §14.1).
use std::rc::Rc;

use super::*;
use crate::agents::provider::*;
use crate::agents::{current, external_events};

struct Threaded;

struct Forget(u64);

impl InFlight for Forget {
    fn cancel(&self, _: Option<&Scheduler>) {
        current().inbox.forget(self.0);
    }
}

impl Provider for Threaded {
    fn provider_type(&self) -> &str {
        "threaded"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            streaming: true,
            ..Capabilities::default()
        }
    }

    fn default_model(&self) -> Option<String> {
        Some("t".to_owned())
    }

    fn start(
        &self,
        request: &Request,
        _: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        let poster = current().inbox.register(delivery);
        let attempt = poster.attempt();
        let text = format!("echo: {}", request.text());
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(5));
            poster.chunk("echo: ");
            let response = Response {
                content: text,
                confidence: Some(0.9),
                ..Response::default()
            };
            poster.finish(Ok(response));
        });
        Box::new(Forget(attempt))
    }
}

#[test]
fn a_background_completion_wakes_the_waiting_task() {
    let config = config("");
    let mut setup = crate::agents::AgentSetup::new(&config);
    setup.host_providers = vec![("threaded".to_owned(), Rc::new(Threaded) as Rc<dyn Provider>)];
    crate::agents::install(&setup);
    let scheduler = Scheduler::new(SchedulerConfig {
        clock: ClockKind::Real,
        deadline: None,
        stack_size: 1 << 20,
        interrupt: None,
    });
    scheduler.set_external(external_events());
    let end = scheduler.run(Box::new(|cx: &TaskContext<'_>| {
        let mut machine = TestMachine {
            cx: Some(cx),
            random: RandomStreams::new(1),
            output: NoOutput,
        };
        llm(
            &mut machine,
            "ping",
            &[("provider", Value::string("threaded"))],
        )
    }));
    // Host providers default to the `fixed` estimator (runtime §10.1).
    assert_eq!(shown(&end.result), "echo: ping (~50.0%)");
}
