//! Every lexical error of language §2.12: code, message, span, help, and recovery.

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::lex;
use prism_syntax::token::Token;

fn diagnostics(source: &str) -> Vec<Diagnostic> {
    lex(source, FileId(0)).diagnostics
}

/// `(code, message, text under the primary span)` of each diagnostic.
fn reported(source: &str) -> Vec<(&'static str, String, String)> {
    diagnostics(source)
        .into_iter()
        .map(|diagnostic| {
            let span = diagnostic
                .primary()
                .map_or(Span::default(), |label| label.at.span);
            (
                diagnostic.code,
                diagnostic.message.clone(),
                span.text(source).to_string(),
            )
        })
        .collect()
}

fn one(code: &'static str, message: &str, text: &str) -> Vec<(&'static str, String, String)> {
    vec![(code, message.to_string(), text.to_string())]
}

fn help(source: &str) -> Vec<String> {
    diagnostics(source)
        .into_iter()
        .flat_map(|diagnostic| diagnostic.help)
        .collect()
}

fn token_texts(source: &str) -> Vec<String> {
    let lexed = lex(source, FileId(0));
    lexed
        .tokens
        .iter()
        .map(|(_, span)| span.text(source).to_string())
        .collect()
}

#[test]
fn e0101_unexpected_characters_are_skipped() {
    assert_eq!(
        reported("a # b"),
        one("E0101", "unexpected character `#`", "#")
    );
    assert_eq!(token_texts("a # b"), vec!["a", "b"]);
    assert_eq!(help("a | b"), vec!["did you mean `||`?"]);
    assert_eq!(help("a & b"), vec!["did you mean `&&`?"]);
    assert_eq!(help("@deco"), vec!["decorators are not supported"]);
    assert_eq!(
        help("`Hello ${name}`"),
        vec![
            "template literals are written with double quotes: \"Hello ${name}\"",
            "template literals are written with double quotes: \"Hello ${name}\"",
        ]
    );
    for c in ["^", "\\", "\u{1}", "€", "\u{200B}"] {
        let found = reported(c);
        assert_eq!(found.len(), 1, "{c:?}");
        assert_eq!((found[0].0, found[0].2.as_str()), ("E0101", c));
    }
    assert_eq!(reported("a ~@ b")[0].2, "@");
}

#[test]
fn e0102_unterminated_string_at_end_of_file() {
    assert_eq!(
        reported("x = \"abc"),
        one("E0102", "unterminated string literal", "\"")
    );
    assert_eq!(
        reported("x = 'abc\\"),
        one("E0102", "unterminated string literal", "'")
    );
    assert_eq!(token_texts("x = \"abc"), vec!["x", "=", "\"abc"]);
}

#[test]
fn e0103_line_break_in_string_recovers_at_the_next_line() {
    let source = "let s = \"abc\nprint(s)";
    assert_eq!(
        reported(source),
        one("E0103", "line break in string literal", "\"")
    );
    assert_eq!(
        help(source),
        vec!["use a fenced ``` string for multi-line text"]
    );
    assert_eq!(
        token_texts(source),
        vec!["let", "s", "=", "\"abc", "print", "(", "s", ")"]
    );
    assert_eq!(reported("'a\r\n'b'")[0].0, "E0103");
    // The text after an interpolation is restricted to the line as well.
    assert_eq!(reported("\"${x} a\n\"")[0].0, "E0103");
    // A line break inside the interpolation itself is fine.
    assert!(reported("\"${\nx\n}\"").is_empty());
}

