//! The parser never panics (language §3.9 recovery must cope with anything): random token
//! sequences, random text built from Prism fragments, arbitrary text, and pathological nesting.

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast_json::program_to_json_with_source;
use prism_syntax::token::{Keyword, Punct, Quote, Token};
use prism_syntax::{parse, parser, validate};
use proptest::prelude::*;

fn any_token() -> impl Strategy<Value = Token> {
    let words = [
        "x", "high", "low", "default", "context", "agents", "of", "from", "as", "Agent",
    ];
    prop_oneof![
        6 => (0..Punct::ALL.len()).prop_map(|index| Token::Punct(Punct::ALL[index])),
        3 => (0..Keyword::ALL.len()).prop_map(|index| Token::Keyword(Keyword::ALL[index])),
        3 => (0..words.len()).prop_map(move |index| Token::Ident(words[index].into())),
        1 => Just(Token::Placeholder),
        1 => Just(Token::Number(0.5)),
        1 => Just(Token::Str { value: "s".into(), quote: Quote::Double }),
        1 => Just(Token::StringStart { value: "a".into(), quote: Quote::Double }),
        1 => Just(Token::StringMiddle("b".into())),
        1 => Just(Token::StringEnd("c".into())),
        1 => Just(Token::Error),
    ]
}

/// Source text for `tokens`, one space between them, and the tokens with their spans.
fn with_spans(tokens: Vec<Token>) -> (String, Vec<(Token, Span)>) {
    let mut source = String::new();
    let mut spanned = Vec::with_capacity(tokens.len());
    for token in tokens {
        let text = match &token {
            Token::Punct(punct) => punct.as_str().to_string(),
            Token::Keyword(keyword) => keyword.as_str().to_string(),
            Token::Ident(name) => name.to_string(),
            Token::Placeholder => "_".to_string(),
            Token::Number(_) => "0.5".to_string(),
            Token::Str { .. } => "\"s\"".to_string(),
            Token::StringStart { .. } => "\"a${".to_string(),
            Token::StringMiddle(_) => "}b${".to_string(),
            Token::StringEnd(_) => "}c\"".to_string(),
            Token::Error => "#".to_string(),
        };
        let start = source.len() as u32;
        source.push_str(&text);
        spanned.push((token, Span::new(start, source.len() as u32)));
        source.push(' ');
    }
    (source, spanned)
}

fn parse_tokens_fully(source: &str, tokens: &[(Token, Span)]) {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let program = parser::parse_tokens(source, FileId(0), tokens, &mut diagnostics);
    validate::validate(&program, FileId(0), &mut diagnostics);
    let _ = program_to_json_with_source(&program, source);
}

fn parse_text_fully(source: &str) {
    let parsed = parse(source, FileId(0));
    let json = program_to_json_with_source(&parsed.program, source);
    check_spans(&json, (0, source.len() as u64));
}

/// Spans are well formed and nest inside their parents, even in recovered trees.
fn check_spans(value: &serde_json::Value, parent: (u64, u64)) {
    match value {
        serde_json::Value::Object(map) => {
            let mut bounds = parent;
            if let Some(span) = map.get("span").and_then(|span| span.as_array()) {
                let start = span.first().and_then(|v| v.as_u64()).unwrap_or(0);
                let end = span.get(1).and_then(|v| v.as_u64()).unwrap_or(0);
                assert!(
                    start <= end && parent.0 <= start && end <= parent.1,
                    "{start}..{end} in {parent:?}"
                );
                bounds = (start, end);
            }
            map.values().for_each(|field| check_spans(field, bounds));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| check_spans(item, parent)),
        _ => {}
    }
}

const FRAGMENTS: &[&str] = &[
    "let ",
    "const ",
    "x",
    "y",
    " = ",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    "\n",
    "=>",
    "~>",
    "~~",
    "|>",
    "_",
    "\"a ${",
    "}\"",
    "1",
    "0.5",
    "if ",
    "else ",
    "for ",
    " in ",
    " of ",
    "while ",
    "match ",
    "uncertain ",
    "high ",
    "fn ",
    "function ",
    "async ",
    "await ",
    "return ",
    "...",
    ".",
    "?.",
    "~.",
    "?",
    ":",
    "+",
    "-",
    "*",
    "**",
    "!",
    "~",
    "<~",
    "++",
    "in context ",
    "agents ",
    "import ",
    "export ",
    "try ",
    "catch ",
    "finally ",
    "#",
    "'",
];

