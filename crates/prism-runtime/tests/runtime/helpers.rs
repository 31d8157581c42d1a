//! Small constructors that keep the tests close to the Prism source they mirror.

use prism_runtime::error::error_object;
use prism_runtime::value::{Closure, FunctionId};
use prism_runtime::{display, Thrown, Value};

pub fn num(n: f64) -> Value {
    Value::number(n)
}

pub fn s(text: &str) -> Value {
    Value::string(text)
}

/// `v ~> c` for a confidence known to be valid.
pub fn c(value: Value, conf: f64) -> Value {
    value.with_conf(conf)
}

pub fn arr(elements: Vec<Value>) -> Value {
    Value::array(elements)
}

pub fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::object_from(pairs)
}

pub fn error(message: &str, kind: &str) -> Value {
    error_object("R0700", message, kind, Value::NULL)
}

pub fn closure(name: &str) -> Value {
    Value::closure(Closure {
        id: FunctionId {
            module: 0,
            index: 0,
        },
        captures: Box::new([]),
        name: name.into(),
        is_async: false,
    })
}

pub fn show(value: &Value) -> String {
    display(value)
}

/// Displays a result, or `code: message` of the runtime error.
pub fn outcome(result: Result<Value, Thrown>) -> String {
    match result {
        Ok(value) => display(&value),
        Err(thrown) => message_of(&thrown),
    }
}

pub fn message_of(thrown: &Thrown) -> String {
    let diagnostic = thrown.to_diagnostic();
    format!(
        "{} {}: {}",
        diagnostic.code,
        diagnostic.kind.unwrap_or_default(),
        diagnostic.message
    )
}
