//! Agents and model calls (builtins §16, runtime §5–§6): `llm`, `agent`, `contextStack`, the
//! agent methods `ask` and `call`, and the registry methods `agents.get` and `agents.select`.
//! The work is done in [`crate::agents`]; these bodies only read their arguments.
use super::args::Args;
use super::support::builtin;
use super::{Builtin, Library, Machine, MethodOwner, Mode};
use crate::agents::{self, CallKind};
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

/// `llm(prompt, opts = {})` (runtime §6.1). `Special`: the prompt's confidence caps the result
/// (§6.4 step 5), which the pipeline applies itself.
fn llm(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    agents::model_call(machine, CallKind::Llm, None, args.get(0), args.get(1))
}

fn receiver_agent<'a>(args: &Args<'a>) -> Result<&'a Value, Thrown> {
    match args.this.inner() {
        Inner::Agent(_) => Ok(args.this),
        _ => Err(args.wrong_receiver("an agent")),
    }
}

/// `agent.ask(prompt, opts = {})` (runtime §6.2).
fn ask(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let agent = receiver_agent(args)?;
    agents::model_call(
        machine,
        CallKind::Ask,
        Some(agent),
        args.get(0),
        args.get(1),
    )
}

/// `agent.call(task, opts = {})` (runtime §6.3).
fn call(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let agent = receiver_agent(args)?;
    agents::model_call(
        machine,
        CallKind::Call,
        Some(agent),
        args.get(0),
        args.get(1),
    )
}

/// `agent(name)`: the registered agent, or ConfigError `R0903` (builtins §16).
fn agent(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let name = args.string(0)?;
    agents::current()
        .agent(name)
        .ok_or_else(|| catalogue::no_agent(name))
}

/// `agents.get(name)`: the agent or `null` (runtime §5.3).
fn registry_get(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let name = args.string(0)?;
    Ok(agents::current().agent(name).unwrap_or(Value::NULL))
}

/// `agents.select(query)` (runtime §5.3).
fn registry_select(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    agents::select(args.get(0))
}

/// `contextStack()`: the running task's context names, outermost first (language §8.10).
fn context_stack(machine: &mut dyn Machine, _: &Args<'_>) -> Result<Value, Thrown> {
    let names = machine.context_stack();
    Ok(Value::array(
        names.iter().map(|name| Value::string(name)).collect(),
    ))
}

static LLM: Builtin = builtin("llm", Mode::Special, 1, llm);
static AGENT: Builtin = builtin("agent", Mode::Lift, 1, agent);
static CONTEXT_STACK: Builtin = builtin("contextStack", Mode::None, 0, context_stack);
static ASK: Builtin = builtin("Agent.ask", Mode::Special, 1, ask);
static CALL: Builtin = builtin("Agent.call", Mode::Special, 1, call);
static GET: Builtin = builtin("agents.get", Mode::Lift, 1, registry_get);
static SELECT: Builtin = builtin("agents.select", Mode::Lift, 1, registry_select);

pub static LIBRARY: Library = Library {
    globals: &[&LLM, &AGENT, &CONTEXT_STACK],
    namespaces: &[],
    methods: &[
        (MethodOwner::Agent, &[&ASK, &CALL]),
        (MethodOwner::AgentRegistry, &[&GET, &SELECT]),
    ],
};
