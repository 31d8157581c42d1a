//! `runPattern(path, input = null, opts = {})` (builtins §16, runtime §11.6). Running a child
//! pattern means compiling a file, which the runtime may not do (no I/O here): the embedding
//! (the driver) installs the runner with [`set_child_runner`] before a run; without one the
//! call throws PatternError `R0813`.
use std::cell::Cell;

use super::args::Args;
use super::support::builtin;
use super::{Builtin, BuiltinFn, Library, Machine, Mode};
use crate::error::{catalogue, Thrown};
use crate::value::Value;

thread_local! {
    static RUNNER: Cell<Option<BuiltinFn>> = const { Cell::new(None) };
}

/// Installs (or with `None` removes) the function that runs child patterns on this thread.
pub fn set_child_runner(runner: Option<BuiltinFn>) {
    RUNNER.with(|cell| cell.set(runner));
}

/// `runPattern`: suspends the caller while the child runs (builtins §1.6).
fn run_pattern(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    match RUNNER.with(Cell::get) {
        Some(runner) => runner(machine, args),
        None => {
            let path = args.string(0)?;
            Err(catalogue::pattern_failed(
                path,
                "child patterns cannot run in this embedding",
            ))
        }
    }
}

static RUN_PATTERN: Builtin = builtin("runPattern", Mode::None, 1, run_pattern);

pub static LIBRARY: Library = Library {
    globals: &[&RUN_PATTERN],
    namespaces: &[],
    methods: &[],
};
