//! Running the `prism` binary as a user would, for the snapshot tests: no colour, and none of the
//! environment variables that would let the developer's own settings leak into a snapshot.

// Each test file uses part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A directory under `tests/fixtures` (`""` for the directory itself).
pub fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// What one invocation printed and returned.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Exit code, standard output and standard error as one snapshot document.
    pub fn document(&self) -> String {
        format!(
            "--- EXIT ---\n{}\n--- STDOUT ---\n{}--- STDERR ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn code_and_document(&self) -> (i32, String) {
        (self.code, self.document())
    }
}

/// `prism ARGS` in `cwd`, with no colour and none of the environment variables that change
/// what a command does.
fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prism"));
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("PRISM_BACKEND")
        .env_remove("PRISM_CONFIG")
        .env_remove("PRISM_PROVIDER");
    command
}

fn outcome(output: std::process::Output) -> Outcome {
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `prism ARGS` in `cwd` with standard input closed.
pub fn prism_in(cwd: &Path, args: &[&str]) -> Outcome {
    let output = command(cwd, args)
        .stdin(Stdio::null())
        .output()
        .expect("the prism binary runs");
    outcome(output)
}

/// Runs `prism ARGS` in `cwd` with `input` as its standard input.
pub fn prism_with_stdin(cwd: &Path, args: &[&str], input: &str) -> Outcome {
    use std::io::Write;
    let mut child = command(cwd, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the prism binary runs");
    let mut stdin = child.stdin.take().expect("standard input is piped");
    stdin
        .write_all(input.as_bytes())
        .expect("write standard input");
    drop(stdin);
    outcome(child.wait_with_output().expect("the prism binary ends"))
}
