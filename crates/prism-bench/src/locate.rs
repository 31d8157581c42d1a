//! Where the benchmarks find the `prism` binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `prism` binary: `--prism`, else the one beside this binary, built when missing.
pub fn find_prism(given: Option<PathBuf>, root: &Path) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return Ok(path);
    }
    let beside = std::env::current_exe()
        .map_err(|error| error.to_string())?
        .with_file_name("prism");
    if !beside.exists() {
        eprintln!("prism-bench: building the prism binary (cargo build --release -p prism-cli)");
        let status = Command::new("cargo")
            .args(["build", "--release", "-p", "prism-cli"])
            .current_dir(root)
            .status()
            .map_err(|error| format!("cannot run cargo: {error}"))?;
        if !status.success() || !beside.exists() {
            return Err(format!("no prism binary at {}", beside.display()));
        }
    }
    Ok(beside)
}
