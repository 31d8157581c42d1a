//! Member access, indexing, writes, spreading, iteration and destructuring (language §4.3–§4.6,
//! §6.2, §6.4, §6.11, §8.5.2, §11) with the access rule (§7.4).
use prism_runtime::builtins::prelude_value;
use prism_runtime::ops::{
    array_pattern_element, array_pattern_rest, check_array_pattern, check_object_pattern,
    get_index, get_member, get_member_confident, object_key, object_pattern_rest, set_index,
    set_member, spread_into_arguments, spread_into_array, spread_into_object, ForIn,
};
use prism_runtime::value::{ObjectData, Value};

use crate::helpers::*;

#[test]
fn access_rule_examples_of_7_4() {
    let pair = c(arr(vec![num(1.0), num(2.0)]), 0.6);
    assert_eq!(outcome(get_index(&pair, &num(0.0))), "1 (~60.0%)");
    let object = c(obj(vec![("a", c(num(1.0), 0.5))]), 0.8);
    assert_eq!(outcome(get_member(&object, "a")), "1 (~40.0%)");
    assert_eq!(
        outcome(get_index(&arr(vec![c(num(1.0), 0.5)]), &num(0.0))),
        "1 (~50.0%)"
    );
    let half = c(arr(vec![num(1.0), num(2.0)]), 0.5);
    assert_eq!(outcome(get_member(&half, "length")), "2 (~50.0%)");
    // A missing element of a confident container is null with the container's confidence.
    assert_eq!(outcome(get_index(&half, &num(9.0))), "null (~50.0%)");
    assert_eq!(outcome(get_member(&obj(vec![]), "k")), "null");
}

#[test]
fn confident_access_of_6_4_3() {
    let object = c(obj(vec![("a", c(num(2.0), 0.5))]), 0.8);
    assert_eq!(outcome(get_member_confident(&object, "a")), "2 (~40.0%)");
    assert_eq!(
        outcome(get_member_confident(&obj(vec![("a", num(1.0))]), "b")),
        "null (~100.0%)"
    );
    assert_eq!(
        outcome(get_member_confident(&c(Value::NULL, 0.9), "x")),
        "null (~90.0%)"
    );
    assert_eq!(
        outcome(get_member_confident(&arr(vec![]), "nope")),
        "R0204 TypeError: array has no property 'nope'"
    );
}

#[test]
fn member_errors_of_6_4_1() {
    assert_eq!(
        outcome(get_member(&Value::NULL, "x")),
        "R0201 TypeError: cannot read property 'x' of null"
    );
    assert_eq!(
        outcome(get_member(&arr(vec![num(1.0)]), "foo")),
        "R0204 TypeError: array has no property 'foo'"
    );
    let console = prelude_value("console").unwrap();
    assert_eq!(
        outcome(get_member(&console, "foo")),
        "R0204 TypeError: console has no property 'foo'"
    );
    assert_eq!(
        outcome(get_member(&num(1.0), "x")),
        "R0204 TypeError: number has no property 'x'"
    );
    assert_eq!(
        outcome(get_member(&closure("f"), "x")),
        "R0204 TypeError: function has no property 'x'"
    );
    assert_eq!(outcome(get_member(&s("héllo"), "length")), "5");
}

#[test]
fn index_reads_of_6_4_4() {
    let list = arr(vec![num(10.0), num(20.0)]);
    let read = |v: &Value, i: Value| outcome(get_index(v, &i));
    assert_eq!(read(&list, num(1.0)), "20");
    assert_eq!(read(&list, num(2.0)), "null");
    assert_eq!(read(&list, num(-1.0)), "null");
    assert_eq!(read(&list, num(0.5)), "null");
    assert_eq!(read(&list, num(f64::NAN)), "null");
    assert_eq!(read(&list, c(num(0.0), 0.1)), "10");
    assert_eq!(
        read(&list, s("0")),
        "R0205 TypeError: index must be a number, got string"
    );
    assert_eq!(read(&s("é😀x"), num(1.0)), "😀");
    assert_eq!(read(&s("abc"), num(3.0)), "null");
    assert_eq!(
        read(&s("abc"), Value::NULL),
        "R0205 TypeError: index must be a number, got null"
    );
    let object = obj(vec![("1", s("one")), ("k", s("v"))]);
    assert_eq!(read(&object, num(1.0)), "one");
    assert_eq!(read(&object, s("k")), "v");
    assert_eq!(
        read(&object, Value::TRUE),
        "R0205 TypeError: object key must be a string, got boolean"
    );
    assert_eq!(
        read(&Value::NULL, num(0.0)),
        "R0202 TypeError: cannot index null"
    );
    assert_eq!(
        read(&num(5.0), num(0.0)),
        "R0202 TypeError: cannot index number"
    );
}

