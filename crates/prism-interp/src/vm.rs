//! The per-task interpreter state and calls (language §10.3).
//!
//! Everything a running task needs is in [`Vm`], passed down by `&mut`: one value stack holding
//! the registers of every frame, the cell and exception slots, the call depth, the context stack
//! and the deadline counter. There are no globals or thread-locals, so a task can later run on
//! its own stackful coroutine and suspend inside nested calls.

use std::rc::Rc;
use std::time::Instant;

use prism_ir::FunctionId as IrFunctionId;
use prism_runtime::builtins::{call_bound, call_builtin, Levels, RandomStreams};
use prism_runtime::error::catalogue;
use prism_runtime::ops::{self, MethodTarget};
use prism_runtime::tasks::{ClockKind, Interrupt, TaskContext, TaskRef};
use prism_runtime::value::{Closure, SharedCell};
use prism_runtime::{Inner, Machine, Output, Thrown, Value};
use prism_span::{FileSpan, Span};
use smol_str::SmolStr;

pub(crate) use crate::arg_source::ArgSource;
use crate::exec::{pair, put};
use crate::program::Loaded;
use crate::shared::{Shared, TaskOutput};
use crate::unwind::Unwind;

/// How often (in back edges and calls) the wall clock is read for the run deadline.
const TICKS_PER_CHECK: u32 = 4096;

/// Settings of one run.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_call_depth: usize,
    pub levels: Levels,
    pub deadline: Option<(Instant, u64)>,
    /// The run clock (runtime §7.4).
    pub clock: ClockKind,
    /// The coroutine stack of each task (bytes): enough for `max_call_depth` nested calls.
    pub stack_size: usize,
    /// Native code for some functions (`--backend jit`, docs/jit.md); `None` interprets all.
    pub compiled: Option<std::rc::Rc<dyn crate::CompiledCode>>,
    /// The user's interruption request (Ctrl-C, cli §4.2), polled with the deadline.
    pub interrupt: Option<Interrupt>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_call_depth: 1000,
            levels: Levels::default(),
            deadline: None,
            clock: ClockKind::Real,
            stack_size: 256 << 20,
            compiled: None,
            interrupt: None,
        }
    }
}

/// One activation of a function.
pub(crate) struct Frame<'p> {
    pub module: usize,
    pub program: &'p Loaded,
    pub function: &'p prism_ir::Function,
    pub code: &'p crate::code::Code,
    pub base: usize,
    pub cell_base: usize,
    pub exc_base: usize,
    pub closure: Option<Rc<Closure>>,
}

/// A function of a loaded program, found by [`Vm::resolve`].
#[derive(Clone, Copy)]
pub(crate) struct Target<'p> {
    pub module: usize,
    pub id: IrFunctionId,
    pub program: &'p Loaded,
    pub function: &'p prism_ir::Function,
    pub code: &'p crate::code::Code,
}

/// One task's interpreter (language §14.1): its own registers, call depth and context stack,
/// and the run's shared state borrowed from the task's body.
pub struct Vm<'p, 't> {
    pub(crate) programs: &'p [Loaded],
    pub(crate) shared: &'p Rc<Shared>,
    /// The task this interpreter runs in, to suspend and to start child tasks through.
    pub(crate) cx: &'t TaskContext<'t>,
    output: TaskOutput,
    /// Registers of every frame, innermost last; `top` is the end of the innermost frame.
    pub(crate) stack: Vec<Value>,
    pub(crate) top: usize,
    pub(crate) cells: Vec<SharedCell>,
    pub(crate) exceptions: Vec<Option<Unwind>>,
    /// A placeholder cell for slots not yet given a fresh cell.
    pub(crate) dummy_cell: SharedCell,
    pub(crate) depth: usize,
    pub(crate) limits: Limits,
    ticks: u32,
    pub(crate) context: Vec<SmolStr>,
    /// This task's working copy of the run's random streams, taken by `random()` and put back
    /// before anything else can run (see `flush_random`).
    random: RandomStreams,
    random_taken: bool,
    /// The call being executed when a builtin runs (for `Error(…)` positions).
    pub(crate) site: Option<FileSpan>,
    /// Frames collected inside a callback whose error a builtin passed on (see `call`).
    pub(crate) callback_trace: Option<crate::unwind::Trace>,
    /// Cells let go of that may close a reference cycle, with the collections each has been
    /// through (see `cycles`).
    pub(crate) suspects: Vec<(SharedCell, u8)>,
    /// The arguments of a builtin method call, kept to save an allocation per call.
    argument_buffer: Vec<Value>,
    /// The arguments handed to compiled code, kept for the same reason (`run_compiled`).
    pub(crate) compiled_arguments: Vec<Value>,
}

