//! Concurrency benchmark (issue #5): 100 `llm` calls fanned out with `parallel` against the mock
//! provider at `latency_ms = 50` on the real clock, with `[runtime] max_concurrency = 1000`.
//! Expected: under 60 ms more than a hello-world run without a limit (one latency, 50 ms), and
//! about 500 ms with `{ limit: 10 }` (ten waves of 50 ms).
//!
//! `cargo run --release -p prism-driver --example concurrency_bench [ROUNDS]` prints the median
//! wall time of each program and the difference to hello-world. Not a test: figures depend on
//! the machine; docs/benchmarks.md records them.
use std::path::Path;
use std::time::{Duration, Instant};

use prism_driver::run::{run_program, OutputSink, ProgramSource, RunOptions, Stream};

const CONFIG: &str = "[runtime]\nmax_concurrency = 1000\n\n[providers.mock]\nlatency_ms = 50\n";

const PROGRAMS: &[(&str, &str)] = &[
    ("hello-world", "print(\"hello\")\n"),
    (
        "100 llm, parallel",
        "let answers = parallel(range(100), i => llm(\"question ${i}\"))\nprint(len(answers))\n",
    ),
    (
        "100 llm, parallel { limit: 10 }",
        "let answers = parallel(range(100), i => llm(\"question ${i}\"), { limit: 10 })\nprint(len(answers))\n",
    ),
];

struct Quiet;

impl OutputSink for Quiet {
    fn line(&mut self, _: Stream, _: &str) {}
}

fn time_run(dir: &Path, name: &str, code: &str) -> Duration {
    let path = dir.join(format!(
        "{}.prism",
        name.replace([' ', ',', '{', '}', ':'], "_")
    ));
    std::fs::write(&path, code).expect("program");
    let options = RunOptions::new(ProgramSource::File(path));
    let started = Instant::now();
    let outcome = run_program(&options, &mut Quiet);
    let elapsed = started.elapsed();
    assert!(
        outcome.error.is_none() && outcome.compile_diagnostics.iter().all(|d| !d.is_error()),
        "{name} failed: {:?} {:?}",
        outcome.error,
        outcome.compile_diagnostics
    );
    elapsed
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    let dir = std::env::temp_dir().join(format!("prism-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("prism.toml"), CONFIG).expect("config");
    let mut medians = Vec::new();
    for (name, code) in PROGRAMS {
        let mut times: Vec<Duration> = (0..rounds).map(|_| time_run(&dir, name, code)).collect();
        times.sort();
        let median = times[times.len() / 2];
        medians.push(median);
        let added = median.as_secs_f64() * 1000.0 - medians[0].as_secs_f64() * 1000.0;
        println!(
            "{name:34} median {:8.1} ms  (+{added:6.1} ms over hello-world; min {:.1}, max {:.1})",
            median.as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0,
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
