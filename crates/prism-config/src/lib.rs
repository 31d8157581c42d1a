//! Configuration (`prism.toml`, runtime §2), pattern headers (runtime §3) and run inputs
//! (runtime §4).
//!
//! The crate is pure: it never touches the file system, the process environment or the network.
//! Discovery and loading ask a [`ProjectFiles`] implementation; the caller reads `--input` files
//! and standard input and passes their text; the environment comes in as an [`Environment`] map.
//! Diagnostics point into `prism.toml` (configuration) or into the program's header comment,
//! through the [`FileId`](prism_span::FileId) the text is registered under.
//!
//! # Use in the run lifecycle (runtime §1.2)
//!
//! 1. **Configuration**: [`load_project`] discovers `prism.toml` (`--config`, `PRISM_CONFIG`,
//!    then the search of §2.1), merges the project's `.env` into the [`Environment`], validates
//!    the file (`E07xx`, `W0701`) and resolves relative paths against the project root.
//!    [`settings::resolve_settings`] then applies the precedence of cli §4.1.
//! 2. **Header**: [`header::read_header`] on every file (modules too) gives the [`header::Header`]
//!    and its `E06xx`/`W06xx` diagnostics.
//! 4. **Providers and agents**: [`Config::providers`], [`Environment::automatic_providers`] and the
//!    always-present `mock`; [`Config::agents`] in registration order.
//! 5. **Input**: [`input::parse_input_arg`], [`input::parse_input_json`] (`E0801`),
//!    [`input::prepare_input`] (defaults, then `E0803`; `R0810` for child patterns).
//! 6. **Selection**: [`selection::select_agents`] and [`selection::check_min_agents`] (`E0804`),
//!    then [`header::pattern_binding`] for the `pattern` host binding.
//!
//! `prism check --format json` puts [`header::Header::to_json`] (or `null`) in each file's
//! `header` (cli §5).
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::indexing_slicing))]

pub mod discovery;
pub mod env;
pub mod header;
pub mod input;
mod load;
pub mod model;
mod parse;
mod reader;
pub mod selection;
pub mod settings;
mod suggest;
mod toml_tree;

pub use discovery::{
    cannot_read, discover, governance_policy_failed, ConfigFiles, ConfigOrigin, Discovered,
};
pub use env::{parse_dotenv, AutomaticProvider, EnvSettings, Environment};
pub use load::{display_path, load_project, LoadRequest, LoadedProject, ProjectFiles};
pub use model::*;
/// The error kinds of runtime §8.3.
pub use parse::policy::ERROR_KINDS;
/// The provider types built into `prism` (runtime §9) and the provider-name rule of §2.3.
pub use parse::providers::{is_provider_name, BUILTIN_PROVIDER_TYPES};
pub use parse::{parse_config, BuiltinProviderTypes, ConfigContext, ParsedConfig, ProviderTypes};
