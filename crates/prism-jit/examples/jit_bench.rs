//! Times the interpreter's bench programs (`crates/prism-interp/benches/programs/`, or the files
//! given) in the interpreter and with the JIT, and `lua5.4` on the program's `.lua` twin, all in
//! the same run; then the JIT's compile time for a generated 1,000-line program (docs/jit.md).
//!
//! Prism figures are the median and minimum of `RUNS` runs of each backend (interleaved) in CPU
//! time of the run thread with nanosecond resolution (`/proc/thread-self/schedstat`, so time
//! spent waiting for a core under load does not count); Lua's is the mean task-clock of
//! `perf stat -r 5` (CPU time too).
//!
//! `cargo run --release -p prism-jit --example jit_bench [FILE…]`

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::Command;
use std::rc::Rc;
use std::time::{Duration, Instant};

use prism_interp::{Host, Limits, Loaded};
use prism_jit::Jit;
use prism_runtime::{Output, Stream, Value};
use prism_span::FileId;

struct Quiet;

impl Output for Quiet {
    fn write_line(&mut self, _stream: Stream, _text: &str) {}
}

impl Host for Quiet {
    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn global(&mut self, _name: &str) -> Option<Value> {
        None
    }
}

fn load(source: &str) -> Result<Vec<Loaded>, String> {
    let file = FileId(0);
    let parsed = prism_syntax::parse(source, file);
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return Err(format!("{:?}", parsed.diagnostics));
    }
    let resolution =
        prism_checker::resolve(&parsed.program, file, &prism_checker::ResolveEnv::main());
    let ir = prism_ir::lower_program(&parsed.program, &resolution, file, prism_ir::FileRole::Main)
        .map_err(|errors| format!("{errors:?}"))?;
    Ok(vec![Loaded::new(ir, file, source.to_string(), &mut Quiet)?])
}

/// Runs per program and backend; the median and the minimum are reported.
const RUNS: usize = 9;

/// One backend's set-up for a program: the loaded files and the limits (with the native code).
struct Backend {
    programs: Rc<Vec<Loaded>>,
    limits: Limits,
    compiled: usize,
    times: Vec<Duration>,
    shown: String,
}

impl Backend {
    fn new(source: &str, jit: bool) -> Result<Backend, String> {
        let programs = Rc::new(load(source)?);
        let mut limits = Limits::default();
        let mut compiled = 0;
        if jit {
            let code = Jit::compile(&programs);
            compiled = code.compiled_functions();
            limits.compiled = Some(Rc::new(code));
        }
        Ok(Backend {
            programs,
            limits,
            compiled,
            times: Vec::with_capacity(RUNS),
            shown: String::new(),
        })
    }

    fn run(&mut self, host: &Rc<RefCell<dyn Host>>) -> Result<(), String> {
        let (value, elapsed) = measure(|| {
            let limits = self.limits.clone();
            prism_interp::run(self.programs.clone(), 0, host.clone(), limits, 1).value
        });
        self.times.push(elapsed);
        self.shown = prism_runtime::display(&value.map_err(|d| d.message)?);
        Ok(())
    }
}

/// `RUNS` runs of each backend, interleaved and alternating which goes first, so that neither
/// gets the warmer caches or the heap the other left (with all interpreter runs first, a
/// program that compiles nothing measured up to 20 % apart under the two "backends").
fn time(source: &str) -> Result<(Backend, Backend), String> {
    let host: Rc<RefCell<dyn Host>> = Rc::new(RefCell::new(Quiet));
    let mut interp = Backend::new(source, false)?;
    let mut jit = Backend::new(source, true)?;
    for round in 0..RUNS {
        if round % 2 == 0 {
            interp.run(&host)?;
            jit.run(&host)?;
        } else {
            jit.run(&host)?;
            interp.run(&host)?;
        }
    }
    interp.times.sort();
    jit.times.sort();
    Ok((interp, jit))
}

