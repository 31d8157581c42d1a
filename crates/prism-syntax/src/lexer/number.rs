//! Number literals (language §2.8).
//!
//! ```text
//! Number   = Digits [ "." Digits ] [ Exponent ] ;
//! Exponent = ( "e" | "E" ) [ "+" | "-" ] Digits ;
//! Digits   = Digit { [ "_" ] Digit } ;
//! ```
//! The scanner reads a little more than the grammar so that a malformed literal is reported once,
//! as a whole (`1__0`, `1_.5`, `1._5`, `1e`, `2.5e+`, `3px`, `0x1F`), and still yields a number token
//! with a best-effort value for the parser.

use super::chars::id_continue_len;

/// What [`scan`] found at a digit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ScannedNumber {
    /// Byte offset just past the literal (including any malformed tail).
    pub end: usize,
    /// The value (§2.8), or a best-effort value when `problem` is set.
    pub value: f64,
    pub problem: Option<NumberProblem>,
}

/// Why a literal is `E0108`; the variant picks the help line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NumberProblem {
    Malformed,
    Hexadecimal,
    Octal,
    Binary,
}

impl NumberProblem {
    pub(super) fn help(self) -> Option<&'static str> {
        match self {
            NumberProblem::Malformed => None,
            NumberProblem::Hexadecimal => Some("hexadecimal literals are not supported"),
            NumberProblem::Octal => Some("octal literals are not supported"),
            NumberProblem::Binary => Some("binary literals are not supported"),
        }
    }
}

/// Integers with at most this many digits are exact in an `f64` and skip the float parser.
const FAST_DIGITS: usize = 15;

/// Scans the number literal that starts with the digit at `start`.
pub(super) fn scan(source: &str, start: usize) -> ScannedNumber {
    let bytes = source.as_bytes();
    let mut malformed = false;
    let (mut end, int_value, int_digits) = digits(bytes, start, &mut malformed);
    // The integer value and digit count of the mantissa without its point, and how many of the
    // digits follow the point; `None` once an exponent makes the fast paths inapplicable.
    let mut mantissa = Some((int_value, int_digits, 0));
    // A `.` joins the literal only before a digit (so `1.toFixed()` works) or before `_`, which
    // makes the `1._5` of §2.8 one malformed literal instead of `1`, `.`, `_5`.
    if bytes.get(end) == Some(&b'.') && matches!(bytes.get(end + 1), Some(b'0'..=b'9' | b'_')) {
        let (fraction_end, fraction_value, fraction_digits) =
            digits(bytes, end + 1, &mut malformed);
        end = fraction_end;
        mantissa = decimal_mantissa(int_value, int_digits, fraction_value, fraction_digits);
    }
    let mantissa_end = end;
    let mut dangling_sign = false;
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        mantissa = None;
        let mut exponent = end + 1;
        let signed = matches!(bytes.get(exponent), Some(b'+' | b'-'));
        if signed {
            exponent += 1;
        }
        if matches!(bytes.get(exponent), Some(b'0'..=b'9')) {
            end = digits(bytes, exponent, &mut malformed).0;
        } else {
            // `1e`, `2.5e+`: the exponent marker and its sign belong to the bad literal.
            malformed = true;
            end = exponent;
            dangling_sign = signed;
        }
    }
    let valid_end = end;
    // §2.8: a literal immediately followed by an `IdStart` character is malformed as a whole. After
    // a dangling sign (`2.5e+x`) the name is an operand of its own.
    let tail = if dangling_sign {
        0
    } else {
        id_continue_len(source.get(end..).unwrap_or(""))
    };
    if tail > 0 {
        malformed = true;
        end += tail;
    }
    if !malformed {
        let value = match mantissa {
            Some((digits_value, count, scale)) if count <= FAST_DIGITS => {
                exact_quotient(digits_value, scale)
            }
            _ => parse_value(source.get(start..end).unwrap_or("0")),
        };
        return ScannedNumber {
            end,
            value,
            problem: None,
        };
    }
    let text = source.get(start..end).unwrap_or("");
    let value = best_effort_value(source, start, valid_end, mantissa_end);
    ScannedNumber {
        end,
        value,
        problem: Some(classify_problem(text)),
    }
}

