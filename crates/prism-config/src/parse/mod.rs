//! Parsing and validating `prism.toml` (runtime §2.2, §2.3, §2.6).
//!
//! Validation never stops at the first problem: every table is read, each wrong value is reported
//! (`E07xx`) and leaves its setting at the default, and unknown keys are warnings (`W0701`). The
//! driver treats the file as failed when any diagnostic is an error (runtime §1.2 step 1).

mod agents;
mod learn;
pub(crate) mod policy;
pub(crate) mod providers;
mod references;
mod settings;

use prism_diagnostics::Diagnostic;
use prism_span::FileId;
use serde_json::{Map, Value as Json};

use crate::env::Environment;
use crate::model::Config;
use crate::reader::Reader;
use crate::toml_tree::{parse_toml, Node};

/// Provider types added by a host program (runtime §8.5). The built-in types are known to this
/// crate; a host registers its own types and checks their keys through this hook.
pub trait ProviderTypes {
    /// Whether `type_name` is a provider type the host registered.
    fn is_host_type(&self, type_name: &str) -> bool;

    /// Checks the table of a provider of a host type. Each problem is `(key, expected type)` and
    /// is reported as `E0702` at that key's value. The default accepts every table.
    fn check_host_provider(
        &self,
        _name: &str,
        _type_name: &str,
        _table: &Map<String, Json>,
    ) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// The built-in provider types only: for `prism` itself, which registers no host providers.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuiltinProviderTypes;

impl ProviderTypes for BuiltinProviderTypes {
    fn is_host_type(&self, _type_name: &str) -> bool {
        false
    }
}

/// What validation needs besides the file: the environment decides which automatic providers
/// exist (runtime §2.4), and so which provider names agents may use (`E0705`).
pub struct ConfigContext<'a> {
    pub env: &'a Environment,
    pub provider_types: &'a dyn ProviderTypes,
}

/// The result of reading one `prism.toml`.
#[derive(Debug)]
pub struct ParsedConfig {
    /// The configuration, with defaults wherever the file had no valid value.
    pub config: Config,
    /// `E0701`–`E0711` errors and `W0701` warnings, with spans into the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedConfig {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The top-level tables of runtime §2.3 (and cli §9.4 for `[test]`).
const TOP_LEVEL_KEYS: &[&str] = &[
    "project",
    "runtime",
    "limits",
    "patterns",
    "confidence",
    "modules",
    "policy",
    "budget",
    "providers",
    "agents",
    "governance",
    "trace",
    "compat",
    "test",
    "learn",
];

/// Parses and validates the text of a `prism.toml` registered as `file` in the session's
/// `SourceMap` (runtime §2.2–§2.6).
pub fn parse_config(text: &str, file: FileId, context: &ConfigContext<'_>) -> ParsedConfig {
    let root = match parse_toml(text, file) {
        Ok(root) => root,
        Err(diagnostic) => {
            return ParsedConfig {
                config: Config::default(),
                diagnostics: vec![*diagnostic],
            }
        }
    };
    let mut reader = Reader::new(file);
    let config = read_config(&mut reader, &root, context);
    ParsedConfig {
        config,
        diagnostics: reader.diagnostics,
    }
}

fn read_config(reader: &mut Reader, root: &Node, context: &ConfigContext<'_>) -> Config {
    let mut config = Config::default();
    let entries = root.entries().unwrap_or(&[]);
    reader.unknown_keys("", entries, TOP_LEVEL_KEYS);
    for entry in entries {
        let node = &entry.value;
        match entry.key.as_str() {
            "project" => settings::read_project(reader, node, &mut config.project),
            "runtime" => settings::read_runtime(reader, node, &mut config.runtime),
            "limits" => settings::read_limits(reader, node, &mut config.limits),
            "patterns" => settings::read_patterns(reader, node, &mut config.patterns),
            "confidence" => settings::read_confidence(reader, node, &mut config.confidence),
            "modules" => settings::read_modules(reader, node, &mut config.modules),
            "policy" => {
                if let Some(table) = reader.table("policy", node) {
                    reader.unknown_keys("policy", table, policy::POLICY_KEYS);
                    config.policy = policy::read_policy(reader, "policy", table);
                }
            }
            "budget" => {
                config.budget = policy::read_budget(reader, "budget", node, policy::BUDGET_KEYS)
            }
            "providers" => config.providers = providers::read_providers(reader, node, context),
            "agents" => config.agents = agents::read_agents(reader, node),
            "governance" => config.governance = settings::read_governance(reader, node),
            "trace" => settings::read_trace(reader, node, &mut config.trace),
            "compat" => settings::read_compat(reader, node, &mut config.parallax),
            "test" => settings::read_test(reader, node, &mut config.test),
            "learn" => learn::read_learn(reader, node, &mut config.learn),
            _ => {}
        }
    }
    references::check_references(reader, root, &config, context.env);
    config
}

/// Stores `value` in `slot` when it is present (a bad value keeps the default).
fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// Stores a present `value` in an optional setting.
fn set_some<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}
