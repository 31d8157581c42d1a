//! Running a program from in-memory files, optionally against a `prism.toml` written to a
//! temporary directory (the project root), under the virtual clock with a fixed seed: the runs of
//! the module, pattern and bundled-module tests.
// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use prism_driver::loader::MemoryLoader;
use prism_driver::run::{run_with_loader, Backend, OutputSink, ProgramSource, RunOptions, Stream};

/// An output sink that keeps the printed lines.
#[derive(Default)]
pub struct Lines(pub Vec<String>);

impl OutputSink for Lines {
    fn line(&mut self, _stream: Stream, text: &str) {
        self.0.push(text.to_owned());
    }
}

/// What a run produced: printed lines, the final display, and the codes of error diagnostics.
pub struct Ran {
    pub lines: Vec<String>,
    pub value: Option<String>,
    pub codes: Vec<&'static str>,
    /// The messages of those diagnostics, for failure reports.
    pub messages: Vec<String>,
}

/// A fresh project directory for test `name`.
pub fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prism-std-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// Runs `program` as `/project/main.prism` with `config` as `dir/prism.toml`.
pub fn run_in(dir: &Path, config: &str, program: &str) -> Ran {
    let config_path = dir.join("prism.toml");
    std::fs::write(&config_path, config).expect("write prism.toml");
    run_files(&[("main.prism", program)], Some(config_path))
}

/// Runs `/project/main.prism` among `files` (named relative to `/project`), with `config` as the
/// configuration file when given.
pub fn run_files(files: &[(&str, &str)], config: Option<PathBuf>) -> Ran {
    let mut loader = MemoryLoader::new();
    for (name, text) in files {
        loader.insert(
            PathBuf::from("/project").join(name),
            text.as_bytes().to_vec(),
        );
    }
    let mut options = RunOptions::new(ProgramSource::File(PathBuf::from("/project/main.prism")));
    options.backend = Backend::Interp;
    options.seed = Some(1);
    options.virtual_clock = true;
    options.config = config;
    let mut lines = Lines::default();
    let outcome = run_with_loader(&options, &loader, &mut lines);
    let mut codes: Vec<&'static str> = outcome
        .compile_diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| diagnostic.code)
        .collect();
    codes.extend(outcome.error.iter().map(|diagnostic| diagnostic.code));
    let messages = outcome
        .compile_diagnostics
        .iter()
        .chain(outcome.error.iter())
        .map(|diagnostic| format!("{diagnostic:?}"))
        .collect();
    Ran {
        lines: lines.0,
        value: outcome.value.map(|value| value.display),
        codes,
        messages,
    }
}

/// Runs `program` in a fresh project and removes it afterwards.
pub fn run(name: &str, config: &str, program: &str) -> Ran {
    let dir = project(name);
    let ran = run_in(&dir, config, program);
    let _ = std::fs::remove_dir_all(&dir);
    ran
}

/// The mock agents the strategy and orchestration tests share.
pub const AGENTS: &str = r#"
[providers.mock]
rules = [
  { agent = "a", responses = [ { value = "x", confidence = 0.9, reasoning = "a says x" } ] },
  { agent = "b", responses = [ { value = "x", confidence = 0.7 } ] },
  { agent = "c", responses = [ { value = "y", confidence = 0.6 }, { value = "x", confidence = 0.8 } ] },
  { agent = "d", responses = [ { value = "y", confidence = 0.5 } ] },
  { agent = "broken", responses = [ { error = { kind = "bad_request", message = "no" } } ] },
  { agent = "slow", responses = [ { value = "late", confidence = 0.95, delay_ms = 5000 } ] },
  { agent = "judge", responses = [ { value = "x", confidence = 0.6 } ] },
  { agent = "classifier", responses = [ { value = "cheap", confidence = 0.9 } ] },
  { agent = "cheapo", responses = [ { value = "cheap answer", confidence = 0.6 } ] },
  { agent = "flaky", responses = [ { error = { kind = "bad_request", message = "down" } }, { error = { kind = "bad_request", message = "down" } }, { error = { kind = "bad_request", message = "down" } }, { value = "back", confidence = 0.7 } ] },
]
[agents.a]
provider = "mock"
[agents.b]
provider = "mock"
[agents.c]
provider = "mock"
[agents.d]
provider = "mock"
[agents.broken]
provider = "mock"
[agents.slow]
provider = "mock"
[agents.judge]
provider = "mock"
[agents.classifier]
provider = "mock"
[agents.cheapo]
provider = "mock"
metadata = { tier = "cheap" }
[agents.flaky]
provider = "mock"
"#;

/// Runs `program` against [`AGENTS`] and asserts that it finished without errors.
pub fn lines(name: &str, program: &str) -> Vec<String> {
    let ran = run(name, AGENTS, program);
    assert_eq!(
        ran.codes,
        Vec::<&str>::new(),
        "{:?} {:?}",
        ran.lines,
        ran.messages
    );
    ran.lines
}
