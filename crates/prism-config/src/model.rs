//! The typed configuration (runtime §2.3) that the driver and the runtime read.
//!
//! Settings with a fixed default hold the default when the file does not set them. Settings whose
//! default depends on something outside the file (the command, the environment, the provider type)
//! are `Option`s, resolved by [`crate::settings`] or by the runtime. Relative paths are kept as
//! written; [`Config::resolve_paths`] makes them relative to the project root (runtime §2.2).

use std::path::{Path, PathBuf};

use prism_span::Span;
use serde_json::{Map, Value as Json};

/// The default start of the virtual clock: 2026-01-01T00:00:00Z (runtime §2.3).
pub const DEFAULT_CLOCK_START_MS: i64 = 1_767_225_600_000;

/// Everything `prism.toml` configures. `Config::default()` is the configuration of a project
/// without a file (runtime §2.1: "every setting has its default").
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Config {
    pub project: ProjectInfo,
    pub runtime: RuntimeSettings,
    pub limits: Limits,
    pub patterns: PatternIds,
    pub confidence: ConfidenceLevels,
    pub modules: ModuleSettings,
    /// `[policy]`: defaults for every call (runtime §11.1).
    pub policy: Policy,
    /// `[budget]`: run budgets (runtime §11.5).
    pub budget: Budget,
    /// `[providers.NAME]` in file order. The implicit `mock` provider is listed only when the file
    /// configures it; [`Config::provider`] knows it always exists.
    pub providers: Vec<ProviderConfig>,
    /// `[agents.NAME]` in file order, which is the registration order (runtime §2.3, §5.3).
    pub agents: Vec<AgentConfig>,
    pub governance: Option<Governance>,
    pub trace: TraceSettings,
    pub parallax: ParallaxSettings,
    pub test: TestSettings,
    /// `[learn]`: the learning store of `std/learn` (docs/stdlib.md).
    pub learn: LearnSettings,
}

/// `[learn]` (decision, docs/stdlib.md): where `std/learn` keeps its SQLite database.
#[derive(Clone, Debug, PartialEq)]
pub struct LearnSettings {
    /// Relative to the project root once [`Config::resolve_paths`] has run.
    pub path: PathBuf,
}

impl Default for LearnSettings {
    fn default() -> Self {
        LearnSettings {
            path: PathBuf::from(".prism/learn.db"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProjectInfo {
    pub name: Option<String>,
    pub version: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Backend {
    #[default]
    Auto,
    Interp,
    Jit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockKind {
    Real,
    Virtual,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Compat {
    #[default]
    None,
    Parallax,
}

/// `[runtime]` (runtime §2.3).
#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeSettings {
    pub default_provider: Option<String>,
    pub backend: Backend,
    /// `None`: a random seed (builtins §8), or 0 under `prism test` (runtime §16).
    pub seed: Option<u64>,
    /// `None`: real, or virtual under `prism test` (runtime §7.4).
    pub clock: Option<ClockKind>,
    pub clock_start_ms: i64,
    pub timeout_ms: Option<u64>,
    pub max_concurrency: u64,
    pub compat: Compat,
}

impl Default for RuntimeSettings {
    fn default() -> Self {
        RuntimeSettings {
            default_provider: None,
            backend: Backend::Auto,
            seed: None,
            clock: None,
            clock_start_ms: DEFAULT_CLOCK_START_MS,
            timeout_ms: None,
            max_concurrency: 8,
            compat: Compat::None,
        }
    }
}

/// `[limits]` (language §10.3, runtime §11.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_call_depth: u64,
    pub max_pattern_depth: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_call_depth: 1000,
            max_pattern_depth: 2,
        }
    }
}

/// `[patterns]`: the root node id `{id_prefix}_{root_id}` (runtime §11.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternIds {
    pub id_prefix: String,
    pub root_id: String,
}

impl Default for PatternIds {
    fn default() -> Self {
        PatternIds {
            id_prefix: "ORG".to_owned(),
            root_id: "1".to_owned(),
        }
    }
}

impl PatternIds {
    /// The node id of the root pattern, `ORG_1` by default.
    pub fn root_node(&self) -> String {
        format!("{}_{}", self.id_prefix, self.root_id)
    }
}

/// `[confidence]`: the level boundaries (language §7.8) and the `fixed` estimator's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConfidenceLevels {
    pub high: f64,
    pub medium: f64,
    pub fixed: f64,
}

impl Default for ConfidenceLevels {
    fn default() -> Self {
        ConfidenceLevels {
            high: 0.7,
            medium: 0.5,
            fixed: 0.5,
        }
    }
}

/// `[modules]`: directories searched for bare module specifiers (language §13.2).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ModuleSettings {
    pub paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    Full,
    Equal,
    None,
}

