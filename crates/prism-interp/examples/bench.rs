//! A criterion-free timing harness: compiles each program of `benches/programs/` (or the files
//! given as arguments) and prints the best of three interpreted runs, in CPU time of the run
//! thread (the build machine is shared, so wall time says little).
//!
//! `cargo run --release -p prism-interp --example bench [FILE…]`

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

use prism_interp::{Host, Limits, Loaded};
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

fn time_program(path: &PathBuf) -> Result<(Duration, String), String> {
    let source = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
    let file = FileId(0);
    let parsed = prism_syntax::parse(&source, file);
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return Err(format!("{:?}", parsed.diagnostics));
    }
    let resolution =
        prism_checker::resolve(&parsed.program, file, &prism_checker::ResolveEnv::main());
    let ir = prism_ir::lower_program(&parsed.program, &resolution, file, prism_ir::FileRole::Main)
        .map_err(|errors| format!("{errors:?}"))?;
    let host = Rc::new(RefCell::new(Quiet));
    let programs = Rc::new(vec![Loaded::new(
        ir,
        file,
        source.clone(),
        &mut *host.borrow_mut(),
    )?]);
    let mut best = Duration::MAX;
    let mut shown = String::new();
    for _ in 0..3 {
        let started = Instant::now();
        let cpu_started = thread_cpu_time();
        let value = prism_interp::run(programs.clone(), 0, host.clone(), Limits::default(), 1)
            .value
            .map_err(|d| d.message)?;
        let elapsed = match (cpu_started, thread_cpu_time()) {
            (Some(start), Some(end)) => end.saturating_sub(start),
            _ => started.elapsed(),
        };
        best = best.min(elapsed);
        shown = prism_runtime::display(&value);
    }
    Ok((best, shown))
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

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/programs");
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
                match time_program(path) {
                    Ok((time, value)) => println!(
                        "{:<24} {:>9.1} ms   {value}",
                        path.display().to_string().rsplit('/').next().unwrap_or(""),
                        time.as_secs_f64() * 1000.0
                    ),
                    Err(error) => println!("{}: {error}", path.display()),
                }
            }
        });
    if let Ok(worker) = worker {
        let _ = worker.join();
    }
}
