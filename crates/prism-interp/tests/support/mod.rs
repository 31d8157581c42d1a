//! Compiling and running a source text in tests and benchmarks, without the driver.

use std::cell::RefCell;
use std::rc::Rc;

use prism_interp::{Host, Limits, Loaded};
use prism_runtime::{Output, Stream, Value};
use prism_span::FileId;

/// Collects printed lines.
#[derive(Default)]
pub struct Capture {
    pub lines: Vec<String>,
}

impl Output for Capture {
    fn write_line(&mut self, _stream: Stream, text: &str) {
        self.lines.push(text.to_owned());
    }
}

impl Host for Capture {
    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn global(&mut self, _name: &str) -> Option<Value> {
        None
    }
}

/// Printed lines and either the display of the final value or the error code.
pub struct Outcome {
    pub lines: Vec<String>,
    pub result: Result<String, String>,
}

/// Compiles and runs `source` as a main program on a thread with a large stack.
pub fn run_with(source: &str, limits: Limits) -> Outcome {
    let source = source.to_owned();
    // Limits may hold compiled code (not `Send`); these tests interpret, so the plain settings
    // cross to the run thread and the limits are rebuilt there.
    assert!(
        limits.compiled.is_none(),
        "interpreter tests run no compiled code"
    );
    let Limits {
        max_call_depth,
        levels,
        deadline,
        clock,
        stack_size,
        interrupt,
        compiled: _,
    } = limits;
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let limits = Limits {
                max_call_depth,
                levels,
                deadline,
                clock,
                stack_size,
                interrupt,
                compiled: None,
            };
            run_here(&source, limits)
        })
        .expect("spawn the run thread");
    worker.join().expect("the run thread does not panic")
}

pub fn run(source: &str) -> Outcome {
    run_with(source, Limits::default())
}

fn run_here(source: &str, limits: Limits) -> Outcome {
    let file = FileId(0);
    let parsed = prism_syntax::parse(source, file);
    assert!(
        parsed.diagnostics.iter().all(|d| !d.is_error()),
        "parse errors: {:?}",
        parsed.diagnostics
    );
    let resolution =
        prism_checker::resolve(&parsed.program, file, &prism_checker::ResolveEnv::main());
    assert!(
        !resolution.has_errors(),
        "resolve errors: {:?}",
        resolution.diagnostics
    );
    let ir = prism_ir::lower_program(&parsed.program, &resolution, file, prism_ir::FileRole::Main)
        .expect("lowering succeeds");
    let host = Rc::new(RefCell::new(Capture::default()));
    let loaded =
        Loaded::new(ir, file, source.to_owned(), &mut *host.borrow_mut()).expect("valid IR");
    let programs = Rc::new(vec![loaded]);
    let result = prism_interp::run(programs, 0, host.clone(), limits, 1)
        .value
        .map(|value| prism_runtime::display(&value))
        .map_err(|diagnostic| diagnostic.code.to_owned());
    let lines = std::mem::take(&mut host.borrow_mut().lines);
    Outcome { lines, result }
}
