//! Child patterns: `runPattern(path, input = null, opts = {})` (runtime §11.6, builtins §16).
//!
//! The runtime's `runPattern` builtin calls the runner installed here. A child is compiled from
//! its file (resolved relative to the calling file), its input is prepared against its
//! `@input`, and it runs as a nested run of the interpreter on the caller's thread, sharing the
//! agent runtime (registry, providers, budgets). Its node id extends the caller's (`ORG_1.2`),
//! its depth is the number of dots, and the depth limit is `[limits] max_pattern_depth`.
//!
//! Known limit (docs/decisions.md): the nested run does not yield to the caller's other tasks,
//! so sibling children started in `parallel` run one after another, and under the virtual clock
//! the child's clock starts at the caller's `now()` without moving the caller's clock.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use prism_config::header::{pattern_binding, PatternPlace};
use prism_config::input::prepare_input;
use prism_config::selection::check_min_agents;
use prism_diagnostics::Diagnostic;
use prism_interp::{Limits, Loaded};
use prism_runtime::builtins::{Args, Machine};
use prism_runtime::error::catalogue;
use prism_runtime::tasks::ClockKind;
use prism_runtime::trace::events;
use prism_runtime::{ObjectData, Output, Stream as RuntimeStream, Thrown, Value};
use prism_span::{FileId, SourceMap};
use serde_json::{json, Value as Json};

use crate::loader::{display_path, FsLoader};
use crate::run_compile::Compiler;
use crate::run_host::from_json;

/// One pattern node being run on this thread: the root, or a child inside it.
struct Node {
    /// The name of each file of the node's run, to resolve paths relative to the caller.
    files: Vec<(FileId, String)>,
    id: String,
    depth: u64,
    /// `runPattern` calls made so far by this node (the *k* of `ORG_1.k`).
    children: u64,
}

struct Tree {
    max_depth: u64,
    nodes: Vec<Node>,
}

thread_local! {
    static TREE: RefCell<Option<Tree>> = const { RefCell::new(None) };
}

/// Makes `runPattern` available for the run about to start on this thread, whose files are in
/// `files`; the root node is `root` (`{id_prefix}_{root_id}`). Ends with the returned guard.
pub(crate) fn enter_root(files: &SourceMap, root: String, max_depth: u64) -> RootGuard {
    TREE.with(|tree| {
        *tree.borrow_mut() = Some(Tree {
            max_depth,
            nodes: vec![node(files, root, 0)],
        });
    });
    prism_runtime::builtins::set_child_runner(Some(run_pattern));
    RootGuard
}

/// Ends the pattern tree of a run.
pub(crate) struct RootGuard;

impl Drop for RootGuard {
    fn drop(&mut self) {
        prism_runtime::builtins::set_child_runner(None);
        TREE.with(|tree| *tree.borrow_mut() = None);
    }
}

fn node(files: &SourceMap, id: String, depth: u64) -> Node {
    Node {
        files: files
            .iter()
            .map(|(file, _)| (file, files.name(file).to_owned()))
            .collect(),
        id,
        depth,
        children: 0,
    }
}

/// The runner installed in the runtime (builtins §16).
fn run_pattern(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let specifier = args.string(0)?.to_owned();
    if specifier.starts_with("std/") {
        let message = format!("runPattern: '{specifier}' is a standard module, not a pattern");
        return Err(Thrown::runtime("R0216", "TypeError", message));
    }
    let caller = machine.call_span().map(|span| span.file);
    // Step 2: the node id is used up even when the depth limit is reached.
    let (directory, id, depth, max_depth) = TREE
        .with(|tree| {
            let mut tree = tree.borrow_mut();
            let tree = tree.as_mut()?;
            let max_depth = tree.max_depth;
            let parent = tree.nodes.last_mut()?;
            parent.children += 1;
            let name = caller.and_then(|file| {
                parent
                    .files
                    .iter()
                    .find(|(known, _)| *known == file)
                    .map(|(_, name)| name.clone())
            });
            let directory = name
                .as_deref()
                .and_then(|name| Path::new(name).parent())
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let id = format!("{}.{}", parent.id, parent.children);
            Some((directory, id, parent.depth + 1, max_depth))
        })
        .ok_or_else(|| catalogue::pattern_failed(&specifier, "no pattern is running"))?;
    if depth > max_depth {
        return Err(catalogue::recursion_limit(max_depth as usize, &id));
    }
    let timeout_ms = timeout_option(args.get(2))?;
    let child = Child {
        specifier,
        path: resolve(&directory, args.string(0)?),
        id,
        depth,
        timeout_ms,
    };
    child.run(machine, args.get(1))
}

