//! Differential testing of the backends (issue 8): every conformance case, every example and a
//! corpus of generated programs (prism-testgen) run under `Backend::Interp` and `Backend::Jit`,
//! which must agree on everything a user can observe (language §0.4): printed lines, compile
//! diagnostics, final value display, JSON and confidence, runtime error code, kind, message, span
//! and call stack, runtime warnings. Runs use the virtual clock and a fixed seed.
//!
//! `PRISM_DIFF_PROGRAMS=N` changes how many generated programs run (default [`GENERATED`]),
//! `PRISM_DIFF_FIRST_SEED=S` where their seeds start. A failing generated program names its seed;
//! `cargo run -p prism-testgen --example testgen -- SEED` prints it.

mod support;

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use prism_driver::run::{Backend, RunOptions};

use support::cases::{case_options, conformance_cases, file_options, text_options};
use support::observe::{difference, observe, Observed};

/// Generated programs per run: sized so that the whole file stays well under a minute in a debug
/// build on two cores.
const GENERATED: u64 = 300;

fn main() {
    // The JIT's native code of small functions called from interpreted code is normally not
    // entered (prism-jit's `worth_entering`); compared here, so that it is tested too.
    std::env::set_var("PRISM_JIT_ENTER_ALL", "1");
    let arguments = Arguments::from_args();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut trials = Vec::new();
    for path in conformance_cases(&workspace.join("tests/conformance")) {
        let name = format!(
            "conformance/{}",
            path.strip_prefix(workspace.join("tests/conformance"))
                .unwrap_or(&path)
                .display()
        );
        trials.push(match case_options(&path) {
            Ok(options) => Trial::test(name, move || compare(&options, "")),
            Err(reason) => Trial::test(name, || Ok(())).with_ignored_flag(!reason.is_empty()),
        });
    }
    for path in examples(&workspace.join("examples")) {
        let name = format!(
            "examples/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        trials.push(Trial::test(name, move || compare(&file_options(&path), "")));
    }
    let count = env_number("PRISM_DIFF_PROGRAMS").unwrap_or(GENERATED);
    let first = env_number("PRISM_DIFF_FIRST_SEED").unwrap_or(0);
    for seed in first..first.saturating_add(count) {
        trials.push(Trial::test(
            format!("generated/seed-{seed:05}"),
            move || {
                let program = prism_testgen::generate(seed);
                let options = text_options("<generated>", program.clone());
                let hint = format!(
                "\nseed {seed}: `cargo run -p prism-testgen --example testgen -- {seed}` prints \
                 the program; run it with `prism run --backend jit --virtual-clock --seed 1`.\n\
                 program:\n{program}"
            );
                compare(&options, &hint)
            },
        ));
    }
    trials.push(Trial::test(
        "harness reports a difference",
        harness_reports_differences,
    ));
    libtest_mimic::run(&arguments, trials).exit();
}

/// Runs `options` under both backends; any difference, or a run cut off by the safety deadline,
/// fails with a readable diff and `hint`.
fn compare(options: &RunOptions, hint: &str) -> Result<(), Failed> {
    let interp = observe(options, Backend::Interp);
    let jit = observe(options, Backend::Jit);
    for (backend, run) in [("interp", &interp), ("jit", &jit)] {
        if run.error_code == Some("R0807") {
            return Err(format!("the {backend} run hit the safety deadline{hint}").into());
        }
    }
    match difference(&interp, &jit) {
        None => Ok(()),
        Some(diff) => Err(format!("{diff}{hint}").into()),
    }
}

/// The comparison itself must be able to fail: two runs that differ in one line are reported.
fn harness_reports_differences() -> Result<(), Failed> {
    let interp = Observed {
        lines: vec!["out| 1".into(), "value display: 2".into()],
        error_code: None,
    };
    let mut jit = interp.clone();
    jit.lines[1] = "value display: 3".into();
    let diff = difference(&interp, &jit).ok_or("no difference reported")?;
    if !diff.contains("- value display: 2\n+ value display: 3") {
        return Err(format!("unexpected diff:\n{diff}").into());
    }
    if difference(&interp, &interp.clone()).is_some() {
        return Err("equal runs reported as different".into());
    }
    Ok(())
}

fn examples(directory: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(directory)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    found.retain(|path| path.extension().is_some_and(|ext| ext == "prism"));
    found.sort();
    found
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}
