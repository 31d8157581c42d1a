//! Thrown values and the runtime error catalogue (language §12.1, §12.2, §12.5).
//!
//! Every operation returns `Result<_, Thrown>`. A [`Thrown`] is one pointer wide so that results
//! stay small on the hot path; the constructors are `#[cold]` so the error paths stay out of the
//! way. Runtime errors throw error objects whose `line` and `column` are `null` until the backend,
//! which knows the span, calls [`Thrown::fill_position`].
use prism_diagnostics::Diagnostic;

use crate::display::{display, text_form};
use crate::value::{Inner, ObjectData, Value};

pub mod catalogue;

/// A value being thrown, with the diagnostic code reported if it escapes the program.
pub struct Thrown(Box<ThrownData>);

const _: () = assert!(std::mem::size_of::<Thrown>() == 8);
// Results of operations stay as small as the value itself (the error uses the value's niche).
const _: () = assert!(std::mem::size_of::<Result<Value, Thrown>>() == 24);

struct ThrownData {
    value: Value,
    code: &'static str,
    /// False for the conditions of §12.4 (run deadline, interruption, deadlock, cancellation of
    /// the running task), which `catch` never intercepts.
    catchable: bool,
    /// True while a runtime error object still waits for its `line` and `column`.
    position_pending: bool,
}

impl Thrown {
    /// `throw e` (§12.1): an error object keeps the code of the error that created it; any other
    /// value is reported as R0100 if it escapes.
    #[cold]
    pub fn user(value: Value) -> Thrown {
        let code = match value.inner() {
            Inner::Object(o) => o.borrow().error_code.unwrap_or("R0100"),
            _ => "R0100",
        };
        Thrown(Box::new(ThrownData {
            value,
            code,
            catchable: true,
            position_pending: false,
        }))
    }

    /// A catchable runtime error: a fresh error object with the catalogue's kind and message.
    #[cold]
    pub fn runtime(code: &'static str, kind: &str, message: impl Into<String>) -> Thrown {
        let value = error_object(code, &message.into(), kind, Value::NULL);
        Thrown(Box::new(ThrownData {
            value,
            code,
            catchable: true,
            position_pending: true,
        }))
    }

    /// A runtime error whose error object carries `data` (provider errors, AggregateError).
    #[cold]
    pub fn runtime_with_data(code: &'static str, kind: &str, message: &str, data: Value) -> Thrown {
        let value = error_object(code, message, kind, data);
        Thrown(Box::new(ThrownData {
            value,
            code,
            catchable: true,
            position_pending: true,
        }))
    }

    /// A condition of §12.4 that unwinds without being caught.
    #[cold]
    pub fn uncatchable(code: &'static str, kind: &str, message: impl Into<String>) -> Thrown {
        let mut thrown = Thrown::runtime(code, kind, message);
        thrown.0.catchable = false;
        thrown
    }

    pub fn value(&self) -> &Value {
        &self.0.value
    }

    pub fn into_value(self) -> Value {
        self.0.value
    }

    pub fn code(&self) -> &'static str {
        self.0.code
    }

    pub fn is_catchable(&self) -> bool {
        self.0.catchable
    }

    /// Fills `line` and `column` (1-based) of a fresh runtime error object; does nothing for
    /// values thrown by the program or errors that already have a position.
    pub fn fill_position(&mut self, line: u32, column: u32) {
        if !self.0.position_pending {
            return;
        }
        self.0.position_pending = false;
        if let Inner::Object(o) = self.0.value.inner() {
            let mut data = o.borrow_mut();
            data.insert("line", Value::number(f64::from(line)));
            data.insert("column", Value::number(f64::from(column)));
        }
    }

    pub fn needs_position(&self) -> bool {
        self.0.position_pending
    }

    /// The diagnostic reported when this value escapes the program (§12.1): code, kind and
    /// message. The backend adds the span and the call stack.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let value = &self.0.value;
        if let Inner::Object(o) = value.inner() {
            let data = o.borrow();
            if data.is_error() {
                let field = |key: &str| {
                    data.get(key)
                        .map(text_form)
                        .unwrap_or_else(|| "null".into())
                };
                return Diagnostic::error(self.0.code, field("message")).with_kind(field("kind"));
            }
        }
        Diagnostic::error("R0100", format!("uncaught exception: {}", display(value)))
            .with_kind("Uncaught")
    }
}

impl std::fmt::Debug for Thrown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Thrown[{}] {}", self.0.code, display(&self.0.value))
    }
}

/// A new error object (§12.2): keys `message`, `kind`, `line`, `column`, `data` in that order,
/// marked with the code of the error that creates it. `Error(…)` uses code `R0700`.
pub fn error_object(code: &'static str, message: &str, kind: &str, data: Value) -> Value {
    let mut object = ObjectData::with_capacity(5);
    object.insert("message", Value::string(message));
    object.insert("kind", Value::string(kind));
    object.insert("line", Value::NULL);
    object.insert("column", Value::NULL);
    object.insert("data", data);
    object.error_code = Some(code);
    Value::object(object)
}

/// The error object of `Error(message, kind, data)` (builtins §15): code `R0700`, with the line
/// and column of the call when the backend knows them.
pub fn user_error_object(
    message: &str,
    kind: &str,
    data: Value,
    position: Option<(u32, u32)>,
) -> Value {
    let value = error_object("R0700", message, kind, data);
    if let (Some((line, column)), Inner::Object(object)) = (position, value.inner()) {
        let mut object = object.borrow_mut();
        object.insert("line", Value::number(f64::from(line)));
        object.insert("column", Value::number(f64::from(column)));
    }
    value
}

/// Where a spread happens, for the three texts of R0206.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SpreadInto {
    Array,
    Object,
    Arguments,
}

pub(crate) const TYPE_ERROR: &str = "TypeError";
pub(crate) const RANGE_ERROR: &str = "RangeError";
pub(crate) const CONFIDENCE_ERROR: &str = "ConfidenceError";