/// `opts.timeout` in milliseconds, if given.
fn timeout_option(opts: &Value) -> Result<Option<u64>, Thrown> {
    let Some(object) = opts.as_object() else {
        return Ok(None);
    };
    let timeout = object.borrow().get("timeout").cloned();
    match timeout {
        None => Ok(None),
        Some(value) if value.is_null() => Ok(None),
        Some(value) => match value.as_number() {
            Some(ms) if ms >= 0.0 && ms.is_finite() => Ok(Some(ms as u64)),
            _ => Err(catalogue::bad_option(
                "runPattern",
                "timeout",
                "a number of milliseconds ≥ 0",
                value.type_name(),
            )),
        },
    }
}

/// Language §13.2 for a relative or absolute path: as written, else with `.prism`, else
/// `index.prism` inside it.
fn resolve(directory: &Path, specifier: &str) -> PathBuf {
    let base = if specifier.starts_with('/') {
        PathBuf::from(specifier)
    } else {
        directory.join(specifier)
    };
    if specifier.ends_with(".prism") {
        return base;
    }
    let mut with_extension = base.clone().into_os_string();
    with_extension.push(".prism");
    let with_extension = PathBuf::from(with_extension);
    if with_extension.is_file() {
        with_extension
    } else {
        base.join("index.prism")
    }
}

struct Child {
    specifier: String,
    path: PathBuf,
    id: String,
    depth: u64,
    timeout_ms: Option<u64>,
}

/// The child's output, passed to the caller's output when the child ends.
struct ChildHost {
    lines: Vec<(RuntimeStream, String)>,
    input: Value,
    pattern: Value,
}

impl Output for ChildHost {
    fn write_line(&mut self, stream: RuntimeStream, text: &str) {
        self.lines.push((stream, text.to_owned()));
    }
}

impl prism_interp::Host for ChildHost {
    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn global(&mut self, name: &str) -> Option<Value> {
        match name {
            "input" => Some(self.input.clone()),
            "pattern" => Some(self.pattern.clone()),
            _ => None,
        }
    }

    fn declare_agent(&mut self, name: &str, config: &Value) -> Result<Value, Thrown> {
        prism_runtime::agents::declare_agent(name, config)
    }
}

impl Child {
    fn failed(&self, message: &str) -> Thrown {
        catalogue::pattern_failed(&self.specifier, message)
    }

