//! Releasing values without deep recursion.
use std::cell::Cell;
use std::rc::Rc;

use super::{Inner, Value};

/// Dropping the last reference to a deeply nested structure must not recurse once per level
/// (a program can nest arrays a million deep in a loop, and the Rust stack would overflow).
/// Releasing recurses normally up to `RECURSIVE_DROP_LIMIT` levels, which costs nothing extra;
/// below that, the children of a container this value solely owns are moved onto a work list
/// and released one by one, each with an already emptied container.
impl Drop for Value {
    /// Most values dropped are scalars (registers overwritten, numbers read out of arrays):
    /// they own nothing, so the test is inlined and only heap values take the call.
    #[inline(always)]
    fn drop(&mut self) {
        if !self.inner.is_scalar() {
            release(self);
        }
    }
}

/// Releases a heap value's reference (see the `Drop` impl above for why this is out of line).
#[inline(never)]
fn release(value: &mut Value) {
    if !owns_last_reference(&value.inner) {
        return;
    }
    let depth = DROP_DEPTH.with(Cell::get);
    if depth < RECURSIVE_DROP_LIMIT {
        let inner = std::mem::replace(&mut value.inner, Inner::Null);
        DROP_DEPTH.with(|cell| cell.set(depth + 1));
        drop(inner);
        DROP_DEPTH.with(|cell| cell.set(depth));
        return;
    }
    let mut pending = Vec::new();
    take_children(&mut value.inner, &mut pending);
    while let Some(mut child) = pending.pop() {
        take_children(&mut child.inner, &mut pending);
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
        // Not `Rc::get_mut`: the cycle collector's registry holds a `Weak` to every closure.
        // The cells only this closure holds are emptied through their `RefCell` instead.
        Inner::Closure(rc) if Rc::strong_count(rc) == 1 => {
            for cell in rc.captures.iter() {
                if Rc::strong_count(cell) == 1 {
                    if let Ok(mut value) = cell.try_borrow_mut() {
                        out.push(std::mem::replace(&mut *value, Value::NULL));
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
