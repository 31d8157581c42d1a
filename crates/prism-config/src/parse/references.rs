//! Names that refer to other tables: an agent's `provider` (`E0705`, runtime §5.1) and every
//! `fallback` list (`E0706`, runtime §11.1). Checked after all tables are read, because a name may
//! refer to a table further down the file.

use prism_diagnostics::Diagnostic;

use crate::env::Environment;
use crate::model::Config;
use crate::reader::Reader;
use crate::toml_tree::{Node, NodeKind};

/// Every provider name that exists for this configuration: the tables of the file (including
/// those with errors, which are reported once, not again at each use), `mock`, and the automatic
/// providers of runtime §2.4.
fn provider_names(root: &Node, config: &Config, env: &Environment) -> Vec<String> {
    let tables = root
        .get("providers")
        .and_then(|p| p.value.entries())
        .unwrap_or(&[]);
    let mut names: Vec<String> = tables.iter().map(|table| table.key.clone()).collect();
    if !names.iter().any(|name| name == "mock") {
        names.push("mock".to_owned());
    }
    for automatic in env.automatic_providers(config) {
        if !names.iter().any(|name| name == automatic.name) {
            names.push(automatic.name.to_owned());
        }
    }
    names
}

pub(super) fn fallback_of(table: &Node) -> Option<&Node> {
    table.get("fallback").map(|entry| &entry.value)
}

pub(super) fn check_references(
    reader: &mut Reader,
    root: &Node,
    config: &Config,
    env: &Environment,
) {
    let providers = provider_names(root, config, env);
    let is_provider = |name: &str| providers.iter().any(|p| p == name);
    let is_agent = |name: &str| config.agent(name).is_some();

    for agent in &config.agents {
        let table = root.get("agents").and_then(|a| a.value.get(&agent.name));
        let Some(provider) = &agent.provider else {
            continue;
        };
        if is_provider(provider) {
            continue;
        }
        let span = table
            .and_then(|t| t.value.get("provider"))
            .map_or(agent.name_span, |e| e.value.span);
        let mut error = Diagnostic::error(
            "E0705",
            format!("agent '{}' uses unknown provider '{provider}'", agent.name),
        )
        .with_primary(reader.file, span, "");
        if let Some(best) = crate::suggest::closest(provider, providers.iter().map(String::as_str))
        {
            error = error.with_help(format!("did you mean '{best}'?"));
        }
        reader.diagnostics.push(error);
    }

    let mut check_fallback = |owner: &str, list: Option<&Node>| {
        let Some(Node {
            kind: NodeKind::Array(items),
            ..
        }) = list
        else {
            return;
        };
        for item in items {
            let Some(name) = item.as_str() else { continue };
            if is_agent(name) || is_provider(name) {
                continue;
            }
            reader.diagnostics.push(
                Diagnostic::error(
                    "E0706",
                    format!("fallback '{name}' of '{owner}' is neither an agent nor a provider"),
                )
                .with_primary(reader.file, item.span, ""),
            );
        }
    };
    if let Some(policy) = root.get("policy") {
        check_fallback("policy", fallback_of(&policy.value));
    }
    for section in ["providers", "agents"] {
        let Some(tables) = root.get(section).and_then(|s| s.value.entries()) else {
            continue;
        };
        for table in tables {
            check_fallback(&table.key, fallback_of(&table.value));
        }
    }
}
