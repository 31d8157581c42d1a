//! The agent runtime of one run (runtime §1.1 step 4): the providers, the registry, run
//! policies and budgets, concurrency slots, call numbering and the `W0902` flag.
//!
//! It lives in a thread-local of the run thread, like the registry address in
//! [`crate::value::set_agent_registry`]: one run per thread, installed by the driver with
//! [`install`] before the program is loaded (so that the prelude name `agents` resolves to the
//! registry), and reached by the builtins without widening the [`crate::Machine`] trait.
use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;

use indexmap::IndexMap;
use prism_config::{Budget, Config, Policy, ProviderConfig, ProviderSettings};
use prism_diagnostics::Diagnostic;
use serde_json::Value as Json;

use super::agent::{agent_value, AgentEntry};
use super::limits::{Budgets, Slots};
use super::mock::MockProvider;
use super::provider::{
    Capabilities, Delivery, ErrorKind, InFlight, Provider, ProviderError, Request, StartContext,
};
use crate::error::{catalogue, Thrown};
use crate::tasks::Scheduler;
use crate::value::ArrayRef;
use crate::value::{set_agent_registry, Inner, Value};

/// What the driver hands to [`install`] (runtime §1.2 step 4).
pub struct AgentSetup<'a> {
    pub config: &'a Config,
    /// `--provider`, else `PRISM_PROVIDER` (runtime §6.1).
    pub provider_override: Option<String>,
    /// The rules of each mock's `script` file, read by the driver: (file path, rules).
    pub script_rules: Vec<(PathBuf, Vec<Json>)>,
    /// Providers registered by an embedding host (runtime §8.5), by name.
    pub host_providers: Vec<(String, Rc<dyn Provider>)>,
    /// Names of providers that exist without a table (automatic providers, runtime §2.4).
    pub automatic_providers: Vec<String>,
    /// The trace's view of the calls (runtime §13.2), if a trace is written.
    pub observer: Option<Rc<dyn super::observe::CallObserver>>,
    /// The governance policy (runtime §12), if `[governance]` is configured.
    pub governance: Option<Rc<dyn super::governance::Governance>>,
    /// Builds the provider types the runtime leaves to other crates (see [`ProviderFactory`]).
    pub provider_factory: Option<Rc<ProviderFactory>>,
    /// `metadata.run_id`, `metadata.node`, `metadata.pattern` of requests (runtime §8.1).
    pub run_id: String,
    pub node: String,
    pub pattern: Option<String>,
}