fn fragment_text() -> impl Strategy<Value = String> {
    prop::collection::vec(0..FRAGMENTS.len(), 0..60)
        .prop_map(|indices| indices.into_iter().map(|index| FRAGMENTS[index]).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_tokens_never_panic(tokens in prop::collection::vec(any_token(), 0..80)) {
        let (source, spanned) = with_spans(tokens);
        parse_tokens_fully(&source, &spanned);
    }

    #[test]
    fn random_fragments_never_panic(source in fragment_text()) {
        parse_text_fully(&source);
    }

    #[test]
    fn arbitrary_text_never_panics(source in "\\PC{0,200}") {
        parse_text_fully(&source);
    }
}

/// Deep nesting and long chains end in a diagnostic, not a stack overflow.
#[test]
fn pathological_inputs_are_errors_not_crashes() {
    let cases = [
        "(".repeat(100_000),
        "[".repeat(100_000),
        "{".repeat(100_000),
        format!("x = {}", "!".repeat(100_000)),
        format!("x = {}1", "-".repeat(100_000)),
        format!("{}1", "a = ".repeat(100_000)),
        format!("{}1", "x => ".repeat(100_000)),
        format!("a{}", " + a".repeat(100_000)),
        format!("a{}", ".b".repeat(100_000)),
        format!("a{}", " ** a".repeat(100_000)),
        format!("a{}", " |> f".repeat(100_000)),
        format!("a{}", " ~> 1".repeat(100_000)),
        format!("{}x{}", "\"${".repeat(10_000), "}\"".repeat(10_000)),
        format!("{}1", "if (x) ".repeat(100_000)),
        format!("{}1", "c ? d : ".repeat(100_000)),
    ];
    for source in &cases {
        let parsed = parse(source, FileId(0));
        let _ = program_to_json_with_source(&parsed.program, source);
    }
}

/// Long chains inside nested function bodies share one depth budget.
#[test]
fn chains_inside_nested_blocks_stay_bounded() {
    let chain = format!("a{}", " + a".repeat(1400));
    let mut source = String::from("1");
    for _ in 0..90 {
        source = format!("x => {{ {chain} + ({source}) }}");
    }
    let parsed = parse(&source, FileId(0));
    let _ = program_to_json_with_source(&parsed.program, &source);
}

/// Realistic nesting well below the limits still parses cleanly.
#[test]
fn moderate_nesting_parses() {
    let source = format!("let x = {}1{}", "(".repeat(60), ")".repeat(60));
    assert!(parse(&source, FileId(0)).diagnostics.is_empty());
    let chain = format!("let s = a{}", " + a".repeat(450));
    assert!(parse(&chain, FileId(0)).diagnostics.is_empty());
    let arrays = format!("let x = {}1{}", "[".repeat(95), "]".repeat(95));
    let parsed = parse(&arrays, FileId(0));
    assert!(parsed.diagnostics.is_empty());
    let _ = program_to_json_with_source(&parsed.program, &arrays);
}

/// Long lists stay fast (no quadratic duplicate search).
#[test]
fn long_parameter_lists_are_linear() {
    let params: Vec<String> = (0..50_000).map(|index| format!("p{index}")).collect();
    let source = format!("fn f({}, p0) {{ }}", params.join(", "));
    let start = std::time::Instant::now();
    let parsed = parse(&source, FileId(0));
    assert_eq!(parsed.diagnostics.len(), 1);
    assert!(start.elapsed().as_secs() < 5);
}

/// The two limits of docs/decisions.md ("How deeply a source file may nest"): one level or one
/// link past them is `E0201` with its own message, not a crash and not silence.
#[test]
fn one_past_each_limit_is_e0201() {
    let messages = |source: &str| -> Vec<(&'static str, String)> {
        let parsed = parse(source, FileId(0));
        parsed
            .diagnostics
            .iter()
            .map(|diagnostic| (diagnostic.code, diagnostic.message.clone()))
            .collect()
    };
    let nested = format!("let x = {}1{}", "(".repeat(101), ")".repeat(101));
    assert!(
        messages(&nested).contains(&("E0201", "this is nested too deeply to parse".to_string()))
    );
    let chain = format!("let s = a{}", " + a".repeat(501));
    assert!(
        messages(&chain).contains(&("E0201", "this expression is too long to parse".to_string()))
    );
}
