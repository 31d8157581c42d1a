//! `[providers.NAME]` tables (runtime §2.3) and the type-specific keys of runtime §9.

use std::path::PathBuf;

use prism_diagnostics::Diagnostic;
use prism_span::Span;
use serde_json::Value as Json;

use super::policy::{read_choice, read_estimator, read_policy, ERROR_KINDS, POLICY_KEYS};
use super::{set, set_some, ConfigContext};
use crate::model::{
    CommandSettings, HttpSettings, MockSettings, NamedValues, ProviderConfig, ProviderSettings,
    ReplaySettings,
};
use crate::reader::{join, Reader};
use crate::toml_tree::{Entry, Node, NodeKind};

/// The provider types built into `prism` (runtime §9).
pub const BUILTIN_PROVIDER_TYPES: &[&str] =
    &["mock", "replay", "openai", "anthropic", "gemini", "command"];

const COMMON_KEYS: &[&str] = &["type", "model", "estimator", "concurrency"];

fn type_keys(provider_type: &str) -> &'static [&'static str] {
    match provider_type {
        "mock" => &[
            "latency_ms",
            "failure_rate",
            "failure_kind",
            "exhausted",
            "default_response",
            "rules",
            "script",
        ],
        "replay" => &["cassette", "mode", "target", "replay_latency"],
        "openai" => &["base_url", "api_key_env", "headers"],
        "anthropic" => &["base_url", "api_key_env", "anthropic_version", "max_tokens"],
        "gemini" => &["base_url", "api_version", "api_key_env"],
        "command" => &[
            "command",
            "cwd",
            "env",
            "per_call",
            "startup_timeout_ms",
            "shutdown_timeout_ms",
            "max_restarts",
        ],
        _ => &[],
    }
}

/// A provider name is letters, digits, `_` and `-` (runtime §2.3).
pub fn is_provider_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

pub(super) fn read_providers(
    reader: &mut Reader,
    node: &Node,
    context: &ConfigContext<'_>,
) -> Vec<ProviderConfig> {
    let Some(entries) = reader.table("providers", node) else {
        return Vec::new();
    };
    let mut providers = Vec::with_capacity(entries.len());
    for entry in entries {
        if !is_provider_name(&entry.key) {
            reader.diagnostics.push(
                Diagnostic::error(
                    "E0702",
                    format!(
                        "invalid value for 'providers.{}': expected a provider name of letters, digits, '_' and '-'",
                        entry.key
                    ),
                )
                .with_primary(reader.file, entry.key_span, ""),
            );
            continue;
        }
        if let Some(provider) = read_provider(reader, entry, context) {
            providers.push(provider);
        }
    }
    providers
}

fn read_provider(
    reader: &mut Reader,
    entry: &Entry,
    context: &ConfigContext<'_>,
) -> Option<ProviderConfig> {
    let prefix = join("providers", &entry.key);
    let table = reader.table(&prefix, &entry.value)?;
    let provider_type = provider_type(reader, &prefix, entry, table, context)?;
    let is_host = !BUILTIN_PROVIDER_TYPES.contains(&provider_type.as_str());
    if !is_host {
        let known: Vec<&str> = COMMON_KEYS
            .iter()
            .chain(POLICY_KEYS)
            .chain(type_keys(&provider_type))
            .copied()
            .collect();
        reader.unknown_keys(&prefix, table, &known);
    }
    let mut provider = ProviderConfig {
        name: entry.key.clone(),
        name_span: entry.key_span,
        provider_type: provider_type.clone(),
        model: None,
        estimator: None,
        concurrency: None,
        policy: read_policy(reader, &prefix, table),
        settings: ProviderSettings::Host(serde_json::Map::new()),
    };
    for field in table {
        let path = join(&prefix, &field.key);
        match field.key.as_str() {
            "model" => set_some(&mut provider.model, reader.string(&path, &field.value)),
            "estimator" => provider.estimator = read_estimator(reader, &path, &field.value),
            "concurrency" => set_some(
                &mut provider.concurrency,
                reader.positive(&path, &field.value),
            ),
            _ => {}
        }
    }
    let span = entry.key_span;
    provider.settings = match provider_type.as_str() {
        "mock" => ProviderSettings::Mock(read_mock(reader, &prefix, table)),
        "replay" => {
            ProviderSettings::Replay(read_replay(reader, &prefix, &entry.key, span, table)?)
        }
        "openai" | "anthropic" | "gemini" => {
            ProviderSettings::Http(read_http(reader, &prefix, table))
        }
        "command" => {
            ProviderSettings::Command(read_command(reader, &prefix, &entry.key, span, table)?)
        }
        _ => ProviderSettings::Host(read_host(reader, &prefix, entry, &provider_type, context)),
    };
    Some(provider)
}

