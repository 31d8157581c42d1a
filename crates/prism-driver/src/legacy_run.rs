//! A run in the legacy Parallax mode (runtime §15): the run lifecycle of §1.2 with the agent
//! selection of §15.2, the pre-script calls of §15.3 (see [`crate::legacy`]), the host scope of
//! §15.4 and the result of §15.5.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use prism_checker::ResolveEnv;
use prism_config::header::{pattern_binding, PatternPlace};
use prism_config::input::prepare_input;
use prism_config::selection::check_min_agents;
use prism_diagnostics::Diagnostic;
use prism_interp::{Limits, Loaded};
use prism_ir::FileRole;
use prism_runtime::tasks::ClockKind;
use prism_runtime::{ObjectData, Output, Stream as RuntimeStream, Value};
use prism_span::SourceMap;

use crate::check::CompileMode;
use crate::legacy::{ParallaxScope, PROLOGUE, PROLOGUE_SOURCE};
use crate::loader::{FsLoader, SourceLoader};
use crate::run::{FinalValue, OutputSink, ProgramSource, RunOptions, RunOutcome, RunStats, Stream};
use crate::run_compile::Compiler;
use crate::run_config::load_settings;
use crate::run_host::from_json;
use crate::run_pattern::relative_file;

/// The outcome of a Parallax run: the run's outcome (§14.1, with the confidence of §15.5) and
/// the JSON projection of `agentResults` (the `agent_results` key of cli §4.4).
#[derive(Debug, Default)]
pub struct ParallaxOutcome {
    pub outcome: RunOutcome,
    pub agent_results: serde_json::Value,
}

struct LegacyHost {
    lines: Vec<(Stream, String)>,
    input: Value,
    pattern: Value,
    scope: ParallaxScope,
}

impl Output for LegacyHost {
    fn write_line(&mut self, stream: RuntimeStream, text: &str) {
        let stream = match stream {
            RuntimeStream::Stdout => Stream::Stdout,
            RuntimeStream::Stderr => Stream::Stderr,
        };
        self.lines.push((stream, text.to_owned()));
    }
}