#[test]
fn writes_of_4_5_and_6_11() {
    let list = arr(vec![num(1.0), num(2.0), num(3.0)]);
    set_index(&list, &num(3.0), num(4.0)).unwrap();
    set_index(&list, &num(0.0), s("x")).unwrap();
    assert_eq!(show(&list), r#"["x", 2, 3, 4]"#);
    let error = set_index(&list, &num(5.0), num(0.0)).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0301 RangeError: array index 5 is out of range for assignment (length 4)"
    );
    assert_eq!(
        set_index(&list, &num(-1.0), num(0.0)).unwrap_err().code(),
        "R0301"
    );
    assert_eq!(
        set_index(&list, &num(0.5), num(0.0)).unwrap_err().code(),
        "R0301"
    );
    set_member(&list, "length", num(1.0)).unwrap();
    assert_eq!(show(&list), r#"["x"]"#);
    let error = set_member(&list, "length", num(5.0)).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0302 RangeError: invalid array length 5"
    );
    let error = set_member(&list, "foo", num(5.0)).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0207 TypeError: cannot set property 'foo' on array"
    );

    let confident = c(obj(vec![("a", num(1.0))]), 0.5);
    set_member(&confident, "a", num(2.0)).unwrap();
    set_index(&confident, &num(7.0), num(3.0)).unwrap();
    assert_eq!(show(&confident), r#"{ a: 2, "7": 3 } (~50.0%)"#);

    let error = set_index(&s("abc"), &num(0.0), s("x")).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0207 TypeError: cannot set property '0' on string"
    );
    let error = set_member(&Value::NULL, "k", num(1.0)).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0207 TypeError: cannot set property 'k' of null"
    );
    let console = prelude_value("console").unwrap();
    let error = set_member(&console, "log", num(1.0)).unwrap_err();
    assert_eq!(message_of(&error), "R0207 TypeError: console is read-only");
}

#[test]
fn object_keys_from_values() {
    assert_eq!(object_key(&num(1.5)).unwrap(), "1.5");
    assert_eq!(object_key(&c(s("k"), 0.2)).unwrap(), "k");
    let error = object_key(&arr(vec![])).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0205 TypeError: object key must be a string, got array"
    );
}

#[test]
fn spreading_of_6_2_and_6_5() {
    let mut out = Vec::new();
    spread_into_array(&mut out, &c(arr(vec![num(1.0), c(num(2.0), 0.5)]), 0.8)).unwrap();
    spread_into_array(&mut out, &s("hé")).unwrap();
    assert_eq!(show(&arr(out)), r#"[1 (~80.0%), 2 (~40.0%), "h", "é"]"#);
    let mut out = Vec::new();
    let failure = spread_into_array(&mut out, &num(1.0)).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0206 TypeError: cannot spread number into an array"
    );
    let failure = spread_into_arguments(&mut out, &Value::NULL).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0206 TypeError: cannot spread null into arguments"
    );

    let mut object = ObjectData::new();
    spread_into_object(&mut object, &Value::NULL).unwrap();
    spread_into_object(&mut object, &error("m", "Error")).unwrap();
    let copy = Value::object(object);
    assert!(!copy.is_error(), "spreading never copies the error mark");
    assert_eq!(
        show(&copy),
        r#"{ message: "m", kind: "Error", line: null, column: null, data: null }"#
    );
    let mut object = ObjectData::new();
    let failure = spread_into_object(&mut object, &arr(vec![])).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0206 TypeError: cannot spread array into an object"
    );
}

