//! Numbers and conversions (builtins §6, §10): `toFixed` on the exact binary value, radix
//! strings, `Number(s)` as StringToNumber, `parseInt`, `parseFloat`.
use crate::machine::*;

#[test]
fn to_fixed_is_exact() {
    let fixed = |x: f64, d: f64| method(&num(x), "toFixed", &[num(d)]);
    assert_eq!(fixed(1.005, 2.0), "1.00");
    assert_eq!(fixed(2.5, 0.0), "3");
    assert_eq!(fixed(-0.0001, 2.0), "-0.00");
    assert_eq!(fixed(1e21, 2.0), "1e+21");
    assert_eq!(fixed(1.45, 1.0), "1.4");
    assert_eq!(fixed(0.5, 0.0), "1");
    assert_eq!(fixed(-1.5, 0.0), "-2");
    assert_eq!(fixed(123.456, 5.0), "123.45600");
    assert_eq!(fixed(0.000001, 7.0), "0.0000010");
    assert_eq!(fixed(f64::NAN, 2.0), "NaN");
    assert_eq!(fixed(-0.0, 1.0), "0.0");
    assert_eq!(fixed(1e20, 2.0), "100000000000000000000.00");
    assert_eq!(fixed(0.1, 20.0), "0.10000000000000000555");
    assert_eq!(
        fixed(1.0, 101.0),
        "R0304 RangeError: Number.toFixed: argument 1 must be an int in 0…100, got 101"
    );
    assert_eq!(method(&num(1.25), "toFixed", &[]), "1");
    assert_eq!(
        method(&c(num(1.25), 0.5), "toFixed", &[num(1.0)]),
        "1.3 (~50.0%)"
    );
}

#[test]
fn to_string_with_radix() {
    let radix = |x: f64, r: f64| method(&num(x), "toString", &[num(r)]);
    assert_eq!(radix(255.0, 16.0), "ff");
    assert_eq!(radix(-255.0, 2.0), "-11111111");
    assert_eq!(radix(1e21, 36.0), "5v1j4f4ds79m9s");
    assert_eq!(radix(f64::INFINITY, 2.0), "Infinity");
    assert_eq!(method(&num(10.5), "toString", &[]), "10.5");
    assert_eq!(
        radix(1.5, 2.0),
        "R0304 RangeError: Number.toString: receiver must be an integer for radix 2"
    );
    assert_eq!(
        radix(1.0, 37.0),
        "R0304 RangeError: Number.toString: argument 1 must be an int in 2…36, got 37"
    );
    assert_eq!(method(&prism_runtime::Value::TRUE, "toString", &[]), "true");
}

#[test]
fn number_conversion_of_6_3() {
    let convert = |text: &str| call("Number", &[s(text)]);
    assert_eq!(convert("  42  "), "42");
    assert_eq!(convert(""), "0");
    assert_eq!(convert("0x1F"), "31");
    assert_eq!(convert("0b101"), "5");
    assert_eq!(convert("0o17"), "15");
    assert_eq!(convert("-0x1F"), "NaN");
    assert_eq!(convert("1e3"), "1000");
    assert_eq!(convert("abc"), "NaN");
    assert_eq!(convert("1_000"), "NaN");
    assert_eq!(convert("-Infinity"), "-Infinity");
    assert_eq!(convert("infinity"), "NaN");
    assert_eq!(convert(".5"), "0.5");
    assert_eq!(convert("5."), "5");
    assert_eq!(convert("."), "NaN");
    assert_eq!(convert("1e"), "NaN");
    assert_eq!(convert("0x"), "NaN");
    assert_eq!(convert("0x20000000000001"), "9007199254740992");
    assert_eq!(call("Number", &[prism_runtime::Value::TRUE]), "1");
    assert_eq!(call("Number", &[prism_runtime::Value::NULL]), "0");
    assert_eq!(call("Number", &[nums(&[5.0])]), "NaN");
    assert_eq!(call("Number", &[c(s("7"), 0.5)]), "7 (~50.0%)");
}

#[test]
fn parse_int_and_parse_float() {
    assert_eq!(call("parseInt", &[s("  -42px")]), "-42");
    assert_eq!(call("parseInt", &[num(15.99)]), "15");
    assert_eq!(call("parseInt", &[s("0x1f")]), "31");
    assert_eq!(call("parseInt", &[s("0x1f"), num(16.0)]), "31");
    assert_eq!(call("parseInt", &[s("0x1f"), num(10.0)]), "0");
    assert_eq!(call("parseInt", &[s("z"), num(36.0)]), "35");
    assert_eq!(call("parseInt", &[s("12"), num(1.0)]), "NaN");
    assert_eq!(call("parseInt", &[s("abc")]), "NaN");
    assert_eq!(call("parseInt", &[num(1e21)]), "1");
    assert_eq!(call("parseFloat", &[s(" 3.14abc")]), "3.14");
    assert_eq!(call("parseFloat", &[s("-.5e1x")]), "-5");
    assert_eq!(call("parseFloat", &[s("1e")]), "1");
    assert_eq!(call("parseFloat", &[s("-Infinityx")]), "-Infinity");
    assert_eq!(call("parseFloat", &[s("x1")]), "NaN");
    assert_eq!(call("Number.parseFloat", &[s("2.5")]), "2.5");
}

