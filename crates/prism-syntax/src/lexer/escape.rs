//! Escape sequences of double- and single-quoted strings (language §2.9.1).
//!
//! The set is the JSON escape set plus `\v \0 \' \` \$ \u{…}`, so every JSON string literal is a
//! valid Prism string literal.

/// What the backslash at some offset starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Escape {
    /// A valid escape of `len` bytes denoting `char`.
    Char(char, usize),
    /// `E0104`: the escape as written is `reported` bytes long; `consumed` bytes are skipped and
    /// `value` stands in for them (the character after the backslash, as a best effort).
    Unknown {
        reported: usize,
        consumed: usize,
        value: char,
    },
    /// `E0105`: a malformed `\u` escape of `len` bytes, or one denoting a lone surrogate.
    InvalidUnicode { len: usize },
    /// A backslash right before a line terminator (`E0104`).
    LineBreak,
    /// A backslash at the very end of the file.
    EndOfFile,
}

/// Decodes the escape whose backslash is at `at` (the caller checked `source[at]` is `\`).
pub(super) fn decode(source: &str, at: usize) -> Escape {
    let rest = source.get(at + 1..).unwrap_or("");
    let Some(next) = rest.chars().next() else {
        return Escape::EndOfFile;
    };
    let simple = match next {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'b' => '\u{8}',
        'f' => '\u{C}',
        'v' => '\u{B}',
        '\\' | '"' | '\'' | '/' | '`' | '$' => next,
        '0' if rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit) => {
            // `\01` would read as an octal escape in older JavaScript; §2.9.1 forbids it.
            return Escape::Unknown {
                reported: 3,
                consumed: 2,
                value: '\0',
            };
        }
        '0' => '\0',
        'u' => return decode_unicode(source.as_bytes(), at),
        '\n' | '\r' => return Escape::LineBreak,
        other => {
            let len = 1 + other.len_utf8();
            return Escape::Unknown {
                reported: len,
                consumed: len,
                value: other,
            };
        }
    };
    Escape::Char(simple, 2)
}

/// `\uXXXX` (with surrogate pairs) or `\u{X…}`, the backslash at `at`.
fn decode_unicode(bytes: &[u8], at: usize) -> Escape {
    if bytes.get(at + 2) == Some(&b'{') {
        let digits_start = at + 3;
        let digits_end = hex_run_end(bytes, digits_start, usize::MAX);
        let closed = bytes.get(digits_end) == Some(&b'}');
        let len = digits_end + usize::from(closed) - at;
        let count = digits_end - digits_start;
        if !closed || count == 0 || count > 6 {
            return Escape::InvalidUnicode { len };
        }
        return match hex_value(bytes, digits_start, digits_end).and_then(char::from_u32) {
            Some(c) => Escape::Char(c, len),
            None => Escape::InvalidUnicode { len },
        };
    }
    let Some(unit) = four_hex(bytes, at + 2) else {
        let len = hex_run_end(bytes, at + 2, at + 5) - at;
        return Escape::InvalidUnicode { len };
    };
    match unit {
        0xD800..=0xDBFF => {
            let low = (bytes.get(at + 6..at + 8) == Some(b"\\u"))
                .then(|| four_hex(bytes, at + 8))
                .flatten()
                .filter(|low| (0xDC00..=0xDFFF).contains(low));
            match low
                .and_then(|low| char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
            {
                Some(c) => Escape::Char(c, 12),
                None => Escape::InvalidUnicode { len: 6 },
            }
        }
        _ => match char::from_u32(unit) {
            Some(c) => Escape::Char(c, 6),
            None => Escape::InvalidUnicode { len: 6 },
        },
    }
}

/// The end of the run of hex digits starting at `from`, stopping at `limit`.
fn hex_run_end(bytes: &[u8], from: usize, limit: usize) -> usize {
    let mut index = from;
    while index < limit && bytes.get(index).is_some_and(u8::is_ascii_hexdigit) {
        index += 1;
    }
    index
}

/// The value of exactly four hex digits at `from`.
fn four_hex(bytes: &[u8], from: usize) -> Option<u32> {
    (hex_run_end(bytes, from, from + 4) == from + 4)
        .then(|| hex_value(bytes, from, from + 4))
        .flatten()
}

/// The value of the hex digits in `bytes[from..to]` (at most six, so no overflow).
fn hex_value(bytes: &[u8], from: usize, to: usize) -> Option<u32> {
    bytes.get(from..to)?.iter().try_fold(0u32, |value, &byte| {
        let digit = char::from(byte).to_digit(16)?;
        Some(value * 16 + digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_escapes_denote_their_characters() {
        for (text, c) in [
            ("\\n", '\n'),
            ("\\r", '\r'),
            ("\\t", '\t'),
            ("\\b", '\u{8}'),
            ("\\f", '\u{C}'),
            ("\\v", '\u{B}'),
            ("\\0", '\0'),
            ("\\\\", '\\'),
            ("\\\"", '"'),
            ("\\'", '\''),
            ("\\/", '/'),
            ("\\`", '`'),
            ("\\$", '$'),
        ] {
            assert_eq!(decode(text, 0), Escape::Char(c, 2), "{text}");
        }
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs() {
        assert_eq!(decode("\\u0041", 0), Escape::Char('A', 6));
        assert_eq!(decode("\\u00e9", 0), Escape::Char('é', 6));
        assert_eq!(decode("\\uD83D\\uDE00", 0), Escape::Char('\u{1F600}', 12));
        assert_eq!(decode("\\u{1F600}", 0), Escape::Char('\u{1F600}', 9));
        assert_eq!(decode("\\u{0}", 0), Escape::Char('\0', 5));
        assert_eq!(decode("\\u{10FFFF}", 0), Escape::Char('\u{10FFFF}', 10));
    }

    #[test]
    fn malformed_unicode_escapes_report_their_extent() {
        for (text, len) in [
            ("\\u", 2),
            ("\\u12", 4),
            ("\\u123", 5),
            ("\\uZZZZ", 2),
            ("\\u{}", 4),
            ("\\u{110000}", 10),
            ("\\u{1234567}", 11),
            ("\\u{D800}", 8),
            ("\\u{12", 5),
            ("\\uD83D", 6),
            ("\\uD83Dx", 6),
            ("\\uD83D\\u0041", 6),
            ("\\uDE00", 6),
        ] {
            assert_eq!(decode(text, 0), Escape::InvalidUnicode { len }, "{text}");
        }
    }

    #[test]
    fn unknown_escapes_keep_the_character_as_a_best_effort() {
        assert_eq!(
            decode("\\q", 0),
            Escape::Unknown {
                reported: 2,
                consumed: 2,
                value: 'q'
            }
        );
        assert_eq!(
            decode("\\é", 0),
            Escape::Unknown {
                reported: 3,
                consumed: 3,
                value: 'é'
            }
        );
        assert_eq!(
            decode("\\01", 0),
            Escape::Unknown {
                reported: 3,
                consumed: 2,
                value: '\0'
            }
        );
        assert_eq!(decode("\\\n", 0), Escape::LineBreak);
        assert_eq!(decode("\\\r\n", 0), Escape::LineBreak);
        assert_eq!(decode("\\", 0), Escape::EndOfFile);
    }
}
