//! Prism values (language §4) and the confidence carried beside them (§4.11, §7.1).
//!
//! # Layout
//!
//! A [`Value`] is 24 bytes, with a fixed layout (`repr(C)` around a `repr(u8)` enum) so that a
//! JIT may read the tag and a number's bits directly:
//!
//! ```text
//! offset 0          1               8                                 16               24
//!        ┌──────────┬───────────────┬─────────────────────────────────┬────────────────┐
//!        │ tag (u8) │ padding       │ payload: f64, bool, Rc<…>,      │ conf: f64      │
//!        │          │               │ &'static …                      │                │
//!        └──────────┴───────────────┴─────────────────────────────────┴────────────────┘
//!        └─────────────────────── Inner (16 bytes) ───────────────────┘
//! ```
//!
//! * [`Inner`] is the plain value: an enum whose every payload is one word (numbers inline, heap
//!   data behind a thin `Rc`, builtin descriptors as `&'static`), so the enum is two words. The
//!   tags are the explicit discriminants of [`Inner`] (`Null` = 0, `Bool` = 1, `Number` = 2, …).
//! * `conf` is the confidence in [0, 1] for a confident value, and the sentinel [`PLAIN`] (a
//!   negative number) for a plain one. Keeping it beside the payload, instead of boxing confident
//!   values, makes attaching and reading a confidence free of allocation, and the ordinary rule
//!   (§7.2) a `min` of two floats.
//!
//! Confidence is never nested (§7.1): `Inner` cannot hold a confidence, so the invariant holds by
//! construction.
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use smol_str::SmolStr;

use crate::builtins::Builtin;
use crate::tasks::TaskRef;

pub mod collector;
mod cycle_graph;
mod function;
mod object;
mod registry;
mod release;
mod string;

pub use function::{
    find_member, AgentDetails, AgentHandle, BoundMethod, Closure, FunctionId, Member, Namespace,
    SharedCell,
};
pub use object::{ObjectData, PropertyMap};
pub use registry::{is_agent_registry, set_agent_registry};
pub use string::PStr;

/// The shared storage of an array value.
pub type ArrayRef = Rc<RefCell<Vec<Value>>>;

/// The `conf` sentinel of a plain value. Any negative number would do; -1 is easy to spot.
pub const PLAIN: f64 = -1.0;

/// The `conf` sentinel of [`Value::UNINIT`]: another negative number, so that the marker also
/// reads as a plain `null` if it ever reached an operation.
const UNINIT_CONF: f64 = -2.0;

/// A Prism value: the plain [`Inner`] value and its confidence (see the layout above).
#[derive(Clone)]
#[repr(C)]
pub struct Value {
    inner: Inner,
    conf: f64,
}

const _: () = assert!(std::mem::size_of::<Value>() == 24);
const _: () = assert!(std::mem::size_of::<Inner>() == 16);
const _: () = assert!(std::mem::offset_of!(Value, conf) == 16);

/// A plain value (language §4.1). Heap data is shared through `Rc`: arrays and objects are held
/// by reference (§4.5, §4.6); strings are immutable and shared to make copies cheap.
#[derive(Clone)]
#[repr(u8)]
pub enum Inner {
    Null = 0,
    Bool(bool) = 1,
    Number(f64) = 2,
    Str(Rc<PStr>) = 3,
    Array(Rc<RefCell<Vec<Value>>>) = 4,
    Object(Rc<RefCell<ObjectData>>) = 5,
    /// A user function or lambda (§4.7).
    Closure(Rc<Closure>) = 6,
    /// A builtin function (builtins.md), possibly with members (`Number.isInteger`).
    Builtin(&'static Builtin) = 7,
    /// A method read from a value (`arr.push`): remembers its receiver (§4.7).
    Bound(Rc<BoundMethod>) = 8,
    Task(TaskRef) = 9,
    Agent(Rc<AgentHandle>) = 10,
    /// A read-only builtin namespace such as `Math` (§4.1).
    Namespace(&'static Namespace) = 11,
}

impl Value {
    pub const NULL: Value = Value {
        inner: Inner::Null,
        conf: PLAIN,
    };
    pub const TRUE: Value = Value {
        inner: Inner::Bool(true),
        conf: PLAIN,
    };
    pub const FALSE: Value = Value {
        inner: Inner::Bool(false),
        conf: PLAIN,
    };
    /// The marker of a binding in its temporal dead zone (language §9.2). Programs never see
    /// it: backends test [`Value::is_uninit`] where the IR asks and throw R0401.
    pub const UNINIT: Value = Value {
        inner: Inner::Null,
        conf: UNINIT_CONF,
    };

    /// A `'static` reference to `null`, for APIs that hand out borrowed values. (`&Value::NULL`
    /// is only a temporary: a constant whose type has a destructor is never promoted.)
    pub fn null_ref() -> &'static Value {
        thread_local! {
            // One leaked null per thread; it has no heap data.
            static NULL: &'static Value = Box::leak(Box::new(Value::NULL));
        }
        NULL.with(|null| *null)
    }

    #[inline]
    pub fn from_inner(inner: Inner) -> Value {
        Value { inner, conf: PLAIN }
    }

    #[inline]
    pub fn null() -> Value {
        Value::NULL
    }

    #[inline]
    pub fn bool(b: bool) -> Value {
        Value::from_inner(Inner::Bool(b))
    }

    #[inline]
    pub fn number(n: f64) -> Value {
        Value::from_inner(Inner::Number(n))
    }

    pub fn string(text: &str) -> Value {
        Value::from_inner(Inner::Str(Rc::new(PStr::new(text))))
    }

    /// A string value from an object key, sharing its storage.
    pub fn key_string(key: &SmolStr) -> Value {
        Value::from_inner(Inner::Str(Rc::new(PStr::from_smol(key.clone()))))
    }

    pub fn array(elements: Vec<Value>) -> Value {
        Value::from_inner(Inner::Array(Rc::new(RefCell::new(elements))))
    }

    pub fn object(data: ObjectData) -> Value {
        Value::from_inner(Inner::Object(Rc::new(RefCell::new(data))))
    }

    /// A new object from key/value pairs in order (a later duplicate replaces the value).
    pub fn object_from<K: Into<SmolStr>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        let mut data = ObjectData::new();
        for (key, value) in pairs {
            data.insert(key, value);
        }
        Value::object(data)
    }