/// The powers of ten that a binary64 holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The mantissa `int.fraction` as one integer, its digit count and the number of fraction digits
/// (see [`exact_quotient`]), or `None` when it has too many digits for the fast path.
fn decimal_mantissa(
    int_value: u64,
    int_digits: usize,
    fraction_value: u64,
    fraction_digits: usize,
) -> Option<(u64, usize, usize)> {
    let count = int_digits + fraction_digits;
    if count > FAST_DIGITS {
        return None;
    }
    let scale = EXACT_POWERS_OF_TEN.get(fraction_digits)?;
    // Both parts have at most 15 digits together, so the sum is below 10^15: no overflow.
    let combined = int_value * (*scale as u64) + fraction_value;
    Some((combined, count, fraction_digits))
}

/// `digits / 10^scale` for an integer of at most [`FAST_DIGITS`] digits. The integer and the power
/// of ten are both exact in a binary64, and one IEEE division rounds correctly, so this is the
/// nearest binary64 to the decimal value, as the float parser would give (Clinger's fast path).
fn exact_quotient(digits: u64, scale: usize) -> f64 {
    let value = digits as f64;
    match EXACT_POWERS_OF_TEN.get(scale) {
        Some(power) if scale > 0 => value / power,
        _ => value,
    }
}

/// Reads `[0-9_]*` from `from`; returns the end, the integer value of the digits (wrapping, only
/// used for short runs) and the digit count. Sets `malformed` unless every `_` sits between two
/// digits.
fn digits(bytes: &[u8], from: usize, malformed: &mut bool) -> (usize, u64, usize) {
    let mut index = from;
    let mut value: u64 = 0;
    let mut count = 0;
    let mut previous_was_digit = false;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'0'..=b'9' => {
                value = value.wrapping_mul(10).wrapping_add(u64::from(byte - b'0'));
                count += 1;
                previous_was_digit = true;
            }
            b'_' => {
                if !previous_was_digit {
                    *malformed = true;
                }
                previous_was_digit = false;
            }
            _ => break,
        }
        index += 1;
    }
    if !previous_was_digit {
        // Empty, or ends in `_` (`1_`, `1_.5`).
        *malformed = true;
    }
    (index, value, count)
}

/// The value of a well-formed literal text: the nearest binary64 (§2.8). Rust's float parser is
/// correctly rounded (ties to even), gives infinity on overflow and zero on underflow.
pub(super) fn parse_value(text: &str) -> f64 {
    if text.contains('_') {
        let digits: String = text.chars().filter(|&c| c != '_').collect();
        digits.parse().unwrap_or(0.0)
    } else {
        text.parse().unwrap_or(0.0)
    }
}

/// The value of the longest part of a malformed literal that still reads as a number: `3px` is 3,
/// `1_.5` is 1.5, `1e` is 1.
fn best_effort_value(source: &str, start: usize, valid_end: usize, mantissa_end: usize) -> f64 {
    for end in [valid_end, mantissa_end] {
        let text = source.get(start..end).unwrap_or("");
        let digits: String = text.chars().filter(|&c| c != '_').collect();
        if let Ok(value) = digits.parse::<f64>() {
            return value;
        }
    }
    0.0
}

fn classify_problem(text: &str) -> NumberProblem {
    match text.get(..2) {
        Some("0x" | "0X") => NumberProblem::Hexadecimal,
        Some("0o" | "0O") => NumberProblem::Octal,
        Some("0b" | "0B") => NumberProblem::Binary,
        _ => NumberProblem::Malformed,
    }
}

/// How a well-formed literal's value misses its exact decimal value badly enough for warning
/// `W0413` (language §2.8). The checker reports the warning; the lexer only offers the test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberRange {
    /// Too large for a finite binary64: the value is `Infinity`.
    Overflow,
    /// Not zero, but rounds to zero.
    Underflow,
}

