//! Display (language §5), text form (§4.15) and JSON projection (runtime §14.2).
use prism_runtime::display::{display_nested, format_number, format_percent, text_form, to_json};
use prism_runtime::value::Value;

use crate::helpers::*;

#[test]
fn spec_examples_of_5_5() {
    assert_eq!(show(&num(42.0)), "42");
    assert_eq!(show(&s("hi")), "hi");
    let list = arr(vec![s("hi"), num(1.0), Value::NULL, Value::TRUE]);
    assert_eq!(show(&list), r#"["hi", 1, null, true]"#);
    assert_eq!(
        show(&obj(vec![("a", num(1.0)), ("b", s("x"))])),
        r#"{ a: 1, b: "x" }"#
    );
    assert_eq!(
        show(&obj(vec![("two words", arr(vec![]))])),
        r#"{ "two words": [] }"#
    );
    assert_eq!(show(&obj(vec![])), "{}");
    assert_eq!(show(&c(num(42.0), 0.85)), "42 (~85.0%)");
    assert_eq!(
        show(&arr(vec![c(num(1.0), 0.5), num(2.0)])),
        "[1 (~50.0%), 2]"
    );
    let nested = c(obj(vec![("r", c(s("ok"), 0.7))]), 0.9);
    assert_eq!(show(&nested), r#"{ r: "ok" (~70.0%) } (~90.0%)"#);
    assert_eq!(show(&arr(vec![s("say \"hi\"\n")])), r#"["say \"hi\"\n"]"#);
    assert_eq!(show(&closure("lambda")), "[Function: lambda]");
    assert_eq!(show(&closure("add")), "[Function: add]");
    assert_eq!(show(&error("boom", "Error")), "boom");
    assert_eq!(show(&arr(vec![error("boom", "Error")])), "[[Error: boom]]");
}

#[test]
fn numbers_display_like_javascript() {
    let cases = [
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (0.0000001, "1e-7"),
        (2f64.powi(53) + 1.0, "9007199254740992"),
        (-0.0, "0"),
        (100.0 / 3.0, "33.333333333333336"),
        (123.0, "123"),
        (3.15, "3.15"),
        (0.001, "0.001"),
        (0.000001, "0.000001"),
        (1.5e-7, "1.5e-7"),
        (12345678901234567890123456.0, "1.2345678901234568e+25"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (-2.5, "-2.5"),
        (1000000.0, "1000000"),
    ];
    for (n, expected) in cases {
        assert_eq!(format_number(n), expected, "display of {n:e}");
    }
}

#[test]
fn confidence_percentages_of_5_2() {
    let cases = [
        (0.85, "85.0"),
        (1.0, "100.0"),
        (0.0, "0.0"),
        (0.625, "62.5"),
        (0.3333, "33.3"),
        (2.0 / 3.0, "66.7"),
        (0.0005, "0.1"),
        (0.0004, "0.0"),
        (0.123449, "12.3"),
    ];
    for (conf, expected) in cases {
        assert_eq!(format_percent(conf), expected, "percentage of {conf}");
    }
}

#[test]
fn quoted_strings_escape_per_5_4() {
    let strings = [
        "say \"hi\"",
        "back\\slash",
        "a\tb",
        "c\nd",
        "\r",
        "\u{1b}",
        "\u{7f}",
        "\0",
        "\u{8}",
        "${x}",
        "$x",
    ];
    let list = arr(strings.iter().map(|text| s(text)).collect());
    let expected = r#"["say \"hi\"", "back\\slash", "a\tb", "c\nd", "\r", "\u{1b}", "\u{7f}", "\u{0}", "\u{8}", "\${x}", "$x"]"#;
    assert_eq!(show(&list), expected);
    assert_eq!(display_nested(&s("é😀")), "\"é😀\"");
}

#[test]
fn object_keys_bare_or_quoted() {
    let object = obj(vec![
        ("a", num(1.0)),
        ("my key", num(2.0)),
        ("if", num(3.0)),
        ("1", num(4.0)),
        ("_x", num(5.0)),
        ("$y", num(6.0)),
        ("", num(7.0)),
        ("a-b", num(8.0)),
        ("é", num(9.0)),
    ]);
    let expected = r#"{ a: 1, "my key": 2, if: 3, "1": 4, _x: 5, $y: 6, "": 7, "a-b": 8, é: 9 }"#;
    assert_eq!(show(&object), expected);
}

#[test]
fn empty_and_nested_containers() {
    let values = [
        arr(vec![]),
        obj(vec![]),
        arr(vec![arr(vec![])]),
        obj(vec![("a", obj(vec![]))]),
    ];
    let shown: Vec<String> = values.iter().map(show).collect();
    assert_eq!(shown.join(" "), "[] {} [[]] { a: {} }");
}

#[test]
fn error_objects_nested_and_top_level() {
    let e = error("boom", "Error");
    let v = error("bad input", "ValidationError");
    assert_eq!(
        show(&arr(vec![e.clone(), v])),
        "[[Error: boom], [ValidationError: bad input]]"
    );
    assert_eq!(
        show(&obj(vec![("e", error("inner", "Error"))])),
        "{ e: [Error: inner] }"
    );
    assert_eq!(show(&c(e, 0.5)), "boom (~50.0%)");
}

#[test]
fn cycles_show_circular() {
    let list = arr(vec![num(1.0)]);
    list.as_array().unwrap().borrow_mut().push(list.clone());
    assert_eq!(show(&list), "[1, [Circular]]");
    let object = obj(vec![("a", num(1.0))]);
    object
        .as_object()
        .unwrap()
        .borrow_mut()
        .insert("self", object.clone());
    assert_eq!(show(&object), "{ a: 1, self: [Circular] }");
    // The same array twice side by side is not a cycle.
    let shared = arr(vec![]);
    assert_eq!(show(&arr(vec![shared.clone(), shared])), "[[], []]");
    assert_eq!(
        to_json(&object).to_string(),
        r#"{"a":1,"self":"[Circular]"}"#
    );
}

#[test]
fn nesting_deeper_than_512_is_elided() {
    let mut value = num(1.0);
    for _ in 0..513 {
        value = arr(vec![value]);
    }
    let text = show(&value);
    assert_eq!(text, format!("{}[…]{}", "[".repeat(512), "]".repeat(512)));
    let mut value = num(1.0);
    for _ in 0..512 {
        value = arr(vec![value]);
    }
    assert_eq!(
        show(&value),
        format!("{}1{}", "[".repeat(512), "]".repeat(512))
    );
}

#[test]
fn text_form_of_4_15() {
    assert_eq!(text_form(&s("a")), "a");
    assert_eq!(text_form(&arr(vec![s("a"), num(1.0)])), r#"["a", 1]"#);
    assert_eq!(text_form(&obj(vec![("k", s("v"))])), r#"{ k: "v" }"#);
    assert_eq!(text_form(&c(num(5.0), 0.5)), "5");
    assert_eq!(text_form(&arr(vec![c(num(1.0), 0.5)])), "[1 (~50.0%)]");
}

#[test]
fn other_values_display_by_kind() {
    let print = prism_runtime::builtins::prelude_value("print").unwrap();
    let console = prism_runtime::builtins::prelude_value("console").unwrap();
    assert_eq!(show(&print), "[Function: print]");
    assert_eq!(show(&console), "[Namespace: console]");
    let log = prism_runtime::ops::get_member(&console, "log").unwrap();
    assert_eq!(show(&log), "[Function: console.log]");
    let task = Value::task(prism_runtime::tasks::TaskRef::new(Box::new(())));
    assert_eq!(show(&arr(vec![task])), "[[Task]]");
}

#[test]
fn json_projection_of_runtime_14_2() {
    let value = c(
        arr(vec![
            num(1.0),
            num(0.5),
            num(f64::NAN),
            c(s("x"), 0.3),
            Value::NULL,
            obj(vec![("k", Value::FALSE)]),
            closure("f"),
        ]),
        0.9,
    );
    let json = to_json(&value).to_string();
    assert_eq!(json, r#"[1,0.5,null,"x",null,{"k":false},"[Function: f]"]"#);
}

#[test]
fn long_non_ascii_strings_index_through_the_offset_table() {
    let text: String = "aé😀".repeat(20);
    let value = s(&text);
    let Some(pstr) = (match value.inner() {
        prism_runtime::Inner::Str(pstr) => Some(pstr.clone()),
        _ => None,
    }) else {
        panic!("a string value")
    };
    assert_eq!(pstr.char_count(), 60);
    let rebuilt: String = (0..60).filter_map(|i| pstr.char_at(i)).collect();
    assert_eq!(rebuilt, text);
    assert_eq!(pstr.char_at(59), Some("😀"));
    assert_eq!(pstr.char_at(60), None);
}

#[test]
fn user_error_objects_carry_their_position() {
    let e = prism_runtime::error::user_error_object("m", "MyErr", num(7.0), Some((3, 9)));
    assert_eq!(display_nested(&arr(vec![e.clone()])), "[[MyErr: m]]");
    let keys: Vec<String> = e
        .as_object()
        .unwrap()
        .borrow()
        .map
        .keys()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(keys.join(","), "message,kind,line,column,data");
    assert_eq!(
        show(&prism_runtime::ops::get_member(&e, "line").unwrap()),
        "3"
    );
    let thrown = prism_runtime::Thrown::user(e);
    assert_eq!(thrown.code(), "R0700");
    let diagnostic = thrown.to_diagnostic();
    assert_eq!(
        (diagnostic.kind.as_deref(), diagnostic.message.as_str()),
        (Some("MyErr"), "m")
    );
    let plain = prism_runtime::Thrown::user(s("bad input")).to_diagnostic();
    assert_eq!(
        (plain.code, plain.message.as_str()),
        ("R0100", "uncaught exception: bad input")
    );
}

#[test]
fn json_projection_spells_large_integers_as_displayed() {
    let values = arr(vec![
        num(2f64.powi(60)),
        num(-2f64.powi(62)),
        num(-0.0),
        num(1e19),
    ]);
    let json = to_json(&values).to_string();
    assert_eq!(
        json,
        "[1152921504606847000,-4611686018427388000,0,10000000000000000000]"
    );
}
