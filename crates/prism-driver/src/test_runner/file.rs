//! Running one test file (cli §9.2): compile it in test mode (builtins §17), run its top level
//! once with `input` = `null`, then its cases.
//!
//! The cases run in the same run as the top level, so that they share its bindings. A small
//! harness program, compiled by the runner and never shown to the user, is the run's main
//! program: the test file is its only dependency, so the file's top level runs first (as a
//! module's does, language §13.5), then the harness calls the runner's native function that
//! runs the cases ([`super::cases`]). No text of the user's is generated or spliced.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use prism_checker::ResolveEnv;
use prism_diagnostics::Diagnostic;
use prism_interp::{Limits, Loaded};
use prism_ir::FileRole;
use prism_runtime::tasks::ClockKind;
use prism_runtime::{Output, Stream as RuntimeStream, Value};
use prism_span::SourceMap;

use super::cases::{run_cases_value, RUN_CASES};
use super::natives::{self, CapturedLines, CaseSettings};
use super::report::FileResult;
use super::TestOptions;
use crate::check::CompileMode;
use crate::loader::SourceLoader;
use crate::run::Stream;
use crate::run_compile::Compiler;
use crate::run_config::{load_settings, RunSettings};
use crate::run_pattern::{host_scope, relative_file};

/// The harness: the only code of the run not written by the user.
const HARNESS: &str = "__prismRunTestCases()\n";

/// The host of a test file's run: captured output, `input` = `null`, `pattern`, and the
/// test-mode names.
struct TestHost {
    output: CapturedLines,
    pattern: Value,
}

impl Output for TestHost {
    fn write_line(&mut self, stream: RuntimeStream, text: &str) {
        let stream = match stream {
            RuntimeStream::Stdout => Stream::Stdout,
            RuntimeStream::Stderr => Stream::Stderr,
        };
        self.output.borrow_mut().push((stream, text.to_owned()));
    }
}

impl prism_interp::Host for TestHost {
    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn global(&mut self, name: &str) -> Option<Value> {
        match name {
            "input" => Some(Value::NULL),
            "pattern" => Some(self.pattern.clone()),
            RUN_CASES => Some(run_cases_value()),
            _ => natives::test_global(name),
        }
    }

    fn declare_agent(
        &mut self,
        name: &str,
        config: &Value,
    ) -> Result<Value, prism_runtime::Thrown> {
        prism_runtime::agents::declare_agent(name, config)
    }
}

/// Runs the test file at `path`, written `shown` in output.
pub(crate) fn run_file(
    path: &Path,
    shown: String,
    options: &TestOptions,
    loader: &dyn SourceLoader,
) -> FileResult {
    let mut result = FileResult {
        path: shown.clone(),
        ..FileResult::default()
    };
    let mut compiler = Compiler::new(loader);
    compiler.mode = CompileMode {
        test: true,
        parallax: options.parallax,
    };
    let start_dir = path.parent().unwrap_or(Path::new("."));
    let settings = load_settings(
        options.config.as_deref(),
        start_dir,
        &mut compiler.files,
        &mut compiler.diagnostics,
    );
    let compiled = settings.as_ref().and_then(|settings| {
        compiler.compile_project_main(settings, Some(path), shown, loader.read(path))
    });
    result.compile_diagnostics = std::mem::take(&mut compiler.diagnostics);
    let (Some(mut settings), Some(compiled)) = (settings, compiled) else {
        result.files = compiler.files;
        return result;
    };
    let test = settings.agents.config.test.clone();
    // Tests are offline by default: `[test] default_provider` (cli §9.4) unless `--provider`.
    settings.agents.provider_env = Some(
        options
            .provider
            .clone()
            .unwrap_or_else(|| test.default_provider.clone()),
    );
    match crate::run_services::load_governance(&settings.agents.config) {
        Ok(governance) => settings.agents.services.governance = governance,
        Err(diagnostic) => {
            result.compile_diagnostics.push(*diagnostic);
            result.files = compiler.files;
            return result;
        }
    }
    crate::run_agents::install(&settings.agents);
    let file = relative_file(path, &settings.project_root);
    let header = compiler.main_header.take();
    let pattern = match host_scope(header.as_ref(), None, file) {
        Ok(scope) => scope.pattern,
        Err(diagnostic) => {
            crate::run_agents::finish();
            result.compile_diagnostics.push(*diagnostic);
            result.files = compiler.files;
            return result;
        }
    };
    let output = CapturedLines::default();
    let host = Rc::new(RefCell::new(TestHost {
        output: output.clone(),
        pattern,
    }));
    let mut programs = Vec::with_capacity(compiled.units.len() + 1);
    let mut problem = None;
    for unit in compiled.units {
        let text = compiler.files.text(unit.file).to_owned();
        match Loaded::new(unit.ir, unit.file, text, &mut *host.borrow_mut()) {
            Ok(mut loaded) => {
                loaded.imports = unit.imports;
                programs.push(loaded);
            }
            Err(error) => problem = Some(error),
        }
    }
    // The test file is unit 0 (the main unit comes first); the harness runs after it.
    match harness(&mut compiler.files, &mut *host.borrow_mut()) {
        Ok(mut harness) => {
            harness.imports = vec![0];
            programs.push(harness);
        }
        Err(error) => problem = Some(error),
    }
    result.files = compiler.files;
    if let Some(problem) = problem {
        crate::run_agents::finish();
        let message = format!("internal error: {problem}");
        result
            .compile_diagnostics
            .push(Diagnostic::error("E0000", message));
        return result;
    }
    let main = programs.len() - 1;
    let seed = options.seed.unwrap_or(test.seed);
    natives::begin(
        CaseSettings {
            filter: options.filter.clone(),
            seed,
            timeout_ms: test.timeout_ms,
        },
        output.clone(),
    );
    let limits = Limits {
        max_call_depth: settings.max_call_depth,
        levels: settings.levels,
        clock: clock(options, &settings),
        ..Limits::default()
    };
    let config = &settings.agents.config;
    let root = config.patterns.root_node();
    let _pattern_tree =
        crate::run_child::enter_root(&result.files, root, config.limits.max_pattern_depth);
    let run = prism_interp::run(Rc::new(programs), main, host, limits, seed);
    result.cases = natives::end();
    crate::run_agents::finish();
    if let Err(diagnostic) = run.value {
        result.error = Some(*diagnostic);
        result.output = std::mem::take(&mut *output.borrow_mut());
    }
    result
}

/// `--clock`, else `[test] clock` (default virtual, cli §9.4), starting at `clock_start_ms`.
fn clock(options: &TestOptions, settings: &RunSettings) -> ClockKind {
    let config = &settings.agents.config;
    let is_virtual = options
        .virtual_clock
        .unwrap_or(config.test.clock == prism_config::ClockKind::Virtual);
    if is_virtual {
        ClockKind::Virtual {
            start_ms: config.runtime.clock_start_ms as f64,
        }
    } else {
        ClockKind::Real
    }
}

/// Compiles and loads the harness program.
fn harness(files: &mut SourceMap, host: &mut dyn prism_interp::Host) -> Result<Loaded, String> {
    let file = files.add("<prism test>", HARNESS);
    let parsed = prism_syntax::parse(HARNESS, file);
    let mut env = ResolveEnv::main();
    env.extra_host_names = vec![RUN_CASES.into()];
    let resolution = prism_checker::resolve(&parsed.program, file, &env);
    let ir = prism_ir::lower_program(&parsed.program, &resolution, file, FileRole::Main)
        .map_err(|_| "the test harness does not compile".to_owned())?;
    Loaded::new(ir, file, HARNESS.to_owned(), host)
}
