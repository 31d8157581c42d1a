//! JSON (builtins §9): strict parsing with positioned errors, serialising, extracting.
use prism_runtime::Value;

use crate::machine::*;

#[test]
fn parsing() {
    let parse = |text: &str| call("JSON.parse", &[s(text)]);
    assert_eq!(
        parse(r#"{"a": [1, 2.5, "x"], "b": null, "c": {"d": true}}"#),
        r#"{ a: [1, 2.5, "x"], b: null, c: { d: true } }"#
    );
    assert_eq!(parse(r#"{"a":1,"b":2,"a":3}"#), "{ a: 3, b: 2 }");
    assert_eq!(parse("1e999"), "Infinity");
    assert_eq!(
        parse(r#""\ud83d\ude00 \ud800 \u00e9\n""#),
        "😀 \u{fffd} é\n"
    );
    assert_eq!(parse(" [ ] "), "[]");
}

#[test]
fn syntax_errors_name_line_and_column() {
    let parse = |text: &str| call("JSON.parse", &[s(text)]);
    let prefix = "R0601 SyntaxError: JSON.parse:";
    assert_eq!(
        parse(r#"{"a": 1,}"#),
        format!("{prefix} unexpected character '}}' at line 1 column 9")
    );
    assert_eq!(
        parse("[1,\n  2"),
        format!("{prefix} unexpected end of input at line 2 column 4")
    );
    assert_eq!(
        parse(r#""\x""#),
        format!("{prefix} invalid escape at line 1 column 2")
    );
    assert_eq!(
        parse("-x"),
        format!("{prefix} invalid number at line 1 column 2")
    );
    assert_eq!(
        parse("1."),
        format!("{prefix} invalid number at line 1 column 3")
    );
    assert_eq!(
        parse("1 2"),
        format!("{prefix} unexpected text after the value at line 1 column 3")
    );
    assert_eq!(
        parse("NaN"),
        format!("{prefix} unexpected character 'N' at line 1 column 1")
    );
    assert_eq!(
        parse("é?"),
        format!("{prefix} unexpected character 'é' at line 1 column 1")
    );
    let deep = "[".repeat(513) + &"]".repeat(513);
    assert_eq!(
        parse(&deep),
        "R0305 RangeError: structure nested more than 512 levels deep"
    );
    assert!(parse(&("[".repeat(512) + &"]".repeat(512))).starts_with("[[[["));
}

#[test]
fn stringifying() {
    let value = obj(vec![
        (
            "a",
            arr(vec![c(num(1.0), 0.5), s("x"), Value::NULL, Value::TRUE]),
        ),
        ("b", obj(vec![("c", num(1.5))])),
    ]);
    assert_eq!(
        call("JSON.stringify", &[value]),
        r#"{"a":[1,"x",null,true],"b":{"c":1.5}}"#
    );
    let special = arr(vec![num(f64::NAN), num(f64::INFINITY), s("q\"\n\u{1}é\\")]);
    assert_eq!(
        call("JSON.stringify", &[special]),
        r#"[null,null,"q\"\n\u0001é\\"]"#
    );
    let nested = obj(vec![
        ("k", arr(vec![num(1.0), obj(vec![("z", arr(vec![]))])])),
        ("e", obj(vec![])),
    ]);
    assert_eq!(
        call("JSON.stringify", &[nested.clone(), Value::NULL, num(2.0)]),
        "{\n  \"k\": [\n    1,\n    {\n      \"z\": []\n    }\n  ],\n  \"e\": {}\n}"
    );
    assert_eq!(
        call("JSON.stringify", &[nums(&[1.0]), Value::NULL, s("--")]),
        "[\n--1\n]"
    );
    assert_eq!(call("JSON.stringify", &[c(s("x"), 0.5)]), r#""x" (~50.0%)"#);
    assert_eq!(
        call("JSON.stringify", &[arr(vec![f(&ADD)])]),
        "R0218 TypeError: JSON.stringify: cannot serialize function"
    );
    let cyclic = arr(vec![]);
    if let Some(inner) = cyclic.as_array() {
        inner.borrow_mut().push(cyclic.clone());
    }
    assert_eq!(
        call("JSON.stringify", std::slice::from_ref(&cyclic)),
        "R0218 TypeError: JSON.stringify: circular structure"
    );
    if let Some(inner) = cyclic.as_array() {
        inner.borrow_mut().clear();
    }
    assert_eq!(
        call("JSON.stringify", &[num(1.0), f(&ADD)]),
        "R0216 TypeError: JSON.stringify: argument 2 must be null, got function"
    );
}

#[test]
fn extracting() {
    let extract = |text: &str| call("JSON.extract", &[s(text)]);
    assert_eq!(
        extract("Sure! ```json\n{\"ok\": true}\n```"),
        "{ ok: true }"
    );
    assert_eq!(
        extract(r#"see [note] then {"a": 1} and {"b": 2}"#),
        "{ a: 1 }"
    );
    assert_eq!(extract("no json here"), "null");
    assert_eq!(extract("[1, 2] trailing"), "[1, 2]");
}

#[test]
fn public_json_functions_for_the_runtime() {
    use prism_runtime::builtins::json::{extract, parse, stringify};
    let value = parse(r#"{"a": [1, {"b": null}]}"#).unwrap_or(Value::NULL);
    assert_eq!(
        stringify(&value, "").ok().as_deref(),
        Some(r#"{"a":[1,{"b":null}]}"#)
    );
    assert_eq!(
        stringify(&value, "  ").ok().as_deref(),
        Some("{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ]\n}")
    );
    assert_eq!(outcome(extract("x [2] y")), "[2]");
    assert_eq!(
        outcome(parse("{")),
        "R0601 SyntaxError: JSON.parse: unexpected end of input at line 1 column 2"
    );
}
