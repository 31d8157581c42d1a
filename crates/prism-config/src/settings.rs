//! The effective run settings, by the precedence of cli §4.1: command-line option, then
//! environment variable (where one exists), then header (`@timeout`), then `prism.toml`, then the
//! default. `prism test` has its own defaults (cli §9.4, runtime §16).

use std::path::PathBuf;

use crate::env::EnvSettings;
use crate::header::Header;
use crate::model::{Backend, ClockKind, Compat, Config};

/// Settings given on the command line (cli §4.1); `None` when the flag is absent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CliOverrides {
    pub backend: Option<Backend>,
    pub seed: Option<u64>,
    pub clock: Option<ClockKind>,
    pub timeout_ms: Option<u64>,
    pub provider: Option<String>,
    pub trace: Option<PathBuf>,
    pub compat: Option<Compat>,
}

/// The settings a run uses.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSettings {
    pub backend: Backend,
    /// `None`: choose a random seed.
    pub seed: Option<u64>,
    pub clock: ClockKind,
    pub clock_start_ms: i64,
    /// The run deadline (language §14.6).
    pub timeout_ms: Option<u64>,
    /// The provider of calls that name none (runtime §6.1).
    pub default_provider: String,
    pub trace: Option<PathBuf>,
    pub compat: Compat,
}

/// Parses a backend name as `--backend` and `PRISM_BACKEND` take it.
pub fn parse_backend(text: &str) -> Option<Backend> {
    match text {
        "auto" => Some(Backend::Auto),
        "interp" => Some(Backend::Interp),
        "jit" => Some(Backend::Jit),
        _ => None,
    }
}

/// Resolves the run settings. `testing` selects the `[test]` defaults of cli §9.4. An invalid
/// `PRISM_BACKEND` is a usage error (cli §2.3); its message is returned as `Err`.
pub fn resolve_settings(
    config: &Config,
    env: &EnvSettings,
    cli: &CliOverrides,
    header: Option<&Header>,
    testing: bool,
) -> Result<RunSettings, String> {
    let env_backend = match env.backend.as_deref() {
        Some(text) => Some(parse_backend(text).ok_or_else(|| {
            format!("invalid PRISM_BACKEND value '{text}': expected auto, interp or jit")
        })?),
        None => None,
    };
    let runtime = &config.runtime;
    let (seed, clock, file_provider) = if testing {
        (
            Some(config.test.seed),
            config.test.clock,
            Some(config.test.default_provider.clone()),
        )
    } else {
        (
            runtime.seed,
            runtime.clock.unwrap_or(ClockKind::Real),
            runtime.default_provider.clone(),
        )
    };
    Ok(RunSettings {
        backend: cli.backend.or(env_backend).unwrap_or(runtime.backend),
        seed: cli.seed.or(seed),
        clock: cli.clock.unwrap_or(clock),
        clock_start_ms: runtime.clock_start_ms,
        timeout_ms: cli
            .timeout_ms
            .or(header.and_then(|h| h.timeout))
            .or(runtime.timeout_ms),
        default_provider: cli
            .provider
            .clone()
            .or_else(|| env.provider.clone())
            .or(file_provider)
            .unwrap_or_else(|| "mock".to_owned()),
        trace: cli
            .trace
            .clone()
            .or_else(|| env.trace.clone().map(PathBuf::from))
            .or_else(|| config.trace.path.clone()),
        compat: cli.compat.unwrap_or(runtime.compat),
    })
}
