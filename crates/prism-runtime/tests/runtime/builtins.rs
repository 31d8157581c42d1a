//! The builtin framework (builtins §1): arity, argument checks, confidence modes, `print`.
use prism_checker::prelude::PRELUDE;
use prism_runtime::builtins::{
    call_builtin, prelude_value, Args, Builtin, Machine, Mode, Output, RandomStreams, Stream,
};
use prism_runtime::value::{Inner, Value};
use prism_runtime::Thrown;

use crate::helpers::*;

/// A machine that records output and calls builtins only.
struct TestMachine {
    lines: Vec<(Stream, String)>,
    random: RandomStreams,
}

impl TestMachine {
    fn new() -> TestMachine {
        TestMachine {
            lines: Vec::new(),
            random: RandomStreams::new(42),
        }
    }
}

impl Output for TestMachine {
    fn write_line(&mut self, stream: Stream, text: &str) {
        self.lines.push((stream, text.to_string()));
    }
}

impl Machine for TestMachine {
    fn call(&mut self, callee: &Value, args: &[Value]) -> Result<Value, Thrown> {
        match callee.inner() {
            Inner::Builtin(builtin) => call_builtin(self, builtin, None, args),
            _ => Err(prism_runtime::catalogue::not_callable(callee.type_name())),
        }
    }

    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn random(&mut self) -> &mut RandomStreams {
        &mut self.random
    }
}

fn call_global(name: &str, args: &[Value]) -> (String, Vec<(Stream, String)>) {
    let mut machine = TestMachine::new();
    let callee = prelude_value(name).unwrap();
    let result = machine.call(&callee, args);
    (outcome(result), machine.lines)
}

#[test]
fn print_writes_one_line_of_displays() {
    let args = [
        s("a"),
        num(1.0),
        Value::TRUE,
        Value::NULL,
        c(num(42.0), 0.85),
        arr(vec![s("x")]),
    ];
    let (result, lines) = call_global("print", &args);
    assert_eq!(result, "null");
    assert_eq!(
        lines,
        vec![(
            Stream::Stdout,
            r#"a 1 true null 42 (~85.0%) ["x"]"#.to_string()
        )]
    );
    let (_, lines) = call_global("print", &[]);
    assert_eq!(lines, vec![(Stream::Stdout, String::new())]);
}

#[test]
fn console_methods_choose_the_stream() {
    let console = prelude_value("console").unwrap();
    let mut machine = TestMachine::new();
    for name in ["log", "info", "debug", "warn", "error"] {
        let method = prism_runtime::ops::get_member(&console, name).unwrap();
        machine.call(&method, &[s(name)]).unwrap();
    }
    let streams: Vec<Stream> = machine.lines.iter().map(|(stream, _)| *stream).collect();
    use Stream::*;
    assert_eq!(streams, vec![Stdout, Stdout, Stdout, Stderr, Stderr]);
}

#[test]
fn len_counts_and_checks() {
    assert_eq!(call_global("len", &[s("héllo")]).0, "5");
    assert_eq!(
        call_global("len", &[c(arr(vec![num(1.0)]), 0.5)]).0,
        "1 (~50.0%)"
    );
    assert_eq!(call_global("len", &[obj(vec![("a", num(1.0))])]).0, "1");
    assert_eq!(
        call_global("len", &[num(1.0)]).0,
        "R0216 TypeError: len: argument 1 must be a string, array or object, got number"
    );
    assert_eq!(
        call_global("len", &[]).0,
        "R0217 TypeError: len: expected at least 1 argument(s), got 0"
    );
}

/// Returns `[this, ...args]` as an array, so the tests can see what the body received.
fn echo(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut seen = vec![args.this.clone()];
    seen.extend(args.values.iter().cloned());
    Ok(Value::array(seen))
}

/// Returns its first argument (the element for the `access` mode).
fn first(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    Ok(args.get(1).clone())
}

static LIFT: Builtin = Builtin {
    name: "T.lift",
    mode: Mode::Lift,
    min_args: 0,
    body: echo,
    members: &[],
};
static RECV: Builtin = Builtin {
    name: "T.recv",
    mode: Mode::Recv,
    min_args: 0,
    body: echo,
    members: &[],
};
static ACCESS: Builtin = Builtin {
    name: "T.access",
    mode: Mode::Access,
    min_args: 0,
    body: first,
    members: &[],
};
static NONE: Builtin = Builtin {
    name: "T.none",
    mode: Mode::None,
    min_args: 0,
    body: echo,
    members: &[],
};

fn run(builtin: &'static Builtin, receiver: Option<Value>, args: &[Value]) -> String {
    let mut machine = TestMachine::new();
    outcome(call_builtin(&mut machine, builtin, receiver.as_ref(), args))
}

