//! The scheduler (language §14.4, §14.5): the FIFO ready queue, the timer queue, the run
//! clock, task creation, settling, waking and cancellation. It is single-threaded and lives
//! outside the coroutines; [`Scheduler`] is a cheap shared handle to it.
//!
//! Re-entrancy: settling a task runs observers, and cancelling a task resumes its coroutine so
//! it unwinds, both possibly from inside another task's coroutine. So no `RefCell` borrow of
//! the scheduler or of a task is ever held across a call that may run other code.
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use corosensei::stack::DefaultStack;
use corosensei::CoroutineResult;
use prism_span::FileSpan;

use super::abort::{Abort, CancelReason};
use super::clock::{Clock, ClockKind};
use super::external::ExternalEvents;
use super::runner::{new_coroutine, TaskBody};
use super::timers::{TimerAction, TimerId, Timers};
use super::{Cleanup, Observer, Runner, TaskRef, TaskStatus, Waiter};
use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// How many times a task that suspends while it should be unwinding is resumed again before
/// the scheduler gives up on it (a body that ignores [`super::TaskContext::check_abort`]).
const UNWIND_RESUME_LIMIT: u32 = 64;

/// Stacks kept for reuse after their tasks finished.
const STACK_POOL_SIZE: usize = 16;

/// The settings of one run's scheduler.
#[derive(Clone, Debug)]
pub struct SchedulerConfig {
    pub clock: ClockKind,
    /// The run deadline (language §14.6), if any: when the clock would pass it while tasks
    /// wait, the run ends with `R0807`.
    pub deadline: Option<Deadline>,
    /// The size of each task's coroutine stack, in bytes. It must hold the deepest Prism call
    /// chain the backend allows (`R0303`); pages are committed only when touched.
    pub stack_size: usize,
    /// The user's interruption request (cli §4.2), polled while tasks run and wait.
    pub interrupt: Option<super::Interrupt>,
}

impl Default for SchedulerConfig {
    fn default() -> SchedulerConfig {
        SchedulerConfig {
            clock: ClockKind::Real,
            deadline: None,
            stack_size: 256 << 20,
            interrupt: None,
        }
    }
}

/// When the run must end (language §14.6).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Deadline {
    /// The run time (milliseconds since the scheduler started) at which the run ends.
    pub at_ms: f64,
    /// The configured limit, as `R0807` reports it ("run exceeded its deadline of {ms} ms").
    pub limit_ms: f64,
}

impl Deadline {
    /// A deadline `ms` milliseconds after the scheduler starts.
    pub fn after(ms: f64) -> Deadline {
        Deadline {
            at_ms: ms,
            limit_ms: ms,
        }
    }
}

/// A shared handle to a run's scheduler.
#[derive(Clone)]
pub struct Scheduler(pub(crate) Rc<Core>);

pub(crate) struct Core {
    pub(crate) config: SchedulerConfig,
    pub(crate) clock: RefCell<Clock>,
    pub(crate) ready: RefCell<VecDeque<TaskRef>>,
    pub(crate) timers: RefCell<Timers>,
    /// Unfinished tasks by serial (creation order).
    pub(crate) live: RefCell<BTreeMap<u64, TaskRef>>,
    /// The coroutines currently running, innermost last.
    pub(crate) chain: RefCell<Vec<TaskRef>>,
    /// Failed tasks nobody has received the failure of yet (§14.7).
    pub(crate) unobserved: RefCell<BTreeMap<u64, TaskRef>>,
    pub(crate) main: RefCell<Option<TaskRef>>,
    /// The main task's outcome as thrown (keeping its code and catchability).
    pub(crate) main_outcome: RefCell<Option<Result<Value, Thrown>>>,
    pub(crate) external: RefCell<Option<Box<dyn ExternalEvents>>>,
    /// Set while the end of the run cancels what is left: failures that cancellation causes
    /// (a combinator whose input was cancelled) are not the program's and are not reported.
    pub(crate) ending: Cell<bool>,
    stacks: RefCell<Vec<DefaultStack>>,
    next_serial: Cell<u64>,
    next_wait: Cell<u64>,
    next_settle: Cell<u64>,
}

impl Scheduler {
    pub fn new(config: SchedulerConfig) -> Scheduler {
        Scheduler(Rc::new(Core {
            clock: RefCell::new(Clock::new(config.clock)),
            config,
            ready: RefCell::new(VecDeque::new()),
            timers: RefCell::new(Timers::default()),
            live: RefCell::new(BTreeMap::new()),
            chain: RefCell::new(Vec::new()),
            unobserved: RefCell::new(BTreeMap::new()),
            main: RefCell::new(None),
            main_outcome: RefCell::new(None),
            external: RefCell::new(None),
            ending: Cell::new(false),
            stacks: RefCell::new(Vec::new()),
            next_serial: Cell::new(0),
            next_wait: Cell::new(0),
            next_settle: Cell::new(0),
        }))
    }

