//! Token classes of language §2 through the public API: `lex` and `render_tokens`.

use prism_span::{FileId, Span};
use prism_syntax::lex;
use prism_syntax::lexer::render_tokens;
use prism_syntax::token::{CommentKind, Keyword, Punct, Quote, Token};

/// The tokens as `(token, source text)` pairs; panics on diagnostics.
fn tokens(source: &str) -> Vec<(Token, &str)> {
    let lexed = lex(source, FileId(0));
    assert!(
        lexed.diagnostics.is_empty(),
        "{source:?}: {:#?}",
        lexed.diagnostics
    );
    lexed
        .tokens
        .iter()
        .map(|(token, span)| (token.clone(), span.text(source)))
        .collect()
}

/// The token texts only.
fn texts(source: &str) -> Vec<&str> {
    tokens(source).into_iter().map(|(_, text)| text).collect()
}

fn ident(name: &str) -> Token {
    Token::Ident(name.into())
}

fn punct(punct: Punct) -> Token {
    Token::Punct(punct)
}

fn string(value: &str, quote: Quote) -> Token {
    Token::Str {
        value: value.into(),
        quote,
    }
}

#[test]
fn identifiers_keywords_and_the_placeholder() {
    assert_eq!(
        tokens("let x_1 = $ + _ + _x + __ + café + ifé + π"),
        vec![
            (Token::Keyword(Keyword::Let), "let"),
            (ident("x_1"), "x_1"),
            (punct(Punct::Eq), "="),
            (ident("$"), "$"),
            (punct(Punct::Plus), "+"),
            (Token::Placeholder, "_"),
            (punct(Punct::Plus), "+"),
            (ident("_x"), "_x"),
            (punct(Punct::Plus), "+"),
            (ident("__"), "__"),
            (punct(Punct::Plus), "+"),
            (ident("café"), "café"),
            (punct(Punct::Plus), "+"),
            (ident("ifé"), "ifé"),
            (punct(Punct::Plus), "+"),
            (ident("π"), "π"),
        ]
    );
}

#[test]
fn contextual_keywords_are_identifiers() {
    for word in [
        "high", "medium", "low", "default", "context", "agents", "from", "as", "of", "new",
    ] {
        assert_eq!(tokens(word), vec![(ident(word), word)]);
    }
    for keyword in Keyword::ALL {
        assert_eq!(
            tokens(keyword.as_str()),
            vec![(Token::Keyword(*keyword), keyword.as_str())]
        );
    }
}

#[test]
fn number_literals_and_their_values() {
    let values: Vec<Token> = tokens("1_000 0.000_1 1e1_0 007 2.5e-3 1E+2 0")
        .into_iter()
        .map(|(token, _)| token)
        .collect();
    let expected = [1000.0, 0.0001, 1e10, 7.0, 0.0025, 100.0, 0.0];
    assert_eq!(values, expected.map(Token::Number).to_vec());
    assert_eq!(
        texts("1.toFixed(2)"),
        vec!["1", ".", "toFixed", "(", "2", ")"]
    );
    assert_eq!(
        texts("2.5.toFixed(0)"),
        vec!["2.5", ".", "toFixed", "(", "0", ")"]
    );
    assert_eq!(tokens("1e400")[0].0, Token::Number(f64::INFINITY));
}

#[test]
fn maximal_munch_among_operators() {
    assert_eq!(texts("x-->0"), vec!["x", "--", ">", "0"]);
    assert_eq!(texts("a<~b"), vec!["a", "<~", "b"]);
    assert_eq!(
        texts("a ~||> b ~?> c ~?? d"),
        vec!["a", "~||>", "b", "~?>", "c", "~??", "d"]
    );
    assert_eq!(texts("a ~>= b ~> c"), vec!["a", "~>=", "b", "~>", "c"]);
    assert_eq!(texts("~-x ~~y"), vec!["~-", "x", "~~", "y"]);
    assert_eq!(
        texts("a?.b ?? c ??= d"),
        vec!["a", "?.", "b", "??", "c", "??=", "d"]
    );
    assert_eq!(
        texts("a**=b===c!==d"),
        vec!["a", "**=", "b", "===", "c", "!==", "d"]
    );
    assert_eq!(texts("...x=>y->z"), vec!["...", "x", "=>", "y", "->", "z"]);
    assert_eq!(texts("a?.5:1"), vec!["a", "?.", "5", ":", "1"]);
}

