//! Tests of the shared runtime through its public API.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test
#[path = "runtime/access.rs"]
mod access;
#[path = "runtime/builtins.rs"]
mod builtins;
#[path = "runtime/catalogue.rs"]
mod catalogue;
#[path = "runtime/confidence.rs"]
mod confidence;
#[path = "runtime/display.rs"]
mod display;
#[path = "runtime/helpers.rs"]
mod helpers;
#[path = "runtime/memory.rs"]
mod memory;
#[path = "runtime/ops.rs"]
mod ops;
#[path = "runtime/pattern.rs"]
mod pattern;
#[path = "runtime/properties.rs"]
mod properties;