/// The `type` key; without it a table named after a built-in type has that type (so that
/// `[providers.mock]` and `[providers.openai]` configure those providers, runtime §2.3, §2.4).
fn provider_type(
    reader: &mut Reader,
    prefix: &str,
    entry: &Entry,
    table: &[Entry],
    context: &ConfigContext<'_>,
) -> Option<String> {
    let Some(type_entry) = table.iter().find(|e| e.key == "type") else {
        if BUILTIN_PROVIDER_TYPES.contains(&entry.key.as_str()) {
            return Some(entry.key.clone());
        }
        reader.diagnostics.push(
            Diagnostic::error(
                "E0702",
                format!("invalid value for '{prefix}.type': expected a provider type"),
            )
            .with_primary(reader.file, entry.key_span, "this provider has no 'type'")
            .with_help(format!(
                "add one of: type = \"{}\"",
                BUILTIN_PROVIDER_TYPES.join("\", \"")
            )),
        );
        return None;
    };
    let name = reader.string(&join(prefix, "type"), &type_entry.value)?;
    if BUILTIN_PROVIDER_TYPES.contains(&name.as_str()) || context.provider_types.is_host_type(&name)
    {
        return Some(name);
    }
    let mut error = Diagnostic::error("E0704", format!("unknown provider type '{name}'"))
        .with_primary(reader.file, type_entry.value.span, "");
    if let Some(best) = crate::suggest::closest(&name, BUILTIN_PROVIDER_TYPES.iter().copied()) {
        error = error.with_help(format!("did you mean '{best}'?"));
    }
    reader.diagnostics.push(error);
    None
}

fn read_mock(reader: &mut Reader, prefix: &str, table: &[Entry]) -> MockSettings {
    let mut out = MockSettings::default();
    for field in table {
        let path = join(prefix, &field.key);
        let value = &field.value;
        match field.key.as_str() {
            "latency_ms" => set(&mut out.latency_ms, reader.count(&path, value)),
            "failure_rate" => set(
                &mut out.failure_rate,
                reader.number_in(&path, value, 0.0, 1.0),
            ),
            "failure_kind" => read_choice(reader, &path, value, ERROR_KINDS, &mut out.failure_kind),
            "exhausted" => read_choice(
                reader,
                &path,
                value,
                &["repeat-last", "cycle", "error"],
                &mut out.exhausted,
            ),
            "default_response" if check_response(reader, &path, value) => {
                out.default_response = Some(value.to_json());
            }
            "rules" => set(&mut out.rules, read_rules(reader, &path, value)),
            "script" => set_some(
                &mut out.script,
                reader.string(&path, value).map(PathBuf::from),
            ),
            _ => {}
        }
    }
    out
}

