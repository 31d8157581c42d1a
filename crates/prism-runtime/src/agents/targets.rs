//! The target chain of a logical call (runtime §6.4 step 2, §11.1): the primary target (the
//! agent, or the provider for `llm`) followed by its `fallback` names, each with its provider,
//! model, system prompt, parameters, estimator and resolved policy.
use std::rc::Rc;

use prism_config::{Estimator, Policy};

use super::agent::{entry_of, AgentEntry};
use super::options::CallOptions;
use super::policy::{resolve, Resolved};
use super::provider::{CallKind, Params};
use super::runtime::AgentRuntime;
use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// One target of the chain.
pub struct Target {
    /// The name traced and listed in error data: the agent's or the provider's.
    pub name: String,
    pub provider: String,
    pub model: Option<String>,
    pub system: Option<String>,
    pub params: Params,
    /// The estimator of §10.1 before the default (call option, agent, provider).
    pub estimator: Option<Estimator>,
    pub policy: Resolved,
    /// The agent this target is, if it is one (a fallback agent's budget also applies).
    pub agent: Option<Rc<AgentValue>>,
    /// The provider was not named by the call or the agent but taken as the default (for
    /// `W0902`, runtime §6.1).
    pub default_provider: bool,
}

/// An agent value together with a borrowable view of its definition.
pub struct AgentValue {
    pub value: Value,
}

impl AgentValue {
    pub fn entry(&self) -> Option<&AgentEntry> {
        entry_of(&self.value)
    }

    pub fn name(&self) -> String {
        self.entry()
            .map(|e| e.config.name.clone())
            .unwrap_or_default()
    }
}

fn provider_layer<'a>(rt: &'a AgentRuntime, provider: &str) -> Option<&'a Policy> {
    rt.provider(provider).and_then(|entry| entry.policy())
}

fn provider_type(rt: &AgentRuntime, provider: &str) -> String {
    rt.provider(provider)
        .map(|entry| entry.provider.provider_type().to_owned())
        .unwrap_or_default()
}

fn provider_estimator(rt: &AgentRuntime, provider: &str) -> Option<Estimator> {
    rt.provider(provider)
        .and_then(|entry| entry.config.as_ref())
        .and_then(|config| config.estimator.clone())
}

/// The provider's configured or built-in model.
fn provider_model(rt: &AgentRuntime, provider: &str) -> Option<String> {
    let entry = rt.provider(provider)?;
    entry
        .config
        .as_ref()
        .and_then(|c| c.model.clone())
        .or_else(|| entry.provider.default_model())
}

fn resolved(rt: &AgentRuntime, layers: [Option<&Policy>; 4], provider: &str) -> Resolved {
    let layers: Vec<&Policy> = layers.into_iter().flatten().collect();
    resolve(&layers, &provider_type(rt, provider))
}

/// The target for an agent (primary or fallback), with the call's options on top.
fn agent_target(rt: &AgentRuntime, agent: &Value, options: &CallOptions) -> Result<Target, Thrown> {
    let handle = Rc::new(AgentValue {
        value: agent.clone(),
    });
    let Some(entry) = handle.entry() else {
        return Err(catalogue::no_agent("?"));
    };
    let provider = entry.provider.clone();
    if rt.provider(&provider).is_none() {
        return Err(catalogue::no_provider(&provider));
    }
    let policy = resolved(
        rt,
        [
            Some(&options.policy),
            Some(&entry.config.policy),
            provider_layer(rt, &provider),
            Some(&rt.policy),
        ],
        &provider,
    );
    let params = merge_params(&options.params, &entry.params());
    Ok(Target {
        name: entry.config.name.clone(),
        model: options.model.clone().or_else(|| entry.model.clone()),
        system: options
            .system
            .clone()
            .or_else(|| entry.config.system.clone()),
        params,
        estimator: options
            .estimator
            .clone()
            .or_else(|| entry.config.estimator.clone())
            .or_else(|| provider_estimator(rt, &provider)),
        policy,
        agent: Some(handle.clone()),
        default_provider: entry.config.provider.is_none(),
        provider,
    })
}

/// Call options override the agent's parameters key by key.
fn merge_params(call: &Params, agent: &Params) -> Params {
    Params {
        temperature: call.temperature.or(agent.temperature),
        max_tokens: call.max_tokens.or(agent.max_tokens),
        top_p: call.top_p.or(agent.top_p),
        stop: call.stop.clone().or_else(|| agent.stop.clone()),
        seed: call.seed.or(agent.seed),
    }
}

/// The `llm` target: the named or default provider.
fn provider_target(rt: &AgentRuntime, options: &CallOptions) -> Result<Target, Thrown> {
    let provider = options
        .provider
        .clone()
        .unwrap_or_else(|| rt.default_provider.clone());
    if rt.provider(&provider).is_none() {
        return Err(catalogue::no_provider(&provider));
    }
    let policy = resolved(
        rt,
        [
            Some(&options.policy),
            provider_layer(rt, &provider),
            Some(&rt.policy),
            None,
        ],
        &provider,
    );
    Ok(Target {
        name: provider.clone(),
        model: options
            .model
            .clone()
            .or_else(|| provider_model(rt, &provider)),
        system: options.system.clone(),
        params: options.params.clone(),
        estimator: options
            .estimator
            .clone()
            .or_else(|| provider_estimator(rt, &provider)),
        policy,
        agent: None,
        default_provider: options.provider.is_none(),
        provider,
    })
}

/// The whole chain: primary, then the primary's `fallback` names (agents looked up first),
/// each name once; a fallback's own fallback list is not followed (runtime §11.1).
pub fn chain(
    rt: &AgentRuntime,
    kind: CallKind,
    agent: Option<&Value>,
    options: &CallOptions,
) -> Result<Vec<Target>, Thrown> {
    let primary = match (kind, agent) {
        (CallKind::Llm, _) | (_, None) => provider_target(rt, options)?,
        (_, Some(agent)) => agent_target(rt, agent, options)?,
    };
    let mut names = vec![primary.name.clone()];
    let fallback = primary.policy.fallback.clone();
    let mut targets = vec![];
    let primary_policy = primary.policy.clone();
    let primary_plan = (
        primary.system.clone(),
        primary.params.clone(),
        primary.estimator.clone(),
    );
    targets.push(primary);
    for name in fallback {
        if names.contains(&name) {
            continue;
        }
        names.push(name.clone());
        if let Some(agent) = rt.agent(&name) {
            targets.push(agent_target(rt, &agent, options)?);
            continue;
        }
        if rt.provider(&name).is_none() {
            return Err(catalogue::no_provider(&name));
        }
        targets.push(Target {
            name: name.clone(),
            model: provider_model(rt, &name),
            system: primary_plan.0.clone(),
            params: primary_plan.1.clone(),
            estimator: primary_plan.2.clone(),
            policy: primary_policy.clone(),
            agent: None,
            default_provider: false,
            provider: name,
        });
    }
    Ok(targets)
}