/// The policy keys of runtime §11.1. `None` means "inherited" (call → agent → provider →
/// `[policy]` → built-in default); the runtime resolves them per target.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Policy {
    pub timeout_ms: Option<u64>,
    pub total_timeout_ms: Option<u64>,
    pub retries: Option<u64>,
    pub backoff_ms: Option<u64>,
    pub backoff_factor: Option<f64>,
    pub backoff_max_ms: Option<u64>,
    pub jitter: Option<Jitter>,
    /// Error kinds (runtime §8.3), `"parse"` or `"low_confidence"`.
    pub retry_on: Option<Vec<String>>,
    pub min_confidence: Option<f64>,
    /// Agent names (looked up first) or provider names.
    pub fallback: Option<Vec<String>>,
}

/// Budgets (runtime §11.5); `None` is unlimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Budget {
    pub calls: Option<u64>,
    pub tokens: Option<u64>,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
}

/// A confidence estimator (runtime §10.1): a name, or a table with `name` and parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimator {
    /// `fixed`, `self-report`, `logprobs` or `heuristic`.
    pub name: String,
    /// The `fixed` estimator's value.
    pub value: Option<f64>,
    pub fallback: Option<Box<Estimator>>,
    /// `self-report` only; default true.
    pub strip_marker: Option<bool>,
    /// `[in, out]` points with strictly increasing `in` (runtime §10.7, builtins §12).
    pub calibration: Option<Vec<(f64, f64)>>,
}

impl Estimator {
    pub fn named(name: &str) -> Estimator {
        Estimator {
            name: name.to_owned(),
            value: None,
            fallback: None,
            strip_marker: None,
            calibration: None,
        }
    }
}

/// One `[providers.NAME]` table (runtime §2.3, §9).
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderConfig {
    pub name: String,
    /// The span of the table's name in `prism.toml`, for later diagnostics.
    pub name_span: Span,
    /// `mock`, `replay`, `openai`, `anthropic`, `gemini`, `command` or a host type.
    pub provider_type: String,
    pub model: Option<String>,
    pub estimator: Option<Estimator>,
    pub concurrency: Option<u64>,
    pub policy: Policy,
    pub settings: ProviderSettings,
}

/// The type-specific keys of runtime §9.
#[derive(Clone, Debug, PartialEq)]
pub enum ProviderSettings {
    Mock(MockSettings),
    Replay(ReplaySettings),
    Http(HttpSettings),
    Command(CommandSettings),
    /// A host type (runtime §8.5): its whole table as JSON, checked by [`crate::ProviderTypes`].
    Host(Map<String, Json>),
}

/// `mock` (runtime §9.1). `rules` and `default_response` stay JSON: the mock provider reads them
/// with the same code that reads `mock.script` rules from test programs.
#[derive(Clone, Debug, PartialEq)]
pub struct MockSettings {
    pub latency_ms: u64,
    pub failure_rate: f64,
    pub failure_kind: String,
    /// `repeat-last`, `cycle` or `error`.
    pub exhausted: String,
    pub default_response: Option<Json>,
    pub rules: Vec<Json>,
    pub script: Option<PathBuf>,
}

impl Default for MockSettings {
    fn default() -> Self {
        MockSettings {
            latency_ms: 0,
            failure_rate: 0.0,
            failure_kind: "server".to_owned(),
            exhausted: "repeat-last".to_owned(),
            default_response: None,
            rules: Vec::new(),
            script: None,
        }
    }
}

/// `replay` (runtime §9.2).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplaySettings {
    pub cassette: PathBuf,
    /// `replay`, `record` or `auto`.
    pub mode: String,
    pub target: Option<String>,
    pub replay_latency: bool,
}

/// `openai`, `anthropic` and `gemini` (runtime §9.3–§9.5); `None` means the type's default.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct HttpSettings {
    pub base_url: Option<String>,
    /// The *name* of the variable holding the key, never the key itself.
    pub api_key_env: Option<String>,
    /// Extra HTTP headers; values may hold credentials.
    pub headers: NamedValues,
    pub anthropic_version: Option<String>,
    pub max_tokens: Option<u64>,
    pub api_version: Option<String>,
}

/// Name–value pairs whose values may be secrets (HTTP headers, a command's environment). `Debug`
/// shows the names only, so that no log or panic message can leak a key (runtime §13.3).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct NamedValues(pub Vec<(String, String)>);

impl std::fmt::Debug for NamedValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, _) in &self.0 {
            map.entry(name, &format_args!("[REDACTED]"));
        }
        map.finish()
    }
}

/// `command` (runtime §9.6).
#[derive(Clone, Debug, PartialEq)]
pub struct CommandSettings {
    pub command: Vec<String>,
    pub cwd: Option<PathBuf>,
    /// Extra environment variables; values may hold credentials.
    pub env: NamedValues,
    pub per_call: bool,
    pub startup_timeout_ms: u64,
    pub shutdown_timeout_ms: u64,
    pub max_restarts: u64,
}

