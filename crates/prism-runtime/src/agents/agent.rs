//! Agent values (runtime §5.1, §5.2): the definition behind an `[Agent: name]` value, its
//! read-only properties, and agents built at run time from `agents { }` blocks (language
//! §8.11), validated with `R0901`.
use std::rc::Rc;

use prism_config::{AgentConfig, Budget};

use super::fields::{object_json, read_estimator, read_param_key, read_policy_key, strings};
use super::provider::Params;
use crate::error::{catalogue, Thrown};
use crate::value::{AgentDetails, AgentHandle, Inner, Value};

/// What an agent value carries: its definition, with the provider and model resolved when it
/// was registered.
#[derive(Debug)]
pub struct AgentEntry {
    pub config: AgentConfig,
    /// The provider name (the agent's, else the run's default provider).
    pub provider: String,
    /// The model (the agent's, else the provider's default), if any.
    pub model: Option<String>,
}

impl AgentEntry {
    pub fn params(&self) -> Params {
        let c = &self.config;
        Params {
            temperature: c.temperature,
            max_tokens: c.max_tokens,
            top_p: c.top_p,
            stop: c.stop.clone(),
            seed: c.seed,
        }
    }
}

fn text(value: Option<&String>) -> Value {
    value.map_or(Value::NULL, |s| Value::string(s))
}

impl AgentDetails for AgentEntry {
    fn property(&self, key: &str) -> Option<Value> {
        let c = &self.config;
        Some(match key {
            "name" => Value::string(&c.name),
            "provider" => Value::string(&self.provider),
            "model" => text(self.model.as_ref()),
            "system" => text(c.system.as_ref()),
            "description" => text(c.description.as_ref()),
            "displayName" => Value::string(c.display_name.as_deref().unwrap_or(&c.name)),
            "capabilities" => {
                Value::array(c.capabilities.iter().map(|s| Value::string(s)).collect())
            }
            "expertise" => c.expertise.map_or(Value::NULL, Value::number),
            "metadata" => super::fields::from_json(&serde_json::Value::Object(c.metadata.clone())),
            "status" => Value::string(super::runtime::current().status.status(&c.name)),
            _ => return None,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A new agent value.
pub fn agent_value(entry: AgentEntry) -> Value {
    let name = entry.config.name.as_str().into();
    Value::agent(Rc::new(AgentHandle {
        name,
        details: Box::new(entry),
    }))
}

/// The definition behind an agent value.
pub fn entry_of(value: &Value) -> Option<&AgentEntry> {
    match value.inner() {
        Inner::Agent(handle) => handle.details.as_any().downcast_ref::<AgentEntry>(),
        _ => None,
    }
}

/// Reads the declaration object of `name: { … }` in an `agents` block (runtime §5.1, language
/// spelling). Unknown fields and wrong types are ConfigError `R0901`.
pub fn config_from_object(name: &str, declaration: &Value) -> Result<AgentConfig, Thrown> {
    let Inner::Object(object) = declaration.inner() else {
        return Err(catalogue::invalid_agent(
            name,
            "the declaration must be an object",
        ));
    };
    let mut config = AgentConfig {
        name: name.to_owned(),
        ..AgentConfig::default()
    };
    let mut params = Params::default();
    let fields: Vec<(String, Value)> = object
        .borrow()
        .map
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_plain()))
        .collect();
    for (key, value) in &fields {
        if value.is_null() {
            continue;
        }
        let wrong = |expected: &str| {
            let detail = format!(
                "field '{key}' must be {expected}, got {}",
                value.type_name()
            );
            catalogue::invalid_agent(name, &detail)
        };
        let string = || {
            value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| wrong("a string"))
        };
        match key.as_str() {
            "provider" => config.provider = Some(string()?),
            "model" => config.model = Some(string()?),
            "system" => config.system = Some(string()?),
            "description" => config.description = Some(string()?),
            "displayName" => config.display_name = Some(string()?),
            "capabilities" => {
                config.capabilities = strings(value).ok_or_else(|| wrong("an array of strings"))?
            }
            "expertise" => {
                let expertise = value.as_number().filter(|e| (0.0..=1.0).contains(e));
                config.expertise = Some(expertise.ok_or_else(|| wrong("a number in [0, 1]"))?);
            }
            "metadata" => config.metadata = object_json(value).ok_or_else(|| wrong("an object"))?,
            "estimator" => config.estimator = Some(read_estimator(value).map_err(wrong)?),
            "budget" => {
                config.budget = read_budget(value).ok_or_else(|| wrong("{ calls, tokens }"))?
            }
            "concurrency" => {
                let limit = value.as_number().filter(|n| *n >= 1.0 && n.fract() == 0.0);
                config.concurrency = Some(limit.ok_or_else(|| wrong("an integer ≥ 1"))? as u64);
            }
            _ => {
                let known = read_policy_key(&mut config.policy, key, value)
                    .or_else(|| read_param_key(&mut params, key, value));
                match known {
                    Some(result) => result.map_err(wrong)?,
                    None => {
                        let detail = format!("unknown field '{key}'");
                        return Err(catalogue::invalid_agent(name, &detail));
                    }
                }
            }
        }
    }
    config.temperature = params.temperature;
    config.max_tokens = params.max_tokens;
    config.top_p = params.top_p;
    config.stop = params.stop;
    config.seed = params.seed;
    Ok(config)
}

/// `{ calls, tokens, input_tokens, output_tokens }` (runtime §11.5).
pub fn read_budget(value: &Value) -> Option<Budget> {
    let Inner::Object(object) = value.inner() else {
        return None;
    };
    let object = object.borrow();
    let mut budget = Budget::default();
    for (key, item) in object.map.iter() {
        if item.is_null() {
            continue;
        }
        let limit = item.as_number().filter(|n| *n >= 0.0 && n.fract() == 0.0)? as u64;
        match key.as_str() {
            "calls" => budget.calls = Some(limit),
            "tokens" => budget.tokens = Some(limit),
            "input_tokens" | "inputTokens" => budget.input_tokens = Some(limit),
            "output_tokens" | "outputTokens" => budget.output_tokens = Some(limit),
            _ => return None,
        }
    }
    Some(budget)
}
