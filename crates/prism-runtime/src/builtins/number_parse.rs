//! Strings to numbers: JavaScript's `StringToNumber` (builtins §6.3, used by `Number(s)`), and
//! the prefix parsers `parseInt` and `parseFloat` (§10).
use super::bignum::BigUint;
use super::string_edit::is_prism_whitespace;

/// Integers with more bits than this are far above the largest binary64 (below 2^1024).
const BEYOND_BINARY64_BITS: usize = 1100;

/// `Number(s)` for a string (§6.3).
pub fn string_to_number(text: &str) -> f64 {
    let text = text.trim_matches(is_prism_whitespace);
    if text.is_empty() {
        return 0.0;
    }
    for (prefixes, radix) in [(["0x", "0X"], 16), (["0o", "0O"], 8), (["0b", "0B"], 2)] {
        if let Some(digits) = prefixes.iter().find_map(|p| text.strip_prefix(p)) {
            return radix_integer(digits, radix).unwrap_or(f64::NAN);
        }
    }
    if let Some(n) = signed_infinity(text) {
        return n;
    }
    match decimal_prefix(text) {
        Some(length) if length == text.len() => decimal_value(text),
        _ => f64::NAN,
    }
}

/// `±Infinity` spelled exactly (with an optional sign).
fn signed_infinity(text: &str) -> Option<f64> {
    match text {
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// All of `digits` read in `radix`, rounded once to binary64; `None` if empty or a character is
/// not a digit.
fn radix_integer(digits: &str, radix: u32) -> Option<f64> {
    if digits.is_empty() {
        return None;
    }
    let mut value = BigUint::default();
    for c in digits.chars() {
        let digit = c.to_digit(radix)?;
        // Past 2^1100 the result is +Infinity whatever follows; only the digits are checked,
        // which keeps very long texts linear.
        if value.bit_len() <= BEYOND_BINARY64_BITS {
            value.mul_add_small(radix, digit);
        }
    }
    if value.bit_len() > BEYOND_BINARY64_BITS {
        return Some(f64::INFINITY);
    }
    Some(value.to_f64())
}

fn digit_run(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// The length of the longest prefix of `text` matching the decimal literal of §6.3,
/// `[+-]? ( Digits [ "." [Digits] ] | "." Digits ) [ ("e"|"E") [+-]? Digits ]`, if any.
fn decimal_prefix(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let whole = digit_run(bytes, at);
    at += whole;
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        fraction = digit_run(bytes, at + 1);
        if whole > 0 || fraction > 0 {
            at += 1 + fraction;
        }
    }
    if whole == 0 && fraction == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        let exponent = digit_run(bytes, at + 1 + sign);
        if exponent > 0 {
            at += 1 + sign + exponent;
        }
    }
    Some(at)
}

/// The nearest binary64 to a text matching the decimal literal. Rust's parser rounds
/// correctly; very long exponents saturate to 0 or ±Infinity as they should.
fn decimal_value(text: &str) -> f64 {
    text.parse::<f64>().unwrap_or(f64::NAN)
}

/// JavaScript `parseFloat` on a text (§10): leading whitespace is skipped, then the longest
/// decimal-literal prefix, or `Infinity` with an optional sign.
pub fn parse_float(text: &str) -> f64 {
    let text = text.trim_start_matches(is_prism_whitespace);
    let unsigned = text.trim_start_matches(['+', '-']);
    if unsigned.starts_with("Infinity") && text.len() - unsigned.len() <= 1 {
        return if text.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    match decimal_prefix(text).and_then(|length| text.get(..length)) {
        Some(prefix) => decimal_value(prefix),
        None => f64::NAN,
    }
}

/// JavaScript `parseInt` on a text (§10); `radix` is the truncated radix argument, `None` when
/// absent.
pub fn parse_int(text: &str, radix: Option<f64>) -> f64 {
    let text = text.trim_start_matches(is_prism_whitespace);
    let (negative, text) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    let mut radix = radix.map_or(0.0, |r| if r.is_finite() { r.trunc() } else { 0.0 });
    let hex_prefix = text.starts_with("0x") || text.starts_with("0X");
    let mut digits = text;
    if radix == 0.0 {
        radix = if hex_prefix { 16.0 } else { 10.0 };
    }
    if !(2.0..=36.0).contains(&radix) {
        return f64::NAN;
    }
    if radix == 16.0 && hex_prefix {
        digits = text.get(2..).unwrap_or_default();
    }
    let radix = radix as u32;
    let length = digits.chars().take_while(|c| c.is_digit(radix)).count();
    let Some(prefix) = digits.get(..length) else {
        return f64::NAN;
    };
    let value = if radix == 10 {
        // Decimal digits round like a decimal literal.
        (!prefix.is_empty()).then(|| decimal_value(prefix))
    } else {
        radix_integer(prefix, radix)
    };
    match value {
        Some(n) if negative => -n,
        Some(n) => n,
        None => f64::NAN,
    }
}
