//! Unit tests of the agent runtime: the mock provider, the estimators, the policies and the
//! call pipeline on the virtual clock.
use prism_config::{BuiltinProviderTypes, Config, ConfigContext, Environment};

use crate::builtins::{Machine, Output, RandomStreams, Stream};
use crate::error::Thrown;
use crate::tasks::{ClockKind, Scheduler, SchedulerConfig, TaskContext};
use crate::value::Value;

mod calls;
mod command;
mod envelope;
mod estimators;
mod governance;
mod mock;
mod no_panic;
mod observe;
mod policies;
mod replay;
mod threads;

/// A configuration from `prism.toml` text (panics on errors: test input only).
fn config(text: &str) -> Config {
    let env = Environment::new();
    let context = ConfigContext {
        env: &env,
        provider_types: &BuiltinProviderTypes,
    };
    let parsed = prism_config::parse_config(text, prism_span::FileId(0), &context);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.config
}

struct NoOutput;

impl Output for NoOutput {
    fn write_line(&mut self, _: Stream, _: &str) {}
}

/// A machine for one task: no Prism code, just the scheduler and the random streams.
struct TestMachine<'c, 'y> {
    cx: Option<&'c TaskContext<'y>>,
    random: RandomStreams,
    output: NoOutput,
}

thread_local! {
    /// What the stand-in for Prism callbacks received, one display per call.
    static CALLBACKS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The callbacks received so far (and forgets them).
fn take_callbacks() -> Vec<String> {
    CALLBACKS.with(|log| std::mem::take(&mut *log.borrow_mut()))
}

impl Machine for TestMachine<'_, '_> {
    /// Stands in for calling a Prism function: logs the arguments and returns 0.33.
    fn call(&mut self, _: &Value, args: &[Value]) -> Result<Value, Thrown> {
        let shown: Vec<String> = args.iter().map(crate::display::display_nested).collect();
        CALLBACKS.with(|log| log.borrow_mut().push(shown.join(", ")));
        Ok(Value::number(0.33))
    }

    fn output(&mut self) -> &mut dyn Output {
        &mut self.output
    }

    fn random(&mut self) -> &mut RandomStreams {
        &mut self.random
    }

    fn task_context(&self) -> Option<&TaskContext<'_>> {
        self.cx
    }

    fn context_stack(&self) -> Vec<String> {
        vec!["Triage".to_owned()]
    }
}

fn virtual_scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        clock: ClockKind::virtual_default(),
        deadline: None,
        stack_size: 1 << 20,
        interrupt: None,
    })
}

/// Installs `toml` and runs `body` as the main task on the virtual clock; returns its result
/// and the virtual milliseconds that passed.
fn run_virtual(
    toml: &str,
    body: impl FnOnce(&mut TestMachine<'_, '_>) -> Result<Value, Thrown> + 'static,
) -> (Result<Value, Thrown>, f64) {
    run_with_hosts(toml, Vec::new(), body)
}

/// As [`run_virtual`], with host providers (runtime §8.5).
fn run_with_hosts(
    toml: &str,
    hosts: Vec<(String, std::rc::Rc<dyn super::Provider>)>,
    body: impl FnOnce(&mut TestMachine<'_, '_>) -> Result<Value, Thrown> + 'static,
) -> (Result<Value, Thrown>, f64) {
    let config = config(toml);
    let mut setup = super::AgentSetup::new(&config);
    setup.host_providers = hosts;
    super::install(&setup);
    let scheduler = virtual_scheduler();
    let clock = scheduler.clone();
    let end = scheduler.run(Box::new(move |cx: &TaskContext<'_>| {
        let mut machine = TestMachine {
            cx: Some(cx),
            random: RandomStreams::new(7),
            output: NoOutput,
        };
        body(&mut machine)
    }));
    (end.result, clock.elapsed_ms())
}

/// `llm(prompt, opts)` where `opts` is built from pairs.
fn llm(machine: &mut dyn Machine, prompt: &str, opts: &[(&str, Value)]) -> Result<Value, Thrown> {
    let opts = Value::object_from(opts.iter().map(|(k, v)| (*k, v.clone())));
    super::model_call(
        machine,
        super::CallKind::Llm,
        None,
        &Value::string(prompt),
        &opts,
    )
}

fn shown(result: &Result<Value, Thrown>) -> String {
    match result {
        Ok(value) => crate::display(value),
        Err(thrown) => format!("{} {}", thrown.code(), crate::display(thrown.value())),
    }
}