#[test]
fn strings_of_the_three_forms() {
    assert_eq!(
        tokens(r#""a\tb""#),
        vec![(string("a\tb", Quote::Double), r#""a\tb""#)]
    );
    assert_eq!(
        tokens(r#"'${x}'"#),
        vec![(string("${x}", Quote::Single), "'${x}'")]
    );
    assert_eq!(tokens(r#""\${x}""#)[0].0, string("${x}", Quote::Double));
    assert_eq!(
        tokens("\"\\uD83D\\uDE00\\u{41}\"")[0].0,
        string("\u{1F600}A", Quote::Double)
    );
    assert_eq!(
        tokens("```\na\\n\r\nb```")[0].0,
        string("\na\\n\nb", Quote::Fenced)
    );
    assert_eq!(tokens("``````")[0].0, string("", Quote::Fenced));
    // A JSON string literal is a Prism string literal (§2.9.1).
    assert_eq!(
        tokens(r#""\"\\\/\b\f\n\r\t\u00e9""#)[0].0,
        string("\"\\/\u{8}\u{c}\n\r\té", Quote::Double)
    );
}

#[test]
fn interpolation_parts_cover_their_delimiters() {
    assert_eq!(
        tokens(r#""a ${x} b ${ {c: 1}.c } d""#),
        vec![
            (
                Token::StringStart {
                    value: "a ".into(),
                    quote: Quote::Double
                },
                "\"a ${"
            ),
            (ident("x"), "x"),
            (Token::StringMiddle(" b ".into()), "} b ${"),
            (punct(Punct::LBrace), "{"),
            (ident("c"), "c"),
            (punct(Punct::Colon), ":"),
            (Token::Number(1.0), "1"),
            (punct(Punct::RBrace), "}"),
            (punct(Punct::Dot), "."),
            (ident("c"), "c"),
            (Token::StringEnd(" d".into()), "} d\""),
        ]
    );
}

#[test]
fn nested_strings_comments_and_line_breaks_inside_interpolations() {
    let source = "\"x${ \"in ${ y /* } */ }\" // }\n + 1 }z\"";
    assert_eq!(
        texts(source),
        vec!["\"x${", "\"in ${", "y", "}\"", "+", "1", "}z\""]
    );
    let lexed = lex(source, FileId(0));
    let kinds: Vec<CommentKind> = lexed.comments.iter().map(|comment| comment.kind).collect();
    assert_eq!(kinds, vec![CommentKind::Block, CommentKind::Line]);
    let fenced = "```\n${ f(```a ${b}```) }\n```";
    assert_eq!(
        texts(fenced),
        vec!["```\n${", "f", "(", "```a ${", "b", "}```", ")", "}\n```"]
    );
}

#[test]
fn comments_are_kept_apart_and_classified() {
    let source = "/** doc */ /**/ /*** rule */ /* block */ // line\n/*/ still */ x";
    let lexed = lex(source, FileId(0));
    assert!(lexed.diagnostics.is_empty());
    let comments: Vec<(CommentKind, &str)> = lexed
        .comments
        .iter()
        .map(|comment| (comment.kind, comment.span.text(source)))
        .collect();
    assert_eq!(
        comments,
        vec![
            (CommentKind::Doc, "/** doc */"),
            (CommentKind::Block, "/**/"),
            (CommentKind::Block, "/*** rule */"),
            (CommentKind::Block, "/* block */"),
            (CommentKind::Line, "// line"),
            (CommentKind::Block, "/*/ still */"),
        ]
    );
    assert_eq!(texts(source), vec!["x"]);
}

#[test]
fn whitespace_bom_and_shebang_are_ignored() {
    let spaces = "a\u{A0}b\u{FEFF}c\u{2028}d\u{2029}e\u{3000}f\u{2003}g\u{0B}h\u{0C}i\r\nj\rk";
    assert_eq!(
        texts(spaces),
        vec!["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]
    );
    assert_eq!(texts("\u{FEFF}x"), vec!["x"]);
    assert_eq!(texts("#!/usr/bin/env prism run\nx"), vec!["x"]);
    assert_eq!(texts("\u{FEFF}#! shebang\r\nx"), vec!["x"]);
    assert_eq!(texts("#!"), Vec::<&str>::new());
}

#[test]
fn spans_are_byte_offsets() {
    let lexed = lex("é + \"ü\"", FileId(0));
    let spans: Vec<Span> = lexed.tokens.iter().map(|(_, span)| *span).collect();
    assert_eq!(
        spans,
        vec![Span::new(0, 2), Span::new(3, 4), Span::new(5, 9)]
    );
}

#[test]
fn render_text_matches_cli_10() {
    let source = "let x = 1_000\n";
    let expected = "1:1 Keyword \"let\"\n1:5 Ident \"x\"\n1:7 Punct \"=\"\n1:9 Number \"1_000\"\n2:1 Eof \"\"\n";
    assert_eq!(
        render_tokens(source, &lex(source, FileId(0)), false, false),
        expected
    );
    let source = "\"a ${x} b\"";
    let expected =
        "1:1 StringStart \"\\\"a ${\"\n1:6 Ident \"x\"\n1:7 StringEnd \"} b\\\"\"\n1:11 Eof \"\"\n";
    assert_eq!(
        render_tokens(source, &lex(source, FileId(0)), false, false),
        expected
    );
}

#[test]
fn render_counts_columns_in_characters_and_includes_comments_on_request() {
    let source = "é /* c */ x // d\n\ty";
    let lexed = lex(source, FileId(0));
    let with = render_tokens(source, &lexed, true, false);
    assert_eq!(
        with,
        "1:1 Ident \"é\"\n1:3 BlockComment \"/* c */\"\n1:11 Ident \"x\"\n1:13 LineComment \"// d\"\n\
         2:2 Ident \"y\"\n2:3 Eof \"\"\n"
    );
    let without = render_tokens(source, &lexed, false, false);
    assert!(!without.contains("Comment"));
}

#[test]
fn render_json_has_the_documented_fields() {
    let source = "f(1.5, \"a\\n\") // c";
    let rendered = render_tokens(source, &lex(source, FileId(0)), true, true);
    let value: serde_json::Value = serde_json::from_str(&rendered).expect("valid JSON");
    let entries = value.as_array().expect("an array");
    assert_eq!(entries.len(), 8);
    let number = &entries[2];
    let keys: Vec<&str> = number
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["kind", "text", "value", "start", "end", "line", "column"]
    );
    assert_eq!(number["value"], serde_json::json!(1.5));
    assert_eq!(entries[4]["value"], serde_json::json!("a\n"));
    assert_eq!(entries[4]["text"], serde_json::json!("\"a\\n\""));
    assert_eq!(entries[6]["kind"], serde_json::json!("LineComment"));
    assert_eq!(entries[7]["kind"], serde_json::json!("Eof"));
    assert!(rendered.ends_with("]\n") && rendered.contains("\n  {\n    \"kind\""));
}
