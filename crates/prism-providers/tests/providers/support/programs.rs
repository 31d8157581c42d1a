//! Runs a Prism program end to end through the driver (`prism_driver::run::run_program`), in a
//! fresh project directory holding `prism.toml`, `.env` and `main.prism`.
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use prism_driver::run::{run_program, OutputSink, ProgramSource, RunOptions, Stream};

/// What a run printed and returned; `everything` is all of it as text, for leak checks.
pub struct Ran {
    pub stdout: Vec<String>,
    /// The final value's display form, or the error's code and message.
    pub result: String,
    pub everything: String,
}

struct Collect(Vec<String>, Vec<String>);

impl OutputSink for Collect {
    fn line(&mut self, stream: Stream, text: &str) {
        match stream {
            Stream::Stdout => self.0.push(text.to_owned()),
            Stream::Stderr => self.1.push(text.to_owned()),
        }
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A new empty project directory under the system's temporary directory.
pub fn project(toml: &str, dotenv: &str, program: &str) -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("prism-http-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the project directory");
    std::fs::write(dir.join("prism.toml"), toml).expect("write prism.toml");
    std::fs::write(dir.join(".env"), dotenv).expect("write .env");
    std::fs::write(dir.join("main.prism"), program).expect("write main.prism");
    dir
}

/// Runs `main.prism` of a project made by [`project`], then removes the directory.
pub fn run(toml: &str, dotenv: &str, program: &str) -> Ran {
    let dir = project(toml, dotenv, program);
    let options = RunOptions::new(ProgramSource::File(dir.join("main.prism")));
    let mut out = Collect(Vec::new(), Vec::new());
    let outcome = run_program(&options, &mut out);
    let _ = std::fs::remove_dir_all(&dir);
    let result = match (&outcome.value, &outcome.error) {
        (_, Some(error)) => format!("{} {}", error.code, error.message),
        (Some(value), None) => value.display.clone(),
        (None, None) => format!(
            "no result: {:?}",
            outcome
                .compile_diagnostics
                .iter()
                .map(|d| format!("{} {}", d.code, d.message))
                .collect::<Vec<_>>()
        ),
    };
    let everything = format!(
        "{}\n{}\n{result}\n{:?}\n{:?}",
        out.0.join("\n"),
        out.1.join("\n"),
        outcome.compile_diagnostics,
        outcome.runtime_warnings,
    );
    Ran {
        stdout: out.0,
        result,
        everything,
    }
}
