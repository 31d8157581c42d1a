//! The lexical errors of language §2.12, one constructor per code, so that every message template
//! and help line lives in one place. They are cold: well-formed input never calls them.

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};

fn span(start: usize, end: usize) -> Span {
    Span::from_range(start..end)
}

/// How a character is written inside a message: itself when printable, escaped otherwise (a raw
/// control character would garble the terminal).
fn printable(c: char) -> String {
    if c.is_control() || c == '\u{FEFF}' || c == '\u{200B}' {
        c.escape_unicode().to_string()
    } else {
        c.to_string()
    }
}

/// `E0101` (§2.11, §2.4, §2.9), with the help lines the spec gives for likely mistakes.
#[cold]
pub(super) fn unexpected_character(file: FileId, start: usize, c: char) -> Diagnostic {
    let diagnostic = Diagnostic::error("E0101", format!("unexpected character `{}`", printable(c)))
        .with_primary(
            file,
            span(start, start + c.len_utf8()),
            "not part of any token",
        );
    match c {
        '|' => diagnostic.with_help("did you mean `||`?"),
        '&' => diagnostic.with_help("did you mean `&&`?"),
        '@' => diagnostic.with_help("decorators are not supported"),
        '#' => diagnostic.with_help("comments start with `//`"),
        '`' => diagnostic
            .with_help("template literals are written with double quotes: \"Hello ${name}\""),
        _ => diagnostic,
    }
}

/// `E0102` (§2.9): the end of the file came before the closing quote.
#[cold]
pub(super) fn unterminated_string(file: FileId, quote_start: usize) -> Diagnostic {
    Diagnostic::error("E0102", "unterminated string literal").with_primary(
        file,
        span(quote_start, quote_start + 1),
        "this string is never closed",
    )
}

/// `E0103` (§2.9): a double- or single-quoted string runs into a line break.
#[cold]
pub(super) fn line_break_in_string(file: FileId, quote_start: usize) -> Diagnostic {
    Diagnostic::error("E0103", "line break in string literal")
        .with_primary(
            file,
            span(quote_start, quote_start + 1),
            "this string is not closed before the end of the line",
        )
        .with_help("use a fenced ``` string for multi-line text")
}

/// `E0104` (§2.9.1). `text` is the escape as written, backslash included.
#[cold]
pub(super) fn unknown_escape(file: FileId, start: usize, text: &str) -> Diagnostic {
    let shown: String = text.chars().map(printable).collect();
    let diagnostic = Diagnostic::error("E0104", format!("unknown escape sequence `{shown}`"))
        .with_primary(file, span(start, start + text.len()), "not a valid escape");
    if text.starts_with("\\0") {
        diagnostic.with_help("`\\0` cannot be followed by a digit; write `\\u{0}` instead")
    } else {
        diagnostic.with_help(
            "the escapes are \\n \\r \\t \\b \\f \\v \\0 \\\\ \\\" \\' \\/ \\` \\$ \\uXXXX \\u{X…}",
        )
    }
}

/// `E0104` for a backslash right before a line break: strings cannot continue on the next line.
#[cold]
pub(super) fn escaped_line_break(file: FileId, start: usize) -> Diagnostic {
    Diagnostic::error("E0104", "unknown escape sequence `\\`")
        .with_primary(
            file,
            span(start, start + 1),
            "a backslash before a line break",
        )
        .with_help("use a fenced ``` string for multi-line text")
}

/// `E0105` (§2.9.1): a malformed `\u` escape, or one that denotes a lone surrogate.
#[cold]
pub(super) fn invalid_unicode_escape(file: FileId, start: usize, text: &str) -> Diagnostic {
    Diagnostic::error("E0105", format!("invalid unicode escape `{text}`"))
        .with_primary(file, span(start, start + text.len()), "not a character")
        .with_help(
            "write `\\uXXXX` with four hex digits (a surrogate pair as two escapes) or `\\u{X…}` \
             with one to six hex digits",
        )
}

/// `E0106` (§2.4), reported at the opening `/*`.
#[cold]
pub(super) fn unterminated_block_comment(file: FileId, start: usize) -> Diagnostic {
    Diagnostic::error("E0106", "unterminated block comment")
        .with_primary(file, span(start, start + 2), "this comment is never closed")
        .with_help("close it with `*/`")
}

/// `E0107` (§2.9), reported at the opening fence.
#[cold]
pub(super) fn unterminated_fenced_string(file: FileId, start: usize) -> Diagnostic {
    Diagnostic::error("E0107", "unterminated fenced string")
        .with_primary(file, span(start, start + 3), "this fence is never closed")
        .with_help("close it with ```")
}

/// `E0108` (§2.8). `text` is the whole malformed literal.
#[cold]
pub(super) fn invalid_number(
    file: FileId,
    start: usize,
    text: &str,
    help: Option<&str>,
) -> Diagnostic {
    let diagnostic = Diagnostic::error("E0108", format!("invalid number literal `{text}`"))
        .with_primary(file, span(start, start + text.len()), "not a valid number");
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// `E0109` (§2.10), reported at the `${` that is never closed.
#[cold]
pub(super) fn unterminated_interpolation(file: FileId, open: usize) -> Diagnostic {
    Diagnostic::error("E0109", "unterminated interpolation")
        .with_primary(
            file,
            span(open, open + 2),
            "this interpolation is never closed",
        )
        .with_help("close it with `}`")
}

/// `E0110` (§2.10). The span covers `${` through `}`.
#[cold]
pub(super) fn empty_interpolation(file: FileId, open: usize, close_end: usize) -> Diagnostic {
    Diagnostic::error("E0110", "empty interpolation")
        .with_primary(file, span(open, close_end), "no expression here")
        .with_help("write an expression between `${` and `}`, or `\\${` for a literal `${`")
}
