//! Prism values (language §4) and the confidence carried beside them (§4.11, §7.1).
//!
//! # Layout
//!
//! A [`Value`] is 24 bytes:
//!
//! ```text
//! ┌───────────────────────────── Inner (16 bytes) ─────────────────────────────┐┌─ conf (8) ─┐
//! │ tag (1 byte, padded to 8) │ payload: f64, bool, Rc<…> or &'static … (8)    ││ f64        │
//! └────────────────────────────────────────────────────────────────────────────┘└────────────┘
//! ```
//!
//! * [`Inner`] is the plain value: an enum whose every payload is one word (numbers inline, heap
//!   data behind a thin `Rc`, builtin descriptors as `&'static`), so the enum is two words.
//! * `conf` is the confidence in [0, 1] for a confident value, and the sentinel [`PLAIN`] (a
//!   negative number) for a plain one. Keeping it beside the payload, instead of boxing confident
//!   values, makes attaching and reading a confidence free of allocation, and the ordinary rule
//!   (§7.2) a `min` of two floats.
//!
//! Confidence is never nested (§7.1): `Inner` cannot hold a confidence, so the invariant holds by
//! construction.
use std::cell::{Cell, OnceCell, RefCell};
use std::fmt;
use std::rc::Rc;

use indexmap::IndexMap;
use smol_str::SmolStr;

use crate::builtins::Builtin;
use crate::tasks::TaskRef;

/// The `conf` sentinel of a plain value. Any negative number would do; -1 is easy to spot.
pub const PLAIN: f64 = -1.0;

/// The `conf` sentinel of [`Value::UNINIT`]: another negative number, so that the marker also
/// reads as a plain `null` if it ever reached an operation.
const UNINIT_CONF: f64 = -2.0;

/// A Prism value: the plain [`Inner`] value and its confidence (see the layout above).
#[derive(Clone)]
pub struct Value {
    inner: Inner,
    conf: f64,
}

const _: () = assert!(std::mem::size_of::<Value>() == 24);
const _: () = assert!(std::mem::size_of::<Inner>() == 16);

