//! Differential tests: each program runs in the interpreter alone and with the JIT, and
//! everything observable must be equal (value, confidence, output, error code, message,
//! position and Prism call stack).

use std::cell::RefCell;
use std::rc::Rc;

use prism_interp::{Host, Limits, Loaded};
use prism_runtime::{Output, Stream, Value};
use prism_span::FileId;

use crate::Jit;

#[derive(Default)]
struct Capture(Vec<String>);

impl Output for Capture {
    fn write_line(&mut self, _stream: Stream, text: &str) {
        self.0.push(text.to_string());
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

fn load(source: &str, host: &mut dyn Host) -> Vec<Loaded> {
    let file = FileId(0);
    let parsed = prism_syntax::parse(source, file);
    assert!(
        !parsed.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        parsed.diagnostics
    );
    let resolution =
        prism_checker::resolve(&parsed.program, file, &prism_checker::ResolveEnv::main());
    let ir = prism_ir::lower_program(&parsed.program, &resolution, file, prism_ir::FileRole::Main)
        .expect("lowering");
    vec![Loaded::new(ir, file, source.to_string(), host).expect("valid IR")]
}

/// Everything a run shows, as text.
fn observe(source: &str, jit: bool) -> (String, usize) {
    let host = Rc::new(RefCell::new(Capture::default()));
    let programs = load(source, &mut *host.borrow_mut());
    let mut limits = Limits::default();
    let mut compiled = 0;
    if jit {
        let code = Jit::compile_entering_all(&programs);
        compiled = code.compiled_functions();
        limits.compiled = Some(Rc::new(code));
    }
    let host_dyn: Rc<RefCell<dyn Host>> = host.clone();
    let result = prism_interp::run(Rc::new(programs), 0, host_dyn, limits, 7);
    let shown = match result.value {
        Ok(value) => format!(
            "value {} conf {:?}",
            prism_runtime::display(&value),
            value.confidence().map(f64::to_bits)
        ),
        Err(diagnostic) => format!("error {diagnostic:?}"),
    };
    let output = host.borrow().0.join("\n");
    (format!("{shown}\n{output}"), compiled)
}

fn same(source: &str) -> usize {
    let (interpreted, _) = observe(source, false);
    let (jitted, compiled) = observe(source, true);
    assert_eq!(interpreted, jitted, "program:\n{source}");
    compiled
}

/// `same`, for a program with at least one compiled function (so the test can fail).
fn jitted(source: &str) {
    assert!(same(source) >= 1, "nothing compiled in:\n{source}");
}

#[test]
fn value_layout_matches_the_native_offsets() {
    let value = Value::bool(true);
    let bytes = &value as *const Value as *const u8;
    // SAFETY: bytes 0 (the tag) and 1 (the boolean) of a `Bool` value are initialised.
    let (tag, flag) = unsafe { (*bytes, *bytes.add(crate::values::OFFSET_BOOL as usize)) };
    assert_eq!((tag, flag), (1, 1));
    let number = Value::number(2.5);
    let bytes = &number as *const Value as *const u8;
    // SAFETY: the tag, the number word and the confidence of a `Number` value are initialised.
    let (tag, bits, conf) = unsafe {
        (
            *bytes,
            (bytes.add(crate::values::OFFSET_NUMBER as usize) as *const f64).read_unaligned(),
            (bytes.add(crate::values::OFFSET_CONF as usize) as *const f64).read_unaligned(),
        )
    };
    assert_eq!((tag, bits, conf), (2, 2.5, prism_runtime::value::PLAIN));
}

#[test]
fn recursive_numeric_functions_are_compiled() {
    let compiled = same("function fib(n) { n < 2 ? n : fib(n - 1) + fib(n - 2) }\nfib(20)");
    assert_eq!(compiled, 1);
}

#[test]
fn loops_at_the_top_level_are_compiled() {
    let compiled = same("let sum = 0\nfor (let i = 0; i < 1000; i += 1) { sum += i }\nsum");
    assert_eq!(compiled, 1);
    same("let acc = 1 ~> 0.9\nlet step = 0.5 ~> 0.8\nfor (let i = 0; i < 100; i += 1) { acc = (acc ~+ step) ~* (1.01 ~> 0.95) }\nacc");
}

#[test]
fn confidence_rules_match() {
    jitted("function g(a, b) { (a ~+ b) ~* 0.5 }\ng(1 ~> 0.3, 2 ~> 0.9)");
    jitted("function g(a, b) { a + b }\n[g(1 ~> 0.3, 2), g(1, 2), g(1 ~> 0, 2 ~> 1)]");
    jitted(
        "function lt(a, b) { a < b }\nfunction le(a, b) { a <= b }\nfunction gt(a, b) { a > b }\nfunction ge(a, b) { a >= b }\nfunction eq(a, b) { a == b }\nfunction ne(a, b) { a != b }\nlet x = 1 ~> 0.3\nlet r = [lt(x, 2), le(x, 2), gt(x, 2), ge(x, 2), eq(x, 1), ne(x, 1), lt(0 / 0, 1), ge(0 / 0, 1), ne(0 / 0, 0 / 0), eq(null, 0), ne(true, 1)]\nr",
    );
    jitted("function g(a) { <~a }\n[g(1), g(2 ~> 0.25), g(null)]");
    jitted("function g(a) { ~a }\n[g(1 ~> 0.5), g(true ~> 0.1)]");
    jitted("function g(a, t) { a ~?> t }\n[g(1 ~> 0.5, 0.4), g(1 ~> 0.5, 0.6), g(1, 0.9)]");
    jitted("function g(a, b) { a ~~ b }\ng(1 ~> 0.5, 7)");
    jitted("function g(a, b) { a ~||> b }\n[g(1 ~> 0.5, 2 ~> 0.7), g(1, 2)]");
    jitted("function g(a) { a ~> 2 }\n[g(1), g(true), g(null)]");
    jitted("function g(a) { a ~> -1 }\ng(3)");
    jitted("function g(c, x) { c ~? x : 0 }\n[g(true ~> 0.5, 3 ~> 0.5), g(false, 1)]");
    jitted("function g(a, b) { a ~?? b }\n[g(1 ~> 0.4, 2), g(1 ~> 0.6, 2), g(null, 3)]");
    jitted("function g(a, b) { a ~@> b }\n[g(1 ~> 0.4, 2), g(1 ~> 0.8, 2)]");
    jitted("function g(a, b) { a ~&& b }\n[g(true ~> 0.4, 1), g(0, 1 ~> 0.2)]");
}

#[test]
fn numbers_keep_ieee_results() {
    jitted("function d(a, b) { a / b }\n[d(0, -1), d(1, 0), d(0, 0), d(-1, 0), d(7, 2)]");
    jitted(
        "function rem(a, b) { a % b }\nfunction pow(a, b) { a ** b }\nfunction neg(a) { -a }\n[rem(-7, 2), rem(5.5, -2), pow(2, 0.5), pow(0, 0), neg(0), neg(1 ~> 0.5)]",
    );
    jitted("function n(x) { x == x }\n[n(0 / 0), n(1)]");
    jitted("function t(x) { !x }\n[t(0), t(0 / 0), t(null), t(true), t(2)]");
    jitted("function inc(x) { x++\n x }\n[inc(1), inc(1.5 ~> 0.5)]");
}

#[test]
fn uncertain_levels_switch_like_the_interpreter() {
    jitted(
        "function level(x) {\n  let r = 0\n  uncertain if (x) { high { r = 1 } medium { r = 2 } low { r = 3 } }\n  r\n}\n[level(1 ~> 0.9), level(1 ~> 0.6), level(1 ~> 0.1), level(1)]",
    );
}

#[test]
fn errors_carry_the_same_code_position_and_stack() {
    jitted("function f(n) { n + true }\nfunction g(n) { f(n) * 2 }\ng(1)");
    jitted("function f(n) { -n }\nf(null)");
    jitted("function f(n) { n ~> (0 / 0) }\nf(1)");
    jitted("function f(n) { if (n > 1) { throw n } else { n } }\n[f(1), f(2)]");
    jitted("function f(a, t) { a ~?> t }\nf(1, 2)");
}

#[test]
fn the_depth_limit_is_the_interpreters() {
    jitted("function r(n) { r(n + 1) }\nr(0)");
    jitted("function r(n) { n == 0 ? 0 : 1 + r(n - 1) }\nr(998)");
    jitted("function r(n) { n == 0 ? 0 : 1 + r(n - 1) }\nr(999)");
}

#[test]
fn non_scalar_arguments_fall_back_to_the_interpreter() {
    let compiled = same("function eq(x) { x == null }\n[eq(null), eq(1), eq(\"s\"), eq([1])]");
    assert_eq!(compiled, 1);
    same("function add(a, b) { a + b }\n[add(1, 2), add(\"a\", 1), add(1)]");
}

#[test]
fn functions_outside_the_scalar_subset_stay_interpreted() {
    let compiled = same("function s(x) { \"a\" + x }\ns(1)");
    assert_eq!(compiled, 0);
    same("function k(f) { f(1) }\nk(x => x + 1)");
    same("function outer(n) { function inner(m) { m + n }\n inner(1) }\nouter(2)");
}

/// Parameters are specialised to numbers unless a compiled caller passes something else: these
/// callers widen them, so the scalar paths (tag tests, shims) run natively, not only the guard's
/// fallback to the interpreter.
#[test]
fn compiled_callers_widen_number_parameters() {
    jitted("function t(x) { !x }\nfunction a() { t(null) }\nfunction b() { t(true) }\nfunction c() { t(0 / 0) }\n[a(), b(), c(), t(2)]");
    jitted("function g(a) { a ~> 2 }\nfunction h() { g(true) }\nfunction k() { g(null) }\n[h(), k(), g(1)]");
    jitted("function f(n) { -n }\nfunction g() { f(null) }\ng()");
    jitted("function f(n, m) { n + m }\nfunction g() { f(1, true) }\ng()");
    jitted("function f(n, m) { n == m }\nfunction g() { f(1) }\n[g(), f(1, 1)]");
    jitted("function r(n) { n ? 1 + r(false) : 0 }\nr(1)");
}

/// A runaway compiled loop (top level, and inside a function called from a compiled loop) ends
/// with the deadline's `R0807` through the native poll, not by running on.
#[test]
fn the_deadline_stops_a_compiled_loop() {
    for source in [
        "let x = 0\nwhile (true) { x += 1 }\nx",
        "function spin(n) { let s = 0\n while (true) { s += n }\n s }\nlet t = 0\nfor (let i = 0; i < 3; i += 1) { t += spin(i) }\nt",
    ] {
        let host: Rc<RefCell<dyn Host>> = Rc::new(RefCell::new(Capture::default()));
        let programs = load(source, &mut Capture::default());
        let code = Jit::compile(&programs);
        assert!(code.compiled_functions() >= 1, "nothing compiled in:\n{source}");
        let limits = Limits {
            deadline: Some((std::time::Instant::now() + std::time::Duration::from_millis(50), 50)),
            compiled: Some(Rc::new(code)),
            ..Limits::default()
        };
        let result = prism_interp::run(Rc::new(programs), 0, host, limits, 7);
        let error = result.value.expect_err("the loop cannot finish");
        assert_eq!(error.code, "R0807", "{error:?}");
    }
}

/// `%` has an inline integer path and the runtime's `fmod` for everything else: both must give
/// the interpreter's results, signs of zeros and confidence included.
#[test]
fn remainders_match_on_both_paths() {
    jitted(
        "function rem(a, b) { a % b }\n[rem(7, 3), rem(-7, 3), rem(7, -3), rem(-6, 3), rem(6, -3), rem(0, 5), rem(-0, 5), rem(5, 0), rem(0 / 0, 2), rem(2, 0 / 0), rem(1 / 0, 2), rem(2, 1 / 0), rem(5.5, 2), rem(-5.5, 2), rem(9007199254740993, 10), rem(-9007199254740992, 7), rem(1e300, 7)]",
    );
    jitted("function rem(a, b) { a % b }\n[rem(7 ~> 0.5, 3), rem(7, 3 ~> 0.25), rem(-6 ~> 0.5, 3), rem(7.5 ~> 0.5, 2)]");
    jitted("function rem(a, b) { 1 / (a % b) }\n[rem(-6, 3), rem(6, -3), rem(-0, 1)]");
    jitted("function f(a) { a % 3 == 0 }\nfunction g() { f(null) }\n[f(9), f(10), g()]");
}

/// When no compiled function would be entered from the interpreter, no native code could ever
/// run: nothing is compiled (the array benchmark's callbacks paid for Cranelift for nothing).
#[test]
fn leaf_callbacks_alone_are_not_compiled() {
    let source =
        "let xs = [1, 2, 3]\nxs.map(x => x * 2).filter(x => x % 3 == 0).reduce((a, x) => a + x, 0)";
    let programs = load(source, &mut Capture::default());
    assert_eq!(Jit::compile(&programs).compiled_functions(), 0);
    assert_eq!(Jit::compile_entering_all(&programs).compiled_functions(), 3);
    jitted(source);
}

/// A function without loops or calls is native for compiled callers only: the interpreter
/// calling it runs it itself (the crossing costs more than its native code saves).
#[test]
fn small_leaf_functions_are_not_entered_from_the_interpreter() {
    let programs = load(
        "function double(x) { x * 2 }\nfunction fib(n) { n < 2 ? n : fib(n - 1) + fib(n - 2) }\nfunction count(n) { let s = 0\n for (let i = 0; i < n; i += 1) { s += double(i) }\n s }\n[[1, 2].map(double), fib(5), count(3)]",
        &mut Capture::default(),
    );
    let code = Jit::compile(&programs);
    assert_eq!(code.compiled_functions(), 3);
    assert_eq!(code.entered_functions(), 2, "fib and count, not double");
    let all = Jit::compile_entering_all(&programs);
    assert_eq!(all.entered_functions(), 3);
    same("function double(x) { x * 2 }\nfunction count(n) { let s = 0\n for (let i = 0; i < n; i += 1) { s += double(i) }\n s }\n[[1, 2].map(double), count(3)]");
}