impl<'p, 't> Vm<'p, 't> {
    /// The interpreter of the task `cx`, starting with the context stack `context` (a copy of
    /// its creator's, language §8.10).
    pub(crate) fn new(
        shared: &'p Rc<Shared>,
        cx: &'t TaskContext<'t>,
        context: Vec<SmolStr>,
    ) -> Vm<'p, 't> {
        Vm {
            programs: shared.programs.as_slice(),
            shared,
            cx,
            output: TaskOutput(Rc::clone(shared)),
            stack: Vec::with_capacity(4096),
            top: 0,
            cells: Vec::new(),
            exceptions: Vec::new(),
            dummy_cell: Rc::new(std::cell::RefCell::new(Value::NULL)),
            depth: 0,
            limits: shared.limits.clone(),
            ticks: TICKS_PER_CHECK,
            context,
            random: RandomStreams::new(0),
            random_taken: false,
            site: None,
            callback_trace: None,
            suspects: Vec::new(),
            argument_buffer: Vec::new(),
            compiled_arguments: Vec::new(),
        }
    }

    /// Polls the run deadline (language §14.6) and the user's interruption request: an
    /// uncatchable `R0807` or `R0812` once either has come.
    #[inline(always)]
    pub(crate) fn tick(&mut self) -> Result<(), Thrown> {
        self.ticks -= 1;
        if self.ticks == 0 {
            return self.check_deadline();
        }
        Ok(())
    }

    #[cold]
    pub(crate) fn check_deadline(&mut self) -> Result<(), Thrown> {
        {
            self.ticks = TICKS_PER_CHECK;
            if self
                .limits
                .interrupt
                .as_ref()
                .is_some_and(Interrupt::is_requested)
            {
                return Err(catalogue::interrupted());
            }
            if let Some((deadline, ms)) = self.limits.deadline {
                if Instant::now() >= deadline {
                    return Err(catalogue::run_timeout(ms as f64));
                }
            }
        }
        Ok(())
    }

    /// Runs a function of a program with arguments taken from `args` (a slice of the value
    /// stack or of a vector), in a new frame.
    pub(crate) fn invoke(
        &mut self,
        module: usize,
        id: IrFunctionId,
        closure: Option<Rc<Closure>>,
        args: ArgSource<'_>,
    ) -> Result<Value, Unwind> {
        let target = self.resolve(module, id)?;
        self.enter(target, closure, args)
    }

