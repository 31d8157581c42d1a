//! Running a program (cli §4, runtime §1.2, runtime §14). The execution engineer owns this file;
//! the CLI calls [`run_program`] and formats the outcome (text cli §4.3, JSON cli §4.4).
//!
//! The compile phases and the interpreter run on their own thread with a 256 MB stack (reserved,
//! committed lazily), so that the deepest allowed Prism recursion (`[limits] max_call_depth`,
//! language §10.3) never overflows the Rust stack. Output lines travel back to the caller's thread
//! as they are produced.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use prism_diagnostics::Diagnostic;
use prism_interp::{Limits, Loaded};
use prism_runtime::tasks::ClockKind;
pub use prism_runtime::tasks::Interrupt;
use prism_span::SourceMap;

use crate::loader::{FsLoader, SourceLoader};
use crate::run_compile::Compiler;
use crate::run_config::load_settings;
use crate::run_host::{Message, RunHost};
use crate::run_pattern::{host_scope, relative_file};
use crate::run_services::NotStarted;

/// Which backend executes the program (cli §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Auto,
    Interp,
    Jit,
}

/// Where program output goes: written through as produced in text mode, captured in JSON mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

pub trait OutputSink {
    /// One line of program output, without its line feed.
    fn line(&mut self, stream: Stream, text: &str);
}

/// The program to run: a file path, `-e` code or standard input already read.
#[derive(Clone, Debug)]
pub enum ProgramSource {
    File(std::path::PathBuf),
    /// Code and its display name (`<eval>`, `<stdin>`).
    Text {
        name: String,
        code: String,
    },
}

#[derive(Clone, Debug)]
pub struct RunOptions {
    pub source: ProgramSource,
    pub input: Option<serde_json::Value>,
    pub backend: Backend,
    pub seed: Option<u64>,
    pub timeout_ms: Option<u64>,
    pub virtual_clock: bool,
    pub config: Option<std::path::PathBuf>,
    /// `--provider NAME`: the default provider for calls that name none; it takes precedence
    /// over `PRISM_PROVIDER` (runtime §6.1, cli §4.1).
    pub provider: Option<String>,
    /// Set by the host when the user interrupts the run (Ctrl-C): every task is cancelled and
    /// the run ends with `R0812` (cli §4.2, language §12.4).
    pub interrupt: Option<Interrupt>,
}

impl RunOptions {
    /// Options with every setting at its default: the interpreter chosen by `auto`, no input,
    /// the real clock, configuration discovered from the program's directory.
    pub fn new(source: ProgramSource) -> RunOptions {
        RunOptions {
            source,
            input: None,
            backend: Backend::Auto,
            seed: None,
            timeout_ms: None,
            virtual_clock: false,
            config: None,
            provider: None,
            interrupt: None,
        }
    }
}

/// `--trace PATH` and `--run-id ID` (cli §4.1, runtime §13.1): the flag wins over
/// `PRISM_TRACE` and `[trace] path`.
#[derive(Clone, Debug, Default)]
pub struct TraceOptions {
    pub path: Option<PathBuf>,
    pub run_id: Option<String>,
}

