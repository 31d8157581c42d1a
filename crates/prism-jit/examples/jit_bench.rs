//! Times the interpreter's bench programs (`crates/prism-interp/benches/programs/`, or the files
//! given) in the interpreter and with the JIT: the best of three runs each, in CPU time of the
//! run thread, and the JIT's compile time for a generated 1,000-line program (docs/jit.md).
//!
//! `cargo run --release -p prism-jit --example jit_bench [FILE…]`

use std::cell::RefCell;
use std::path::PathBuf;
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

/// Best of three runs (CPU time of this thread) and the displayed result.
fn time(source: &str, jit: bool) -> Result<(Duration, String, usize), String> {
    let host: Rc<RefCell<dyn Host>> = Rc::new(RefCell::new(Quiet));
    let programs = Rc::new(load(source)?);
    let mut limits = Limits::default();
    let mut compiled = 0;
    if jit {
        let code = Jit::compile(&programs);
        compiled = code.compiled_functions();
        limits.compiled = Some(Rc::new(code));
    }
    let mut best = Duration::MAX;
    let mut shown = String::new();
    for _ in 0..3 {
        let started = Instant::now();
        let cpu = thread_cpu_time();
        let value = prism_interp::run(programs.clone(), 0, host.clone(), limits.clone(), 1)
            .value
            .map_err(|d| d.message)?;
        let elapsed = match (cpu, thread_cpu_time()) {
            (Some(start), Some(end)) if end > start => end - start,
            _ => started.elapsed(),
        };
        best = best.min(elapsed);
        shown = prism_runtime::display(&value);
    }
    Ok((best, shown, compiled))
}

/// User plus system time of the current thread, from `/proc` (Linux); clock ticks of 10 ms.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after_name = stat.rsplit(')').next()?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
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
            for path in &paths {
                let name = path.display().to_string();
                let name = name.rsplit('/').next().unwrap_or("").to_string();
                let source = std::fs::read_to_string(path).unwrap_or_default();
                match (time(&source, false), time(&source, true)) {
                    (Ok((interp, a, _)), Ok((jit, b, compiled))) => println!(
                        "{name:<24} interp {:>8.1} ms   jit {:>8.1} ms   {:>5.1}x   {compiled} compiled   {a}{}",
                        interp.as_secs_f64() * 1000.0,
                        jit.as_secs_f64() * 1000.0,
                        interp.as_secs_f64() / jit.as_secs_f64().max(1e-9),
                        if a == b { String::new() } else { format!("  DIFFERENT: {b}") }
                    ),
                    (Err(error), _) | (_, Err(error)) => println!("{name}: {error}"),
                }
            }
            let source = thousand_lines();
            if let Ok(programs) = load(&source) {
                let mut best = Duration::MAX;
                let mut compiled = 0;
                // CPU time of ten compilations (the clock ticks in 10 ms), best of three.
                for _ in 0..3 {
                    let started = Instant::now();
                    let cpu = thread_cpu_time();
                    for _ in 0..10 {
                        compiled = Jit::compile(&programs).compiled_functions();
                    }
                    let elapsed = match (cpu, thread_cpu_time()) {
                        (Some(start), Some(end)) if end > start => end - start,
                        _ => started.elapsed(),
                    };
                    best = best.min(elapsed / 10);
                }
                println!(
                    "compile 1,000 lines: {:.1} ms CPU ({compiled} functions)",
                    best.as_secs_f64() * 1000.0
                );
            }
        });
    if let Ok(worker) = worker {
        let _ = worker.join();
    }
}