/// Runs `work` and returns its result with the CPU time this thread spent on it (wall time if
/// the thread clock is unavailable).
fn measure<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let cpu = thread_cpu_time();
    let result = work();
    let elapsed = match (cpu, thread_cpu_time()) {
        (Some(start), Some(end)) if end >= start => end - start,
        _ => started.elapsed(),
    };
    (result, elapsed)
}

/// Time this thread has spent on a CPU, in nanoseconds: the first field of
/// `/proc/thread-self/schedstat` (Linux). The `stat` file's user and system times tick in 10 ms,
/// too coarse for runs of 10–30 ms.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Mean task-clock of `perf stat -r 5 -e task-clock lua5.4 FILE` in milliseconds, when both
/// tools and the file exist.
fn lua_time(lua_file: &std::path::Path) -> Option<f64> {
    if !lua_file.exists() {
        return None;
    }
    let output = Command::new("perf")
        .args(["stat", "-r", "5", "-x", ",", "-e", "task-clock", "lua5.4"])
        .arg(lua_file)
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&output.stderr);
    let line = report.lines().find(|line| line.contains("task-clock"))?;
    line.split(',').next()?.trim().parse().ok()
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median(times: &[Duration]) -> Duration {
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// A 1,000-line program of numeric functions and loops, all of them compilable.
fn thousand_lines() -> String {
    let mut text = String::new();
    for index in 0..100 {
        text.push_str(&format!(
            "function f{index}(a, b) {{\n  let s = 0\n  for (let i = 0; i < a; i += 1) {{\n    s += i * b - {index}\n    if (s > 1000) {{ s = s / 2 }}\n  }}\n  let c = (s ~> 0.9) ~+ (b ~> 0.8)\n  c ~* 0.5\n}}\n\n"
        ));
    }
    text
}

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        let directory =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../prism-interp/benches/programs");
        let mut found: Vec<PathBuf> = std::fs::read_dir(&directory)
            .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
            .unwrap_or_default();
        found.retain(|path| path.extension().is_some_and(|ext| ext == "prism"));
        found.sort();
        paths = found;
    }
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            println!(
                "CPU ms, median (min) of {RUNS} runs; Lua: mean task-clock of perf stat -r 5"
            );
            for path in &paths {
                let name = path.file_name().map(|n| n.to_string_lossy().to_string());
                let name = name.unwrap_or_default();
                let source = std::fs::read_to_string(path).unwrap_or_default();
                let lua = lua_time(&path.with_extension("lua"))
                    .map_or("-".to_string(), |ms| format!("{ms:.1}"));
                match time(&source) {
                    Ok((interp, jit)) => println!(
                        "{name:<22} interp {:>7.1} ({:>6.1})  jit {:>7.1} ({:>6.1})  {:>5.1}x  lua {lua:>6}  {} compiled  {}{}",
                        millis(median(&interp.times)),
                        millis(interp.times[0]),
                        millis(median(&jit.times)),
                        millis(jit.times[0]),
                        median(&interp.times).as_secs_f64()
                            / median(&jit.times).as_secs_f64().max(1e-9),
                        jit.compiled,
                        interp.shown,
                        if interp.shown == jit.shown {
                            String::new()
                        } else {
                            format!("  DIFFERENT: {}", jit.shown)
                        }
                    ),
                    Err(error) => println!("{name}: {error}"),
                }
            }
            let source = thousand_lines();
            if let Ok(programs) = load(&source) {
                let mut times = Vec::new();
                let mut compiled = 0;
                for _ in 0..15 {
                    let (count, elapsed) =
                        measure(|| Jit::compile(&programs).compiled_functions());
                    compiled = count;
                    times.push(elapsed);
                }
                times.sort();
                println!(
                    "compile 1,000 lines: {:.1} ms CPU median ({:.1} min, {:.1} max) of {} ({compiled} functions)",
                    millis(median(&times)),
                    millis(times[0]),
                    millis(times[times.len() - 1]),
                    times.len()
                );
            }
        });
    if let Ok(worker) = worker {
        let _ = worker.join();
    }
}