/// The final value of a successful run (language §1.3, runtime §14.1).
#[derive(Clone, Debug)]
pub struct FinalValue {
    /// The display of language §5.
    pub display: String,
    /// The JSON projection of runtime §14.2.
    pub json: serde_json::Value,
    /// The confidence, or `None` for a plain value.
    pub confidence: Option<f64>,
    /// A plain `null` is not printed in text mode (cli §4.3).
    pub is_plain_null: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RunStats {
    pub duration_ms: u64,
    pub calls: u64,
    pub retries: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub backend: &'static str,
    /// Functions given native code by the JIT (0 under the interpreter); not part of the
    /// JSON stats of runtime §14.1, whose keys are fixed.
    pub compiled_functions: usize,
}

#[derive(Debug, Default)]
pub struct RunOutcome {
    /// Every file loaded, for rendering diagnostics.
    pub files: SourceMap,
    /// Compile-time diagnostics of every severity (errors stop the run: exit 2).
    pub compile_diagnostics: Vec<Diagnostic>,
    /// Runtime warnings (`W09xx`).
    pub runtime_warnings: Vec<Diagnostic>,
    /// Set when the run finished normally.
    pub value: Option<FinalValue>,
    /// The runtime error that ended the run (exit 1), with its Prism call stack.
    pub error: Option<Diagnostic>,
    pub stats: Option<RunStats>,
    /// A usage error found once the configuration is known (an unknown `--provider`, a trace
    /// file that cannot be created): exit 64 (cli §2.3).
    pub usage_error: Option<String>,
    /// The run's secret set (runtime §13.3), for output written after the run.
    pub redactor: prism_runtime::trace::Redactor,
}

/// The stack reserved for the run thread.
const RUN_STACK_BYTES: usize = 256 << 20;
const _: () = assert!(RUN_STACK_BYTES >= 2 * prism_syntax::parser::PARSER_STACK);

/// Runs a program: load, compile (any error diagnostic stops the run), lower, interpret.
pub fn run_program(options: &RunOptions, output: &mut dyn OutputSink) -> RunOutcome {
    run_program_traced(options, &TraceOptions::default(), output)
}

/// [`run_program`] with the trace options of the command line.
pub fn run_program_traced(
    options: &RunOptions,
    trace: &TraceOptions,
    output: &mut dyn OutputSink,
) -> RunOutcome {
    let (sender, receiver) = mpsc::channel();
    let thread_options = options.clone();
    let thread_trace = trace.clone();
    let worker = std::thread::Builder::new()
        .name("prism-run".into())
        .stack_size(RUN_STACK_BYTES)
        .spawn(move || {
            let stack = Stack::RunThread;
            run_on_this_thread(&thread_options, &thread_trace, &FsLoader, sender, stack)
        });
    let worker = match worker {
        Ok(worker) => worker,
        Err(error) => return failed_to_start(&error.to_string()),
    };
    for message in receiver {
        match message {
            Message::Line(stream, text) => output.line(stream, &text),
        }
    }
    worker
        .join()
        .unwrap_or_else(|_| failed_to_start("the run thread panicked"))
}

fn failed_to_start(reason: &str) -> RunOutcome {
    RunOutcome {
        error: Some(
            Diagnostic::error("R0100", format!("internal error: {reason}"))
                .with_kind("InternalError"),
        ),
        ..RunOutcome::default()
    }
}

/// The whole run, on the current thread (which must have a large stack).
pub fn run_with_loader(
    options: &RunOptions,
    loader: &dyn SourceLoader,
    output: &mut dyn OutputSink,
) -> RunOutcome {
    let (sender, receiver) = mpsc::channel();
    let trace = TraceOptions::default();
    let outcome = run_on_this_thread(options, &trace, loader, sender, Stack::Caller);
    for Message::Line(stream, text) in receiver.try_iter() {
        output.line(stream, &text);
    }
    outcome
}

/// The stack [`run_on_this_thread`] runs on.
#[derive(Clone, Copy, PartialEq)]
enum Stack {
    /// The run thread, started with [`RUN_STACK_BYTES`]: the compile step parses on it, without a
    /// parser thread per file. (Not the run itself: a task's coroutine has a smaller stack.)
    RunThread,
    /// The caller's thread, of unknown size: each parse starts a thread with the parser's stack.
    Caller,
}

fn run_on_this_thread(
    options: &RunOptions,
    trace: &TraceOptions,
    loader: &dyn SourceLoader,
    sender: mpsc::Sender<Message>,
    stack: Stack,
) -> RunOutcome {
    let started = Instant::now();
    let mut outcome = RunOutcome::default();
    let mut compiler = Compiler::new(loader);
    let start_dir = match &options.source {
        ProgramSource::File(path) => path.parent().map(PathBuf::from).unwrap_or_default(),
        ProgramSource::Text { .. } => PathBuf::from("."),
    };
    let start_dir = if start_dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start_dir
    };
    let settings = load_settings(
        options.config.as_deref(),
        &start_dir,
        &mut compiler.files,
        &mut compiler.diagnostics,
    );
    let Some(mut settings) = settings else {
        outcome.compile_diagnostics = std::mem::take(&mut compiler.diagnostics);
        outcome.files = compiler.files;
        return outcome;
    };
    if let Some(provider) = &options.provider {
        let config = &settings.agents.config;
        let automatic = &settings.agents.automatic;
        if let Some(message) = crate::run_services::unknown_provider(config, automatic, provider) {
            outcome.usage_error = Some(message);
            outcome.files = compiler.files;
            return outcome;
        }
        settings.agents.provider_env = Some(provider.clone());
    }
    let mut compile = || match &options.source {
        ProgramSource::File(path) => {
            let name = shown_path(path);
            compiler.compile_project_main(&settings, Some(path), name, loader.read(path))
        }
        ProgramSource::Text { name, code } => {
            let bytes = Ok::<_, String>(code.clone().into_bytes());
            compiler.compile_project_main(&settings, None, name.clone(), bytes)
        }
    };
    let compiled = match stack {
        Stack::RunThread => prism_syntax::parser::parse_on_this_thread(compile),
        Stack::Caller => compile(),
    };
    outcome.compile_diagnostics = std::mem::take(&mut compiler.diagnostics);
    let Some(compiled) = compiled else {
        outcome.files = compiler.files;
        return outcome;
    };
    match crate::run_services::prepare(&settings.agents.config, &settings.env, trace) {
        Ok(services) => settings.agents.services = services,
        Err(not_started) => {
            match not_started {
                NotStarted::Usage(message) => outcome.usage_error = Some(message),
                NotStarted::Diagnostic(diagnostic) => outcome.compile_diagnostics.push(*diagnostic),
            }
            outcome.files = compiler.files;
            return outcome;
        }
    }
    crate::run_agents::install(&settings.agents);
    let file = match &options.source {
        ProgramSource::File(path) => relative_file(path, &settings.project_root),
        ProgramSource::Text { name, .. } => name.clone(),
    };
    let header = compiler.main_header.take();
    let scope = match host_scope(header.as_ref(), options.input.clone(), file.clone()) {
        Ok(scope) => scope,
        Err(diagnostic) => {
            crate::run_agents::finish();
            crate::run_services::abandon();
            outcome.compile_diagnostics.push(*diagnostic);
            outcome.files = compiler.files;
            return outcome;
        }
    };
    let input_json = prism_runtime::to_json(&scope.input);
    let host = Rc::new(RefCell::new(RunHost {
        sender,
        input: scope.input,
        pattern: scope.pattern,
    }));
    let mut programs = Vec::with_capacity(compiled.units.len());
    for unit in compiled.units {
        let text = compiler.files.text(unit.file).to_owned();
        let loaded = Loaded::new(unit.ir, unit.file, text, &mut *host.borrow_mut());
        match loaded {
            Ok(mut loaded) => {
                loaded.imports = unit.imports;
                programs.push(loaded);
            }
            Err(problem) => {
                outcome.compile_diagnostics.push(Diagnostic::error(
                    "E0000",
                    format!("internal error: {problem}"),
                ));
                outcome.files = compiler.files;
                return outcome;
            }
        }
    }
    outcome.files = compiler.files;
    // `--timeout`, then `@timeout`, then `prism.toml` (cli §4.1).
    let header_timeout = header.as_ref().and_then(|header| header.timeout);
    let timeout_ms = options
        .timeout_ms
        .or(header_timeout)
        .or(settings.timeout_ms);
    let mut limits = Limits {
        deadline: timeout_ms.map(|ms| (started + Duration::from_millis(ms), ms)),
        max_call_depth: settings.max_call_depth,
        levels: settings.levels,
        clock: if options.virtual_clock {
            ClockKind::virtual_default()
        } else {
            ClockKind::Real
        },
        interrupt: options.interrupt.clone(),
        ..Limits::default()
    };
    // The JIT compiles what it can; the rest runs in the interpreter (docs/jit.md). `auto`
    // defers to `[runtime] backend` and is otherwise the JIT, which gives identical results.
    let use_jit = match options.backend {
        Backend::Jit => true,
        Backend::Interp => false,
        Backend::Auto => settings.backend != prism_config::Backend::Interp,
    };
    let mut compiled_functions = 0;
    let backend = if use_jit {
        let jit = prism_jit::Jit::compile(&programs);
        compiled_functions = jit.compiled_functions();
        // Without native code every call would still ask the JIT whether it has some.
        limits.compiled = (compiled_functions > 0).then(|| Rc::new(jit) as _);
        "jit"
    } else {
        "interp"
    };
    let seed = options.seed.or(settings.seed).unwrap_or_else(random_seed);
    let _pattern_tree = crate::run_child::enter_root(
        &outcome.files,
        settings.agents.config.patterns.root_node(),
        settings.agents.config.limits.max_pattern_depth,
    );
    crate::run_services::run_start(&prism_runtime::trace::events::RunStart {
        file: &file,
        name: Some(&header.as_ref().map_or_else(
            || prism_config::header::default_name(&file),
            |header| header.name_or_default(&file),
        )),
        version: header.as_ref().and_then(|header| header.version.as_deref()),
        backend: match options.backend {
            Backend::Jit => "jit",
            Backend::Auto | Backend::Interp => "interp",
        },
        seed,
        clock: if options.virtual_clock {
            "virtual"
        } else {
            "real"
        },
        compat: "none",
        input: &input_json,
    });
    let result = prism_interp::run(Rc::new(programs), 0, host, limits, seed);
    outcome.runtime_warnings = result.warnings;
    match result.value {
        Ok(value) => {
            outcome.value = Some(FinalValue {
                display: prism_runtime::display(&value),
                json: prism_runtime::to_json(&value),
                confidence: value.confidence(),
                is_plain_null: value.is_null() && !value.is_confident(),
            });
        }
        Err(diagnostic) => outcome.error = Some(*diagnostic),
    }
    let agents = crate::run_agents::finish();
    outcome.runtime_warnings.extend(agents.warnings);
    let duration_ms = if options.virtual_clock {
        0
    } else {
        started.elapsed().as_millis() as u64
    };
    outcome.stats = Some(RunStats {
        duration_ms,
        calls: agents.summary.calls,
        retries: agents.summary.retries,
        input_tokens: agents.summary.input_tokens,
        output_tokens: agents.summary.output_tokens,
        backend,
        compiled_functions,
    });
    crate::run_services::finish(&mut outcome);
    outcome
}

/// A seed for runs without `--seed` (builtins §8: environment-dependent).
fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ u64::from(std::process::id()).rotate_left(32)
}

/// The program's path as output shows it (cli §2.2): relative to the current directory when the
/// file is inside it, otherwise absolute.
pub(crate) fn shown_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::loader::display_path(path, &cwd)
}
