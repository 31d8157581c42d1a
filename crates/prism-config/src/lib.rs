//! Configuration (`prism.toml`, runtime §2), pattern headers (runtime §3) and run inputs
//! (runtime §4).
//!
//! The crate is pure: it never touches the file system, the process environment or the network.
//! Discovery asks a [`ConfigFiles`] whether a path is a file; the caller reads files and standard
//! input and passes their text; the environment comes in as an [`Environment`] map. Diagnostics
//! point into `prism.toml` (configuration) or into the program's header comment, through the
//! [`FileId`](prism_span::FileId) the caller registered the text under.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::indexing_slicing))]

pub mod discovery;
pub mod env;
pub mod header;
pub mod input;
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
pub use model::*;
pub use parse::{parse_config, BuiltinProviderTypes, ConfigContext, ParsedConfig, ProviderTypes};
