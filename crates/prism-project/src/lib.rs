//! The compile-time view of a Prism project, shared by `prism check`, `prism run` (through
//! `prism-driver`, which re-exports these modules) and the language server: file access behind
//! [`loader::SourceLoader`], the bundled `std/` modules ([`std_modules`]) and the check phase of
//! cli §5 ([`check`]). It never depends on the runtime, so the language server can use it without
//! being able to execute programs (cli §8).
#![forbid(unsafe_code)]

pub mod check;
mod import_links;
pub mod imports;
pub mod loader;
pub mod modules;
pub mod project;
pub mod std_modules;
