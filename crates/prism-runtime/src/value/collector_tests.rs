//! Unit tests of the cycle collector. Each test runs on its own thread (the test harness), so
//! each has a registry of its own. Writes into containers call [`stored`] as the language's
//! writes do.
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use super::*;
use crate::value::{FunctionId, Inner, Value};

fn object_with_self_reference() -> (Value, Weak<RefCell<ObjectData>>) {
    let object = Value::object(ObjectData::new());
    let rc = object.as_object().expect("an object").clone();
    stored(&object);
    rc.borrow_mut().insert("me", object.clone());
    rc.borrow_mut().insert("name", Value::string("kept"));
    (object, Rc::downgrade(&rc))
}

fn closure_over(cell: &SharedCell) -> Value {
    Value::closure(Closure {
        id: FunctionId {
            module: 0,
            index: 0,
        },
        captures: vec![cell.clone()].into_boxed_slice(),
        name: "f".into(),
        is_async: false,
    })
}

fn closure_capturing(value: Value) -> (Value, SharedCell) {
    let cell: SharedCell = Rc::new(RefCell::new(value));
    (closure_over(&cell), cell)
}

#[test]
fn an_object_that_refers_to_itself_is_freed() {
    let (object, weak) = object_with_self_reference();
    drop(object);
    assert!(
        weak.upgrade().is_some(),
        "reference counting alone keeps the cycle"
    );
    let collection = collect();
    assert!(weak.upgrade().is_none(), "the collection freed the cycle");
    assert_eq!(collection.freed, 1);
}

#[test]
fn an_array_that_contains_itself_is_freed() {
    let array = Value::array(vec![Value::number(1.0)]);
    let rc = array.as_array().expect("an array").clone();
    stored(&array);
    rc.borrow_mut().push(array.clone());
    let weak = Rc::downgrade(&rc);
    drop((array, rc));
    collect();
    assert!(weak.upgrade().is_none());
}

#[test]
fn a_cycle_through_an_object_a_closure_and_a_cell_is_freed() {
    // `let o = {}; o.f = () => o`
    let object = Value::object(ObjectData::new());
    let rc = object.as_object().expect("an object").clone();
    let (closure, cell) = closure_capturing(object.clone());
    stored(&closure);
    rc.borrow_mut().insert("f", closure.clone());
    let (weak_object, weak_cell) = (Rc::downgrade(&rc), Rc::downgrade(&cell));
    let Inner::Closure(closure_rc) = closure.inner() else {
        unreachable!("a closure value");
    };
    let weak_closure = Rc::downgrade(closure_rc);
    drop((object, rc, closure, cell));
    collect();
    assert!(weak_object.upgrade().is_none());
    assert!(weak_cell.upgrade().is_none());
    assert!(weak_closure.upgrade().is_none());
}

#[test]
fn a_cycle_held_from_a_local_keeps_its_contents() {
    let (object, weak) = object_with_self_reference();
    let collection = collect();
    assert_eq!(collection.freed, 0);
    let rc = weak.upgrade().expect("still alive");
    let data = rc.borrow();
    assert!(data.get("me").is_some_and(|me| me.same_reference(&object)));
    assert_eq!(data.get("name").and_then(Value::as_str), Some("kept"));
}

#[test]
fn a_cycle_held_from_an_outer_object_keeps_its_contents() {
    let (object, weak) = object_with_self_reference();
    let outer = Value::object_from([("inner", object)]);
    for _ in 0..3 {
        collect();
    }
    let rc = weak.upgrade().expect("still alive");
    assert_eq!(rc.borrow().map.len(), 2, "nothing was emptied");
    drop(rc);
    drop(outer);
    collect();
    assert!(
        weak.upgrade().is_none(),
        "freed once the outer object is gone"
    );
}

