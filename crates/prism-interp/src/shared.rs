//! What the tasks of one run share (language §14.1): the programs, the host, the module cells,
//! the random streams and the scheduler. Tasks interleave at suspension points, so this state
//! lives behind `Rc` and is borrowed only briefly, never across a suspension.
use std::cell::RefCell;
use std::rc::Rc;

use prism_diagnostics::Diagnostic;
use prism_runtime::builtins::RandomStreams;
use prism_runtime::tasks::Scheduler;
use prism_runtime::value::SharedCell;
use prism_runtime::{Output, Stream};

use crate::program::Loaded;
use crate::vm::Limits;
use crate::Host;

pub(crate) struct Shared {
    pub programs: Rc<Vec<Loaded>>,
    pub host: Rc<RefCell<dyn Host>>,
    /// Export cells of modules that have run, by module index.
    pub module_cells: RefCell<Vec<Option<Vec<SharedCell>>>>,
    /// The run's random streams (builtins §8): one sequence for all tasks.
    pub random: RefCell<RandomStreams>,
    pub limits: Limits,
    pub scheduler: Scheduler,
    /// The diagnostic (with its Prism call stack) of the error that ended the main task.
    pub main_failure: RefCell<Option<Diagnostic>>,
}

/// The output sink a task's builtins write to: each line borrows the host only while it is
/// written.
pub(crate) struct TaskOutput(pub Rc<Shared>);

impl Output for TaskOutput {
    fn write_line(&mut self, stream: Stream, text: &str) {
        if let Ok(mut host) = self.0.host.try_borrow_mut() {
            host.output().write_line(stream, text);
        }
    }
}
