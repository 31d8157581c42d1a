//! The HTTP model providers of runtime §9.3–§9.5: `openai` (OpenAI-compatible Chat Completions:
//! OpenAI, Ollama, llama.cpp server, vLLM, LM Studio), `anthropic` (Messages API) and `gemini`
//! (`generateContent`), each with server-sent-event streaming (§8.4).
//!
//! They live outside `prism-runtime` so that the runtime and the language server carry no HTTP
//! stack: the driver hands [`factory`] to the runtime as its
//! [`prism_runtime::agents::ProviderFactory`] and registers the automatic providers of §2.4
//! with [`automatic`].
//!
//! # How a request runs
//!
//! [`HttpProvider::start`](prism_runtime::agents::Provider::start) builds the vendor's request
//! on the run thread and spawns it on one shared background Tokio runtime ([`client`]); the
//! fragments and the outcome travel back through the agent runtime's inbox, the scheduler's
//! external event source (language §14.1), so no request ever blocks the run thread.
//! Cancelling the attempt (runtime §7.3: the task was cancelled, or the attempt timed out)
//! aborts the Tokio task, which drops the connection. `docs/providers.md` records why.
#![forbid(unsafe_code)]

mod client;
mod errors;
mod provider;
mod settings;
mod sse;
mod transport;
mod wire;

use std::rc::Rc;

use prism_config::{AutomaticProvider, Environment, ProviderConfig, ProviderSettings};
use prism_runtime::agents::{Provider, ProviderFactory};

pub use provider::HttpProvider;
pub use settings::{Endpoint, Vendor};

/// The provider factory for the run: builds `openai`, `anthropic` and `gemini` tables, reading
/// API keys from `env` (the run's environment snapshot, `.env` included).
pub fn factory(env: Environment) -> Rc<ProviderFactory> {
    Rc::new(move |table: &ProviderConfig| build(table, &env))
}

/// The provider of one `[providers.NAME]` table, or `None` for a type this crate does not build.
pub fn build(table: &ProviderConfig, env: &Environment) -> Option<Rc<dyn Provider>> {
    let vendor = Vendor::from_type(&table.provider_type)?;
    let ProviderSettings::Http(settings) = &table.settings else {
        return None;
    };
    let endpoint = Endpoint::from_table(vendor, table.model.clone(), settings, env);
    Some(Rc::new(HttpProvider::new(endpoint)))
}

/// An automatic provider (runtime §2.4): default settings, the key from the variable that was
/// found set, the model from `OPENAI_MODEL` / `ANTHROPIC_MODEL` / `GEMINI_MODEL`.
pub fn automatic(auto: &AutomaticProvider, env: &Environment) -> Option<Rc<dyn Provider>> {
    let vendor = Vendor::from_type(auto.provider_type)?;
    let settings = prism_config::HttpSettings {
        api_key_env: Some(auto.api_key_env.to_owned()),
        ..prism_config::HttpSettings::default()
    };
    let endpoint = Endpoint::from_table(vendor, auto.model.clone(), &settings, env);
    Some(Rc::new(HttpProvider::new(endpoint)))
}
