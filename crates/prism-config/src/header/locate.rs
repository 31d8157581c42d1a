//! Where the header is (runtime §3.1): the first doc comment, if nothing but whitespace, line
//! comments and the shebang line precede it.
//!
//! Only the start of the file matters, so this is a small scan of its own rather than a full lex:
//! it stops at the first thing that is not whitespace or a line comment. The rules it follows are
//! the lexer's (language §2.1 byte order mark and shebang, §2.3 whitespace, §2.4 comments).

use prism_span::Span;

/// The span of the header comment, from `/**` to `*/` inclusive, or `None` without a header.
pub fn find_header(source: &str) -> Option<Span> {
    let mut rest = source.strip_prefix('\u{feff}').unwrap_or(source);
    if rest.starts_with("#!") {
        rest = rest
            .find(['\n', '\r'])
            .map_or("", |end| rest.get(end..).unwrap_or(""));
    }
    loop {
        let trimmed = rest.trim_start_matches(is_whitespace);
        if let Some(comment) = trimmed.strip_prefix("//") {
            rest = comment
                .find(['\n', '\r'])
                .map_or("", |end| comment.get(end..).unwrap_or(""));
            continue;
        }
        rest = trimmed;
        break;
    }
    // `/**/` is an empty block comment, not a doc comment (language §2.4).
    if !rest.starts_with("/**") || rest.starts_with("/**/") {
        return None;
    }
    let start = source.len() - rest.len();
    let close = rest.get(3..)?.find("*/")? + 3;
    Some(Span::from_range(start..start + close + 2))
}

/// Whitespace of language §2.3 (line terminators included).
fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}'
            | '\u{c}'
            | ' '
            | '\u{a0}'
            | '\u{feff}'
            | '\u{2028}'
            | '\u{2029}'
            | '\n'
            | '\r'
    ) || is_space_separator(c)
}

/// Unicode category Zs beyond the characters listed above.
fn is_space_separator(c: char) -> bool {
    matches!(
        c,
        '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_text(source: &str) -> Option<&str> {
        find_header(source).map(|span| span.text(source))
    }

    #[test]
    fn first_doc_comment_after_trivia() {
        let source = "#!/usr/bin/env prism\n// note\n\n  /** @name x */\nlet a = 1";
        assert_eq!(header_text(source), Some("/** @name x */"));
    }

    #[test]
    fn code_or_block_comment_before_it_means_no_header() {
        assert_eq!(header_text("let a = 1\n/** @name x */"), None);
        assert_eq!(header_text("/* plain */ /** @name x */"), None);
        assert_eq!(header_text("/**/ /** @name x */"), None);
    }

    #[test]
    fn unterminated_is_no_header() {
        assert_eq!(header_text("/** @name x"), None);
        assert_eq!(header_text("/**"), None);
    }

    #[test]
    fn shortest_doc_comment() {
        assert_eq!(header_text("/***/"), Some("/***/"));
    }
}
