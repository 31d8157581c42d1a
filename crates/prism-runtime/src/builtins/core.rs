//! Small globals that every program uses; they also serve as examples of the framework.
use super::{Args, Builtin, Library, Machine, Mode};
use crate::error::Thrown;
use crate::value::{Inner, Value};

pub static LIBRARY: Library = Library {
    globals: &[&LEN],
    namespaces: &[],
    methods: &[],
};

/// `len(x)` (builtins §11): characters of a string, elements of an array, keys of an object.
static LEN: Builtin = Builtin {
    name: "len",
    mode: Mode::Lift,
    min_args: 1,
    body: len,
    members: &[],
};

fn len(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let count = match args.get(0).inner() {
        Inner::Str(s) => s.char_count(),
        Inner::Array(a) => a.borrow().len(),
        Inner::Object(o) => o.borrow().map.len(),
        _ => return Err(args.wrong_type(0, "a string, array or object")),
    };
    Ok(Value::number(count as f64))
}