    pub fn config(&self) -> &SchedulerConfig {
        &self.0.config
    }

    pub fn clock_kind(&self) -> ClockKind {
        self.0.clock.borrow().kind()
    }

    /// The run clock in milliseconds since 1970-01-01T00:00:00Z (`now()`, builtins §14).
    pub fn now_ms(&self) -> f64 {
        self.0.clock.borrow().now_ms()
    }

    /// Milliseconds of run time since the run started.
    pub fn elapsed_ms(&self) -> f64 {
        self.0.clock.borrow().elapsed_ms()
    }

    /// Sets the virtual clock back to `clock_start_ms` (the test runner does before each case,
    /// cli §9.2). Only when no timer is pending, since timers are keyed by their due time; false
    /// when the clock is real or a timer is pending, and nothing changes.
    pub fn rewind_virtual_clock(&self) -> bool {
        if !self.0.timers.borrow().is_empty() {
            return false;
        }
        self.0.clock.borrow_mut().rewind()
    }

    /// Installs the source of external events (provider responses; see [`ExternalEvents`]).
    pub fn set_external(&self, source: Box<dyn ExternalEvents>) {
        *self.0.external.borrow_mut() = Some(source);
    }

    /// The task whose code is running now, if any.
    pub fn current(&self) -> Option<TaskRef> {
        self.0.chain.borrow().last().cloned()
    }

    /// The main task, once the run has started.
    pub fn main_task(&self) -> Option<TaskRef> {
        self.0.main.borrow().clone()
    }

    /// The number of unfinished tasks.
    pub fn live_count(&self) -> usize {
        self.0.live.borrow().len()
    }

    /// Schedules `action` to run `ms` milliseconds of run time from now (negative counts as 0).
    pub fn after(&self, ms: f64, action: TimerAction) -> TimerId {
        let due = self.elapsed_ms() + if ms > 0.0 { ms } else { 0.0 };
        self.0.timers.borrow_mut().add(due, action)
    }

    /// Removes a timer that has not fired yet.
    pub fn cancel_timer(&self, id: TimerId) {
        self.0.timers.borrow_mut().remove(id);
    }

    pub(crate) fn new_task(
        &self,
        parent: Option<&TaskRef>,
        origin: Option<FileSpan>,
        runner: Runner,
    ) -> TaskRef {
        let serial = self.0.next_serial.get() + 1;
        self.0.next_serial.set(serial);
        let task = TaskRef::create(serial, origin, parent, runner);
        if let Some(parent) = parent {
            parent
                .0
                .state
                .borrow_mut()
                .children
                .insert(serial, task.clone());
        }
        self.0.live.borrow_mut().insert(serial, task.clone());
        task
    }

    /// A pending task settled by native code (a combinator, a timer, a host event) through
    /// [`Scheduler::fulfil`], [`Scheduler::fail`] or [`Scheduler::cancel`].
    pub fn native_task(&self, parent: Option<&TaskRef>, origin: Option<FileSpan>) -> TaskRef {
        self.new_task(parent, origin, Runner::Native)
    }

    /// Registers clean-up for a native task that runs only if it is cancelled.
    pub fn on_cancel(&self, task: &TaskRef, cleanup: Cleanup) {
        if task.is_pending() {
            task.0.state.borrow_mut().on_cancel.push(cleanup);
        }
    }

    /// Creates a task that runs `body` on its own coroutine and runs it at once, returning when
    /// it first suspends or finishes (language §14.2). `parent` is the creating task.
    pub fn spawn(
        &self,
        parent: Option<&TaskRef>,
        origin: Option<FileSpan>,
        body: TaskBody,
    ) -> Result<TaskRef, Thrown> {
        let task = self.coroutine_task(parent, origin, body)?;
        self.resume(&task);
        Ok(task)
    }

    /// A task that will run `body` on its own coroutine, not started yet.
    pub(crate) fn coroutine_task(
        &self,
        parent: Option<&TaskRef>,
        origin: Option<FileSpan>,
        body: TaskBody,
    ) -> Result<TaskRef, Thrown> {
        let stack = self.take_stack()?;
        let task = self.new_task(parent, origin, Runner::Coroutine(None));
        let coroutine = new_coroutine(stack, self.clone(), task.clone(), body);
        task.0.state.borrow_mut().runner = Runner::Coroutine(Some(Box::new(coroutine)));
        Ok(task)
    }

