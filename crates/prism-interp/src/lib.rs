//! The Prism interpreter: a register machine over the lowered IR (`prism-ir`).
//!
//! Each activation of a function is a window of registers in one value stack per task. When a
//! program is loaded each function is translated into a flat array of operations (`code`), and
//! the loop in `dispatch` runs them with one `match` each; the general semantics of every IR
//! instruction stay in `exec`, which the specialised operations fall back to. No
//! names are looked up at run time: variables are registers or cells, builtins and host names are
//! resolved once when a program is loaded. Every operation with language semantics is the
//! runtime's (`prism_runtime::ops`), shared with the JIT.
//!
//! Every task, the main task included, runs on its own coroutine of the runtime's scheduler
//! (`prism_runtime::tasks`, language §14) with its own [`Vm`]: registers, call depth and context
//! stack are per task; programs, host, module cells and random streams are shared (`shared.rs`).
//! `await` suspends the task (`tasks.rs`); calling an `async` function starts a child task, so
//! any fast call path must leave async closures to `call_value`. Prism calls recurse in Rust,
//! with the call depth counted (`R0303`, language §10.3); each coroutine stack is
//! `Limits::stack_size` (256 MB reserved, committed lazily) so that the maximum depth can never
//! overflow it. `docs/tasks.md` describes the design.
//!
//! Known limits, for the next engineers:
//! * Closures hold their cells by `Rc`, so a function that captures itself (a recursive local
//!   function) forms a cycle that is never freed; creating such functions in a long loop leaks.
//! * `CallMethod` looks the method up after evaluating the arguments; the lowering uses it only
//!   when the arguments have no effects, so the order of §6.1 is kept.
#![forbid(unsafe_code)]

mod arg_source;
mod callbacks;
mod code;
mod compiled;
mod cycles;
mod dispatch;
mod dispatch_objects;
mod exec;
mod exec_other;
mod modules;
mod program;
mod shared;
mod tasks;
mod unwind;
mod vm;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use prism_diagnostics::Diagnostic;
use prism_ir::FunctionId;
use prism_runtime::builtins::RandomStreams;
use prism_runtime::tasks::{Deadline, Scheduler, SchedulerConfig};
use prism_runtime::{Output, Value};

use crate::shared::Shared;

pub use compiled::{CompiledCode, CompiledHost};
pub use program::Loaded;
pub use unwind::Unwind;
pub use vm::{Limits, Vm};

/// What the embedding (the driver) provides to a run.
pub trait Host {
    /// Where `print` and `console.*` write.
    fn output(&mut self) -> &mut dyn Output;

    /// Host names (`input`, `pattern`, runtime §4) and prelude values the runtime does not
    /// provide by itself; `None` falls back to the runtime's prelude.
    fn global(&mut self, name: &str) -> Option<Value>;

    /// Creates and registers an agent from an `agents` block (language §8.11).
    fn declare_agent(
        &mut self,
        name: &str,
        config: &Value,
    ) -> Result<Value, prism_runtime::Thrown> {
        let _ = config;
        Err(prism_runtime::error::catalogue::invalid_agent(
            name,
            "agents are not available in this build",
        ))
    }
}

/// The outcome of a run.
#[derive(Debug)]
pub struct RunResult {
    /// The final value (language §1.3) or the diagnostic of the error that ended the run.
    pub value: Result<Value, Box<Diagnostic>>,
    /// Runtime warnings: `W0901` for each failed task nobody awaited (language §14.7).
    pub warnings: Vec<Diagnostic>,
}

/// Runs the main program `main` of `programs` (its modules first, language §13.5) as the main
/// task, with the scheduler of language §14 running every task the program starts.
pub fn run(
    programs: Rc<Vec<Loaded>>,
    main: usize,
    host: Rc<RefCell<dyn Host>>,
    limits: Limits,
    seed: u64,
) -> RunResult {
    let scheduler = Scheduler::new(SchedulerConfig {
        clock: limits.clock,
        deadline: limits.deadline.map(|(at, ms)| {
            // The deadline counts from the start of the run (compilation included).
            let remaining = at.saturating_duration_since(Instant::now());
            let at_ms = if limits.clock.is_virtual() {
                ms as f64
            } else {
                remaining.as_secs_f64() * 1000.0
            };
            Deadline {
                at_ms,
                limit_ms: ms as f64,
            }
        }),
        stack_size: limits.stack_size,
        interrupt: limits.interrupt.clone(),
    });
    // Providers doing real I/O complete through the agent runtime's inbox (language §14.1);
    // the trace takes the run clock and task numbers from the scheduler (runtime §13.2).
    let _attached = prism_runtime::agents::attach_scheduler(&scheduler);
    let shared = Rc::new(Shared {
        module_cells: RefCell::new(vec![None; programs.len()]),
        programs,
        host,
        random: RefCell::new(RandomStreams::new(seed)),
        limits,
        scheduler: scheduler.clone(),
        main_failure: RefCell::new(None),
    });
    let end = scheduler.run(tasks::main_body(Rc::clone(&shared), main));
    let value = end.result.map_err(|thrown| {
        match shared.main_failure.borrow_mut().take() {
            // The main task's own error, with its call stack.
            Some(diagnostic) if diagnostic.code == thrown.code() => Box::new(diagnostic),
            _ => Box::new(thrown.to_diagnostic()),
        }
    });
    RunResult {
        value,
        warnings: end.unobserved.iter().map(|u| u.to_diagnostic()).collect(),
    }
}

impl Vm<'_, '_> {
    /// Runs the imports of `module` (depth-first, once each), then the module itself.
    pub fn run_module_tree(&mut self, module: usize) -> Result<Value, Unwind> {
        let imports = self
            .programs
            .get(module)
            .map(|program| program.imports.clone())
            .unwrap_or_default();
        for import in imports {
            let missing = self
                .shared
                .module_cells
                .borrow()
                .get(import)
                .is_some_and(Option::is_none);
            if missing {
                self.run_module_tree(import)?;
            }
        }
        let top_level = self
            .programs
            .get(module)
            .map(|program| program.ir.top_level)
            .unwrap_or(FunctionId(0));
        self.invoke(module, top_level, None, vm::ArgSource::Slice(&[]))
    }
}
