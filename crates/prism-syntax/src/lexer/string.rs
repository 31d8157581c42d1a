//! The literal text parts of strings (language §2.9, §2.10).
//!
//! A string is scanned one part at a time: from just after the opening quote (or the `}` closing an
//! interpolation) to the closing quote, the next `${`, a line break (quoted strings only) or the
//! end of the file. The scanner in `scanner.rs` strings the parts and the interpolated code
//! together. The value of a part borrows nothing: it is a `SmolStr`, which stores short text inline
//! and is built straight from the source unless an escape or a fenced CR forces a copy.

use prism_diagnostics::Diagnostic;
use prism_span::FileId;
use smol_str::SmolStr;

use super::errors;
use super::escape::{self, Escape};
use crate::token::Quote;

/// Where a text part stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stop {
    /// At the closing quote, which the part includes.
    Closed,
    /// At `${`, which the part includes.
    Interpolation,
    /// Before a line terminator, in a double- or single-quoted string (`E0103`). `escaped` when a
    /// backslash stood before it, already reported as `E0104`.
    LineBreak { escaped: bool },
    /// At the end of the file (`E0102`, or `E0107` for a fence).
    EndOfFile,
}

/// One literal text part.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Part {
    /// The offset just past the part: past the closing quote or `${`, else where it stopped.
    pub end: usize,
    /// The text, unescaped (§2.9.1) and for fences with line breaks normalised to LF.
    pub value: SmolStr,
    pub stop: Stop,
}