    fn take_stack(&self) -> Result<DefaultStack, Thrown> {
        if let Some(stack) = self.0.stacks.borrow_mut().pop() {
            return Ok(stack);
        }
        DefaultStack::new(self.0.config.stack_size)
            .map_err(|error| catalogue::range_error(format!("cannot start a task: {error}")))
    }

    /// Resumes a suspended task's coroutine until it suspends again or finishes. Does nothing
    /// for a task that is not suspended (running, native, finished).
    pub(crate) fn resume(&self, task: &TaskRef) {
        let Some(mut coroutine) = task.take_coroutine() else {
            return;
        };
        self.0.chain.borrow_mut().push(task.clone());
        let mut result = coroutine.resume(());
        let mut extra_resumes = 0;
        while matches!(result, CoroutineResult::Yield(()))
            && task.is_aborting()
            && extra_resumes < UNWIND_RESUME_LIMIT
        {
            // An unwinding task must not stay suspended (§12.4): resume it until it finishes.
            extra_resumes += 1;
            result = coroutine.resume(());
        }
        self.0.chain.borrow_mut().pop();
        match result {
            CoroutineResult::Yield(()) => {
                if let Runner::Coroutine(slot) = &mut task.0.state.borrow_mut().runner {
                    *slot = Some(coroutine);
                }
            }
            CoroutineResult::Return(outcome) => {
                let stack = coroutine.into_stack();
                let mut stacks = self.0.stacks.borrow_mut();
                if stacks.len() < STACK_POOL_SIZE {
                    stacks.push(stack);
                }
                drop(stacks);
                task.0.state.borrow_mut().runner = Runner::Finished;
                self.finish(task, outcome);
            }
        }
    }

    /// Settles a task whose coroutine returned `outcome`.
    fn finish(&self, task: &TaskRef, outcome: Result<Value, Thrown>) {
        let abort = task.abort();
        let is_main = self.main_task().is_some_and(|main| main.ptr_eq(task));
        // An unwound task ends with its condition, whatever its `finally` blocks did.
        let outcome = match &abort {
            Some(abort) => Err(abort.thrown()),
            None => outcome,
        };
        let status = match (&abort, &outcome) {
            (Some(Abort::Cancelled), _) => TaskStatus::Cancelled,
            (_, Ok(value)) => TaskStatus::Fulfilled(value.clone()),
            (_, Err(thrown)) => TaskStatus::Failed(thrown.value().clone()),
        };
        if let (None, Err(thrown)) = (&abort, &outcome) {
            if !thrown.is_catchable() && !is_main {
                // The run deadline, an interruption…: it ends the run (§12.4).
                self.end_run_with(Abort::fatal(thrown));
            }
        }
        if is_main {
            *self.0.main_outcome.borrow_mut() = Some(outcome);
        }
        self.settle(task, status);
        if matches!(abort, Some(Abort::Cancelled)) {
            // Children started while it unwound.
            self.cancel_children(task);
        }
    }

    /// Unwinds the main task with a run-ending condition (deadlock, deadline, a fatal error in
    /// another task); the rest are cancelled when it has finished.
    pub(crate) fn end_run_with(&self, abort: Abort) {
        if let Some(main) = self.main_task() {
            self.abort(&main, abort);
        }
    }

    /// Fulfils a pending native task with `value`. Does nothing if it has settled.
    pub fn fulfil(&self, task: &TaskRef, value: Value) {
        self.settle(task, TaskStatus::Fulfilled(value));
    }

    /// Fails a pending native task with the thrown value `value`.
    pub fn fail(&self, task: &TaskRef, value: Value) {
        self.settle(task, TaskStatus::Failed(value));
    }

    /// Settles `task` if it is pending: wakes its waiters in the order they started waiting
    /// and runs its observers (§14.4).
    pub(crate) fn settle(&self, task: &TaskRef, status: TaskStatus) {
        let waiters = {
            let mut state = task.0.state.borrow_mut();
            if !state.status.is_pending() {
                return;
            }
            state.status = status;
            let order = self.0.next_settle.get() + 1;
            self.0.next_settle.set(order);
            state.settle_order = order;
            state.waiting = None;
            state.on_cancel.clear();
            if matches!(state.runner, Runner::Native) {
                state.runner = Runner::Finished;
            }
            std::mem::take(&mut state.waiters)
        };
        self.0.live.borrow_mut().remove(&task.serial());
        if let Some(parent) = task.parent() {
            parent.0.state.borrow_mut().children.remove(&task.serial());
        }
        let failed = matches!(task.0.state.borrow().status, TaskStatus::Failed(_));
        let is_main = self.main_task().is_some_and(|main| main.ptr_eq(task));
        if failed && !is_main && !self.0.ending.get() && !task.0.state.borrow().observed {
            self.0
                .unobserved
                .borrow_mut()
                .insert(task.serial(), task.clone());
        }
        for waiter in waiters {
            match waiter {
                Waiter::Task {
                    task: waiting,
                    wait,
                } => self.wake(&waiting, wait),
                Waiter::Observer(observer) => observer(self, task),
            }
        }
    }

