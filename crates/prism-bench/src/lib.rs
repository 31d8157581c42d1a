//! Shared parts of the benchmark binaries: finding `prism`, timing child processes, the
//! benchmark programs, and the link-time order of the executable's hot functions.
#![forbid(unsafe_code)]

pub mod hot_functions;
pub mod locate;
pub mod measure;
pub mod programs;
