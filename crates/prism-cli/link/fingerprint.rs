//! What the names in `hot-functions.txt` depend on besides the code. Each symbol name carries a
//! hash of its crate's build settings, which cargo derives from the locked dependency versions
//! and the build profiles, so a change to either renames most functions and leaves the list
//! stale. `hot-functions.inputs` records this fingerprint from when the list was generated.
//! Shared (through `#[path]`) by `crates/prism-cli/build.rs`, which warns, and `prism-bench`,
//! whose test fails, when they differ.

use sha2::{Digest, Sha256};

/// The recorded fingerprint's file, next to the list.
pub const INPUTS_FILE: &str = "hot-functions.inputs";

/// A hash of `Cargo.lock` and of the `[profile…]` sections of the workspace's `Cargo.toml`
/// (their settings, without comments or blank lines).
pub fn build_inputs(cargo_lock: &str, cargo_toml: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(cargo_lock.as_bytes());
    hasher.update(b"\0");
    let mut in_profile = false;
    for line in cargo_toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_profile = line.starts_with("[profile");
        }
        if in_profile && !line.is_empty() && !line.starts_with('#') {
            hasher.update(line.as_bytes());
            hasher.update(b"\n");
        }
    }
    format!("{:x}", hasher.finalize())
}

/// The contents of `hot-functions.inputs`: the fingerprint, then the compiler that generated the
/// list (a new compiler renames functions too, but a test cannot require one compiler).
pub fn inputs_file(build_inputs: &str, rustc_version: &str) -> String {
    format!(
        "build-inputs {build_inputs}\ncompiler {}\n",
        rustc_version.trim()
    )
}

/// The value of `key` in a `hot-functions.inputs` text.
pub fn recorded<'a>(inputs: &'a str, key: &str) -> Option<&'a str> {
    inputs.lines().find_map(|line| {
        line.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(' '))
            .map(str::trim)
    })
}