#[test]
fn for_in_of_8_5_2() {
    let collect = |v: &Value| {
        let mut loop_state = ForIn::new(v).unwrap();
        let mut seen = Vec::new();
        while let Some((first, second)) = loop_state.next() {
            seen.push(format!("{}/{}", show(&first), show(&second)));
        }
        seen.join(" ")
    };
    assert_eq!(
        collect(&c(arr(vec![s("a"), c(s("b"), 0.5)]), 0.8)),
        "a (~80.0%)/0 b (~40.0%)/1"
    );
    assert_eq!(collect(&s("hé")), "h/0 é/1");
    assert_eq!(
        collect(&obj(vec![("x", num(1.0)), ("y", num(2.0))])),
        "x/1 y/2"
    );
    let error = ForIn::new(&num(5.0)).err().unwrap();
    assert_eq!(
        message_of(&error),
        "R0212 TypeError: number is not iterable"
    );
    assert_eq!(ForIn::new(&Value::NULL).err().unwrap().code(), "R0212");

    // The array's current length is used at each step.
    let list = arr(vec![num(1.0)]);
    let mut loop_state = ForIn::new(&list).unwrap();
    assert!(loop_state.next().is_some());
    list.as_array().unwrap().borrow_mut().push(num(2.0));
    assert_eq!(show(&loop_state.next().unwrap().0), "2");
    assert!(loop_state.next().is_none());
}

#[test]
fn destructuring_reads_of_11() {
    let list = arr(vec![num(1.0), num(2.0), Value::NULL, num(4.0), num(5.0)]);
    check_array_pattern(&list).unwrap();
    assert_eq!(show(&array_pattern_element(&list, 0)), "1");
    assert_eq!(show(&array_pattern_element(&list, 9)), "null");
    assert_eq!(show(&array_pattern_rest(&list, 3, None)), "[4, 5]");
    let error = check_array_pattern(&num(1.0)).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0213 TypeError: cannot destructure number as an array"
    );
    let error = check_object_pattern(&Value::NULL).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0214 TypeError: cannot destructure null as an object"
    );
    check_object_pattern(&s("x")).unwrap();

    let confident = arr(vec![c(num(1.0), 0.9), c(num(2.0), 0.5), num(3.0)]);
    assert_eq!(
        show(&array_pattern_rest(&confident, 0, Some(0.8))),
        "[1 (~90.0%), 3]"
    );
    let object = obj(vec![
        ("a", num(1.0)),
        ("b", c(num(2.0), 0.4)),
        ("c", num(3.0)),
    ]);
    let rest = object_pattern_rest(&object, &["a"], Some(0.5)).unwrap();
    assert_eq!(show(&rest), "{ c: 3 }");
    let error = object_pattern_rest(&arr(vec![]), &[], None).unwrap_err();
    assert_eq!(
        message_of(&error),
        "R0214 TypeError: cannot destructure array as an object"
    );
}

#[test]
fn the_agent_registry_is_a_read_only_array() {
    use prism_runtime::value::{is_agent_registry, set_agent_registry};
    let registry = arr(vec![s("agent-a")]);
    let storage = registry.as_array().unwrap().clone();
    set_agent_registry(Some(storage.clone()));
    assert!(is_agent_registry(&storage));
    assert_eq!(outcome(get_index(&registry, &num(0.0))), "agent-a");
    assert_eq!(outcome(get_member(&registry, "length")), "1");
    let failure = set_index(&registry, &num(1.0), num(0.0)).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0207 TypeError: the agent registry is read-only"
    );
    let failure = set_member(&registry, "length", num(0.0)).unwrap_err();
    assert_eq!(
        message_of(&failure),
        "R0207 TypeError: the agent registry is read-only"
    );
    assert!(!is_agent_registry(arr(vec![]).as_array().unwrap()));
    set_agent_registry(None);
    assert!(!is_agent_registry(&storage));
    set_index(&registry, &num(1.0), num(0.0)).unwrap();
}
