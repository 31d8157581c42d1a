//! Character classes of the lexical grammar: whitespace (language §2.3) and identifier characters
//! (language §2.6).

/// Whether `c` is whitespace in the sense of language §2.3: tab, U+000B, U+000C, space, the line
/// terminators, U+00A0, U+FEFF, U+2028, U+2029 and every other character of category Zs.
pub fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ') || is_non_ascii_whitespace(c)
}

/// The non-ASCII part of [`is_whitespace`]. The logos automaton skips ASCII whitespace itself, so
/// the scanner only asks about these when it meets a non-ASCII character.
pub(super) fn is_non_ascii_whitespace(c: char) -> bool {
    // Category Zs (Unicode 16) is U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000.
    matches!(
        c,
        '\u{A0}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// `IdStart` of language §2.6: XID_Start, `_` or `$`.
pub fn is_id_start(c: char) -> bool {
    c == '_' || c == '$' || unicode_ident::is_xid_start(c)
}

/// `IdContinue` of language §2.6: XID_Continue (which includes the digits and `_`) or `$`.
pub fn is_id_continue(c: char) -> bool {
    c == '$' || unicode_ident::is_xid_continue(c)
}

/// The byte length of the run of `IdContinue` characters at the start of `text`.
pub(super) fn id_continue_len(text: &str) -> usize {
    text.char_indices()
        .find(|&(_, c)| !is_id_continue(c))
        .map_or(text.len(), |(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_covers_the_listed_characters_and_every_zs() {
        for c in [
            '\t', '\u{0B}', '\u{0C}', ' ', '\u{A0}', '\u{FEFF}', '\u{2028}', '\u{2029}',
        ] {
            assert!(is_whitespace(c), "{c:?}");
        }
        for c in [
            '\u{1680}', '\u{2000}', '\u{2005}', '\u{200A}', '\u{202F}', '\u{205F}', '\u{3000}',
        ] {
            assert!(is_whitespace(c), "{c:?}");
        }
        // U+200B (zero width space) is category Cf, not Zs.
        assert!(!is_whitespace('\u{200B}'));
        assert!(!is_whitespace('\u{85}'));
    }

    #[test]
    fn identifier_characters_follow_xid_plus_underscore_and_dollar() {
        assert!(is_id_start('é') && is_id_start('_') && is_id_start('$') && is_id_start('π'));
        assert!(!is_id_start('1') && !is_id_start('#'));
        assert!(is_id_continue('1') && is_id_continue('$') && is_id_continue('\u{301}'));
        assert_eq!(id_continue_len("ab1$_ c"), 5);
        assert_eq!(id_continue_len("é+"), 2);
    }
}
