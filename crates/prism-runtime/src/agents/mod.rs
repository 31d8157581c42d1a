//! Agents, providers and model calls (runtime §5–§11; builtins §16; language §8.11, §14.3).
//!
//! * [`provider`]: the provider contract of runtime §8 ([`Provider`], [`Request`],
//!   [`Response`], [`ProviderError`], streaming and cancellation through [`Delivery`]);
//! * [`mock`]: the `mock` provider of §9.1;
//! * `estimate`: the confidence estimators of §10; [`policy`]: §11.1–§11.2;
//! * `pipeline`: the call pipeline of §6.4 and the attempt algorithm of §11.4, with
//!   concurrency slots (§7.1), timeouts (§7.2), cancellation (§7.3) and budgets (§11.5);
//! * `agent`: agent values (§5.2) and `agents { }` declarations (§5.1);
//! * [`status`]: `agent.status` (`idle`, `busy`, `offline`) for registries;
//! * `runtime`: the per-run state, created by [`install`].
//!
//! # Integration
//!
//! The driver, after loading the configuration and before loading the program (runtime §1.2
//! step 4), calls [`install`] with an [`AgentSetup`] built from the `prism_config::Config`
//! (`--provider` / `PRISM_PROVIDER` go in [`AgentSetup::provider_override`]); the prelude name
//! `agents` then resolves to the registry ([`registry_value`]). The interpreter's
//! `Host::declare_agent` forwards to [`declare_agent`]. For `pattern.selectedAgents` the driver
//! uses [`selected_agents`]. Once providers do real I/O, the scheduler needs
//! `set_external(`[`external_events`]`())`. After the run the driver reports [`take_warnings`]
//! (`W0902`), reads [`run_summary`] for the statistics and calls [`uninstall`]. The test runner
//! implements the test-mode `mock` namespace with [`test_mode`].
//!
//! Calls suspend the calling task through [`crate::Machine::task_context`]; under a backend that
//! runs without tasks they complete synchronously (mock latencies and backoff waits are then
//! not observed on a clock).
//!
//! The HTTP providers (`openai`, `anthropic`, `gemini`) live in the `prism-providers` crate; the
//! driver hands them in through [`AgentSetup::provider_factory`] ([`ProviderFactory`]).
//!
//! Not here yet (clean extension points): `replay` and `command` (their types currently fail
//! every attempt with kind `unavailable`; implement [`Provider`] and build them in
//! `runtime::build_provider`), Rego evaluation (implement [`governance::Governance`]
//! and pass it in [`AgentSetup::governance`]) and the trace file (implement
//! [`observe::CallObserver`] and pass it in [`AgentSetup::observer`]).
mod agent;
mod attempt;
pub mod command;
mod delivery;
mod estimate;
mod fields;
pub mod governance;
pub mod inbox;
mod limits;
pub mod mock;
pub mod observe;
mod options;
mod outcome;
mod pipeline;
pub mod policy;
pub mod provider;
pub mod replay;
mod request;
mod runtime;
pub mod status;
mod targets;
pub mod test_mode;
mod wait;

#[cfg(test)]
mod tests;

pub use agent::{entry_of, AgentEntry};
pub use estimate::{calibrate, heuristic, Estimate, Source};
/// JSON → value, as `JSON.parse` builds it (runtime §4.2).
pub use fields::from_json as value_from_json;
pub use limits::Usage;
pub use provider::{
    CallKind, Capabilities, Delivery, ErrorKind, InFlight, Message, Outcome, Params, Provider,
    ProviderError, Request, Response, ResponseFormat, StartContext,
};
pub use runtime::{
    current, install, registry_value, run_summary, take_warnings, uninstall, AgentRuntime,
    AgentSetup, ProviderEntry, ProviderFactory, RunSummary,
};

use crate::builtins::Machine;
use crate::error::Thrown;
use crate::value::Value;

