//! `cargo run --release -p prism-bench --bin hot-functions [-- --prism PATH]`
//!
//! Writes `crates/prism-cli/link/hot-functions.txt`: every function of the `prism` binary that a
//! set of common commands executes, as Callgrind sees them, in the order they first appear. The
//! linker puts these functions side by side (docs/decisions.md, "The executable's code is
//! ordered by use"). Run it again after a compiler or dependency update, when `prism-bench`
//! reports that few of the listed names are left in the binary.
#![forbid(unsafe_code)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use prism_bench::hot_functions::{
    coverage, defined_functions, executed_functions, list_path, write_inputs,
};
use prism_bench::locate::find_prism;

const FIB: &str = "function fib(n) { n < 2 ? n : fib(n - 1) + fib(n - 2) }\nfib(20)";

/// The commands whose functions are listed, most common first: start-up and a small run, both
/// backends, the README's example with the mock provider, then the checker and the formatter.
fn workloads() -> Vec<Vec<&'static str>> {
    vec![
        vec!["run", "-e", "print(\"hello, world\")"],
        vec!["run", "--backend", "interp", "-e", FIB],
        vec!["run", "--backend", "jit", "-e", FIB],
        vec!["run", "examples/review-agent.prism"],
        vec!["check", "examples/"],
        vec!["fmt", "--check", "examples/"],
    ]
}

fn main() -> ExitCode {
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("hot-functions: {message}");
            ExitCode::from(2)
        }
    }
}

fn generate() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let mut args = std::env::args().skip(1);
    let given = match (args.next().as_deref(), args.next()) {
        (None, _) => None,
        (Some("--prism"), Some(path)) => Some(PathBuf::from(path)),
        _ => return Err("usage: hot-functions [--prism PATH]".into()),
    };
    let prism = find_prism(given, &root)?;
    let defined = defined_functions(&prism)?;
    let scratch = std::env::temp_dir().join(format!("prism-hot-functions-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|error| error.to_string())?;
    let mut seen = HashSet::new();
    let mut listed = Vec::new();
    for (index, workload) in workloads().iter().enumerate() {
        let profile = scratch.join(format!("{index}.callgrind"));
        let status = Command::new("valgrind")
            .args(["--tool=callgrind", "--demangle=no", "--compress-strings=no"])
            .arg(format!("--callgrind-out-file={}", profile.display()))
            .arg(&prism)
            .args(workload)
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|error| {
                format!("cannot run valgrind (apt-get install -y valgrind): {error}")
            })?;
        let text = std::fs::read_to_string(&profile)
            .map_err(|error| format!("no profile for `prism {}`: {error}", workload.join(" ")))?;
        let new = executed_functions(&text, |name| defined.contains(name), &mut seen);
        println!(
            "prism {}: exit {}, {} new functions",
            workload.join(" ").replace('\n', " "),
            status.code().map_or("?".into(), |code| code.to_string()),
            new.len()
        );
        listed.extend(new);
    }
    // The profiles are scratch; failing to delete them loses nothing.
    let _ = std::fs::remove_dir_all(&scratch);
    let mut text = listed.join("\n");
    text.push('\n');
    let path = list_path(&root);
    std::fs::write(&path, &text).map_err(|error| format!("{}: {error}", path.display()))?;
    let (found, total) = coverage(&text, &defined);
    println!(
        "wrote {} ({found} of {total} names in the binary)",
        path.display()
    );
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .map_err(|error| format!("cannot run rustc: {error}"))?;
    println!("wrote {}", write_inputs(&root, &rustc)?.display());
    Ok(())
}