/// Mock rules `{ agent?, model?, kind?, contains?, responses }` (runtime §9.1), kept as JSON.
fn read_rules(reader: &mut Reader, path: &str, node: &Node) -> Option<Vec<Json>> {
    let NodeKind::Array(rules) = &node.kind else {
        reader.wrong_type(path, node, "an array of rule tables");
        return None;
    };
    let mut valid = true;
    for (index, rule) in rules.iter().enumerate() {
        let rule_path = format!("{path}[{index}]");
        let Some(entries) = reader.table(&rule_path, rule) else {
            valid = false;
            continue;
        };
        reader.unknown_keys(
            &rule_path,
            entries,
            &["agent", "model", "kind", "contains", "responses"],
        );
        for entry in entries {
            let key_path = join(&rule_path, &entry.key);
            valid &= match entry.key.as_str() {
                "agent" | "model" | "contains" => reader.string(&key_path, &entry.value).is_some(),
                "kind" => reader
                    .one_of(&key_path, &entry.value, &["llm", "ask", "call"])
                    .is_some(),
                "responses" => check_responses(reader, &key_path, &entry.value),
                _ => true,
            };
        }
    }
    valid.then(|| rules.iter().map(Node::to_json).collect())
}

fn check_responses(reader: &mut Reader, path: &str, node: &Node) -> bool {
    let NodeKind::Array(responses) = &node.kind else {
        reader.wrong_type(path, node, "an array of response tables");
        return false;
    };
    let mut valid = true;
    for (index, response) in responses.iter().enumerate() {
        valid &= check_response(reader, &format!("{path}[{index}]"), response);
    }
    valid
}

const RESPONSE_KEYS: &[&str] = &[
    "content",
    "value",
    "confidence",
    "reasoning",
    "logprobs",
    "finish_reason",
    "usage",
    "chunks",
    "delay_ms",
    "error",
];

/// A mock response entry (runtime §9.1): checks the keys whose type the mock relies on.
fn check_response(reader: &mut Reader, path: &str, node: &Node) -> bool {
    let Some(entries) = reader.table(path, node) else {
        return false;
    };
    reader.unknown_keys(path, entries, RESPONSE_KEYS);
    let mut valid = true;
    for entry in entries {
        let key_path = join(path, &entry.key);
        let value = &entry.value;
        valid &= match entry.key.as_str() {
            "content" | "reasoning" => reader.string(&key_path, value).is_some(),
            "confidence" => reader.number(&key_path, value).is_some(),
            "delay_ms" => reader.count(&key_path, value).is_some(),
            "chunks" => reader.string_array(&key_path, value).is_some(),
            "finish_reason" => {
                let reasons = ["stop", "length", "content_filter", "tool", "error", "other"];
                reader.one_of(&key_path, value, &reasons).is_some()
            }
            "error" => check_error(reader, &key_path, value),
            _ => true,
        };
    }
    valid
}

/// An error object of runtime §8.3.
fn check_error(reader: &mut Reader, path: &str, node: &Node) -> bool {
    let Some(entries) = reader.table(path, node) else {
        return false;
    };
    reader.unknown_keys(
        path,
        entries,
        &["kind", "message", "status", "retry_after_ms"],
    );
    let mut valid = true;
    for entry in entries {
        let key_path = join(path, &entry.key);
        valid &= match entry.key.as_str() {
            "kind" => reader
                .one_of(&key_path, &entry.value, ERROR_KINDS)
                .is_some(),
            "message" => reader.string(&key_path, &entry.value).is_some(),
            "status" | "retry_after_ms" => reader.count(&key_path, &entry.value).is_some(),
            _ => true,
        };
    }
    valid
}

fn read_replay(
    reader: &mut Reader,
    prefix: &str,
    name: &str,
    name_span: Span,
    table: &[Entry],
) -> Option<ReplaySettings> {
    let mut cassette = None;
    let mut out = ReplaySettings {
        cassette: PathBuf::new(),
        mode: "replay".to_owned(),
        target: None,
        replay_latency: false,
    };
    for field in table {
        let path = join(prefix, &field.key);
        let value = &field.value;
        match field.key.as_str() {
            "cassette" => cassette = reader.string(&path, value).map(PathBuf::from),
            "mode" => read_choice(
                reader,
                &path,
                value,
                &["replay", "record", "auto"],
                &mut out.mode,
            ),
            "target" => set_some(&mut out.target, reader.string(&path, value)),
            "replay_latency" => set(&mut out.replay_latency, reader.bool(&path, value)),
            _ => {}
        }
    }
    let needs_target = out.mode != "replay" && out.target.is_none();
    let has_cassette_key = table.iter().any(|e| e.key == "cassette");
    if cassette.is_none() && !has_cassette_key || needs_target {
        reader.diagnostics.push(
            Diagnostic::error(
                "E0711",
                format!("provider '{name}' of type replay needs 'cassette' (and 'target' in record or auto mode)"),
            )
            .with_primary(reader.file, name_span, ""),
        );
        return None;
    }
    out.cassette = cassette?;
    Some(out)
}

