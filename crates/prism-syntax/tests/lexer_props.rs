//! Properties of `lex` on arbitrary input: it never panics, and its spans are sane.

use prism_span::FileId;
use prism_syntax::token::{Keyword, Punct};
use prism_syntax::{lex, Lexed};
use proptest::prelude::*;

/// Every span lies in the source, on character boundaries; tokens and comments come in order and
/// never overlap.
fn check_spans(source: &str, lexed: &Lexed) -> Result<(), TestCaseError> {
    let mut previous_end = 0u32;
    for (token, span) in &lexed.tokens {
        prop_assert!(span.start <= span.end, "{token:?} {span:?}");
        prop_assert!(span.end as usize <= source.len(), "{token:?} {span:?}");
        prop_assert!(
            source.is_char_boundary(span.start as usize),
            "{token:?} {span:?}"
        );
        prop_assert!(
            source.is_char_boundary(span.end as usize),
            "{token:?} {span:?}"
        );
        prop_assert!(
            span.start >= previous_end,
            "{token:?} {span:?} after {previous_end}"
        );
        previous_end = span.end;
    }
    let mut previous_end = 0u32;
    for comment in &lexed.comments {
        let span = comment.span;
        prop_assert!(
            span.start < span.end && span.end as usize <= source.len(),
            "{span:?}"
        );
        prop_assert!(source.is_char_boundary(span.start as usize));
        prop_assert!(source.is_char_boundary(span.end as usize));
        prop_assert!(span.start >= previous_end);
        previous_end = span.end;
    }
    for diagnostic in &lexed.diagnostics {
        for label in &diagnostic.labels {
            prop_assert!(label.at.span.end as usize <= source.len(), "{diagnostic:?}");
            prop_assert!(source.is_char_boundary(label.at.span.start as usize));
            prop_assert!(source.is_char_boundary(label.at.span.end as usize));
        }
    }
    Ok(())
}

/// Pieces that exercise every lexer mode when glued together in any order.
fn piece() -> impl Strategy<Value = String> {
    let fixed: Vec<&'static str> = vec![
        "\"", "'", "```", "`", "${", "}", "{", "\\", "\\u", "\\u{", "D83D", "\\uD83D", "/*", "*/",
        "//", "/**", "\n", "\r", "\r\n", " ", "\t", "\u{A0}", "\u{FEFF}", "\u{2028}", "é", "π",
        "€", "😀", "\u{301}", "_", "$", "#", "#!", "@", "|", "&", "^", ".", "..", "1", "0x", "1_",
        "_0", "e", "e+", "1.5", ".5", "1e10", "x", "abc", "\0", "\u{7F}",
    ];
    let known = prop::sample::select(fixed).prop_map(str::to_string);
    let keyword = prop::sample::select(Keyword::ALL.to_vec()).prop_map(|k| k.as_str().to_string());
    let punct = prop::sample::select(Punct::ALL.to_vec()).prop_map(|p| p.as_str().to_string());
    let any = any::<String>();
    prop_oneof![4 => known, 2 => punct, 1 => keyword, 1 => any]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_lexes_with_sane_spans(source in any::<String>()) {
        let lexed = lex(&source, FileId(0));
        check_spans(&source, &lexed)?;
    }

    #[test]
    fn arbitrary_bytes_as_lossy_utf8_lex_with_sane_spans(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let source = String::from_utf8_lossy(&bytes).into_owned();
        let lexed = lex(&source, FileId(0));
        check_spans(&source, &lexed)?;
    }

    #[test]
    fn concatenated_token_texts_lex_with_sane_spans(pieces in prop::collection::vec(piece(), 0..40)) {
        let source = pieces.concat();
        let lexed = lex(&source, FileId(0));
        check_spans(&source, &lexed)?;
        let rendered = prism_syntax::lexer::render_tokens(&source, &lexed, true, false);
        prop_assert!(rendered.ends_with("\"\"\n"));
    }

    #[test]
    fn spaced_valid_tokens_lex_back_to_themselves(pieces in prop::collection::vec(
        prop_oneof![
            prop::sample::select(Punct::ALL.to_vec()).prop_map(|p| p.as_str().to_string()),
            prop::sample::select(Keyword::ALL.to_vec()).prop_map(|k| k.as_str().to_string()),
            "[a-zA-Z_$][a-zA-Z0-9_$]{0,8}",
            "[0-9]{1,5}(\\.[0-9]{1,3})?",
            "\"[a-z ]{0,5}\"",
        ],
        0..30,
    )) {
        let source = pieces.join(" ");
        let lexed = lex(&source, FileId(0));
        prop_assert!(lexed.diagnostics.is_empty(), "{source:?}");
        let texts: Vec<&str> = lexed.tokens.iter().map(|(_, span)| span.text(&source)).collect();
        prop_assert_eq!(texts, pieces.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

/// Inputs built to provoke quadratic behaviour: deep interpolation nesting, many unclosed
/// constructs, one very long line, many comment openers. Each must lex in linear time.
#[test]
fn pathological_inputs_lex_in_linear_time() {
    let cases = [
        "\"${".repeat(50_000),
        "{".repeat(100_000) + &"}".repeat(100_000),
        "/*/".repeat(50_000),
        "/**/".repeat(50_000),
        "a+".repeat(100_000),
        "'\\u{".repeat(50_000),
        "\"${\"".repeat(50_000),
        "```${".repeat(30_000),
        "1e".repeat(50_000),
        "#".repeat(100_000),
    ];
    for source in &cases {
        let started = std::time::Instant::now();
        let lexed = lex(source, FileId(0));
        let elapsed = started.elapsed();
        assert!(elapsed.as_secs() < 5, "{:?}…: {elapsed:?}", source.get(..8));
        check_spans(source, &lexed).expect("sane spans");
    }
}