    /// Finds function `id` of module `module` and its operations.
    #[inline(always)]
    pub(crate) fn resolve(&self, module: usize, id: IrFunctionId) -> Result<Target<'p>, Unwind> {
        let programs = self.programs;
        let Some(program) = programs.get(module) else {
            return Err(Unwind::new(catalogue::range_error(
                "call of an unknown module",
            )));
        };
        let Some(function) = program.ir.function(id) else {
            return Err(Unwind::new(catalogue::range_error(
                "call of an unknown function",
            )));
        };
        let Some(code) = program.code.get(id.index()) else {
            return Err(Unwind::new(catalogue::range_error(
                "call of an unknown function",
            )));
        };
        Ok(Target {
            module,
            id,
            program,
            function,
            code,
        })
    }

    /// Runs a resolved function in a new frame (see [`Vm::invoke`]).
    #[inline(always)]
    pub(crate) fn enter(
        &mut self,
        target: Target<'p>,
        closure: Option<Rc<Closure>>,
        args: ArgSource<'_>,
    ) -> Result<Value, Unwind> {
        let Target {
            module,
            id,
            program,
            function,
            code,
        } = target;
        // Only calls count towards the depth limit, not the top levels of files (§10.3).
        let counted = closure.is_some();
        if counted && self.depth >= self.limits.max_call_depth {
            let limit = self.limits.max_call_depth;
            return Err(Unwind::new(catalogue::call_depth(limit)));
        }
        self.tick().map_err(Unwind::new)?;
        // Registers are a window above `top`. The vector only grows: slots of finished frames
        // keep their old values until overwritten, which saves filling and dropping every
        // register at every call. Lowering writes every register before reading it, except the
        // parameters, which are filled here.
        let base = self.top;
        let end = base + function.registers as usize;
        if self.stack.len() < end {
            self.stack.resize(end, Value::NULL);
        }
        self.top = end;
        let params = function.params as usize;
        let argc = args.len();
        let given = params.min(argc);
        match args {
            ArgSource::Stack { start, .. } => {
                for index in 0..given {
                    let (target, source) = pair(&mut self.stack, base + index, start + index);
                    target.assign(source);
                }
            }
            ArgSource::Slice(values) => {
                for (slot, value) in self.stack[base..base + given].iter_mut().zip(values) {
                    slot.assign(value);
                }
            }
        }
        for slot in &mut self.stack[base + given..base + params] {
            put(slot, Value::NULL);
        }
        if function.has_rest {
            let rest: Vec<Value> = (params..argc).map(|index| args.get(self, index)).collect();
            self.stack[base + params] = Value::array(rest);
        }
        let cell_base = self.cells.len();
        if function.cells > 0 {
            let cells = function.cells as usize;
            self.cells
                .resize(cell_base + cells, self.dummy_cell.clone());
        }
        let exc_base = self.exceptions.len();
        if function.exception_slots > 0 {
            self.exceptions
                .resize_with(exc_base + function.exception_slots as usize, || None);
        }
        let frame = Frame {
            module,
            program,
            function,
            code,
            base,
            cell_base,
            exc_base,
            closure,
        };
        self.depth += usize::from(counted);
        let result = match self.run_compiled(module, id, base, params) {
            Some(result) => result,
            None => self.run_frame(&frame),
        };
        self.depth -= usize::from(counted);
        if function.kind == prism_ir::FunctionKind::TopLevel && result.is_ok() {
            self.keep_module_cells(module, &frame);
        }
        self.top = base;
        if function.cells > 0 && function.kind != prism_ir::FunctionKind::TopLevel {
            self.end_frame_cells(cell_base);
        }
        if function.cells > 0 {
            self.cells.truncate(cell_base);
        }
        if function.exception_slots > 0 {
            self.exceptions.truncate(exc_base);
        }
        result
    }

    /// Calls any function value (§6.5, §10.3, §10.5).
    pub(crate) fn call_value(
        &mut self,
        callee: &Value,
        args: ArgSource<'_>,
        site: FileSpan,
    ) -> Result<Value, Unwind> {
        let result = match callee.inner() {
            Inner::Closure(closure) if closure.is_async => {
                // An async call creates a task and runs it at once (§14.2).
                let values = args.to_vec(self);
                let task = self
                    .start_task(callee.to_plain(), values, site)
                    .map_err(Unwind::new)?;
                Value::task(task)
            }
            Inner::Closure(closure) => {
                let closure = closure.clone();
                self.invoke(
                    closure.id.module as usize,
                    IrFunctionId(closure.id.index),
                    Some(closure),
                    args,
                )?
            }
            Inner::Builtin(builtin) => {
                let values = args.to_vec(self);
                self.site = Some(site);
                self.callback_trace = None;
                let result = call_builtin(self, builtin, None, &values);
                self.flush_random();
                result.map_err(|thrown| self.unwind_from_builtin(thrown))?
            }
            Inner::Bound(bound) => {
                let bound = bound.clone();
                let values = args.to_vec(self);
                self.site = Some(site);
                self.callback_trace = None;
                let result = call_bound(self, &bound, &values);
                self.flush_random();
                result.map_err(|thrown| self.unwind_from_builtin(thrown))?
            }
            _ => return Err(Unwind::new(catalogue::not_callable(callee.type_name()))),
        };
        Ok(match callee.confidence() {
            Some(conf) => ops::confident_call_result(conf, result),
            None => result,
        })
    }

    /// `object.name(args)` (§6.5).
    pub(crate) fn call_method(
        &mut self,
        object: &Value,
        name: &str,
        args: ArgSource<'_>,
        site: FileSpan,
    ) -> Result<Value, Unwind> {
        match ops::method_target(object, name).map_err(Unwind::new)? {
            MethodTarget::Builtin(method) => {
                // The argument vector is reused from call to call (a callback calling a builtin
                // meanwhile finds it taken and uses a fresh one).
                let mut values = std::mem::take(&mut self.argument_buffer);
                args.copy_into(self, &mut values);
                self.site = Some(site);
                self.callback_trace = None;
                let result = call_builtin(self, method, Some(object), &values);
                values.clear();
                self.argument_buffer = values;
                self.flush_random();
                result.map_err(|thrown| self.unwind_from_builtin(thrown))
            }
            MethodTarget::Value(callee) => {
                if !callee.inner().is_function() {
                    return Err(Unwind::new(catalogue::not_callable(callee.type_name())));
                }
                self.call_value(&callee, args, site)
            }
        }
    }

    /// An error leaving a call made for a builtin: its frames are kept for the builtin's own
    /// error (see `unwind_from_builtin`).
    pub(crate) fn thrown_from_callback(&mut self, mut unwind: Unwind) -> Thrown {
        self.callback_trace = Some(unwind.take_frames());
        unwind.into_thrown()
    }

    /// An error coming out of a builtin: if it came from a Prism callback, its frames follow.
    fn unwind_from_builtin(&mut self, thrown: Thrown) -> Unwind {
        let mut unwind = Unwind::new(thrown);
        if let Some((frames, primary)) = self.callback_trace.take() {
            unwind.prepend_frames(frames, primary);
        }
        unwind
    }

    /// Keeps the cells of a module's top level after it ran: its exports are read from them.
    fn keep_module_cells(&mut self, module: usize, frame: &Frame<'_>) {
        let end = frame.cell_base + frame.function.cells as usize;
        let cells = self
            .cells
            .get(frame.cell_base..end)
            .map(<[SharedCell]>::to_vec)
            .unwrap_or_default();
        if let Some(slot) = self.shared.module_cells.borrow_mut().get_mut(module) {
            *slot = Some(cells);
        }
    }
}