fn read_http(reader: &mut Reader, prefix: &str, table: &[Entry]) -> HttpSettings {
    let mut out = HttpSettings::default();
    for field in table {
        let path = join(prefix, &field.key);
        let value = &field.value;
        match field.key.as_str() {
            "base_url" => set_some(&mut out.base_url, reader.string(&path, value)),
            "api_key_env" => set_some(&mut out.api_key_env, reader.string(&path, value)),
            "headers" => set(
                &mut out.headers,
                reader.string_table(&path, value).map(NamedValues),
            ),
            "anthropic_version" => {
                set_some(&mut out.anthropic_version, reader.string(&path, value))
            }
            "max_tokens" => set_some(&mut out.max_tokens, reader.positive(&path, value)),
            "api_version" => set_some(&mut out.api_version, reader.string(&path, value)),
            _ => {}
        }
    }
    out
}

fn read_command(
    reader: &mut Reader,
    prefix: &str,
    name: &str,
    name_span: Span,
    table: &[Entry],
) -> Option<CommandSettings> {
    let mut out = CommandSettings {
        command: Vec::new(),
        cwd: None,
        env: NamedValues::default(),
        per_call: false,
        startup_timeout_ms: 10_000,
        shutdown_timeout_ms: 2_000,
        max_restarts: 3,
    };
    let mut command_span = name_span;
    for field in table {
        let path = join(prefix, &field.key);
        let value = &field.value;
        match field.key.as_str() {
            "command" => {
                command_span = value.span;
                // A wrong type is reported once, as the missing command below.
                if let NodeKind::Array(_) = &value.kind {
                    set(&mut out.command, reader.string_array(&path, value));
                }
            }
            "cwd" => set_some(&mut out.cwd, reader.string(&path, value).map(PathBuf::from)),
            "env" => set(
                &mut out.env,
                reader.string_table(&path, value).map(NamedValues),
            ),
            "per_call" => set(&mut out.per_call, reader.bool(&path, value)),
            "startup_timeout_ms" => set(&mut out.startup_timeout_ms, reader.count(&path, value)),
            "shutdown_timeout_ms" => set(&mut out.shutdown_timeout_ms, reader.count(&path, value)),
            "max_restarts" => set(&mut out.max_restarts, reader.count(&path, value)),
            _ => {}
        }
    }
    if out.command.first().is_none_or(|program| program.is_empty()) {
        reader.diagnostics.push(
            Diagnostic::error(
                "E0709",
                format!("provider '{name}' of type command needs a non-empty 'command'"),
            )
            .with_primary(reader.file, command_span, "")
            .with_help(
                "write the program and its arguments, e.g. command = [\"python3\", \"agent.py\"]",
            ),
        );
        return None;
    }
    Some(out)
}

/// A host type: the whole table goes to the host hook as JSON; its problems become `E0702`.
fn read_host(
    reader: &mut Reader,
    prefix: &str,
    entry: &Entry,
    provider_type: &str,
    context: &ConfigContext<'_>,
) -> serde_json::Map<String, Json> {
    let Json::Object(table) = entry.value.to_json() else {
        return serde_json::Map::new();
    };
    for (key, expected) in
        context
            .provider_types
            .check_host_provider(&entry.key, provider_type, &table)
    {
        let at = entry
            .value
            .get(&key)
            .map_or(&entry.value, |field| &field.value);
        reader.wrong_type(&join(prefix, &key), at, &expected);
    }
    table
}