#[test]
fn e0104_unknown_escapes() {
    assert_eq!(
        reported(r#""bad \q escape""#),
        one("E0104", "unknown escape sequence `\\q`", "\\q")
    );
    assert_eq!(
        reported(r#"'\01'"#),
        one("E0104", "unknown escape sequence `\\01`", "\\01")
    );
    assert_eq!(reported("\"a\\\nb\"")[0].0, "E0104");
    let lexed = lex(r#""a\qb" + 1"#, FileId(0));
    assert_eq!(
        lexed.tokens[0].0,
        Token::Str {
            value: "aqb".into(),
            quote: prism_syntax::token::Quote::Double
        }
    );
    assert_eq!(lexed.tokens.len(), 3);
}

#[test]
fn e0105_invalid_unicode_escapes() {
    for (source, text) in [
        (r#""\u{110000}""#, "\\u{110000}"),
        (r#""\uD800""#, "\\uD800"),
        (r#""\uDC00\uD800""#, "\\uDC00"),
        (r#""\u12""#, "\\u12"),
        (r#""\u{}""#, "\\u{}"),
        (r#""\u{D83D}""#, "\\u{D83D}"),
    ] {
        let found = reported(source);
        assert_eq!(
            found[0],
            (
                "E0105",
                format!("invalid unicode escape `{text}`"),
                text.to_string()
            )
        );
    }
}

#[test]
fn e0106_unterminated_block_comment_reported_at_its_start() {
    let source = "let x = 1\n/* never closed\nprint(x)";
    assert_eq!(
        reported(source),
        one("E0106", "unterminated block comment", "/*")
    );
    assert_eq!(token_texts(source), vec!["let", "x", "=", "1"]);
}

#[test]
fn e0107_unterminated_fence() {
    assert_eq!(
        reported("x = ```abc\n"),
        one("E0107", "unterminated fenced string", "```")
    );
}

#[test]
fn e0108_invalid_number_literals() {
    for text in ["1__0", "1_", "1_.5", "1._5", "1e", "2.5e+", "3px", "0x1F"] {
        let source = format!("({text})");
        assert_eq!(
            reported(&source),
            one("E0108", &format!("invalid number literal `{text}`"), text)
        );
        assert_eq!(token_texts(&source), vec!["(", text, ")"], "{text}");
    }
    assert_eq!(help("print(1, .5)"), vec!["write 0.5"]);
    assert_eq!(help("0x1F"), vec!["hexadecimal literals are not supported"]);
    let lexed = lex("print(1, .5)", FileId(0));
    assert!(lexed
        .tokens
        .contains(&(Token::Number(0.5), Span::new(9, 11))));
}

#[test]
fn e0109_unterminated_interpolation() {
    let source = "\"a ${ b + ";
    assert_eq!(
        reported(source),
        one("E0109", "unterminated interpolation", "${")
    );
    let lexed = lex(source, FileId(0));
    let last = lexed.tokens.last().cloned();
    assert_eq!(
        last,
        Some((Token::StringEnd("".into()), Span::at(source.len() as u32)))
    );
}

#[test]
fn e0110_empty_interpolation() {
    let source = "let s = \"a${ }b\"";
    assert_eq!(
        reported(source),
        one("E0110", "empty interpolation", "${ }")
    );
    assert_eq!(reported("\"${}\"")[0].0, "E0110");
    let lexed = lex(source, FileId(0));
    let kinds: Vec<&Token> = lexed
        .tokens
        .iter()
        .map(|(token, _)| token)
        .skip(3)
        .collect();
    assert!(matches!(
        kinds.as_slice(),
        [Token::StringStart { .. }, Token::Error, Token::StringEnd(_)]
    ));
    // A comment alone is still empty; a stray character is reported once, as itself.
    assert_eq!(reported("\"${ /* c */ }\"")[0].0, "E0110");
    assert_eq!(reported("\"${#}\"").len(), 1);
}

#[test]
fn recovery_finds_every_error_in_one_pass() {
    let source = "# 1__0 \"\\q\" @ /* open";
    let codes: Vec<&str> = diagnostics(source)
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect();
    assert_eq!(codes, vec!["E0101", "E0108", "E0104", "E0101", "E0106"]);
}

#[test]
fn e0109_is_reported_once_for_nested_open_interpolations() {
    let source = "\"${ \"${ x";
    assert_eq!(
        reported(source),
        one("E0109", "unterminated interpolation", "${")
    );
    assert_eq!(
        diagnostics(source)[0].primary().map(|label| label.at.span),
        Some(Span::new(5, 7))
    );
    let lexed = lex(source, FileId(0));
    let ends = lexed
        .tokens
        .iter()
        .filter(|(token, _)| matches!(token, Token::StringEnd(_)))
        .count();
    assert_eq!(ends, 2);
}
