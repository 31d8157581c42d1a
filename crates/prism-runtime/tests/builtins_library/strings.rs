//! Strings (builtins §5): scalar-value indices, searching, splitting, editing; mode `lift`.
use crate::machine::*;

#[test]
fn characters_and_indices() {
    let text = s("héllo");
    assert_eq!(method(&text, "at", &[num(-1.0)]), "o");
    assert_eq!(method(&text, "at", &[num(9.0)]), "null");
    assert_eq!(method(&text, "charAt", &[num(1.0)]), "é");
    assert_eq!(method(&text, "charAt", &[num(-1.0)]), "");
    assert_eq!(method(&text, "codePointAt", &[num(1.0)]), "233");
    assert_eq!(method(&text, "codePointAt", &[num(5.0)]), "null");
    assert_eq!(method(&text, "slice", &[num(1.0), num(-1.0)]), "éll");
    assert_eq!(method(&text, "substring", &[num(3.0), num(-5.0)]), "hél");
    assert_eq!(
        method(&text, "concat", &[num(1.0), arr(vec![s("x")])]),
        r#"héllo1["x"]"#
    );
    assert_eq!(
        method(&text, "at", &[s("1")]),
        "R0216 TypeError: String.at: argument 1 must be a number, got string"
    );
}

#[test]
fn searching() {
    let text = s("abcabc");
    assert_eq!(method(&text, "indexOf", &[s("c")]), "2");
    assert_eq!(method(&text, "indexOf", &[s("c"), num(3.0)]), "5");
    assert_eq!(method(&text, "indexOf", &[s(""), num(9.0)]), "6");
    assert_eq!(method(&text, "lastIndexOf", &[s("abc")]), "3");
    assert_eq!(method(&text, "lastIndexOf", &[s("abc"), num(2.0)]), "0");
    assert_eq!(method(&text, "includes", &[s("ca")]), "true");
    assert_eq!(method(&text, "includes", &[s("ab"), num(4.0)]), "false");
    assert_eq!(method(&text, "startsWith", &[s("bc"), num(1.0)]), "true");
    assert_eq!(method(&text, "endsWith", &[s("ab"), num(5.0)]), "true");
    assert_eq!(
        method(&text, "includes", &[num(1.0)]),
        "R0216 TypeError: String.includes: argument 1 must be a string, got number"
    );
}

#[test]
fn splitting() {
    assert_eq!(
        method(&s("a,b,,c"), "split", &[s(",")]),
        r#"["a", "b", "", "c"]"#
    );
    assert_eq!(method(&s("abc"), "split", &[s("")]), r#"["a", "b", "c"]"#);
    assert_eq!(method(&s("abc"), "split", &[]), r#"["abc"]"#);
    assert_eq!(method(&s(""), "split", &[s(",")]), r#"[""]"#);
    assert_eq!(
        method(&s("a,b,c"), "split", &[s(","), num(2.0)]),
        r#"["a", "b"]"#
    );
    assert_eq!(
        method(&s("a"), "split", &[s(","), num(-1.0)]),
        "R0304 RangeError: String.split: argument 2 must be an int ≥ 0, got -1"
    );
}

#[test]
fn editing() {
    assert_eq!(method(&s("\u{a0} x \n\u{2028}"), "trim", &[]), "x");
    assert_eq!(method(&s("  x "), "trimStart", &[]), "x ");
    assert_eq!(method(&s("  x "), "trimEnd", &[]), "  x");
    assert_eq!(method(&s("straße"), "toUpperCase", &[]), "STRASSE");
    assert_eq!(method(&s("ΟΔΟΣ"), "toLowerCase", &[]), "οδος");
    assert_eq!(method(&s("a.b.c"), "replace", &[s("."), s("$&")]), "a$&b.c");
    assert_eq!(
        method(&s("a.b.c"), "replaceAll", &[s("."), s("-")]),
        "a-b-c"
    );
    assert_eq!(method(&s("ab"), "replaceAll", &[s(""), s("-")]), "-a-b-");
    assert_eq!(method(&s("ab"), "replace", &[s(""), s("-")]), "-ab");
    assert_eq!(
        method(&s("aXbX"), "replace", &[s("X"), f(&ECHO)]),
        r#"a["X", 1]bX"#
    );
    assert_eq!(method(&s("5"), "padStart", &[num(3.0), s("0")]), "005");
    assert_eq!(method(&s("5"), "padEnd", &[num(6.0), s("ab")]), "5ababa");
    assert_eq!(method(&s("long"), "padStart", &[num(2.0)]), "long");
    assert_eq!(method(&s("ab"), "repeat", &[num(3.0)]), "ababab");
    assert_eq!(
        method(&s("ab"), "repeat", &[num(-1.0)]),
        "R0304 RangeError: String.repeat: argument 1 must be an int ≥ 0, got -1"
    );
    assert_eq!(method(&s("x"), "toString", &[]), "x");
}

#[test]
fn lift_mode() {
    let text = c(s("abc"), 0.6);
    assert_eq!(method(&text, "toUpperCase", &[]), "ABC (~60.0%)");
    assert_eq!(
        method(&s("abc"), "indexOf", &[c(s("b"), 0.3)]),
        "1 (~30.0%)"
    );
    assert_eq!(method(&text, "slice", &[c(num(1.0), 0.9)]), "bc (~60.0%)");
}