    fn run(&self, machine: &mut dyn Machine, input: &Value) -> Result<Value, Thrown> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let shown = display_path(&self.path, &cwd);
        let bytes = std::fs::read(&self.path).map_err(|error| {
            let reason = crate::check::io_reason(&error);
            self.failed(&format!("cannot read '{shown}': {reason}"))
        })?;
        // Step 3: compile; the first error is the message of R0813.
        let mut compiler = Compiler::new(&FsLoader);
        let compiled = compiler.compile_main(Some(&self.path), shown.clone(), bytes);
        let first_error = compiler.diagnostics.iter().find(|d| d.is_error());
        let compiled = match (compiled, first_error) {
            (Some(compiled), None) => compiled,
            (_, error) => {
                let message = error.map_or("unknown error", |d| d.message.as_str());
                return Err(self.failed(message));
            }
        };
        // Step 4: input and agent requirements.
        let header = compiler.main_header.take();
        let name = header.as_ref().map_or_else(
            || prism_config::header::default_name(&shown),
            |header| header.name_or_default(&shown),
        );
        let json_input = (!input.is_null()).then(|| prism_runtime::to_json(input));
        let schema = header.as_ref().and_then(|header| header.input.as_ref());
        let prepared = prepare_input(json_input, schema).map_err(|violation| {
            let detail = format!("at {}: {}", violation.path, violation.detail);
            catalogue::input_mismatch(&name, &detail)
        })?;
        let requirements = header.as_ref().and_then(|h| h.requirements.as_ref());
        let selected = prism_runtime::agents::selected_agents(requirements);
        check_min_agents(&name, requirements, selected.len(), false)
            .map_err(|diagnostic| catalogue::input_mismatch(&name, &diagnostic.message))?;
        let place = PatternPlace {
            file: shown.clone(),
            node: self.id.clone(),
            depth: self.depth,
            selected_agents: Vec::new(),
            parallax: false,
        };
        let binding = pattern_binding(header.as_ref(), &place);
        let mut data = ObjectData::new();
        if let serde_json::Value::Object(fields) = &binding {
            for (key, value) in fields {
                data.insert(key.as_str(), from_json(value));
            }
        }
        data.insert("selectedAgents", Value::array(selected));
        data.read_only = Some("pattern".into());
        let host = Rc::new(RefCell::new(ChildHost {
            lines: Vec::new(),
            input: from_json(&prepared),
            pattern: Value::object(data),
        }));
        let mut programs = Vec::with_capacity(compiled.units.len());
        for unit in compiled.units {
            let text = compiler.files.text(unit.file).to_owned();
            let mut loaded = Loaded::new(unit.ir, unit.file, text, &mut *host.borrow_mut())
                .map_err(|problem| self.failed(&problem))?;
            loaded.imports = unit.imports;
            programs.push(loaded);
        }
        let limits = self.limits(machine);
        let seed = machine.random().next_u64(0);
        TREE.with(|tree| {
            if let Some(tree) = tree.borrow_mut().as_mut() {
                tree.nodes
                    .push(node(&compiler.files, self.id.clone(), self.depth));
            }
        });
        events::pattern_start(
            &self.id,
            &shown,
            &name,
            binding.get("version").cloned().unwrap_or_default(),
            u32::try_from(self.depth).unwrap_or(u32::MAX),
            &prepared,
        );
        let result = {
            let _node = prism_runtime::trace::enter_node(&self.id);
            prism_interp::run(Rc::new(programs), 0, host.clone(), limits, seed)
        };
        TREE.with(|tree| {
            if let Some(tree) = tree.borrow_mut().as_mut() {
                tree.nodes.pop();
            }
        });
        let lines = std::mem::take(&mut host.borrow_mut().lines);
        for (stream, text) in lines {
            machine.output().write_line(stream, &text);
        }
        let outcome = result
            .value
            .map_err(|diagnostic| self.rethrown(&diagnostic));
        match &outcome {
            Ok(value) => events::pattern_end(&self.id, true, value.confidence(), Json::Null),
            Err(thrown) => {
                let error = thrown.to_diagnostic();
                let error = json!({
                    "code": error.code, "kind": error.kind, "message": error.message,
                });
                events::pattern_end(&self.id, false, None, error);
            }
        }
        outcome
    }

    /// The caller's clock (continuing from its `now()` when virtual) and `opts.timeout`.
    fn limits(&self, machine: &dyn Machine) -> Limits {
        let clock = match machine.task_context().map(|cx| cx.scheduler().clock_kind()) {
            Some(ClockKind::Virtual { .. }) => ClockKind::Virtual {
                start_ms: machine.now_ms(),
            },
            _ => ClockKind::Real,
        };
        Limits {
            levels: machine.levels(),
            clock,
            deadline: self
                .timeout_ms
                .map(|ms| (Instant::now() + Duration::from_millis(ms), ms)),
            ..Limits::default()
        }
    }

    /// Step 8: an error out of the child is thrown in the caller with its code, kind and
    /// message; the child's deadline becomes the TimeoutError of step 7.
    fn rethrown(&self, diagnostic: &Diagnostic) -> Thrown {
        if diagnostic.code == "R0807" {
            if let Some(ms) = self.timeout_ms {
                let message = format!("pattern {} timed out after {ms} ms", self.id);
                return Thrown::runtime("R0801", "TimeoutError", message);
            }
        }
        let kind = diagnostic.kind.clone().unwrap_or_else(|| "Error".into());
        let code = diagnostic.code;
        if diagnostic.code == "R0100" {
            if let Some(rest) = diagnostic.message.strip_prefix("uncaught exception: ") {
                return Thrown::runtime(code, &kind, rest.to_owned());
            }
        }
        Thrown::runtime(code, &kind, diagnostic.message.clone())
    }
}