    /// Appends `task` to the ready queue if it is suspended in wait number `wait`.
    pub(crate) fn wake(&self, task: &TaskRef, wait: u64) {
        {
            let mut state = task.0.state.borrow_mut();
            if state.waiting != Some(wait) {
                return;
            }
            state.waiting = None;
        }
        self.0.ready.borrow_mut().push_back(task.clone());
    }

    pub(crate) fn begin_wait(&self, task: &TaskRef) -> u64 {
        let wait = self.0.next_wait.get() + 1;
        self.0.next_wait.set(wait);
        task.0.state.borrow_mut().waiting = Some(wait);
        wait
    }

    pub(crate) fn end_wait(&self, task: &TaskRef) {
        task.0.state.borrow_mut().waiting = None;
    }

    /// The outcome `await` gives for a settled task (marking its failure observed), or `None`
    /// while it is pending (§6.15).
    pub(crate) fn outcome_for_awaiter(&self, task: &TaskRef) -> Option<Result<Value, Thrown>> {
        match self.observe_status(task) {
            TaskStatus::Pending => None,
            TaskStatus::Fulfilled(value) => Some(Ok(value)),
            TaskStatus::Failed(value) => Some(Err(Thrown::user(value))),
            TaskStatus::Cancelled => Some(Err(catalogue::cancelled())),
        }
    }

    /// The task's status, recording that its outcome was received (§14.7) if it has settled.
    pub fn observe_status(&self, task: &TaskRef) -> TaskStatus {
        let status = task.status();
        if !status.is_pending() {
            task.0.state.borrow_mut().observed = true;
            self.0.unobserved.borrow_mut().remove(&task.serial());
        }
        status
    }

    /// Runs `observer` when `task` settles, or at once if it has settled.
    pub fn when_settled(&self, task: &TaskRef, observer: Observer) {
        if task.is_pending() {
            task.add_waiter(Waiter::Observer(observer));
        } else {
            observer(self, task);
        }
    }

    /// Cancels `task` (language §14.5): its unfinished children first, in creation order
    /// (recursively); then a suspended task is resumed and unwinds, running its `finally`
    /// blocks; it becomes cancelled and its awaiters get a catchable `R0803`. A task that is
    /// running (or paused while a task it started runs) unwinds at its next suspension point.
    /// Cancelling a settled task does nothing.
    /// Cancels `task` (language §14.5) and records why in the trace.
    pub fn cancel(&self, task: &TaskRef, reason: CancelReason) {
        self.abort_because(task, Abort::Cancelled, Some(reason));
    }

    pub(crate) fn abort(&self, task: &TaskRef, abort: Abort) {
        self.abort_because(task, abort, None);
    }

    fn abort_because(&self, task: &TaskRef, abort: Abort, reason: Option<CancelReason>) {
        {
            let mut state = task.0.state.borrow_mut();
            if !state.status.is_pending() || state.abort.is_some() {
                return;
            }
            state.abort = Some(abort.clone());
        }
        if let Some(reason) = reason {
            // Task numbers in the trace start at 0 for the main task (runtime §13.2).
            crate::trace::events::cancel(task.serial().saturating_sub(1), reason.as_str());
        }
        if matches!(abort, Abort::Cancelled) {
            self.cancel_children(task);
        }
        if task.is_native() {
            let cleanups = std::mem::take(&mut task.0.state.borrow_mut().on_cancel);
            for cleanup in cleanups {
                cleanup(self);
            }
            self.settle(task, TaskStatus::Cancelled);
        } else if task.is_suspended() {
            self.resume(task);
            if task.is_pending() && task.is_suspended() {
                // It would not finish unwinding: drop its coroutine (its stack unwinds).
                let coroutine = task.take_coroutine();
                task.0.state.borrow_mut().runner = Runner::Finished;
                drop(coroutine);
                self.finish(task, Err(abort.thrown()));
            }
        }
    }

    pub(crate) fn cancel_children(&self, task: &TaskRef) {
        for child in task.children() {
            self.cancel(&child, CancelReason::Parent);
        }
    }
}