#[test]
fn predicates_and_constants() {
    assert_eq!(call("isNaN", &[num(f64::NAN)]), "true");
    assert_eq!(call("isNaN", &[s("x")]), "false");
    assert_eq!(call("isFinite", &[c(num(1.0), 0.5)]), "true (~50.0%)");
    assert_eq!(call("Number.isInteger", &[num(5.0)]), "true");
    assert_eq!(call("Number.isInteger", &[num(5.5)]), "false");
    assert_eq!(
        call("Number.isSafeInteger", &[num(9007199254740992.0)]),
        "false"
    );
    assert_eq!(show(&global("Number.EPSILON")), "2.220446049250313e-16");
    assert_eq!(show(&global("Number.MAX_SAFE_INTEGER")), "9007199254740991");
    assert_eq!(show(&global("Number.MIN_VALUE")), "5e-324");
    assert_eq!(show(&global("Number.MAX_VALUE")), "1.7976931348623157e+308");
    assert_eq!(
        call("String", &[arr(vec![s("a"), c(num(1.0), 0.5)])]),
        r#"["a", 1 (~50.0%)]"#
    );
    assert_eq!(call("String", &[c(num(5.0), 0.5)]), "5 (~50.0%)");
    assert_eq!(call("Boolean", &[s("")]), "false");
    assert_eq!(call("Array.isArray", &[c(arr(vec![]), 0.5)]), "true");
    assert_eq!(call("Array.from", &[s("hé")]), r#"["h", "é"]"#);
    assert_eq!(
        call("Array.from", &[c(nums(&[1.0]), 0.5), f(&ECHO)]),
        "[[1 (~50.0%), 0]]"
    );
    assert_eq!(
        call("Array.from", &[num(1.0)]),
        "R0216 TypeError: Array.from: argument 1 must be an array or a string, got number"
    );
}

#[test]
fn math_members() {
    assert_eq!(call("Math.round", &[num(2.5)]), "3");
    assert_eq!(call("Math.round", &[num(-2.5)]), "-2");
    assert_eq!(call("Math.round", &[num(0.49999999999999994)]), "0");
    assert_eq!(call("Math.sign", &[num(-3.0)]), "-1");
    assert_eq!(call("Math.clamp", &[num(15.0), num(0.0), num(10.0)]), "10");
    assert_eq!(
        call("Math.clamp", &[num(1.0), num(5.0), num(0.0)]),
        "R0304 RangeError: Math.clamp: argument 2 must be at most argument 3, got 5"
    );
    assert_eq!(call("Math.pow", &[num(2.0), num(10.0)]), "1024");
    assert_eq!(call("Math.hypot", &[num(3.0), num(4.0)]), "5");
    assert_eq!(call("Math.sqrt", &[c(num(4.0), 0.5)]), "2 (~50.0%)");
    assert_eq!(
        call("Math.sqrt", &[s("4")]),
        "R0216 TypeError: Math.sqrt: argument 1 must be a number, got string"
    );
    let max = call("max", &[c(num(1.0), 0.9), c(num(5.0), 0.4), num(3.0)]);
    assert_eq!(max, "5 (~40.0%)");
    assert_eq!(call("max", &[num(5.0), c(num(5.0), 0.2)]), "5");
    assert_eq!(call("Math.max", &[c(num(1.0), 0.3), num(f64::NAN)]), "NaN");
    assert_eq!(call("Math.max", &[]), "-Infinity");
    assert_eq!(call("Math.min", &[]), "Infinity");
    let zero = prism_runtime::ops::unary(prism_runtime::ops::UnaryOp::Neg, &num(0.0));
    let negative_zero = zero.unwrap_or(num(0.0));
    assert_eq!(call("Math.min", &[num(0.0), negative_zero.clone()]), "0");
    let minimum = call_value("Math.min", &[num(0.0), negative_zero]).unwrap_or(num(1.0));
    assert!(minimum.as_number().is_some_and(|n| n.is_sign_negative()));
}

#[test]
fn random_is_seeded_stream_0() {
    let mut machine = TestMachine::new(42);
    let random = global("Math.random");
    let draws: Vec<String> = (0..3)
        .map(|_| outcome(prism_runtime::Machine::call(&mut machine, &random, &[])))
        .collect();
    assert_eq!(
        draws,
        [
            "0.08386297105988216",
            "0.3789802506626686",
            "0.6800434110281394"
        ]
    );
}

fn show(value: &prism_runtime::Value) -> String {
    prism_runtime::display(value)
}

#[test]
fn long_radix_texts_stay_fast_and_overflow_to_infinity() {
    let hex = "f".repeat(2_000_000);
    assert_eq!(call("Number", &[s(&format!("0x{hex}"))]), "Infinity");
    assert_eq!(call("parseInt", &[s(&hex), num(16.0)]), "Infinity");
    assert_eq!(call("Number", &[s(&format!("0x{hex}g"))]), "NaN");
    assert_eq!(
        call("parseInt", &[s(&"1".repeat(300)), num(2.0)]),
        "2.037035976334486e+90"
    );
    assert_eq!(
        call("Number", &[s(&format!("0x{}", "f".repeat(256)))]),
        "Infinity"
    );
}