/// One `[agents.NAME]` table (runtime §5.1).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AgentConfig {
    pub name: String,
    pub name_span: Span,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub system: Option<String>,
    pub description: Option<String>,
    pub display_name: Option<String>,
    pub capabilities: Vec<String>,
    pub expertise: Option<f64>,
    pub metadata: Map<String, Json>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u64>,
    pub top_p: Option<f64>,
    pub stop: Option<Vec<String>>,
    pub seed: Option<u64>,
    pub estimator: Option<Estimator>,
    pub policy: Policy,
    pub budget: Budget,
    pub concurrency: Option<u64>,
}

/// `[governance]` (runtime §12.2). Present only when the file has the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Governance {
    pub policy: Vec<PathBuf>,
    pub data: Vec<PathBuf>,
    pub query: String,
    /// `deny` or `allow`: the decision when the query is undefined.
    pub default: String,
    /// `enforce` or `shadow`.
    pub mode: String,
    pub include_content: bool,
    pub actions: Vec<String>,
}

impl Default for Governance {
    fn default() -> Self {
        Governance {
            policy: Vec::new(),
            data: Vec::new(),
            query: "data.prism.decision".to_owned(),
            default: "deny".to_owned(),
            mode: "enforce".to_owned(),
            include_content: true,
            actions: ["llm", "ask", "call", "run_pattern"]
                .map(str::to_owned)
                .to_vec(),
        }
    }
}

/// `[trace]` (runtime §13.1). The redaction strings are secrets: see [`TraceSettings`]'s `Debug`.
#[derive(Clone, PartialEq)]
pub struct TraceSettings {
    pub path: Option<PathBuf>,
    pub include_content: bool,
    pub include_output: bool,
    pub redact: Vec<String>,
}

impl Default for TraceSettings {
    fn default() -> Self {
        TraceSettings {
            path: None,
            include_content: true,
            include_output: false,
            redact: Vec::new(),
        }
    }
}

impl std::fmt::Debug for TraceSettings {
    // The strings to redact are secrets (runtime §13.3): show how many, never what.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TraceSettings")
            .field("path", &self.path)
            .field("include_content", &self.include_content)
            .field("include_output", &self.include_output)
            .field("redact", &format_args!("[{} redacted]", self.redact.len()))
            .finish()
    }
}

/// `[compat.parallax]` (runtime §15.6).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParallaxSettings {
    pub agent_timeout_ms: u64,
    pub default_confidence: f64,
}

impl Default for ParallaxSettings {
    fn default() -> Self {
        ParallaxSettings {
            agent_timeout_ms: 30_000,
            default_confidence: 0.5,
        }
    }
}

/// `[test]` (cli §9.4).
#[derive(Clone, Debug, PartialEq)]
pub struct TestSettings {
    /// `None`: the project root.
    pub paths: Option<Vec<PathBuf>>,
    pub clock: ClockKind,
    pub seed: u64,
    pub default_provider: String,
    pub timeout_ms: u64,
}

impl Default for TestSettings {
    fn default() -> Self {
        TestSettings {
            paths: None,
            clock: ClockKind::Virtual,
            seed: 0,
            default_provider: "mock".to_owned(),
            timeout_ms: 10_000,
        }
    }
}

impl Config {
    pub fn provider(&self, name: &str) -> Option<&ProviderConfig> {
        self.providers.iter().find(|provider| provider.name == name)
    }

    pub fn agent(&self, name: &str) -> Option<&AgentConfig> {
        self.agents.iter().find(|agent| agent.name == name)
    }

    /// Makes every relative path relative to `root`, the project root (runtime §2.2). Pure:
    /// nothing is checked on disk.
    pub fn resolve_paths(&mut self, root: &Path) {
        let fix = |path: &mut PathBuf| {
            if path.is_relative() {
                *path = root.join(&*path);
            }
        };
        self.modules.paths.iter_mut().for_each(fix);
        if let Some(governance) = &mut self.governance {
            governance.policy.iter_mut().for_each(fix);
            governance.data.iter_mut().for_each(fix);
        }
        if let Some(path) = &mut self.trace.path {
            fix(path);
        }
        fix(&mut self.learn.path);
        if let Some(paths) = &mut self.test.paths {
            paths.iter_mut().for_each(fix);
        }
        for provider in &mut self.providers {
            match &mut provider.settings {
                ProviderSettings::Mock(mock) => mock.script.iter_mut().for_each(fix),
                ProviderSettings::Replay(replay) => fix(&mut replay.cassette),
                ProviderSettings::Command(command) => command.cwd.iter_mut().for_each(fix),
                ProviderSettings::Http(_) | ProviderSettings::Host(_) => {}
            }
        }
    }
}