    pub fn closure(closure: Closure) -> Value {
        Value::from_inner(Inner::Closure(Rc::new(closure)))
    }

    pub fn builtin(builtin: &'static Builtin) -> Value {
        Value::from_inner(Inner::Builtin(builtin))
    }

    pub fn bound(receiver: Value, method: &'static Builtin) -> Value {
        Value::from_inner(Inner::Bound(Rc::new(BoundMethod { receiver, method })))
    }

    pub fn namespace(namespace: &'static Namespace) -> Value {
        Value::from_inner(Inner::Namespace(namespace))
    }

    pub fn task(task: TaskRef) -> Value {
        Value::from_inner(Inner::Task(task))
    }

    pub fn agent(agent: Rc<AgentHandle>) -> Value {
        Value::from_inner(Inner::Agent(agent))
    }

    /// Makes this value the plain number `n`, in place. Backends use it for arithmetic results:
    /// a register that held a scalar is overwritten field by field, with no temporary `Value`
    /// copied through memory (which stalls store forwarding on the hottest path).
    #[inline(always)]
    pub fn set_number(&mut self, n: f64) {
        if self.inner.is_scalar() {
            // The old scalar owns nothing: no drop glue on this path.
            std::mem::forget(std::mem::replace(&mut self.inner, Inner::Number(n)));
            self.conf = PLAIN;
        } else {
            *self = Value::number(n);
        }
    }

    /// Makes this value a copy of `source`, in place. Copying a scalar into a register that held
    /// a scalar writes the fields directly (see [`Value::set_number`]); anything else is an
    /// ordinary clone and assignment.
    #[inline(always)]
    pub fn assign(&mut self, source: &Value) {
        if self.inner.is_scalar() {
            let replaced = match source.inner {
                Inner::Number(n) => std::mem::replace(&mut self.inner, Inner::Number(n)),
                Inner::Bool(b) => std::mem::replace(&mut self.inner, Inner::Bool(b)),
                Inner::Null => std::mem::replace(&mut self.inner, Inner::Null),
                _ => {
                    *self = source.clone();
                    return;
                }
            };
            // The old scalar owns nothing.
            std::mem::forget(replaced);
            self.conf = source.conf;
        } else {
            *self = source.clone();
        }
    }

    /// Makes this value the plain boolean `b`, in place (see [`Value::set_number`]).
    #[inline(always)]
    pub fn set_bool(&mut self, b: bool) {
        if self.inner.is_scalar() {
            // The old scalar owns nothing: no drop glue on this path.
            std::mem::forget(std::mem::replace(&mut self.inner, Inner::Bool(b)));
            self.conf = PLAIN;
        } else {
            *self = Value::bool(b);
        }
    }

    /// The plain value without its confidence: inner(v) of language §6.
    #[inline]
    pub fn inner(&self) -> &Inner {
        &self.inner
    }

    #[inline]
    pub fn into_inner(mut self) -> Inner {
        std::mem::replace(&mut self.inner, Inner::Null)
    }

    /// conf(v): the confidence, 1.0 for a plain value (§7.1).
    #[inline]
    pub fn conf(&self) -> f64 {
        if self.conf < 0.0 {
            1.0
        } else {
            self.conf
        }
    }

    /// The confidence of a confident value, `None` for a plain one.
    #[inline]
    pub fn confidence(&self) -> Option<f64> {
        (self.conf >= 0.0).then_some(self.conf)
    }

    #[inline]
    pub fn is_confident(&self) -> bool {
        self.conf >= 0.0
    }

