//! The interpreter's object operations (`NewObject` sized to its literal, literal keys, member
//! reads and writes with a constant name). They live outside the dispatch loop, not inlined
//! into it: their code in the loop made the compiler keep fewer of the loop's own values in
//! registers, which slowed the arithmetic loops that never touch an object.
//!
//! Registers are absolute stack indices here (the loop has added the frame's base).

use prism_ir::{ConstId, Constant};
use prism_runtime::value::{collector, ObjectData};
use prism_runtime::{Inner, Value};
use smol_str::SmolStr;

use crate::exec::{pair, put};
use crate::vm::{Frame, Vm};

/// The string constant `key` as its own `SmolStr` (cheap to clone: no new key string for each
/// object).
fn constant_key(frame: &Frame<'_>, key: u32) -> SmolStr {
    match frame.program.ir.constant(ConstId(key)) {
        Some(Constant::String(text)) => text.clone(),
        _ => SmolStr::default(),
    }
}

impl Vm<'_, '_> {
    #[inline(never)]
    pub(crate) fn new_object(&mut self, dst: usize, capacity: u32) {
        put(
            &mut self.stack[dst],
            Value::object(ObjectData::with_capacity(capacity as usize)),
        );
    }

    /// A literal property: the object is still being built, so no write barrier is needed
    /// (see `prism_runtime::value::collector`).
    #[inline(never)]
    pub(crate) fn insert_named(
        &mut self,
        frame: &Frame<'_>,
        object: usize,
        key: u32,
        value: usize,
    ) {
        let key = constant_key(frame, key);
        let value = self.stack[value].clone();
        if let Some(object) = self.stack[object].as_object() {
            object.borrow_mut().insert(key, value);
        }
    }

    /// `dst = object.name` on a plain object (the access rule then leaves the value as stored,
    /// §7.4). False, with nothing done, for anything else: the caller takes the general path.
    #[inline(never)]
    pub(crate) fn get_member_op(
        &mut self,
        frame: &Frame<'_>,
        dst: usize,
        object: usize,
        name: u32,
    ) -> bool {
        let source = &self.stack[object];
        if !matches!(source.inner(), Inner::Object(_)) || source.is_confident() {
            return false;
        }
        let key = frame.program.ir.string(ConstId(name));
        if dst == object {
            let found = source
                .as_object()
                .and_then(|data| data.borrow().get(key).cloned());
            put(&mut self.stack[dst], found.unwrap_or(Value::NULL));
        } else {
            let (target, source) = pair(&mut self.stack, dst, object);
            if let Some(data) = source.as_object() {
                match data.borrow().get(key) {
                    Some(found) => target.assign(found),
                    None => put(target, Value::NULL),
                }
            }
        }
        true
    }

    /// `object.name = value` into a writable object. False, with nothing done, for anything
    /// else (read-only objects, arrays, other types): the caller takes the general path.
    #[inline(never)]
    pub(crate) fn set_member_op(
        &mut self,
        frame: &Frame<'_>,
        object: usize,
        name: u32,
        value: usize,
    ) -> bool {
        let Some(data) = self.stack[object].as_object() else {
            return false;
        };
        if data.borrow().read_only.is_some() {
            return false;
        }
        let key = constant_key(frame, name);
        let value = self.stack[value].clone();
        // Before the borrow: registering may start a collection.
        collector::stored(&value);
        // The replaced value is dropped after the borrow ends.
        let old = data.borrow_mut().map.insert(key, value);
        drop(old);
        true
    }
}
