//! Releasing deeply nested structures must not overflow the Rust stack.
use std::cell::RefCell;
use std::rc::Rc;

use prism_runtime::value::{Closure, FunctionId};

use crate::helpers::*;

const DEPTH: usize = 200_000;

#[test]
fn dropping_deeply_nested_arrays_and_objects() {
    let mut value = num(1.0);
    for i in 0..DEPTH {
        value = if i % 2 == 0 {
            arr(vec![value])
        } else {
            obj(vec![("next", value)])
        };
    }
    drop(value);
}

#[test]
fn dropping_a_long_chain_of_closures() {
    let mut value = num(1.0);
    for _ in 0..DEPTH {
        let cell = Rc::new(RefCell::new(value));
        value = prism_runtime::Value::closure(Closure {
            id: FunctionId {
                module: 0,
                index: 0,
            },
            captures: Box::new([cell]),
            name: "f".into(),
            is_async: false,
        });
    }
    drop(value);
}

#[test]
fn shared_children_survive_the_release_of_their_parent() {
    let shared = arr(vec![num(1.0), obj(vec![("k", s("v"))])]);
    let parent = arr(vec![shared.clone(), shared.clone()]);
    drop(parent);
    assert_eq!(show(&shared), r#"[1, { k: "v" }]"#);
    let cycle = arr(vec![]);
    cycle.as_array().unwrap().borrow_mut().push(cycle.clone());
    drop(cycle); // a cycle leaks, as with any reference counting, but must not crash
}
