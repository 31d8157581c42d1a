//! Recursive local functions form reference cycles (cell → closure → cell); these tests check
//! that the interpreter frees them once the program can no longer reach them, and never while
//! it still can.
//!
//! The host gives the program two functions: `probe(f)` remembers a weak reference to the
//! closure `f`, and `alive()` counts the probed closures still alive.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use prism_interp::{Host, Limits, Loaded};
use prism_runtime::builtins::{Args, Builtin, Machine, Mode};
use prism_runtime::value::Closure;
use prism_runtime::{Inner, Output, Stream, Thrown, Value};
use prism_span::FileId;

thread_local! {
    static PROBED: RefCell<Vec<Weak<Closure>>> = const { RefCell::new(Vec::new()) };
}

fn probe(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    if let Some(Inner::Closure(closure)) = args.values.first().map(Value::inner) {
        PROBED.with(|probed| probed.borrow_mut().push(Rc::downgrade(closure)));
    }
    Ok(Value::NULL)
}

fn alive_count() -> usize {
    PROBED.with(|probed| {
        probed
            .borrow()
            .iter()
            .filter(|weak| weak.strong_count() > 0)
            .count()
    })
}

fn alive(_: &mut dyn Machine, _: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::number(alive_count() as f64))
}

static PROBE: Builtin = Builtin {
    name: "probe",
    mode: Mode::None,
    min_args: 1,
    body: probe,
    members: &[],
};

static ALIVE: Builtin = Builtin {
    name: "alive",
    mode: Mode::None,
    min_args: 0,
    body: alive,
    members: &[],
};

struct ProbeHost;

impl Output for ProbeHost {
    fn write_line(&mut self, _stream: Stream, _text: &str) {}
}

impl Host for ProbeHost {
    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn global(&mut self, name: &str) -> Option<Value> {
        match name {
            "probe" => Some(Value::builtin(&PROBE)),
            "alive" => Some(Value::builtin(&ALIVE)),
            _ => None,
        }
    }
}

/// Runs `source` on a thread of its own; gives the display of the final value and the number of
/// probed closures still alive after the run.
fn run(source: &str) -> (String, usize) {
    let source = source.to_owned();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let file = FileId(0);
            let parsed = prism_syntax::parse(&source, file);
            assert!(
                !parsed.diagnostics.iter().any(|d| d.is_error()),
                "{:?}",
                parsed.diagnostics
            );
            let env = prism_checker::ResolveEnv {
                extra_host_names: vec!["probe".into(), "alive".into()],
                ..prism_checker::ResolveEnv::main()
            };
            let resolution = prism_checker::resolve(&parsed.program, file, &env);
            let ir = prism_ir::lower_program(
                &parsed.program,
                &resolution,
                file,
                prism_ir::FileRole::Main,
            )
            .expect("the program lowers");
            let host = Rc::new(RefCell::new(ProbeHost));
            let loaded = Loaded::new(ir, file, source.clone(), &mut *host.borrow_mut())
                .expect("the program loads");
            let result = prism_interp::run(Rc::new(vec![loaded]), 0, host, Limits::default(), 1);
            let shown = match result.value {
                Ok(value) => value.to_string(),
                Err(diagnostic) => format!("error {}", diagnostic.code),
            };
            (shown, alive_count())
        })
        .expect("the test thread starts")
        .join()
        .expect("the run does not panic")
}

#[test]
fn a_recursive_local_function_is_freed_when_its_frame_ends() {
    let (value, alive) = run("
        function depth(n) {
            function walk(k) { k <= 0 ? 0 : 1 + walk(k - 1) }
            probe(walk)
            walk(n)
        }
        let total = 0
        for (let i = 0; i < 50; i += 1) { total += depth(3) }
        [total, alive()]
    ");
    assert_eq!(value, "[150, 0]");
    assert_eq!(alive, 0);
}

#[test]
fn mutually_recursive_local_functions_are_freed() {
    let (value, alive) = run("
        function parity(n) {
            function isEven(k) { k == 0 ? true : isOdd(k - 1) }
            function isOdd(k) { k == 0 ? false : isEven(k - 1) }
            probe(isEven)
            probe(isOdd)
            isEven(n)
        }
        let evens = 0
        for (let i = 0; i < 20; i += 1) { if (parity(i)) { evens += 1 } }
        [evens, alive()]
    ");
    assert_eq!(value, "[10, 0]");
    assert_eq!(alive, 0);
}

#[test]
fn a_recursive_function_declared_in_a_loop_body_does_not_pile_up() {
    // Each iteration gives the binding a fresh cell; the previous iteration's function and cell
    // are collected while the loop still runs.
    let (value, _) = run("
        let most = 0
        for (let i = 0; i < 200; i += 1) {
            function countdown(k) { k <= 0 ? 0 : countdown(k - 1) }
            probe(countdown)
            countdown(2)
            most = Math.max(most, alive())
        }
        most
    ");
    let most: f64 = value.parse().expect("a number");
    assert!(most <= 40.0, "{most} functions were alive at once");
}

#[test]
fn a_recursive_function_that_escapes_keeps_working() {
    let (value, _) = run("
        function make() {
            function down(k) { k <= 0 ? \"done\" : down(k - 1) }
            return down
        }
        function boxed() {
            function down(k) { k <= 0 ? \"boxed\" : down(k - 1) }
            return { f: down }
        }
        let f = make()
        let o = boxed()
        let results = []
        for (let i = 0; i < 40; i += 1) { make(); boxed() }
        [f(5), o.f(5), make()(2)]
    ");
    assert_eq!(value, r#"["done", "boxed", "done"]"#);
}

#[test]
fn a_function_still_referenced_by_a_live_closure_survives_collection() {
    // `helper` is only reachable through `user`, which escapes; many collections run meanwhile.
    let (value, _) = run("
        function make() {
            function helper(k) { k <= 0 ? 1 : helper(k - 1) + 1 }
            return () => helper(3)
        }
        let user = make()
        let sum = 0
        for (let i = 0; i < 100; i += 1) {
            function churn(k) { k <= 0 ? 0 : churn(k - 1) }
            churn(1)
            sum += user()
        }
        sum
    ");
    assert_eq!(value, "400");
}
