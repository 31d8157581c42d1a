//! `cargo run --release -p prism-bench [-- --runs N] [--only NAME] [--prism PATH] [--no-lua]`
//!
//! Runs every benchmark program of issue 3 as `prism run --backend interp` and `--backend jit`
//! child processes and its Lua equivalent as `lua5.4 FILE.lua`, each `--runs` times (default 5), and
//! prints a Markdown table of median wall times (start-up and compilation included, as a user sees
//! them) with the ratio to Lua and the JIT's speed-up over the interpreter; then the peak RSS of
//! fib(30) and the wall time of a hello-world `prism run`. Every Prism run's output is checked
//! against the expected final value, and every Lua run against the same number; a wrong output
//! makes the exit status 1. The `prism` binary is the one next to this binary (built with
//! `cargo build --release -p prism-cli` when missing).
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use prism_bench::hot_functions;
use prism_bench::locate::find_prism;
use prism_bench::measure::{median_of, millis, peak_rss_kb};
use prism_bench::programs::{Program, PROGRAMS};

struct Options {
    runs: usize,
    only: Option<String>,
    prism: Option<PathBuf>,
    lua: bool,
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("prism-bench: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("prism-bench: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        runs: 5,
        only: None,
        prism: None,
        lua: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--runs" => options.runs = value()?.parse().map_err(|_| "--runs needs a number")?,
            "--only" => options.only = Some(value()?),
            "--prism" => options.prism = Some(PathBuf::from(value()?)),
            "--no-lua" => options.lua = false,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(options)
}

/// Runs everything; `Ok(false)` when an output was wrong.
fn run(options: &Options) -> Result<bool, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let directory = root.join("crates/prism-interp/benches/programs");
    let prism = find_prism(options.prism.clone(), &root)?;
    let lua = if options.lua { find_lua() } else { None };
    println!(
        "date {}, load average {}, {} runs each, prism = {}",
        today(),
        load_average(),
        options.runs,
        prism.display()
    );
    if options.lua && lua.is_none() {
        println!("lua5.4 is not installed (apt-get install -y lua5.4): no Lua column");
    }
    println!();
    println!(
        "| program | interp | jit | Lua 5.4 | interp ÷ Lua | jit ÷ Lua | jit speed-up | output |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut all_correct = true;
    for program in PROGRAMS.iter().filter(|p| {
        options
            .only
            .as_deref()
            .is_none_or(|only| p.stem.contains(only))
    }) {
        let (row, correct) = measure_program(program, &directory, &prism, lua.as_deref(), options)?;
        all_correct &= correct;
        println!("{row}");
    }
    println!();
    let fib = directory.join("fib.prism");
    let fib = fib.to_string_lossy();
    for backend in ["interp", "jit"] {
        match peak_rss_kb(&prism, &["run", "--backend", backend, &fib]) {
            Ok(kb) => println!(
                "peak RSS of fib(30), {backend}: {:.1} MB",
                kb as f64 / 1024.0
            ),
            Err(message) => println!("peak RSS of fib(30), {backend}: not measured ({message})"),
        }
    }
    report_hot_functions(&prism, &root);
    let hello = ["run", "-e", "print(\"hello, world\")"];
    let (wall, first) = median_of(&prism, &hello, options.runs.max(10))?;
    let hello_ok = first.success && first.stdout == "hello, world\n";
    all_correct &= hello_ok;
    println!(
        "hello world `prism run -e`: {:.1} ms wall (median){}",
        millis(wall),
        if hello_ok { "" } else { ", WRONG OUTPUT" }
    );
    Ok(all_correct)
}

/// One table row and whether every output was right.
fn measure_program(
    program: &Program,
    directory: &Path,
    prism: &Path,
    lua: Option<&Path>,
    options: &Options,
) -> Result<(String, bool), String> {
    let file = directory.join(format!("{}.prism", program.stem));
    let file = file.to_string_lossy();
    let expected = format!("{}\n", program.expected);
    let mut problems = Vec::new();
    let mut times = Vec::new();
    for backend in ["interp", "jit"] {
        let (wall, first) = median_of(prism, &["run", "--backend", backend, &file], options.runs)?;
        if !first.success || first.stdout != expected {
            problems.push(format!(
                "{backend} printed {:?} (stderr {:?})",
                first.stdout.trim_end(),
                first.stderr.lines().next().unwrap_or("")
            ));
        }
        times.push(wall);
    }
    let lua_time = match lua {
        Some(lua) => {
            let script = directory.join(format!("{}.lua", program.stem));
            let (wall, first) = median_of(lua, &[&script.to_string_lossy()], options.runs)?;
            let printed: Option<f64> = first
                .stdout
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok());
            let agrees = printed.is_some_and(|n| {
                (n - program.lua_expected).abs() <= 1e-9 * program.lua_expected.abs().max(1.0)
            });
            if !agrees {
                problems.push(format!("lua printed {:?}", first.stdout.trim_end()));
            }
            Some(wall)
        }
        None => None,
    };
    let (interp, jit) = (times[0], times[1]);
    let row = format!(
        "| {} | {} | {} | {} | {} | {} | {:.1}× | {} |",
        program.label,
        format_time(interp),
        format_time(jit),
        lua_time.map_or("—".into(), format_time),
        ratio(interp, lua_time),
        ratio(jit, lua_time),
        interp.as_secs_f64() / jit.as_secs_f64().max(1e-9),
        if problems.is_empty() {
            "ok".to_owned()
        } else {
            format!("WRONG: {}", problems.join("; "))
        }
    );
    Ok((row, problems.is_empty()))
}

fn format_time(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{:.1} ms", millis(duration))
    } else {
        format!("{:.2} s", duration.as_secs_f64())
    }
}

fn ratio(time: Duration, lua: Option<Duration>) -> String {
    match lua {
        Some(lua) => format!("{:.1}×", time.as_secs_f64() / lua.as_secs_f64().max(1e-9)),
        None => "—".into(),
    }
}

/// How much of the hot-function list the binary still defines: a stale list leaves the code
/// unordered and the peak RSS above grows by megabytes.
fn report_hot_functions(prism: &Path, root: &Path) {
    let list = std::fs::read_to_string(hot_functions::list_path(root)).unwrap_or_default();
    match hot_functions::defined_functions(prism) {
        Ok(defined) => {
            let (found, total) = hot_functions::coverage(&list, &defined);
            let stale = found * 10 < total * 9;
            println!(
                "hot-function order: {found} of {total} listed functions are in the binary{}",
                if stale {
                    " (stale: cargo run --release -p prism-bench --bin hot-functions)"
                } else {
                    ""
                }
            );
        }
        Err(message) => println!("hot-function order: not checked ({message})"),
    }
}

fn find_lua() -> Option<PathBuf> {
    let lua = PathBuf::from("lua5.4");
    Command::new(&lua)
        .arg("-v")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|_| lua)
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}