/// A plain value (language §4.1). Heap data is shared through `Rc`: arrays and objects are held
/// by reference (§4.5, §4.6); strings are immutable and shared to make copies cheap.
#[derive(Clone)]
pub enum Inner {
    Null,
    Bool(bool),
    Number(f64),
    Str(Rc<PStr>),
    Array(Rc<RefCell<Vec<Value>>>),
    Object(Rc<RefCell<ObjectData>>),
    /// A user function or lambda (§4.7).
    Closure(Rc<Closure>),
    /// A builtin function (builtins.md), possibly with members (`Number.isInteger`).
    Builtin(&'static Builtin),
    /// A method read from a value (`arr.push`): remembers its receiver (§4.7).
    Bound(Rc<BoundMethod>),
    Task(TaskRef),
    Agent(Rc<AgentHandle>),
    /// A read-only builtin namespace such as `Math` (§4.1).
    Namespace(&'static Namespace),
}

/// An immutable string with its length in scalar values cached, so that `length` and `s[i]`
/// (language §4.3) do not rescan the text: ASCII strings index by byte; other strings build a
/// table of character offsets the first time they are indexed.
pub struct PStr {
    /// Short strings (most keys, characters, type names) are stored inline: one allocation per
    /// string value.
    text: SmolStr,
    chars: usize,
    ascii: bool,
    /// Byte offset of every character, for non-ASCII strings that have been indexed.
    starts: OnceCell<Box<[usize]>>,
}

/// Non-ASCII strings shorter than this are indexed by scanning; the offset table would cost
/// more than it saves.
const SCAN_LIMIT: usize = 32;

impl PStr {
    /// A string from an object key or other `SmolStr`, sharing its storage.
    pub fn from_smol(text: SmolStr) -> PStr {
        let ascii = text.is_ascii();
        let chars = if ascii {
            text.len()
        } else {
            text.chars().count()
        };
        PStr {
            text,
            chars,
            ascii,
            starts: OnceCell::new(),
        }
    }

    pub fn new(text: &str) -> PStr {
        let ascii = text.is_ascii();
        let chars = if ascii {
            text.len()
        } else {
            text.chars().count()
        };
        PStr {
            text: SmolStr::new(text),
            chars,
            ascii,
            starts: OnceCell::new(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text as an object key, without copying long strings.
    pub fn to_smol(&self) -> SmolStr {
        self.text.clone()
    }

    /// The number of Unicode scalar values (language §4.3: not UTF-16 units).
    pub fn char_count(&self) -> usize {
        self.chars
    }

    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// The character at scalar position `index`, as a string slice.
    pub fn char_at(&self, index: usize) -> Option<&str> {
        if index >= self.chars {
            return None;
        }
        if self.ascii {
            return self.text.get(index..index + 1);
        }
        if self.chars < SCAN_LIMIT {
            let (start, ch) = self.text.char_indices().nth(index)?;
            return self.text.get(start..start + ch.len_utf8());
        }
        let starts = self
            .starts
            .get_or_init(|| self.text.char_indices().map(|(i, _)| i).collect());
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(self.text.len());
        self.text.get(start..end)
    }
}

/// The data of an object (language §4.6): insertion-ordered keys, plus the hidden marks.
#[derive(Default)]
pub struct ObjectData {
    pub map: IndexMap<SmolStr, Value>,
    /// The error mark of §12.2: the diagnostic code of the error that created the object
    /// (`R0700` for `Error(…)`). Copies never carry it.
    pub error_code: Option<&'static str>,
    /// Set on read-only objects (module namespaces, `pattern`): the `{what}` of R0207's
    /// "{what} is read-only".
    pub read_only: Option<SmolStr>,
}

impl ObjectData {
    pub fn new() -> ObjectData {
        ObjectData::default()
    }

    pub fn with_capacity(capacity: usize) -> ObjectData {
        ObjectData {
            map: IndexMap::with_capacity(capacity),
            ..ObjectData::default()
        }
    }

    pub fn is_error(&self) -> bool {
        self.error_code.is_some()
    }

    /// The value under `key`, or `None` if there is no such key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// Inserts or replaces; an existing key keeps its position (§4.6).
    pub fn insert(&mut self, key: impl Into<SmolStr>, value: Value) {
        self.map.insert(key.into(), value);
    }
}

/// Identifies a compiled function: the module (file) and the function's index inside it. The
/// runtime never looks inside; backends map it to their own code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FunctionId {
    pub module: u32,
    pub index: u32,
}

/// A captured variable shared between a closure and the scope that declared it (§9.6).
pub type SharedCell = Rc<RefCell<Value>>;

/// A user function value (§4.7, §10).
pub struct Closure {
    pub id: FunctionId,
    pub captures: Box<[SharedCell]>,
    /// Shown by display (§5.3): the declared name, or `lambda` for anonymous functions.
    pub name: SmolStr,
    pub is_async: bool,
}

/// A builtin method together with the value it was read from (§4.7). The receiver keeps its
/// confidence so that the method's confidence mode counts it exactly once (§7.4).
pub struct BoundMethod {
    pub receiver: Value,
    pub method: &'static Builtin,
}

/// A configured agent (runtime §5). The core needs the name for display (`[Agent: name]`) and
/// reads properties through [`AgentDetails`]; methods (`ask`, `call`) are builtin methods of
/// [`crate::builtins::MethodOwner::Agent`].
pub struct AgentHandle {
    pub name: SmolStr,
    pub details: Box<dyn AgentDetails>,
}

/// What the agents module stores in an agent value.
pub trait AgentDetails {
    /// The read-only property `key` (runtime §5.2), or `None` if the agent has no such property.
    fn property(&self, key: &str) -> Option<Value>;

    /// Downcasting access for the agents module.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// A read-only builtin namespace (`Math`, `JSON`, `console`, …).
pub struct Namespace {
    pub name: &'static str,
    pub members: &'static [(&'static str, Member)],
}

/// A member of a namespace or of a builtin function with members (`Number.EPSILON`).
pub enum Member {
    Function(&'static Builtin),
    Number(f64),
    Namespace(&'static Namespace),
}

impl Member {
    pub fn to_value(&self) -> Value {
        match self {
            Member::Function(builtin) => Value::from_inner(Inner::Builtin(builtin)),
            Member::Number(n) => Value::number(*n),
            Member::Namespace(ns) => Value::from_inner(Inner::Namespace(ns)),
        }
    }
}

/// Finds a member by name in a static member table.
pub fn find_member(members: &'static [(&'static str, Member)], key: &str) -> Option<Value> {
    members
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, member)| member.to_value())
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

/// Dropping the last reference to a deeply nested structure must not recurse once per level
/// (a program can nest arrays a million deep in a loop, and the Rust stack would overflow).
/// Releasing recurses normally up to [`RECURSIVE_DROP_LIMIT`] levels, which costs nothing extra;
/// below that, the children of a container this value solely owns are moved onto a work list
/// and released one by one, each with an already emptied container.
impl Drop for Value {
    fn drop(&mut self) {
        if !owns_last_reference(&self.inner) {
            return;
        }
        let depth = DROP_DEPTH.with(Cell::get);
        if depth < RECURSIVE_DROP_LIMIT {
            let inner = std::mem::replace(&mut self.inner, Inner::Null);
            DROP_DEPTH.with(|cell| cell.set(depth + 1));
            drop(inner);
            DROP_DEPTH.with(|cell| cell.set(depth));
            return;
        }
        let mut pending = Vec::new();
        take_children(&mut self.inner, &mut pending);
        while let Some(mut child) = pending.pop() {
            take_children(&mut child.inner, &mut pending);
        }
    }
}

/// How many nested containers are released by plain recursion before the work list takes over.
const RECURSIVE_DROP_LIMIT: u32 = 200;

thread_local! {
    static DROP_DEPTH: Cell<u32> = const { Cell::new(0) };
}

fn owns_last_reference(inner: &Inner) -> bool {
    match inner {
        Inner::Array(rc) => Rc::strong_count(rc) == 1,
        Inner::Object(rc) => Rc::strong_count(rc) == 1,
        Inner::Closure(rc) => Rc::strong_count(rc) == 1,
        Inner::Bound(rc) => Rc::strong_count(rc) == 1,
        _ => false,
    }
}

/// Moves the children of a container this value solely owns into `out`.
fn take_children(inner: &mut Inner, out: &mut Vec<Value>) {
    match inner {
        Inner::Array(rc) if Rc::strong_count(rc) == 1 => {
            if let Ok(mut elements) = rc.try_borrow_mut() {
                out.append(&mut elements);
            }
        }
        Inner::Object(rc) if Rc::strong_count(rc) == 1 => {
            if let Ok(mut object) = rc.try_borrow_mut() {
                out.extend(object.map.drain(..).map(|(_, value)| value));
            }
        }
        Inner::Closure(rc) => {
            if let Some(closure) = Rc::get_mut(rc) {
                for cell in closure.captures.iter_mut() {
                    if let Some(cell) = Rc::get_mut(cell) {
                        out.push(std::mem::replace(cell.get_mut(), Value::NULL));
                    }
                }
            }
        }
        Inner::Bound(rc) => {
            if let Some(bound) = Rc::get_mut(rc) {
                out.push(std::mem::replace(&mut bound.receiver, Value::NULL));
            }
        }
        _ => {}
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

/// The shared storage of an array value.
pub type ArrayRef = Rc<RefCell<Vec<Value>>>;

thread_local! {
    /// The agent registry of the current run (runtime §5.3), kept alive here so that its address
    /// identifies it. Only one registry exists per run, so one address is enough.
    static AGENT_REGISTRY: RefCell<Option<ArrayRef>> = const { RefCell::new(None) };
    static AGENT_REGISTRY_ADDRESS: Cell<usize> = const { Cell::new(0) };
}

/// Declares `array` the agent registry of the run on this thread (or clears it with `None`):
/// a read-only array (writes are R0207 "the agent registry is read-only") with the extra methods
/// of [`crate::builtins::MethodOwner::AgentRegistry`].
pub fn set_agent_registry(array: Option<ArrayRef>) {
    let address = array.as_ref().map_or(0, |array| Rc::as_ptr(array) as usize);
    AGENT_REGISTRY_ADDRESS.with(|cell| cell.set(address));
    AGENT_REGISTRY.with(|registry| *registry.borrow_mut() = array);
}

/// Whether `array` is the agent registry (one address comparison).
#[inline]
pub fn is_agent_registry(array: &ArrayRef) -> bool {
    let address = Rc::as_ptr(array) as usize;
    AGENT_REGISTRY_ADDRESS.with(|cell| cell.get() == address)
}