impl Machine for Vm<'_, '_> {
    fn call(&mut self, callee: &Value, args: &[Value]) -> Result<Value, Thrown> {
        let site = self
            .site
            .unwrap_or(Span::default().in_file(prism_span::FileId(0)));
        // The callback may suspend: others must see this task's random draws.
        self.flush_random();
        self.call_value(callee, ArgSource::Slice(args), site)
            .map_err(|unwind| self.thrown_from_callback(unwind))
    }

    fn call_with_array(
        &mut self,
        callee: &Value,
        leading: &[Value],
        array: &prism_runtime::value::ArrayRef,
    ) -> Result<Value, Thrown> {
        self.call_callback(callee, leading, array)
    }

    fn output(&mut self) -> &mut dyn Output {
        &mut self.output
    }

    fn random(&mut self) -> &mut RandomStreams {
        if !self.random_taken {
            if let Ok(shared) = self.shared.random.try_borrow() {
                self.random = shared.clone();
            }
            self.random_taken = true;
        }
        &mut self.random
    }

    fn levels(&self) -> Levels {
        self.limits.levels
    }

    fn context_stack(&self) -> Vec<String> {
        self.context.iter().map(|name| name.to_string()).collect()
    }

    fn call_span(&self) -> Option<FileSpan> {
        self.site
    }

    fn call_site(&self) -> Option<(u32, u32)> {
        let site = self.site?;
        let program = self
            .programs
            .iter()
            .find(|program| program.file == site.file)?;
        let position = program.line_index.line_col(&program.text, site.span.start);
        Some((position.line, position.column))
    }

    fn now_ms(&self) -> f64 {
        self.shared.scheduler.now_ms()
    }

    fn task_context(&self) -> Option<&TaskContext<'_>> {
        Some(self.cx)
    }

    fn spawn(&mut self, callee: &Value, args: Vec<Value>) -> Result<TaskRef, Thrown> {
        let site = self
            .site
            .unwrap_or(Span::default().in_file(prism_span::FileId(0)));
        // For an async function this is the async call itself: its body runs in this task.
        self.start_task(callee.clone(), args, site)
    }
}

impl Vm<'_, '_> {
    /// Puts this task's random draws back into the run's streams (see `random`).
    pub(crate) fn flush_random(&mut self) {
        if self.random_taken {
            self.random_taken = false;
            if let Ok(mut shared) = self.shared.random.try_borrow_mut() {
                *shared = self.random.clone();
            }
        }
    }
}
