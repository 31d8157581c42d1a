//! Compiling and running a source text in tests and benchmarks, without the driver.

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
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run_here(&source, limits))
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
    let mut host = Capture::default();
    let loaded = Loaded::new(ir, file, source.to_owned(), &mut host).expect("valid IR");
    let programs = vec![loaded];
    let result = prism_interp::run(&programs, 0, &mut host, limits, 1)
        .map(|value| prism_runtime::display(&value))
        .map_err(|diagnostic| diagnostic.code.to_owned());
    Outcome {
        lines: host.lines,
        result,
    }
}