impl<'a> AgentSetup<'a> {
    pub fn new(config: &'a Config) -> AgentSetup<'a> {
        AgentSetup {
            config,
            provider_override: None,
            script_rules: Vec::new(),
            host_providers: Vec::new(),
            automatic_providers: Vec::new(),
            observer: None,
            governance: None,
            provider_factory: None,
            run_id: String::new(),
            node: config.patterns.root_node(),
            pattern: config.project.name.clone(),
        }
    }
}

/// Builds a provider from its table for the types implemented outside the runtime — the HTTP
/// model APIs of runtime §9.3–§9.5 live in the `prism-providers` crate, so that the runtime (and
/// the language server built on it) carries no HTTP stack. `None`: the factory does not build
/// this type, and the type stays `unavailable`.
pub type ProviderFactory = dyn Fn(&ProviderConfig) -> Option<Rc<dyn Provider>>;

/// One provider of the run, with its table (absent for the implicit `mock`).
pub struct ProviderEntry {
    pub name: String,
    pub provider: Rc<dyn Provider>,
    pub config: Option<ProviderConfig>,
}

impl ProviderEntry {
    pub fn policy(&self) -> Option<&Policy> {
        self.config.as_ref().map(|c| &c.policy)
    }
}

/// The state of the agent runtime for one run.
pub struct AgentRuntime {
    pub providers: IndexMap<String, ProviderEntry>,
    pub default_provider: String,
    /// No provider is configured anywhere: using `mock` emits `W0902` once (runtime §6.1).
    mock_by_default: bool,
    warned: Cell<bool>,
    warnings: RefCell<Vec<Diagnostic>>,
    pub registry: ArrayRef,
    pub policy: Policy,
    pub run_budget: Budget,
    pub fixed_confidence: f64,
    pub slots: Slots,
    pub budgets: Budgets,
    next_call: Cell<u64>,
    retries: Cell<u64>,
    pub run_id: String,
    pub node: String,
    pub pattern: Option<String>,
    /// Where providers doing real I/O post their completions.
    pub inbox: Rc<super::inbox::Inbox>,
    pub observer: Option<Rc<dyn super::observe::CallObserver>>,
    pub governance: Option<Rc<dyn super::governance::Governance>>,
    /// `agent.status` of the run's agents.
    pub status: super::status::StatusBoard,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<AgentRuntime>>> = const { RefCell::new(None) };
}

/// Builds the providers and registers the configured agents in file order, then makes the
/// result the agent runtime of this thread's run and declares its registry. Returns the
/// registry array (the value of the prelude name `agents`).
pub fn install(setup: &AgentSetup<'_>) -> Value {
    let runtime = Rc::new(AgentRuntime::new(setup));
    let registry = runtime.registry.clone();
    set_agent_registry(Some(registry.clone()));
    CURRENT.with(|current| *current.borrow_mut() = Some(runtime));
    Value::from_inner(Inner::Array(registry))
}

/// Ends the run's agent runtime on this thread.
pub fn uninstall() {
    CURRENT.with(|current| *current.borrow_mut() = None);
    set_agent_registry(None);
}

/// Whether [`install`] has set up an agent runtime on this thread.
pub fn is_installed() -> bool {
    CURRENT.with(|current| current.borrow().is_some())
}

/// The installed runtime, or one for a project without configuration (so that `llm` works in
/// embeddings that never call [`install`]).
pub fn current() -> Rc<AgentRuntime> {
    if let Some(runtime) = CURRENT.with(|current| current.borrow().clone()) {
        return runtime;
    }
    let config = Config::default();
    install(&AgentSetup::new(&config));
    CURRENT
        .with(|current| current.borrow().clone())
        .unwrap_or_else(|| Rc::new(AgentRuntime::new(&AgentSetup::new(&config))))
}

/// The registry array as a value (the prelude name `agents`, runtime §5.3).
pub fn registry_value() -> Value {
    Value::from_inner(Inner::Array(current().registry.clone()))
}

/// The run's provider usage, for the statistics of cli §4.4.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Attempts sent to providers.
    pub calls: u64,
    pub retries: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// The usage of this thread's run so far (zero when nothing was installed).
pub fn run_summary() -> RunSummary {
    CURRENT.with(|current| {
        let current = current.borrow();
        let Some(runtime) = current.as_ref() else {
            return RunSummary::default();
        };
        let usage = runtime.budgets.run.get();
        RunSummary {
            calls: usage.calls,
            retries: runtime.retries.get(),
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
        }
    })
}

/// Runtime warnings produced so far (`W0902`), for the driver to report; drains them.
pub fn take_warnings() -> Vec<Diagnostic> {
    CURRENT.with(|current| {
        current
            .borrow()
            .as_ref()
            .map(|runtime| std::mem::take(&mut *runtime.warnings.borrow_mut()))
            .unwrap_or_default()
    })
}

impl AgentRuntime {
    fn new(setup: &AgentSetup<'_>) -> AgentRuntime {
        let config = setup.config;
        let mut providers = IndexMap::new();
        for table in &config.providers {
            let provider = build_provider(table, setup);
            providers.insert(
                table.name.clone(),
                ProviderEntry {
                    name: table.name.clone(),
                    provider,
                    config: Some(table.clone()),
                },
            );
        }
        for name in &setup.automatic_providers {
            if !providers.contains_key(name) {
                let provider: Rc<dyn Provider> = Rc::new(Unavailable(name.clone()));
                let entry = ProviderEntry {
                    name: name.clone(),
                    provider,
                    config: None,
                };
                providers.insert(name.clone(), entry);
            }
        }
        for (name, provider) in &setup.host_providers {
            let entry = ProviderEntry {
                name: name.clone(),
                provider: provider.clone(),
                config: None,
            };
            providers.insert(name.clone(), entry);
        }
        let configured = setup.provider_override.is_some()
            || config.runtime.default_provider.is_some()
            || !providers.is_empty();
        providers
            .entry("mock".to_owned())
            .or_insert_with(|| ProviderEntry {
                name: "mock".to_owned(),
                provider: Rc::new(MockProvider::default()),
                config: None,
            });
        let default_provider = setup
            .provider_override
            .clone()
            .or_else(|| config.runtime.default_provider.clone())
            .unwrap_or_else(|| "mock".to_owned());
        let runtime = AgentRuntime {
            providers,
            default_provider,
            mock_by_default: !configured,
            warned: Cell::new(false),
            warnings: RefCell::default(),
            registry: Rc::new(RefCell::new(Vec::new())),
            policy: config.policy.clone(),
            run_budget: config.budget,
            fixed_confidence: config.confidence.fixed,
            slots: Slots::new(config.runtime.max_concurrency),
            budgets: Budgets::default(),
            next_call: Cell::new(0),
            retries: Cell::new(0),
            run_id: setup.run_id.clone(),
            node: setup.node.clone(),
            pattern: setup.pattern.clone(),
            inbox: Rc::default(),
            observer: setup.observer.clone(),
            governance: setup.governance.clone(),
            status: super::status::StatusBoard::default(),
        };
        for agent in &config.agents {
            let entry = runtime.entry_for(agent.clone());
            runtime.registry.borrow_mut().push(agent_value(entry));
        }
        runtime
    }