    /// Attaches `conf`, replacing any confidence. The caller guarantees `conf` is in [0, 1]
    /// (use [`crate::ops::annotate`] for checked, clamped attaching).
    #[inline]
    pub fn with_conf(mut self, conf: f64) -> Value {
        debug_assert!((0.0..=1.0).contains(&conf));
        self.conf = conf;
        self
    }

    /// Attaches `conf` if it is `Some`, otherwise makes the value plain.
    #[inline]
    pub fn with_confidence(mut self, conf: Option<f64>) -> Value {
        self.conf = conf.unwrap_or(PLAIN);
        self
    }

    /// The same value without its confidence.
    #[inline]
    pub fn plain(mut self) -> Value {
        self.conf = PLAIN;
        self
    }

    /// A plain copy of this value (cheap: heap data is shared).
    #[inline]
    pub fn to_plain(&self) -> Value {
        Value {
            inner: self.inner.clone(),
            conf: PLAIN,
        }
    }

    /// Whether this is the dead-zone marker [`Value::UNINIT`].
    #[inline]
    pub fn is_uninit(&self) -> bool {
        self.conf == UNINIT_CONF
    }

    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self.inner, Inner::Null)
    }

    #[inline]
    pub fn as_number(&self) -> Option<f64> {
        match self.inner {
            Inner::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.inner {
            Inner::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Rc<RefCell<Vec<Value>>>> {
        match &self.inner {
            Inner::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Rc<RefCell<ObjectData>>> {
        match &self.inner {
            Inner::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Truthiness (§4.12): the confidence never matters.
    #[inline]
    pub fn truthy(&self) -> bool {
        self.inner.truthy()
    }

    /// The `typeof` name of the inner value (§4.1), also used as the type name in messages.
    pub fn type_name(&self) -> &'static str {
        self.inner.type_name()
    }

    /// Whether this is an error object (§12.2).
    pub fn is_error(&self) -> bool {
        match &self.inner {
            Inner::Object(o) => o.borrow().is_error(),
            _ => false,
        }
    }

    /// Whether two values are the same heap object (or equal scalars); used for identity checks.
    pub fn same_reference(&self, other: &Value) -> bool {
        self.inner.same_reference(&other.inner)
    }
}

impl Inner {
    /// Null, a boolean or a number: a value that owns nothing, so dropping it does nothing.
    #[inline(always)]
    pub fn is_scalar(&self) -> bool {
        matches!(self, Inner::Null | Inner::Bool(_) | Inner::Number(_))
    }

    #[inline]
    pub fn truthy(&self) -> bool {
        match self {
            Inner::Null => false,
            Inner::Bool(b) => *b,
            Inner::Number(n) => !(*n == 0.0 || n.is_nan()),
            Inner::Str(s) => !s.as_str().is_empty(),
            _ => true,
        }
    }

    /// The `typeof` string (builtins §10).
    pub fn type_name(&self) -> &'static str {
        match self {
            Inner::Null => "null",
            Inner::Bool(_) => "boolean",
            Inner::Number(_) => "number",
            Inner::Str(_) => "string",
            Inner::Array(_) => "array",
            Inner::Object(_) | Inner::Namespace(_) => "object",
            Inner::Closure(_) | Inner::Builtin(_) | Inner::Bound(_) => "function",
            Inner::Task(_) => "task",
            Inner::Agent(_) => "agent",
        }
    }

    pub fn is_function(&self) -> bool {
        matches!(
            self,
            Inner::Closure(_) | Inner::Builtin(_) | Inner::Bound(_)
        )
    }

    /// Identity for reference types, equality of the bits for scalars.
    pub fn same_reference(&self, other: &Inner) -> bool {
        match (self, other) {
            (Inner::Null, Inner::Null) => true,
            (Inner::Bool(a), Inner::Bool(b)) => a == b,
            (Inner::Number(a), Inner::Number(b)) => a.to_bits() == b.to_bits(),
            (Inner::Str(a), Inner::Str(b)) => Rc::ptr_eq(a, b),
            (Inner::Array(a), Inner::Array(b)) => Rc::ptr_eq(a, b),
            (Inner::Object(a), Inner::Object(b)) => Rc::ptr_eq(a, b),
            (Inner::Closure(a), Inner::Closure(b)) => Rc::ptr_eq(a, b),
            (Inner::Builtin(a), Inner::Builtin(b)) => std::ptr::eq(*a, *b),
            (Inner::Bound(a), Inner::Bound(b)) => Rc::ptr_eq(a, b),
            (Inner::Task(a), Inner::Task(b)) => a.ptr_eq(b),
            (Inner::Agent(a), Inner::Agent(b)) => Rc::ptr_eq(a, b),
            (Inner::Namespace(a), Inner::Namespace(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::number(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::bool(b)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::string(text)
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::string(&text)
    }
}

impl From<Vec<Value>> for Value {
    fn from(elements: Vec<Value>) -> Value {
        Value::array(elements)
    }
}

/// Debug shows the display form, which is what a reader of a failing test wants to see.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::display::display(self))
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::display::display(self))
    }
}
