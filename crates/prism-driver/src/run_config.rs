//! The project configuration as far as execution needs it (runtime §2): confidence levels
//! (language §7.8), the call depth limit (§10.3), the run deadline and the seed. Command-line
//! options win over the file (cli §4.1).

use std::path::Path;

use prism_config::{
    load_project, BuiltinProviderTypes, ConfigFiles, Environment, LoadRequest, ProjectFiles,
};
use prism_diagnostics::Diagnostic;
use prism_runtime::builtins::Levels;
use prism_span::SourceMap;

/// Settings of one run after the configuration is applied.
pub(crate) struct RunSettings {
    pub levels: Levels,
    pub max_call_depth: usize,
    pub timeout_ms: Option<u64>,
    pub seed: Option<u64>,
    /// `[runtime] backend` (cli §4.1): what `--backend auto` defers to.
    pub backend: prism_config::Backend,
    /// Providers and agents (runtime §1.2 step 4).
    pub agents: crate::run_agents::AgentInputs,
    /// The environment (`.env` included): the secret set of the trace (runtime §13.3).
    pub env: Environment,
    /// The directory `pattern.file` is relative to (runtime §2.1, §3.5).
    pub project_root: std::path::PathBuf,
}

struct Disk;

impl ConfigFiles for Disk {
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}

impl ProjectFiles for Disk {
    fn read_to_string(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|error| error.to_string())
    }
}

/// Loads `prism.toml` (from `--config`, `PRISM_CONFIG` or the search from `start_dir`).
/// Diagnostics go to `diagnostics`; `None` when one of them is an error.
pub(crate) fn load_settings(
    flag: Option<&Path>,
    start_dir: &Path,
    files: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RunSettings> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| Path::new(".").to_path_buf());
    let mut env: Environment = std::env::vars().collect();
    let request = LoadRequest {
        flag,
        start_dir,
        cwd: &cwd,
        provider_types: &BuiltinProviderTypes,
    };
    let project = load_project(&request, &mut env, &Disk, files);
    let failed = project.has_errors();
    diagnostics.extend(project.diagnostics);
    if failed {
        return None;
    }
    let config = project.config;
    let agents = crate::run_agents::AgentInputs::new(&config, &env);
    Some(RunSettings {
        levels: Levels {
            high: config.confidence.high,
            medium: config.confidence.medium,
        },
        max_call_depth: usize::try_from(config.limits.max_call_depth).unwrap_or(usize::MAX),
        timeout_ms: config.runtime.timeout_ms,
        seed: config.runtime.seed,
        backend: config.runtime.backend,
        agents,
        env,
        project_root: project.discovered.project_root,
    })
}