    /// Resolves an agent's provider and model (runtime §5.1 defaults).
    pub fn entry_for(&self, config: prism_config::AgentConfig) -> AgentEntry {
        let provider = config
            .provider
            .clone()
            .unwrap_or_else(|| self.default_provider.clone());
        let model = config.model.clone().or_else(|| {
            let entry = self.providers.get(&provider)?;
            entry
                .config
                .as_ref()
                .and_then(|c| c.model.clone())
                .or_else(|| entry.provider.default_model())
        });
        AgentEntry {
            config,
            provider,
            model,
        }
    }

    pub fn provider(&self, name: &str) -> Option<&ProviderEntry> {
        self.providers.get(name)
    }

    /// The registered agent named `name`.
    pub fn agent(&self, name: &str) -> Option<Value> {
        let registry = self.registry.borrow();
        registry
            .iter()
            .find(|value| matches!(value.inner(), Inner::Agent(a) if a.name == name))
            .cloned()
    }

    /// Registers an agent of an `agents` block (language §8.11): `R0901` for an unknown
    /// provider, `R0902` for a name already registered.
    pub fn declare(&self, name: &str, config: prism_config::AgentConfig) -> Result<Value, Thrown> {
        if self.agent(name).is_some() {
            return Err(catalogue::agent_exists(name));
        }
        if let Some(provider) = &config.provider {
            if !self.providers.contains_key(provider) {
                let detail = format!("unknown provider '{provider}'");
                return Err(catalogue::invalid_agent(name, &detail));
            }
        }
        let value = agent_value(self.entry_for(config));
        self.registry.borrow_mut().push(value.clone());
        Ok(value)
    }

    /// The next call id: `c1`, `c2`, … in the order calls start (runtime §6.4).
    pub fn next_call_id(&self) -> String {
        let n = self.next_call.get() + 1;
        self.next_call.set(n);
        format!("c{n}")
    }

    /// Notes that `provider` is used because neither the call nor the agent named one; the
    /// first use of `mock` only because nothing is configured emits `W0902` (runtime §6.1).
    pub fn note_default_use(&self, provider: &str) {
        if self.mock_by_default && provider == "mock" && !self.warned.replace(true) {
            let warning =
                Diagnostic::warning("W0902", "no provider configured; using the mock provider");
            self.warnings.borrow_mut().push(warning);
        }
    }

    /// Counts a retry (for the run statistics, cli §4.4).
    pub fn note_retry(&self) {
        self.retries.set(self.retries.get() + 1);
    }

    /// Whether `W0902` has been emitted in this run.
    pub fn used_mock_by_default(&self) -> bool {
        self.warned.get()
    }
}

/// A provider from its table. Types built neither here nor by the setup's
/// [`ProviderFactory`] are [`Unavailable`]: every attempt fails with kind `unavailable`.
fn build_provider(table: &ProviderConfig, setup: &AgentSetup<'_>) -> Rc<dyn Provider> {
    let scripts = &setup.script_rules;
    match &table.settings {
        ProviderSettings::Mock(settings) => {
            let script_rules = settings
                .script
                .as_ref()
                .and_then(|path| scripts.iter().find(|(p, _)| p == path))
                .map(|(_, rules)| rules.as_slice())
                .unwrap_or_default();
            Rc::new(MockProvider::new(
                table.model.as_deref(),
                settings,
                script_rules,
            ))
        }
        ProviderSettings::Replay(settings) => Rc::new(super::replay::ReplayProvider::new(
            &table.name,
            table.model.as_deref(),
            settings,
        )),
        ProviderSettings::Command(settings) => Rc::new(super::command::CommandProvider::new(
            &table.name,
            table.model.as_deref(),
            settings,
        )),
        _ => setup
            .provider_factory
            .as_ref()
            .and_then(|factory| factory(table))
            .unwrap_or_else(|| Rc::new(Unavailable(table.provider_type.clone()))),
    }
}

/// The extension point for provider types not built yet (runtime §9.2–§9.6).
struct Unavailable(String);

struct Nothing;

impl InFlight for Nothing {
    fn cancel(&self, _: Option<&Scheduler>) {}
}

impl Provider for Unavailable {
    fn provider_type(&self) -> &str {
        &self.0
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }

    fn default_model(&self) -> Option<String> {
        None
    }

    fn start(
        &self,
        _: &Request,
        _: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        let message = format!("provider type '{}' is not available in this build", self.0);
        delivery.finish(
            None,
            Err(ProviderError::new(ErrorKind::Unavailable, message)),
        );
        Box::new(Nothing)
    }
}
