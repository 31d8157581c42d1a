//! The hook for governance (runtime §12): before the first attempt to each target the pipeline
//! asks the run's [`Governance`] (if any) with the input document of §12.3; a denial throws
//! PolicyDenied `R0806` with the data of §11.8. Evaluating Rego, the `default`, `mode` and
//! `actions` settings and the `policy` trace event belong to the implementation (later work).
use serde_json::{json, Value as Json};

use super::options::CallOptions;
use super::provider::CallKind;
use super::request::{build, CallBase};
use super::runtime::AgentRuntime;
use super::targets::Target;
use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// A decision of §12.4.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allow: bool,
    pub reasons: Vec<String>,
    pub audit: bool,
}

/// Decides whether an action may proceed.
pub trait Governance {
    /// `input` is the document of runtime §12.3.
    fn decide(&self, input: &Json) -> Decision;

    /// [`Governance::decide`] for an action of call `call` (`None` for `run_pattern`), which
    /// the `policy` trace event names (runtime §13.2).
    fn decide_call(&self, call: Option<&str>, input: &Json) -> Decision {
        let _ = call;
        self.decide(input)
    }
}

/// The input document of §12.3 for a call to `target`.
fn input_document(
    rt: &AgentRuntime,
    base: &CallBase,
    target: &Target,
    options: &CallOptions,
    time_ms: f64,
) -> Json {
    let entry = rt.provider(&target.provider);
    let provider_type = entry.map(|e| e.provider.provider_type().to_owned());
    let tasks = entry.is_some_and(|e| e.provider.capabilities().tasks);
    let (request, _) = build(base, target, options, tasks, 1);
    let agent = target.agent.as_ref().and_then(|a| a.entry()).map(|entry| {
        let c = &entry.config;
        json!({ "name": c.name, "provider": entry.provider, "model": entry.model,
                "capabilities": c.capabilities, "expertise": c.expertise, "metadata": c.metadata })
    });
    let kind = if target.agent.is_some() {
        "agent"
    } else {
        "provider"
    };
    let request_json = request.to_json();
    let usage = rt.budgets.run.get();
    json!({
        "action": base.kind.as_str(),
        "target": { "kind": kind, "name": target.name },
        "agent": agent,
        "provider": { "name": target.provider, "type": provider_type },
        "model": target.model,
        "request": {
            "system": request_json.get("system"),
            "messages": request_json.get("messages"),
            "task": request_json.get("task"),
            "params": request_json.get("params"),
        },
        "pattern": { "name": rt.pattern, "version": null, "node": rt.node, "depth": 0, "file": null },
        "run": { "id": rt.run_id, "input": null },
        "usage": { "calls": usage.calls, "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens },
        "budget": { "calls": rt.run_budget.calls, "tokens": rt.run_budget.tokens },
        "context": base.metadata.context,
        "tags": base.metadata.tags,
        "time_ms": time_ms.floor(),
    })
}

/// Consults governance before the first attempt to `target` (runtime §12.1).
pub fn check(
    rt: &AgentRuntime,
    base: &CallBase,
    target: &Target,
    options: &CallOptions,
    time_ms: f64,
) -> Result<(), Thrown> {
    let Some(governance) = &rt.governance else {
        return Ok(());
    };
    let input = input_document(rt, base, target, options, time_ms);
    let decision = governance.decide_call(Some(&base.call_id), &input);
    if decision.allow {
        return Ok(());
    }
    let action = base.kind.as_str();
    let what = match base.kind {
        CallKind::Llm => format!("provider '{}'", target.name),
        _ if target.agent.is_some() => format!("agent '{}'", target.name),
        _ => format!("provider '{}'", target.name),
    };
    let reasons = if decision.reasons.is_empty() {
        "no reason given".to_owned()
    } else {
        decision.reasons.join("; ")
    };
    let data = Value::object_from([
        ("call", Value::string(&base.call_id)),
        ("action", Value::string(action)),
        ("target", Value::string(&target.name)),
        (
            "reasons",
            Value::array(decision.reasons.iter().map(|r| Value::string(r)).collect()),
        ),
        ("audit", Value::bool(decision.audit)),
    ]);
    Err(catalogue::policy_denied(action, &what, &reasons, data))
}
