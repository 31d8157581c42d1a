//! Tasks in the interpreter (language §14): every task, the main task included, runs on its own
//! coroutine (the runtime's scheduler, `prism_runtime::tasks`) with its own [`Vm`]: registers,
//! call depth and context stack are per task; programs, host, module cells and random streams
//! are shared through [`Shared`].
use std::rc::Rc;

use prism_ir::FunctionId as IrFunctionId;
use prism_runtime::ops;
use prism_runtime::tasks::{TaskBody, TaskContext, TaskRef, TaskStatus};
use prism_runtime::{Inner, Thrown, Value};
use prism_span::FileSpan;

use crate::shared::Shared;
use crate::unwind::Unwind;
use crate::vm::{ArgSource, Vm};

impl Vm<'_, '_> {
    /// Starts a child task that calls `callee(...args)` (an async call, `spawn`; §14.2): it
    /// runs at once until it first suspends, with a copy of this task's context stack (§8.10).
    pub(crate) fn start_task(
        &mut self,
        callee: Value,
        args: Vec<Value>,
        site: FileSpan,
    ) -> Result<TaskRef, Thrown> {
        self.flush_random();
        let body = task_body(
            Rc::clone(self.shared),
            self.context.clone(),
            callee,
            args,
            site,
        );
        self.cx.start_child(Some(site), body)
    }

    /// `await value` (§6.15): suspends on a pending task; other values pass through.
    pub(crate) fn await_value(&mut self, value: Value) -> Result<Value, Unwind> {
        let Inner::Task(task) = value.inner() else {
            return Ok(value);
        };
        self.flush_random();
        let result = self.cx.await_task(task).map_err(|thrown| {
            let rethrown = thrown.is_catchable() && matches!(task.status(), TaskStatus::Failed(_));
            let mut unwind = Unwind::new(thrown);
            // The task's own failure is reported where the task raised it, under its frames
            // (cli §3.4); the frames of this task follow as the error unwinds here.
            if let Some((frames, primary)) = task.failure_trace().filter(|_| rethrown) {
                unwind.prepend_frames(frames, primary);
            }
            unwind
        })?;
        Ok(ops::await_result(&value, result))
    }
}

/// The body of a task calling `callee(...args)`: a closure calls its code directly (an async
/// closure must not start yet another task); anything else is called as a value.
fn task_body(
    shared: Rc<Shared>,
    context: Vec<smol_str::SmolStr>,
    callee: Value,
    args: Vec<Value>,
    site: FileSpan,
) -> TaskBody {
    Box::new(move |cx: &TaskContext<'_>| {
        let mut vm = Vm::new(&shared, cx, context);
        vm.site = Some(site);
        let result = match callee.inner() {
            Inner::Closure(closure) => {
                let closure = closure.clone();
                let module = closure.id.module as usize;
                let id = IrFunctionId(closure.id.index);
                let result = vm.invoke(module, id, Some(closure), ArgSource::Slice(&args));
                // A confident function's result carries its confidence (§10.5).
                match callee.confidence() {
                    Some(conf) => result.map(|value| ops::confident_call_result(conf, value)),
                    None => result,
                }
            }
            _ => vm.call_value(&callee, ArgSource::Slice(&args), site),
        };
        vm.flush_random();
        result.map_err(|mut unwind| {
            // Kept on the task, so that a report of its failure elsewhere can say where it arose.
            cx.task().set_failure_trace(unwind.take_frames());
            unwind.into_thrown()
        })
    })
}

/// The body of the main task: the main program's modules, then the program (§13.5). The
/// diagnostic of an error that escapes keeps its Prism call stack in [`Shared`].
pub(crate) fn main_body(shared: Rc<Shared>, main: usize) -> TaskBody {
    Box::new(move |cx: &TaskContext<'_>| {
        let mut vm = Vm::new(&shared, cx, Vec::new());
        let result = vm.run_module_tree(main);
        vm.flush_random();
        result.map_err(|unwind| {
            *shared.main_failure.borrow_mut() = Some(unwind.to_diagnostic());
            unwind.into_thrown()
        })
    })
}
