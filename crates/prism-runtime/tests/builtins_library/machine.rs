//! A tiny machine that runs builtins, plus test callbacks written as builtins (there is no
//! interpreter in these tests) and helpers that show results the way `print` would.
use prism_runtime::builtins::{
    call_bound, call_builtin, find_method, prelude_value, Args, Builtin, Machine, MethodOwner,
    Mode, Output, RandomStreams, Stream,
};
use prism_runtime::ops::get_member;
use prism_runtime::value::{Inner, Value};
use prism_runtime::{catalogue, display, Thrown};

pub struct TestMachine {
    pub lines: Vec<String>,
    random: RandomStreams,
}

impl TestMachine {
    pub fn new(seed: u64) -> TestMachine {
        TestMachine {
            lines: Vec::new(),
            random: RandomStreams::new(seed),
        }
    }
}

impl Output for TestMachine {
    fn write_line(&mut self, _: Stream, text: &str) {
        self.lines.push(text.to_string());
    }
}

impl Machine for TestMachine {
    fn call(&mut self, callee: &Value, args: &[Value]) -> Result<Value, Thrown> {
        match callee.inner() {
            Inner::Builtin(builtin) => call_builtin(self, builtin, None, args),
            Inner::Bound(bound) => call_bound(self, bound, args),
            _ => Err(catalogue::not_callable(callee.type_name())),
        }
    }

    fn output(&mut self) -> &mut dyn Output {
        self
    }

    fn random(&mut self) -> &mut RandomStreams {
        &mut self.random
    }

    fn call_site(&self) -> Option<(u32, u32)> {
        Some((3, 7))
    }

    fn now_ms(&self) -> f64 {
        1_700_000_000_123.75
    }
}

pub fn num(n: f64) -> Value {
    Value::number(n)
}

pub fn s(text: &str) -> Value {
    Value::string(text)
}

pub fn c(value: Value, conf: f64) -> Value {
    value.with_conf(conf)
}

pub fn arr(elements: Vec<Value>) -> Value {
    Value::array(elements)
}

pub fn nums(values: &[f64]) -> Value {
    Value::array(values.iter().map(|n| num(*n)).collect())
}

pub fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::object_from(pairs)
}

/// The value of a prelude name or a dotted member (`Math.sqrt`, `Number.EPSILON`).
pub fn global(path: &str) -> Value {
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let mut value = prelude_value(first).unwrap_or_else(|| panic!("no prelude name {first}"));
    for part in parts {
        value = get_member(&value, part).unwrap_or_else(|_| panic!("no member {path}"));
    }
    value
}

/// The display of a result, or `CODE Kind: message` of the runtime error.
pub fn outcome(result: Result<Value, Thrown>) -> String {
    match result {
        Ok(value) => display(&value),
        Err(thrown) => {
            let diagnostic = thrown.to_diagnostic();
            format!(
                "{} {}: {}",
                diagnostic.code,
                diagnostic.kind.unwrap_or_default(),
                diagnostic.message
            )
        }
    }
}

/// Calls a prelude function (or namespace member) and shows the outcome.
pub fn call(path: &str, args: &[Value]) -> String {
    outcome(call_value(path, args))
}

pub fn call_value(path: &str, args: &[Value]) -> Result<Value, Thrown> {
    TestMachine::new(42).call(&global(path), args)
}

/// Calls a method on a receiver and shows the outcome.
pub fn method(receiver: &Value, name: &str, args: &[Value]) -> String {
    outcome(method_value(receiver, name, args))
}

pub fn method_value(receiver: &Value, name: &str, args: &[Value]) -> Result<Value, Thrown> {
    let owner = MethodOwner::of(receiver.inner()).expect("a type with methods");
    let builtin = find_method(owner, name).unwrap_or_else(|| panic!("no method {name}"));
    call_builtin(&mut TestMachine::new(42), builtin, Some(receiver), args)
}

/// Test callbacks: builtins standing in for the lambdas a program would pass.
fn number_arg(args: &Args<'_>, index: usize) -> f64 {
    args.get(index).as_number().unwrap_or(f64::NAN)
}

const fn callback(
    name: &'static str,
    body: fn(&mut dyn Machine, &Args<'_>) -> Result<Value, Thrown>,
) -> Builtin {
    Builtin {
        name,
        mode: Mode::None,
        min_args: 0,
        body,
        members: &[],
    }
}

/// `x => x * 2`, keeping the element's confidence as the ordinary rule would.
pub static DOUBLE: Builtin = callback("double", |_, args| {
    let x = args.get(0);
    Ok(Value::number(number_arg(args, 0) * 2.0).with_confidence(x.confidence()))
});
/// `x => x % 2 == 0`
pub static IS_EVEN: Builtin = callback("isEven", |_, args| {
    Ok(Value::bool(number_arg(args, 0) % 2.0 == 0.0))
});
/// `(a, b) => a + b` on numbers.
pub static ADD: Builtin = callback("add", |_, args| {
    Ok(Value::number(number_arg(args, 0) + number_arg(args, 1)))
});
/// `(a, b) => b - a`: a descending comparator.
pub static DESCENDING: Builtin = callback("descending", |_, args| {
    Ok(Value::number(number_arg(args, 1) - number_arg(args, 0)))
});
/// A comparator that returns a string (R0219).
pub static BAD_COMPARATOR: Builtin = callback("bad", |_, _| Ok(Value::string("x")));
/// `(x, i, a) => [x, i, a]`: shows what a callback receives.
pub static ECHO: Builtin = callback("echo", |_, args| Ok(Value::array(args.values.to_vec())));
/// `() => throw Error("boom", "Boom")`.
pub static THROWS: Builtin = callback("throws", |machine, _| {
    let error = machine.call(&global("Error"), &[s("boom"), s("Boom")])?;
    Err(Thrown::user(error))
});
/// `x => x.length`.
pub static LENGTH: Builtin = callback("length", |_, args| get_member(args.get(0), "length"));

pub fn f(builtin: &'static Builtin) -> Value {
    Value::builtin(builtin)
}
