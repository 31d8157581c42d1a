//! Output builtins (builtins §2): `print` and the `console` namespace.
use super::{Args, Builtin, Library, Machine, Mode, Stream};
use crate::display::display;
use crate::error::Thrown;
use crate::value::{Member, Namespace, Value};

pub static LIBRARY: Library = Library {
    globals: &[&PRINT],
    namespaces: &[&CONSOLE],
    methods: &[],
};

static PRINT: Builtin = printer("print", Stream::Stdout);
static LOG: Builtin = printer("console.log", Stream::Stdout);
static INFO: Builtin = printer("console.info", Stream::Stdout);
static DEBUG: Builtin = printer("console.debug", Stream::Stdout);
static WARN: Builtin = printer("console.warn", Stream::Stderr);
static ERROR: Builtin = printer("console.error", Stream::Stderr);

static CONSOLE: Namespace = Namespace {
    name: "console",
    members: &[
        ("log", Member::Function(&LOG)),
        ("info", Member::Function(&INFO)),
        ("debug", Member::Function(&DEBUG)),
        ("warn", Member::Function(&WARN)),
        ("error", Member::Function(&ERROR)),
    ],
};

const fn printer(name: &'static str, stream: Stream) -> Builtin {
    let body = match stream {
        Stream::Stdout => print_stdout,
        Stream::Stderr => print_stderr,
    };
    Builtin {
        name,
        mode: Mode::None,
        min_args: 0,
        body,
        members: &[],
    }
}

fn print_stdout(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    machine
        .output()
        .write_line(Stream::Stdout, &line(args.values));
    Ok(Value::NULL)
}

fn print_stderr(machine: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    machine
        .output()
        .write_line(Stream::Stderr, &line(args.values));
    Ok(Value::NULL)
}

/// The top-level displays of the values separated by one space.
fn line(values: &[Value]) -> String {
    let mut text = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&display(value));
    }
    text
}