#[test]
fn confidence_modes_of_1_3() {
    let args = [c(num(1.0), 0.6), c(num(2.0), 0.9)];
    // lift: the body sees inner values; the result gets the minimum.
    assert_eq!(
        run(&LIFT, Some(c(s("r"), 0.8)), &args),
        r#"["r", 1, 2] (~60.0%)"#
    );
    assert_eq!(run(&LIFT, None, &[num(1.0)]), "[null, 1]");
    // recv: only the receiver is stripped; arguments keep their confidence.
    assert_eq!(
        run(&RECV, Some(c(s("r"), 0.8)), &args),
        r#"["r", 1 (~60.0%), 2 (~90.0%)] (~80.0%)"#
    );
    // recv on a global: the first argument is the subject.
    assert_eq!(run(&RECV, None, &args), "[null, 1, 2 (~90.0%)] (~60.0%)");
    assert_eq!(
        run(&RECV, Some(s("r")), &args),
        r#"["r", 1 (~60.0%), 2 (~90.0%)]"#
    );
    // access: the element gets conf(R) × conf(element).
    let elements = [num(0.0), c(s("e"), 0.5)];
    assert_eq!(
        run(&ACCESS, Some(c(arr(vec![]), 0.8)), &elements),
        "e (~40.0%)"
    );
    assert_eq!(
        run(&ACCESS, Some(c(arr(vec![]), 0.8)), &[]),
        "null (~80.0%)"
    );
    assert_eq!(run(&ACCESS, Some(arr(vec![])), &elements), "e (~50.0%)");
    // none: everything unchanged.
    assert_eq!(
        run(&NONE, Some(c(s("r"), 0.8)), &args),
        r#"["r" (~80.0%), 1 (~60.0%), 2 (~90.0%)]"#
    );
}

#[test]
fn argument_helpers_produce_catalogue_messages() {
    fn body(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
        let n = args.integer(0, "an int in 0…100")?;
        if !(0.0..=100.0).contains(&n) {
            return Err(args.out_of_range(0, "an int in 0…100"));
        }
        let _ = args.string(1)?;
        Ok(Value::number(n))
    }
    static CHECKED: Builtin = Builtin {
        name: "Number.toFixed",
        mode: Mode::Lift,
        min_args: 0,
        body,
        members: &[],
    };
    assert_eq!(
        run(&CHECKED, None, &[num(101.0)]),
        "R0304 RangeError: Number.toFixed: argument 1 must be an int in 0…100, got 101"
    );
    assert_eq!(
        run(&CHECKED, None, &[num(1.5)]),
        "R0304 RangeError: Number.toFixed: argument 1 must be an int in 0…100, got 1.5"
    );
    assert_eq!(
        run(&CHECKED, None, &[s("1")]),
        "R0216 TypeError: Number.toFixed: argument 1 must be a number, got string"
    );
    assert_eq!(
        run(&CHECKED, None, &[num(1.0), num(2.0)]),
        "R0216 TypeError: Number.toFixed: argument 2 must be a string, got number"
    );
    assert_eq!(prism_runtime::builtins::relative_index(-1.0, 5, false), 4.0);
}

/// The checker's prelude table (builtins §3) is the one list of global names; every name in it
/// must have a value in the runtime, so a name can never resolve statically and then be missing
/// at run time.
#[test]
fn every_prelude_name_has_a_runtime_value() {
    // A name listed here would be one the runtime does not provide yet; the second assertion
    // makes whoever implements it remove it from here. (`runPattern` is provided: the driver
    // installs its runner, builtins §16.)
    const NOT_YET_IMPLEMENTED: &[&str] = &[];
    for name in PRELUDE {
        let has_value = prelude_value(name).is_some();
        if NOT_YET_IMPLEMENTED.contains(name) {
            assert!(
                !has_value,
                "{name} is implemented now: remove it from NOT_YET_IMPLEMENTED"
            );
        } else {
            assert!(has_value, "{name} has no runtime value");
        }
    }
}

#[test]
fn random_streams_follow_builtins_8() {
    let mut streams = RandomStreams::new(0);
    let x = streams.next_f64(0);
    assert!((0.0..1.0).contains(&x));
    let mut again = RandomStreams::new(0);
    assert_eq!(again.next_f64(0), x);
    assert_ne!(
        RandomStreams::new(1).next_u64(0),
        RandomStreams::new(0).next_u64(0)
    );
}

#[test]
fn calls_of_builtins_bound_methods_and_confident_callees() {
    use prism_runtime::ops::{call_native, finish_call};
    let mut machine = TestMachine::new();
    let len = prelude_value("len").unwrap();
    let result = call_native(&mut machine, &len, &[s("abc")]).unwrap();
    assert_eq!(outcome(result), "3");
    let confident_len = c(len, 0.5);
    let result = call_native(&mut machine, &confident_len, &[s("abc")])
        .unwrap()
        .unwrap();
    assert_eq!(show(&finish_call(&confident_len, result)), "3 (~50.0%)");
    assert!(call_native(&mut machine, &closure("f"), &[]).is_none());
    let failure = call_native(&mut machine, &num(1.0), &[]).unwrap();
    assert_eq!(
        outcome(failure),
        "R0208 TypeError: cannot call a value of type number"
    );
    assert_eq!(
        show(&finish_call(&closure("f"), c(num(1.0), 0.3))),
        "1 (~30.0%)"
    );
}
