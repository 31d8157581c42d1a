//! Properties of the number and JSON conversions over random inputs (builtins §6, §9).
use prism_runtime::Value;
use proptest::prelude::*;

use crate::machine::*;

proptest! {
    /// `toFixed` is the exact rounding of §6.1: the decimal it writes is within half a unit of
    /// the last place from the binary value, and it never panics.
    #[test]
    fn to_fixed_rounds_to_the_nearest_unit(x in -1e15f64..1e15, digits in 0u32..=12) {
        let text = method(&num(x), "toFixed", &[num(f64::from(digits))]);
        let written: f64 = text.parse().unwrap_or(f64::NAN);
        let unit = 10f64.powi(-(digits as i32));
        // The parsed decimal is itself rounded to binary64, so allow a few ulps of slack.
        let slack = unit / 2.0 + x.abs() * 4.0 * f64::EPSILON;
        prop_assert!((written - x).abs() <= slack, "{x} toFixed({digits}) = {text}");
        prop_assert_eq!(text.split('.').nth(1).map_or(0, str::len), digits as usize);
    }

    /// Every finite number survives `Number(String(x))` and `JSON.parse(JSON.stringify(x))`.
    #[test]
    fn numbers_round_trip_through_text(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assume!(x.is_finite());
        let text = call_value("String", &[num(x)]).unwrap_or(Value::NULL);
        let back = call_value("Number", &[text]).ok().and_then(|v| v.as_number());
        prop_assert_eq!(back, Some(x));
        let json = call_value("JSON.stringify", &[num(x)]).unwrap_or(Value::NULL);
        let parsed = call_value("JSON.parse", &[json]).ok().and_then(|v| v.as_number());
        prop_assert_eq!(parsed, Some(x));
    }

    /// `JSON.parse` never panics, and what it accepts serialises back to text it accepts again
    /// with the same result.
    #[test]
    fn json_parse_is_total_and_stable(text in "[\\[\\]{}\",:0-9a-z.eE+\\- \\\\]{0,24}") {
        if let Ok(value) = call_value("JSON.parse", &[s(&text)]) {
            let once = call("JSON.stringify", &[value]);
            let again = call_value("JSON.parse", &[s(&once)]).unwrap_or(Value::NULL);
            prop_assert_eq!(call("JSON.stringify", &[again]), once);
        }
        let _ = call("JSON.extract", &[s(&text)]);
        let _ = call("Number", &[s(&text)]);
        let _ = call("parseFloat", &[s(&text)]);
    }
}
