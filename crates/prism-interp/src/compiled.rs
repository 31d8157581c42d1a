//! The hook through which compiled code (the Cranelift JIT, `prism-jit`, docs/jit.md) runs
//! functions instead of the interpreter loop. The interpreter stays the reference: compiled code
//! may decline any call (`None`), and the frame is then interpreted as usual.

use std::fmt;

use prism_ir::FunctionId;
use prism_runtime::builtins::Levels;
use prism_runtime::{Thrown, Value};

use crate::unwind::Unwind;
use crate::vm::Vm;

/// Native code for some functions of the loaded programs.
pub trait CompiledCode: fmt::Debug {
    /// Whether function `function` of module `module` has native code (a cheap test: the
    /// interpreter asks it at every call before copying the arguments).
    fn is_compiled(&self, module: usize, function: FunctionId) -> bool;

    /// Runs the native code of a compiled function with its `params` arguments (missing ones
    /// already `null`). `depth` is the call depth inside the callee (language §10.3). `None`
    /// when the code declines these arguments (its entry guard failed): nothing has run, and
    /// the interpreter runs the frame instead.
    fn run(
        &self,
        module: usize,
        function: FunctionId,
        args: &[Value],
        depth: usize,
        host: &mut dyn CompiledHost,
    ) -> Option<Result<Value, Unwind>>;
}

/// What running native code needs from the interpreter of its task.
pub trait CompiledHost {
    /// Checks the run deadline and the interruption request now. Native code counts its own
    /// `Tick`s (loop back edges and calls) and polls once every few thousand.
    fn poll(&mut self) -> Result<(), Thrown>;
    /// The `uncertain` thresholds (language §7.8).
    fn levels(&self) -> Levels;
    /// The call depth limit (language §10.3).
    fn max_call_depth(&self) -> usize;
}

impl CompiledHost for Vm<'_, '_> {
    fn poll(&mut self) -> Result<(), Thrown> {
        self.check_deadline()
    }

    fn levels(&self) -> Levels {
        self.limits.levels
    }

    fn max_call_depth(&self) -> usize {
        self.limits.max_call_depth
    }
}

impl Vm<'_, '_> {
    /// Runs a frame whose registers are set up (parameters from `base`) in native code, if the
    /// function is compiled and its code accepts the arguments.
    #[inline(always)]
    pub(crate) fn run_compiled(
        &mut self,
        module: usize,
        function: FunctionId,
        base: usize,
        params: usize,
    ) -> Option<Result<Value, Unwind>> {
        // Inlined into every call: without compiled code (`--backend interp`, or nothing
        // compiled) the test is a load and a branch, not a call returning an `Option` in memory.
        self.limits.compiled.as_ref()?;
        self.run_native(module, function, base, params)
    }

    /// `run_compiled` once compiled code exists.
    #[inline(never)]
    fn run_native(
        &mut self,
        module: usize,
        function: FunctionId,
        base: usize,
        params: usize,
    ) -> Option<Result<Value, Unwind>> {
        // Most calls are not compiled: ask before paying for the reference count.
        let compiled = self.limits.compiled.as_ref()?;
        if !compiled.is_compiled(module, function) {
            return None;
        }
        let compiled = compiled.clone();
        // A callback called per element (`map`, `filter`…) crosses here every time: a fresh
        // vector per crossing was a malloc and a free, a large share of a small function's cost.
        let mut args = std::mem::take(&mut self.compiled_arguments);
        args.clear();
        args.extend_from_slice(self.stack.get(base..base + params)?);
        let depth = self.depth;
        let result = compiled.run(module, function, &args, depth, self);
        // Drop the copies now: an array argument must not stay alive in the buffer.
        args.clear();
        self.compiled_arguments = args;
        result
    }
}