impl prism_interp::Host for LegacyHost {
    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn global(&mut self, name: &str) -> Option<Value> {
        match name {
            "input" => Some(self.input.clone()),
            "pattern" => Some(self.pattern.clone()),
            _ => self.scope.global(name),
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

/// Runs a program in the Parallax mode on a thread with a large stack (see `run::run_program`).
/// Output lines are delivered to `output` when the run ends.
pub fn run_parallax(options: &RunOptions, output: &mut dyn OutputSink) -> ParallaxOutcome {
    let thread_options = options.clone();
    let worker = std::thread::Builder::new()
        .name("prism-parallax".into())
        .stack_size(256 << 20)
        .spawn(move || {
            let mut lines = Vec::new();
            let outcome = run_here(&thread_options, &FsLoader, &mut lines);
            (outcome, lines)
        });
    let joined = worker.map(std::thread::JoinHandle::join);
    match joined {
        Ok(Ok((outcome, lines))) => {
            for (stream, text) in lines {
                output.line(stream, &text);
            }
            outcome
        }
        _ => ParallaxOutcome {
            outcome: RunOutcome {
                error: Some(
                    Diagnostic::error("R0100", "internal error: the run thread failed")
                        .with_kind("InternalError"),
                ),
                ..RunOutcome::default()
            },
            agent_results: serde_json::Value::Array(Vec::new()),
        },
    }
}

/// The whole Parallax run on the current thread (which must have a large stack).
pub fn run_here(
    options: &RunOptions,
    loader: &dyn SourceLoader,
    lines: &mut Vec<(Stream, String)>,
) -> ParallaxOutcome {
    let started = Instant::now();
    let mut result = ParallaxOutcome {
        agent_results: serde_json::Value::Array(Vec::new()),
        ..ParallaxOutcome::default()
    };
    let outcome = &mut result.outcome;
    let mut compiler = Compiler::new(loader);
    compiler.mode = CompileMode {
        test: false,
        parallax: true,
    };
    let (path, name, code) = match &options.source {
        ProgramSource::File(path) => (Some(path.clone()), crate::run::shown_path(path), None),
        ProgramSource::Text { name, code } => (None, name.clone(), Some(code.clone())),
    };
    let start_dir = path
        .as_deref()
        .and_then(Path::parent)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let settings = load_settings(
        options.config.as_deref(),
        &start_dir,
        &mut compiler.files,
        &mut compiler.diagnostics,
    );
    let bytes = match (&path, code) {
        (Some(path), _) => loader.read(path).map_err(|error| error.to_string()),
        (None, Some(code)) => Ok(code.into_bytes()),
        (None, None) => Err("no program".to_owned()),
    };
    let compiled = settings.as_ref().and_then(|settings| {
        compiler.compile_project_main(settings, path.as_deref(), name.clone(), bytes)
    });
    outcome.compile_diagnostics = std::mem::take(&mut compiler.diagnostics);
    let (Some(mut settings), Some(compiled)) = (settings, compiled) else {
        outcome.files = compiler.files;
        return result;
    };
    if let Some(provider) = &options.provider {
        settings.agents.provider_env = Some(provider.clone());
    }
    crate::run_agents::install(&settings.agents);
    let config = settings.agents.config.clone();
    let file = match &path {
        Some(path) => relative_file(path, &settings.project_root),
        None => name,
    };
    // Steps 5 and 6 with the selection of §15.2.
    let header = compiler.main_header.take();
    let schema = header.as_ref().and_then(|header| header.input.as_ref());
    let requirements = header.as_ref().and_then(|h| h.requirements.as_ref());
    let pattern_name = header.as_ref().map_or_else(
        || prism_config::header::default_name(&file),
        |header| header.name_or_default(&file),
    );
    let selected = prism_runtime::agents::selected_agents(requirements);
    let prepared = prepare_input(options.input.clone(), schema)
        .map_err(|violation| Box::new(violation.to_diagnostic()))
        .and_then(|input| {
            check_min_agents(&pattern_name, requirements, selected.len(), true).map(|()| input)
        });
    let input = match prepared {
        Ok(input) => from_json(&input),
        Err(diagnostic) => {
            crate::run_agents::finish();
            outcome.compile_diagnostics.push(*diagnostic);
            outcome.files = compiler.files;
            return result;
        }
    };
    let place = PatternPlace {
        file,
        node: config.patterns.root_node(),
        depth: 0,
        selected_agents: Vec::new(),
        parallax: true,
    };
    let mut data = ObjectData::new();
    if let serde_json::Value::Object(fields) = pattern_binding(header.as_ref(), &place) {
        for (key, value) in &fields {
            data.insert(key.as_str(), from_json(value));
        }
    }
    data.insert("selectedAgents", Value::array(selected.clone()));
    data.read_only = Some("pattern".into());
    let min_confidence = requirements.and_then(|r| r.min_confidence);
    let scope = crate::legacy::prepare(
        selected,
        &input,
        config.parallax.agent_timeout_ms,
        min_confidence,
    );
    let host = Rc::new(RefCell::new(LegacyHost {
        lines: Vec::new(),
        input,
        pattern: Value::object(data),
        scope: scope.clone(),
    }));
    let programs = load(compiled, &mut compiler.files, &host);
    outcome.files = compiler.files;
    let programs = match programs {
        Ok(programs) => programs,
        Err(problem) => {
            crate::run_agents::finish();
            crate::legacy::finish();
            let message = format!("internal error: {problem}");
            outcome
                .compile_diagnostics
                .push(Diagnostic::error("E0000", message));
            return result;
        }
    };
    let limits = Limits {
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
    let seed = options.seed.or(settings.seed).unwrap_or(0);
    let run = {
        let _tree = crate::run_child::enter_root(
            &outcome.files,
            config.patterns.root_node(),
            config.limits.max_pattern_depth,
        );
        prism_interp::run(Rc::new(programs), 0, host.clone(), limits, seed)
    };
    crate::legacy::finish();
    lines.append(&mut host.borrow_mut().lines);
    outcome.runtime_warnings = run.warnings;
    match run.value {
        // §15.5: a plain final value gets `default_confidence`.
        Ok(value) => {
            outcome.value = Some(FinalValue {
                display: prism_runtime::display(&value),
                json: prism_runtime::to_json(&value),
                confidence: value
                    .confidence()
                    .or(Some(config.parallax.default_confidence)),
                is_plain_null: value.is_null() && !value.is_confident(),
            });
        }
        Err(diagnostic) => outcome.error = Some(*diagnostic),
    }
    result.agent_results = prism_runtime::to_json(&scope.agent_results);
    let agents = crate::run_agents::finish();
    outcome.runtime_warnings.extend(agents.warnings);
    outcome.stats = Some(RunStats {
        duration_ms: if options.virtual_clock {
            0
        } else {
            started.elapsed().as_millis() as u64
        },
        calls: agents.summary.calls,
        retries: agents.summary.retries,
        input_tokens: agents.summary.input_tokens,
        output_tokens: agents.summary.output_tokens,
        backend: "interp",
        compiled_functions: 0,
    });
    result
}

/// Loads the compiled units and the prologue; the main unit depends on the prologue last, so
/// the prologue runs after the pattern's imports and before its own code.
fn load(
    compiled: crate::run_compile::Compiled,
    files: &mut SourceMap,
    host: &Rc<RefCell<LegacyHost>>,
) -> Result<Vec<Loaded>, String> {
    let mut programs = Vec::with_capacity(compiled.units.len() + 1);
    for unit in compiled.units {
        let text = files.text(unit.file).to_owned();
        let mut loaded = Loaded::new(unit.ir, unit.file, text, &mut *host.borrow_mut())?;
        loaded.imports = unit.imports;
        programs.push(loaded);
    }
    let file = files.add("<parallax prologue>", PROLOGUE_SOURCE);
    let parsed = prism_syntax::parse(PROLOGUE_SOURCE, file);
    let mut env = ResolveEnv::main();
    env.extra_host_names = vec![PROLOGUE.into()];
    let resolution = prism_checker::resolve(&parsed.program, file, &env);
    let ir = prism_ir::lower_program(&parsed.program, &resolution, file, FileRole::Main)
        .map_err(|_| "the Parallax prologue does not compile".to_owned())?;
    let prologue = Loaded::new(
        ir,
        file,
        PROLOGUE_SOURCE.to_owned(),
        &mut *host.borrow_mut(),
    )?;
    let index = programs.len();
    programs.push(prologue);
    if let Some(main) = programs.first_mut() {
        main.imports.push(index);
    }
    Ok(programs)
}
