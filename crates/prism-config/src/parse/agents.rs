//! `[agents.NAME]` tables (runtime §2.3, §5.1), in file order.

use super::policy::{read_budget, read_estimator, read_policy, POLICY_KEYS};
use super::{set, set_some};
use crate::model::AgentConfig;
use crate::reader::{join, Reader};
use crate::toml_tree::{Entry, Node};

const AGENT_KEYS: &[&str] = &[
    "provider",
    "model",
    "system",
    "description",
    "display_name",
    "capabilities",
    "expertise",
    "metadata",
    "temperature",
    "max_tokens",
    "top_p",
    "stop",
    "seed",
    "estimator",
    "budget",
    "concurrency",
];

pub(super) fn read_agents(reader: &mut Reader, node: &Node) -> Vec<AgentConfig> {
    let Some(entries) = reader.table("agents", node) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| read_agent(reader, entry))
        .collect()
}

fn read_agent(reader: &mut Reader, entry: &Entry) -> Option<AgentConfig> {
    let prefix = join("agents", &entry.key);
    let table = reader.table(&prefix, &entry.value)?;
    let known: Vec<&str> = AGENT_KEYS.iter().chain(POLICY_KEYS).copied().collect();
    reader.unknown_keys(&prefix, table, &known);
    let mut agent = AgentConfig {
        name: entry.key.clone(),
        name_span: entry.key_span,
        policy: read_policy(reader, &prefix, table),
        ..AgentConfig::default()
    };
    for field in table {
        let path = join(&prefix, &field.key);
        let value = &field.value;
        match field.key.as_str() {
            "provider" => set_some(&mut agent.provider, reader.string(&path, value)),
            "model" => set_some(&mut agent.model, reader.string(&path, value)),
            "system" => set_some(&mut agent.system, reader.string(&path, value)),
            "description" => set_some(&mut agent.description, reader.string(&path, value)),
            "display_name" => set_some(&mut agent.display_name, reader.string(&path, value)),
            "capabilities" => set(&mut agent.capabilities, reader.string_array(&path, value)),
            "expertise" => set_some(
                &mut agent.expertise,
                reader.number_in(&path, value, 0.0, 1.0),
            ),
            "metadata" if reader.table(&path, value).is_some() => {
                if let serde_json::Value::Object(map) = value.to_json() {
                    agent.metadata = map;
                }
            }
            "temperature" => set_some(&mut agent.temperature, reader.number(&path, value)),
            "max_tokens" => set_some(&mut agent.max_tokens, reader.positive(&path, value)),
            "top_p" => set_some(&mut agent.top_p, reader.number(&path, value)),
            "stop" => set_some(&mut agent.stop, reader.string_array(&path, value)),
            "seed" => set_some(&mut agent.seed, reader.count(&path, value)),
            "estimator" => agent.estimator = read_estimator(reader, &path, value),
            "budget" => agent.budget = read_budget(reader, &path, value, &["calls", "tokens"]),
            "concurrency" => set_some(&mut agent.concurrency, reader.positive(&path, value)),
            _ => {}
        }
    }
    Some(agent)
}