/// Scans the text part of a `quote` string that starts at `from`. Escape errors are reported at
/// their own position and the scan goes on.
pub(super) fn scan_part(
    source: &str,
    from: usize,
    quote: Quote,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Part {
    let bytes = source.as_bytes();
    let mut text = Text::new(from);
    let mut at = from;
    loop {
        let Some(&byte) = bytes.get(at) else {
            return text.finish(source, at, at, Stop::EndOfFile);
        };
        match (byte, quote) {
            (b'"', Quote::Double) | (b'\'', Quote::Single) => {
                return text.finish(source, at, at + 1, Stop::Closed);
            }
            (b'`', Quote::Fenced) if bytes.get(at..at + 3) == Some(b"```") => {
                return text.finish(source, at, at + 3, Stop::Closed);
            }
            (b'$', Quote::Double | Quote::Fenced) if bytes.get(at + 1) == Some(&b'{') => {
                return text.finish(source, at, at + 2, Stop::Interpolation);
            }
            (b'\n' | b'\r', Quote::Double | Quote::Single) => {
                return text.finish(source, at, at, Stop::LineBreak { escaped: false });
            }
            (b'\r', Quote::Fenced) => {
                // §2.9 (decision): CR LF and a lone CR in a fence both become LF.
                let len = if bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                text.substitute(source, at, at + len, '\n');
                at += len;
            }
            (b'\\', Quote::Fenced) => match bytes.get(at + 1) {
                Some(&next @ (b'$' | b'`')) => {
                    text.substitute(source, at, at + 2, char::from(next));
                    at += 2;
                }
                // Any other backslash in a fence is literal text.
                _ => at += 1,
            },
            (b'\\', _) => match escape::decode(source, at) {
                Escape::Char(c, len) => {
                    text.substitute(source, at, at + len, c);
                    at += len;
                }
                Escape::Unknown {
                    reported,
                    consumed,
                    value,
                } => {
                    let written = source.get(at..at + reported).unwrap_or("\\");
                    diagnostics.push(errors::unknown_escape(file, at, written));
                    text.substitute(source, at, at + consumed, value);
                    at += consumed;
                }
                Escape::InvalidUnicode { len } => {
                    let written = source.get(at..at + len).unwrap_or("\\u");
                    diagnostics.push(errors::invalid_unicode_escape(file, at, written));
                    text.substitute(source, at, at + len, char::REPLACEMENT_CHARACTER);
                    at += len;
                }
                Escape::LineBreak => {
                    diagnostics.push(errors::escaped_line_break(file, at));
                    return text.finish(source, at, at + 1, Stop::LineBreak { escaped: true });
                }
                Escape::EndOfFile => {
                    return text.finish(source, at, at + 1, Stop::EndOfFile);
                }
            },
            // Every byte of a multi-byte character is at least 0x80, so stepping byte by byte
            // never stops inside a character at one of the ASCII cases above.
            _ => at += 1,
        }
    }
}

/// The value of a part, copied only once something in it differs from the source.
struct Text {
    start: usize,
    /// Source text before this offset is already in `owned`.
    copied_to: usize,
    owned: Option<String>,
}

impl Text {
    fn new(start: usize) -> Text {
        Text {
            start,
            copied_to: start,
            owned: None,
        }
    }

    /// Replaces `source[from..to]` with `c` in the value.
    fn substitute(&mut self, source: &str, from: usize, to: usize, c: char) {
        let owned = self.owned.get_or_insert_with(String::new);
        owned.push_str(source.get(self.copied_to..from).unwrap_or(""));
        owned.push(c);
        self.copied_to = to;
    }

    /// The part whose text ends at `text_end` and which ends at `end`.
    fn finish(self, source: &str, text_end: usize, end: usize, stop: Stop) -> Part {
        let value = match self.owned {
            None => SmolStr::new(source.get(self.start..text_end).unwrap_or("")),
            Some(mut owned) => {
                owned.push_str(source.get(self.copied_to..text_end).unwrap_or(""));
                SmolStr::from(owned)
            }
        };
        Part {
            end: end.min(source.len()),
            value,
            stop,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(source: &str, quote: Quote) -> (Part, Vec<&'static str>) {
        let mut diagnostics = Vec::new();
        let part = scan_part(source, 0, quote, FileId(0), &mut diagnostics);
        (part, diagnostics.iter().map(|d| d.code).collect())
    }

    fn closed(end: usize, value: &str) -> Part {
        Part {
            end,
            value: value.into(),
            stop: Stop::Closed,
        }
    }

    #[test]
    fn quoted_parts_unescape_and_stop_at_their_quote() {
        assert_eq!(part("ab\" x", Quote::Double), (closed(3, "ab"), vec![]));
        assert_eq!(part("a\\tb'", Quote::Single), (closed(5, "a\tb"), vec![]));
        assert_eq!(part("it\\'s'", Quote::Single), (closed(6, "it's"), vec![]));
        assert_eq!(
            part("é\\u{1F600}\"", Quote::Double),
            (closed(12, "é\u{1F600}"), vec![])
        );
    }

    #[test]
    fn interpolation_starts_only_in_double_quotes_and_fences() {
        let stop = Stop::Interpolation;
        assert_eq!(
            part("a ${x}\"", Quote::Double).0,
            Part {
                end: 4,
                value: "a ".into(),
                stop
            }
        );
        assert_eq!(part("a ${x}'", Quote::Single).0, closed(7, "a ${x}"));
        assert_eq!(part("\\${x}\"", Quote::Double).0, closed(6, "${x}"));
        assert_eq!(part("$x $\"", Quote::Double).0, closed(5, "$x $"));
    }

    #[test]
    fn fences_keep_text_verbatim_except_two_escapes_and_line_breaks() {
        let (fence, codes) = part("\na\\n \\${x} \\`\r\nb\rc```", Quote::Fenced);
        assert_eq!(fence, closed(21, "\na\\n ${x} `\nb\nc"));
        assert!(codes.is_empty());
        assert_eq!(part("a``b```", Quote::Fenced).0, closed(7, "a``b"));
    }

    #[test]
    fn line_breaks_and_end_of_file_stop_quoted_parts() {
        let (broken, codes) = part("abc\ndef\"", Quote::Double);
        assert_eq!(
            broken,
            Part {
                end: 3,
                value: "abc".into(),
                stop: Stop::LineBreak { escaped: false }
            }
        );
        assert!(codes.is_empty());
        let (escaped, codes) = part("ab\\\ncd\"", Quote::Double);
        assert_eq!(escaped.stop, Stop::LineBreak { escaped: true });
        assert_eq!(codes, vec!["E0104"]);
        assert_eq!(part("abc", Quote::Single).0.stop, Stop::EndOfFile);
        assert_eq!(
            part("abc\\", Quote::Double).0,
            Part {
                end: 4,
                value: "abc".into(),
                stop: Stop::EndOfFile
            }
        );
        assert_eq!(
            part("a\nb", Quote::Fenced).0,
            Part {
                end: 3,
                value: "a\nb".into(),
                stop: Stop::EndOfFile
            }
        );
    }

    #[test]
    fn escape_errors_are_reported_and_scanning_goes_on() {
        let (bad, codes) = part("\\q\\u{110000}\\01\"", Quote::Double);
        assert_eq!(bad, closed(16, "q\u{FFFD}\u{0}1"));
        assert_eq!(codes, vec!["E0104", "E0105", "E0104"]);
    }
}
