//! Loads Prism files and modules, runs the compile phases (language §1.2) and executes programs.
//! All file access goes through [`loader::SourceLoader`], so the language server can supply unsaved
//! buffers and tests can supply in-memory files.
#![forbid(unsafe_code)]

// `check` and `loader` live in `prism-project` so the language server can use them without the
// runtime; they are re-exported so every caller keeps its paths.
pub use prism_project::{check, loader};
pub mod embed;
mod legacy;
mod legacy_helpers;
pub mod legacy_run;
pub mod run;
mod run_agents;
mod run_child;
mod run_compile;
mod run_config;
mod run_host;
mod run_pattern;
mod run_services;
mod run_std;
pub mod std_natives;
pub mod test_runner;
