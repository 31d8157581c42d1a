//! Step 4 of the run lifecycle (runtime §1.2): the providers and agents of the configuration,
//! handed to the runtime's agent module (`prism_runtime::agents`) before the program is loaded,
//! so that the prelude name `agents` is the registry. The driver does the file reading the
//! runtime may not do: the mock providers' `script` files (runtime §9.1).

use std::path::PathBuf;

use prism_config::{Config, Environment, ProviderSettings};
use prism_runtime::agents::{self, AgentSetup};
use serde_json::Value as Json;

/// What the agent runtime needs from the configuration and the environment.
pub(crate) struct AgentInputs {
    pub config: Config,
    /// `PRISM_PROVIDER` (runtime §6.1).
    pub provider_env: Option<String>,
    /// Automatic providers (runtime §2.4), by name.
    pub automatic: Vec<String>,
    /// Governance, the trace's observer and the run id (`run_services`).
    pub services: crate::run_services::Services,
    /// The run's environment (`.env` included): the HTTP providers read their API keys from
    /// it. Its `Debug` shows names only.
    pub env: Environment,
}

impl AgentInputs {
    pub(crate) fn new(config: &Config, env: &Environment) -> AgentInputs {
        AgentInputs {
            config: config.clone(),
            provider_env: env.settings().provider,
            automatic: env
                .automatic_providers(config)
                .iter()
                .map(|auto| auto.name.to_owned())
                .collect(),
            services: crate::run_services::Services::default(),
            env: env.clone(),
        }
    }
}

/// Creates the providers and registers the configured agents on this (the run's) thread.
pub(crate) fn install(inputs: &AgentInputs) {
    let mut setup = AgentSetup::new(&inputs.config);
    setup.provider_override = inputs.provider_env.clone();
    setup.automatic_providers = inputs.automatic.clone();
    setup.script_rules = script_rules(&inputs.config);
    setup.observer = inputs.services.observer.clone();
    setup.governance = inputs.services.governance.clone();
    setup.run_id = inputs.services.run_id.clone();
    // The HTTP providers (runtime §9.3–§9.5) come from prism-providers.
    setup.provider_factory = Some(prism_providers::factory(inputs.env.clone()));
    for auto in inputs.env.automatic_providers(&inputs.config) {
        if let Some(provider) = prism_providers::automatic(&auto, &inputs.env) {
            setup.host_providers.push((auto.name.to_owned(), provider));
        }
    }
    agents::install(&setup);
    // The database of std/learn (docs/stdlib.md).
    prism_learn::install(&inputs.config.learn.path);
}

/// The rules of every mock `script` file that can be read (`{ "rules": [ … ] }`).
fn script_rules(config: &Config) -> Vec<(PathBuf, Vec<Json>)> {
    let mut scripts = Vec::new();
    for provider in &config.providers {
        let ProviderSettings::Mock(mock) = &provider.settings else {
            continue;
        };
        let Some(path) = &mock.script else { continue };
        let rules = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str::<Json>(&text).ok())
            .and_then(|json| json.get("rules").and_then(Json::as_array).cloned())
            .unwrap_or_default();
        scripts.push((path.clone(), rules));
    }
    scripts
}

/// What the agent runtime leaves for the outcome of a run.
pub(crate) struct AgentsFinished {
    /// `W0902`.
    pub warnings: Vec<prism_diagnostics::Diagnostic>,
    pub summary: agents::RunSummary,
}

/// Ends the agent runtime of the run.
pub(crate) fn finish() -> AgentsFinished {
    let finished = AgentsFinished {
        warnings: agents::take_warnings(),
        summary: agents::run_summary(),
    };
    agents::uninstall();
    finished
}