#[test]
fn a_cycle_held_only_through_a_captured_cell_survives() {
    // A closure held from outside keeps the cycle it captures.
    let (object, weak) = object_with_self_reference();
    let (closure, _) = closure_capturing(object);
    collect();
    assert!(weak
        .upgrade()
        .is_some_and(|rc| rc.borrow().get("me").is_some()));
    drop(closure);
    collect();
    assert!(weak.upgrade().is_none());
}

#[test]
fn a_container_borrowed_during_a_collection_is_left_alone() {
    // A builtin may hold a borrow while it creates values (and so starts a collection): the
    // collection must neither panic nor touch it.
    let (object, weak) = object_with_self_reference();
    let rc = object.as_object().expect("an object").clone();
    drop(object);
    {
        let guard = rc.borrow_mut();
        assert_eq!(collect().freed, 0);
        assert_eq!(guard.map.len(), 2);
    }
    drop(rc);
    collect();
    assert!(weak.upgrade().is_none());
}

#[test]
fn a_collection_starts_by_itself_once_enough_containers_were_created() {
    let (object, weak) = object_with_self_reference();
    drop(object);
    for _ in 0..MIN_THRESHOLD {
        stored(&Value::array(Vec::new()));
    }
    assert!(weak.upgrade().is_none(), "no collection ran");
    assert!(registered() < MIN_THRESHOLD, "dead entries were pruned");
}

#[test]
fn the_threshold_grows_with_the_live_containers() {
    let live: Vec<Value> = (0..MIN_THRESHOLD)
        .map(|_| Value::object(ObjectData::new()))
        .collect();
    live.iter().for_each(stored);
    collect();
    let survivors = registered();
    assert!(survivors >= MIN_THRESHOLD);
    // Fewer new containers than survivors: no collection yet, so the garbage cycle stays.
    let (object, weak) = object_with_self_reference();
    drop(object);
    for _ in 0..survivors / 2 {
        stored(&Value::array(Vec::new()));
    }
    assert!(
        weak.upgrade().is_some(),
        "collected earlier than the doubling"
    );
    drop(live);
}

#[test]
fn cells_let_go_by_a_frame_are_collected_without_waiting() {
    // `function walk() { walk() }` inside a frame: cell → closure → cell.
    let cell: SharedCell = Rc::new(RefCell::new(Value::NULL));
    let closure = closure_over(&cell);
    stored(&closure);
    *cell.borrow_mut() = closure;
    let weak = Rc::downgrade(&cell);
    assert!(collect_from_cells(std::slice::from_ref(&cell), 16) > 0);
    drop(cell);
    assert!(weak.upgrade().is_none());
}

#[test]
fn cells_still_held_elsewhere_are_not_emptied() {
    let cell: SharedCell = Rc::new(RefCell::new(Value::NULL));
    let (closure, _) = closure_capturing(Value::NULL);
    *cell.borrow_mut() = closure.clone();
    let second_holder = cell.clone();
    assert_eq!(collect_from_cells(std::slice::from_ref(&cell), 16), 0);
    assert!(second_holder.borrow().same_reference(&closure));
}

#[test]
fn containers_holding_only_scalars_are_never_registered() {
    let array = Value::array(vec![Value::number(1.0), Value::string("text")]);
    let object = Value::object_from([("n", Value::number(2.0))]);
    stored(&Value::number(3.0));
    stored(&Value::string("more"));
    assert_eq!(registered(), 0);
    drop((array, object));
}

#[test]
fn a_stored_bound_method_registers_its_receiver() {
    // `a.push(a.push)`: array → bound method → array.
    let array = Value::array(Vec::new());
    let rc = array.as_array().expect("an array").clone();
    let bound = Value::bound(
        array.clone(),
        crate::builtins::find_method(crate::builtins::MethodOwner::Array, "push")
            .expect("Array.push exists"),
    );
    stored(&bound);
    rc.borrow_mut().push(bound);
    let weak = Rc::downgrade(&rc);
    drop((array, rc));
    collect();
    assert!(weak.upgrade().is_none());
}
