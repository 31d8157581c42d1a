//! The test-mode names of builtins §17 as the runner binds them in a test file's host scope:
//! `test(name, fn)`, `test.skip(name, fn)` and the `mock` namespace. `test` only records the case
//! in the session of the file being run (a thread-local of the run thread, like the agent
//! runtime); [`crate::test_runner::cases`] runs the recorded cases once the top level is done.

use std::cell::RefCell;
use std::rc::Rc;

use prism_runtime::builtins::{Args, Builtin, Machine, Mode};
use prism_runtime::value::{Member, Namespace};
use prism_runtime::{Inner, Thrown, Value};

use super::report::CaseResult;
use crate::run::Stream;

/// A registered test case (cli §9.2).
pub(crate) struct Case {
    pub name: String,
    pub body: Value,
    pub skip: bool,
}

/// What the cases of one file run with (cli §9.2, §9.4).
#[derive(Clone, Debug)]
pub(crate) struct CaseSettings {
    pub filter: Option<String>,
    pub seed: u64,
    pub timeout_ms: u64,
}

/// The state of the test file being run on this thread.
pub(crate) struct Session {
    pub cases: Vec<Case>,
    pub settings: CaseSettings,
    /// Set once the cases run: `test()` is then an error (a case cannot register cases).
    pub running: bool,
    pub results: Vec<CaseResult>,
    /// Where the file's program writes (the runner's host), drained case by case.
    pub output: CapturedLines,
}

/// Output lines captured from a run.
pub(crate) type CapturedLines = Rc<RefCell<Vec<(Stream, String)>>>;

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Starts the session of one file.
pub(crate) fn begin(settings: CaseSettings, output: CapturedLines) {
    SESSION.with(|session| {
        *session.borrow_mut() = Some(Session {
            cases: Vec::new(),
            settings,
            running: false,
            results: Vec::new(),
            output,
        });
    });
}

/// Ends the session, returning the results of the cases that ran (dropping every value).
pub(crate) fn end() -> Vec<CaseResult> {
    SESSION.with(|session| {
        session
            .borrow_mut()
            .take()
            .map(|session| session.results)
            .unwrap_or_default()
    })
}

/// Works on the session; `None` outside `prism test`.
pub(crate) fn with_session<T>(work: impl FnOnce(&mut Session) -> T) -> Option<T> {
    SESSION.with(|session| session.borrow_mut().as_mut().map(work))
}

fn register(args: &Args<'_>, skip: bool) -> Result<Value, Thrown> {
    let name = args.string(0)?.to_owned();
    let body = args.function(1)?.clone();
    let registered = with_session(|session| {
        if session.running {
            return false;
        }
        session.cases.push(Case { name, body, skip });
        true
    });
    match registered {
        Some(true) => Ok(Value::NULL),
        _ => Err(Thrown::runtime(
            "R0100",
            "Error",
            format!(
                "{}() registers a case only while a test file's top level runs (cli §9.2)",
                args.name()
            ),
        )),
    }
}

fn test(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    register(args, false)
}

fn test_skip(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    register(args, true)
}

fn mock_script(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    prism_runtime::agents::test_mode::script(args.get(0), args.get(1))
}

fn mock_calls(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    prism_runtime::agents::test_mode::calls(args.get(0))
}

fn mock_reset(_: &mut dyn Machine, _: &Args<'_>) -> Result<Value, Thrown> {
    Ok(prism_runtime::agents::test_mode::reset())
}

const fn builtin(
    name: &'static str,
    min_args: usize,
    body: prism_runtime::builtins::BuiltinFn,
) -> Builtin {
    Builtin {
        name,
        mode: Mode::None,
        min_args,
        body,
        members: &[],
    }
}

static TEST_SKIP: Builtin = builtin("test.skip", 2, test_skip);
static TEST: Builtin = Builtin {
    name: "test",
    mode: Mode::None,
    min_args: 2,
    body: test,
    members: &[("skip", Member::Function(&TEST_SKIP))],
};
static MOCK_SCRIPT: Builtin = builtin("mock.script", 2, mock_script);
static MOCK_CALLS: Builtin = builtin("mock.calls", 0, mock_calls);
static MOCK_RESET: Builtin = builtin("mock.reset", 0, mock_reset);
static MOCK: Namespace = Namespace {
    name: "mock",
    members: &[
        ("script", Member::Function(&MOCK_SCRIPT)),
        ("calls", Member::Function(&MOCK_CALLS)),
        ("reset", Member::Function(&MOCK_RESET)),
    ],
};

/// The value of a test-mode prelude name (`test`, `mock`), if `name` is one.
pub(crate) fn test_global(name: &str) -> Option<Value> {
    match name {
        "test" => Some(Value::from_inner(Inner::Builtin(&TEST))),
        "mock" => Some(Value::from_inner(Inner::Namespace(&MOCK))),
        _ => None,
    }
}