/// Whether the number literal `text` (its exact source text) overflows or underflows (`W0413`).
/// Returns `None` for literals in range and for text that is not a literal.
pub fn number_literal_range(text: &str) -> Option<NumberRange> {
    let value = parse_value(text);
    if value.is_infinite() {
        return Some(NumberRange::Overflow);
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    let nonzero = mantissa.bytes().any(|byte| matches!(byte, b'1'..=b'9'));
    (value == 0.0 && nonzero).then_some(NumberRange::Underflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(text: &str) -> ScannedNumber {
        scan(text, 0)
    }

    #[test]
    fn well_formed_literals_have_their_decimal_value() {
        for (text, value) in [
            ("0", 0.0),
            ("007", 7.0),
            ("1_000_000", 1e6),
            ("0.000_1", 0.0001),
            ("1e1_0", 1e10),
            ("2.5e-3", 0.0025),
            ("1E+2", 100.0),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("0.1", 0.1),
            ("1e400", f64::INFINITY),
            ("1e-400", 0.0),
        ] {
            let scanned = scan_all(text);
            assert_eq!(
                scanned,
                ScannedNumber {
                    end: text.len(),
                    value,
                    problem: None
                },
                "{text}"
            );
        }
    }

    #[test]
    fn short_decimals_take_the_fast_path_to_the_float_parsers_value() {
        // A fixed linear congruential sequence: the same digits on every run.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % bound
        };
        for _ in 0..20_000 {
            let int_digits = 1 + next(9) as usize;
            let fraction_digits = 1 + next(16 - int_digits as u64) as usize;
            let mut text = String::new();
            for index in 0..int_digits + fraction_digits {
                if index == int_digits {
                    text.push('.');
                }
                text.push(char::from(b'0' + next(10) as u8));
            }
            let scanned = scan_all(&text);
            let expected: f64 = text.parse().expect("a plain decimal");
            assert_eq!(scanned.value.to_bits(), expected.to_bits(), "{text}");
            assert_eq!(scanned.problem, None, "{text}");
        }
        for text in [
            "0.1",
            "0.2",
            "0.3",
            "9.999999999999999",
            "123456.789012345",
            "1_0.2_5",
        ] {
            let expected: f64 = text.replace('_', "").parse().expect("a plain decimal");
            assert_eq!(scan_all(text).value.to_bits(), expected.to_bits(), "{text}");
        }
    }

    #[test]
    fn a_dot_joins_only_before_a_digit() {
        assert_eq!(scan_all("1.toFixed").end, 1);
        assert_eq!(scan_all("2.5.toFixed").end, 3);
        assert_eq!(scan_all("1..2").end, 1);
        assert_eq!(scan_all("1.e5").end, 1);
    }

    #[test]
    fn malformed_literals_are_read_whole_with_a_best_effort_value() {
        for (text, len, value, problem) in [
            ("1__0", 4, 10.0, NumberProblem::Malformed),
            ("1_ ", 2, 1.0, NumberProblem::Malformed),
            ("1_.5", 4, 1.5, NumberProblem::Malformed),
            ("1._5", 4, 1.5, NumberProblem::Malformed),
            ("1e", 2, 1.0, NumberProblem::Malformed),
            ("2.5e+", 5, 2.5, NumberProblem::Malformed),
            ("2.5e+x", 5, 2.5, NumberProblem::Malformed),
            ("3px", 3, 3.0, NumberProblem::Malformed),
            ("0x1F", 4, 0.0, NumberProblem::Hexadecimal),
            ("0o17", 4, 0.0, NumberProblem::Octal),
            ("0b101", 5, 0.0, NumberProblem::Binary),
            ("1é", 3, 1.0, NumberProblem::Malformed),
        ] {
            let scanned = scan_all(text);
            assert_eq!(
                scanned,
                ScannedNumber {
                    end: len,
                    value,
                    problem: Some(problem)
                },
                "{text}"
            );
        }
    }

    #[test]
    fn range_helper_flags_overflow_and_underflow_only() {
        assert_eq!(number_literal_range("1e309"), Some(NumberRange::Overflow));
        assert_eq!(number_literal_range("1e-400"), Some(NumberRange::Underflow));
        assert_eq!(number_literal_range("0e-400"), None);
        assert_eq!(number_literal_range("0.000"), None);
        assert_eq!(number_literal_range("1_000"), None);
        assert_eq!(number_literal_range("5e-324"), None);
    }
}