/// The scheduler's source of external events for this run (provider completions from
/// background threads): the driver installs it with `Scheduler::set_external`.
pub fn external_events() -> Box<dyn crate::tasks::ExternalEvents> {
    Box::new(inbox::InboxEvents(current().inbox.clone()))
}

/// [`external_events`] when an agent runtime is installed on this thread, else `None` (a run
/// without one has no provider doing I/O, and asking must not install a default runtime).
pub fn installed_external_events() -> Option<Box<dyn crate::tasks::ExternalEvents>> {
    runtime::is_installed().then(external_events)
}

/// Connects the run's scheduler (called once it exists, before the main task starts): the
/// completions of providers doing real I/O arrive through [`external_events`], and the trace
/// takes its clock and task numbers from it (runtime §13.2).
pub fn attach_scheduler(scheduler: &crate::tasks::Scheduler) -> crate::trace::Restore {
    if let Some(events) = installed_external_events() {
        scheduler.set_external(events);
    }
    crate::trace::set_scheduler(scheduler)
}

/// Creates and registers agent `name` from an `agents` block declaration (language §8.11,
/// runtime §5.1): `R0901` for an invalid declaration, `R0902` for a duplicate name.
pub fn declare_agent(name: &str, declaration: &Value) -> Result<Value, Thrown> {
    let config = agent::config_from_object(name, declaration)?;
    current().declare(name, config)
}

/// `llm(prompt, opts)`, `agent.ask(prompt, opts)` and `agent.call(task, opts)` (runtime §6).
pub fn model_call(
    machine: &mut dyn Machine,
    kind: CallKind,
    agent: Option<&Value>,
    subject: &Value,
    opts: &Value,
) -> Result<Value, Thrown> {
    let options = options::read_options(kind.as_str(), opts)?;
    let spec = pipeline::CallSpec {
        kind,
        agent: agent.cloned(),
        subject: subject.clone(),
        options,
    };
    let Some(name) = agent
        .and_then(entry_of)
        .map(|entry| entry.config.name.clone())
    else {
        return pipeline::run_call(machine, spec);
    };
    // The agent's status (status.rs) follows the logical call.
    let rt = current();
    let guard = status::CallGuard::begin(&rt.status, &name);
    let result = pipeline::run_call(machine, spec);
    guard.finish(match &result {
        Ok(_) => status::CallEnd::Succeeded,
        Err(thrown) if !thrown.is_catchable() || thrown.code() == "R0803" => {
            status::CallEnd::Cancelled
        }
        Err(_) => status::CallEnd::Failed,
    });
    result
}

/// The system line of the call envelope (runtime §6.7).
pub fn request_envelope_instruction() -> &'static str {
    request::ENVELOPE_INSTRUCTION
}

/// `agents.select(query)` (runtime §5.3): a new array of the matching agents.
pub fn select(query: &Value) -> Result<Value, Thrown> {
    let json = crate::to_json(&query.to_plain());
    let requirements = prism_config::header::Requirements::from_query(&json).map_err(|detail| {
        Thrown::runtime("R0216", "TypeError", format!("agents.select: {detail}"))
    })?;
    Ok(Value::array(selected_agents(Some(&requirements))))
}

/// The registered agents selected by `requirements`, in selection order (runtime §3.6 steps
/// 1–3): `agents.select` and, for the driver, `pattern.selectedAgents` (§3.5). `None` selects
/// every agent in registry order.
pub fn selected_agents(requirements: Option<&prism_config::header::Requirements>) -> Vec<Value> {
    let rt = current();
    let registry = rt.registry.borrow().clone();
    let entries: Vec<&AgentEntry> = registry.iter().filter_map(entry_of).collect();
    let facts: Vec<prism_config::selection::AgentFacts<'_>> =
        entries.iter().map(|entry| (&entry.config).into()).collect();
    prism_config::selection::select_agents(requirements, &facts)
        .into_iter()
        .filter_map(|index| registry.get(index).cloned())
        .collect()
}
