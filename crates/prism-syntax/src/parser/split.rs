//! Parsing a large file on several threads.
//!
//! The token slice is cut before top-level declarations, and the chunks are parsed at the same
//! time and their statements joined. A cut is made before a `let` or `const` outside every
//! bracket and interpolation and not right after a reserved word. There the whole-file parse
//! begins a new statement too, if the chunk before the cut parses without an error: the only
//! statements that read on into a `let` are those that still need a body or a head (`if (c)`,
//! `else`, `do`, `export`, `for`), and they fail at the end of a chunk. No rule treats a `let`
//! differently from the end of the input when deciding whether an optional part (`else`, a `;`,
//! an operator) follows. A chunk's parse starts from the state the statement loop has at the top
//! level, so it gives the statements the whole-file parse gives there.
//!
//! Error recovery (§3.9) may skip across a cut, and the diagnostics name the next token, so the
//! chunks are joined only when none of them reported an error and the lexer reported none
//! either; otherwise [`parse_in_chunks`] gives up and the caller parses the file on one thread.

use prism_diagnostics::Diagnostic;
use prism_span::FileId;

use super::{parse_program, ParsedBody, Tok, PARSER_STACK};
use crate::threads;
use crate::token::{Keyword, Punct, Token};

/// Below this many tokens per chunk (about 64 KB of code) a file is parsed on one thread.
const MIN_CHUNK_TOKENS: usize = 16 * 1024;

/// The statements of `tokens` parsed in chunks on several threads, or `None` when the file is
/// too small, has no place to cut, or has errors (`earlier` holds the diagnostics found before
/// the parse, such as the lexer's).
///
/// With `validate`, each thread also validates its statements while they are in its cache (a
/// walk of the tree is bound by memory latency, not by instructions), and the diagnostics of
/// `validate` are returned in tree order. The validator carries nothing from one top-level
/// statement to the next, so this is the whole tree's validation.
pub(super) fn parse_in_chunks(
    source: &str,
    file: FileId,
    tokens: &[Tok],
    earlier: &[Diagnostic],
    validate: bool,
) -> Option<ParsedBody> {
    let chunks = threads::chunk_count(tokens.len(), MIN_CHUNK_TOKENS);
    parse_in(source, file, tokens, earlier, chunks, validate)
}

/// [`parse_in_chunks`] with the number of chunks given.
fn parse_in(
    source: &str,
    file: FileId,
    tokens: &[Tok],
    earlier: &[Diagnostic],
    chunks: usize,
    validate: bool,
) -> Option<ParsedBody> {
    if chunks < 2 || !earlier.is_empty() {
        return None;
    }
    let cuts = statement_cuts(tokens, chunks);
    if cuts.is_empty() {
        return None;
    }
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend(cuts);
    bounds.push(tokens.len());
    let parts = parse_parts(source, file, tokens, &bounds, validate)?;
    let mut whole = ParsedBody::default();
    whole
        .body
        .reserve(parts.iter().map(|part| part.body.len()).sum());
    for mut part in parts {
        if !part.errors.is_empty() {
            return None;
        }
        whole.body.append(&mut part.body);
        whole.validation.append(&mut part.validation);
    }
    Some(whole)
}

/// Parses (and validates, with `validate`) each chunk `tokens[bounds[i]..bounds[i + 1]]` on a
/// thread of its own; `None` if a thread could not be started.
fn parse_parts(
    source: &str,
    file: FileId,
    tokens: &[Tok],
    bounds: &[usize],
    validate: bool,
) -> Option<Vec<ParsedBody>> {
    std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(bounds.len() - 1);
        for pair in bounds.windows(2) {
            let chunk = tokens.get(pair[0]..pair[1])?;
            let handle = std::thread::Builder::new()
                .name("prism-parser".to_string())
                .stack_size(PARSER_STACK)
                .spawn_scoped(scope, move || {
                    parse_program(source, file, chunk, &[], validate)
                })
                .ok()?;
            handles.push(handle);
        }
        let parts = handles.into_iter().map(|handle| {
            handle
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
        });
        Some(parts.collect())
    })
}

/// Token indices to cut at, increasing: for each even cut, the first place at or after it where
/// a top-level statement must begin. Empty when the brackets do not balance.
fn statement_cuts(tokens: &[Tok], chunks: usize) -> Vec<usize> {
    let mut targets = threads::even_cuts(tokens.len(), chunks).peekable();
    let mut cuts = Vec::with_capacity(chunks);
    let mut depth: u32 = 0;
    for (index, (token, _)) in tokens.iter().enumerate() {
        let Some(&target) = targets.peek() else {
            break;
        };
        if index >= target && depth == 0 && begins_statement(tokens, index) {
            cuts.push(index);
            while targets.next_if(|&next| next <= index).is_some() {}
        }
        match nesting(token) {
            Nesting::Opens => depth += 1,
            Nesting::Closes => {
                let Some(outer) = depth.checked_sub(1) else {
                    return Vec::new();
                };
                depth = outer;
            }
            Nesting::Neither => {}
        }
    }
    cuts
}

/// What a token does to the depth of brackets and interpolations.
pub(crate) enum Nesting {
    Opens,
    Closes,
    Neither,
}

pub(crate) fn nesting(token: &Token) -> Nesting {
    match token {
        Token::Punct(Punct::LParen | Punct::LBracket | Punct::LBrace)
        | Token::StringStart { .. } => Nesting::Opens,
        Token::Punct(Punct::RParen | Punct::RBracket | Punct::RBrace) | Token::StringEnd(_) => {
            Nesting::Closes
        }
        _ => Nesting::Neither,
    }
}

/// How a run of tokens nests, read from a place at depth zero.
pub(crate) struct Balance {
    /// No token closes a bracket or interpolation the run did not open.
    pub(crate) never_below_start: bool,
    /// The run ends at the depth it started at.
    pub(crate) closes_all: bool,
}

pub(crate) fn balance(tokens: &[Tok]) -> Balance {
    let mut depth: u32 = 0;
    for (token, _) in tokens {
        match nesting(token) {
            Nesting::Opens => depth += 1,
            Nesting::Closes => match depth.checked_sub(1) {
                Some(outer) => depth = outer,
                None => {
                    return Balance {
                        never_below_start: false,
                        closes_all: false,
                    }
                }
            },
            Nesting::Neither => {}
        }
    }
    Balance {
        never_below_start: true,
        closes_all: depth == 0,
    }
}

/// Whether `token` may start a chunk (a `let` or `const`) ...
pub(crate) fn is_declaration(token: &Token) -> bool {
    matches!(token, Token::Keyword(Keyword::Let | Keyword::Const))
}

/// ... and whether `token` may come just before such a cut (anything but a reserved word).
pub(crate) fn may_precede_cut(token: &Token) -> bool {
    !matches!(token, Token::Keyword(_))
}

/// Whether token `index` is a `let` or `const` after a token other than a reserved word.
fn begins_statement(tokens: &[Tok], index: usize) -> bool {
    let declaration = tokens
        .get(index)
        .is_some_and(|(token, _)| is_declaration(token));
    let after_non_keyword = index
        .checked_sub(1)
        .and_then(|before| tokens.get(before))
        .is_some_and(|(token, _)| may_precede_cut(token));
    declaration && after_non_keyword
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::lex_on_one_thread;

    fn cuts(source: &str, chunks: usize) -> Vec<usize> {
        statement_cuts(&lex_on_one_thread(source, FileId(0)).tokens, chunks)
    }

    #[test]
    fn cuts_come_before_declarations_after_a_statement() {
        // Tokens: let a = 1 ; let b = 2 ; let c = 3
        assert_eq!(cuts("let a = 1; let b = 2; let c = 3", 2), vec![10]);
        assert_eq!(cuts("let a = 1; let b = 2; let c = 3", 3), vec![5, 10]);
        // Tokens: x = 1 let a = 1 let b = 2
        assert_eq!(cuts("x = 1\nlet a = 1\nlet b = 2", 2), vec![7]);
    }

    #[test]
    fn no_cut_inside_brackets_or_interpolations_or_after_a_reserved_word() {
        assert!(cuts("f(() => { x; let a = 1; let b = 2; let c = 3 })", 2).is_empty());
        assert!(cuts("\"${ { x; let a = 1; let b = 2 } }\"", 2).is_empty());
        assert!(cuts("export let a = 1; export let b = 2; export let c = 3", 2).is_empty());
    }

    #[test]
    fn unbalanced_brackets_give_no_cut() {
        assert!(cuts("}; let a = 1; let b = 2; let c = 3", 2).is_empty());
    }
}

#[cfg(test)]
mod corpus_tests {
    use super::*;
    use crate::lexer::lex_on_one_thread;
    use crate::parser::{parse_and_validate_tokens_on_one_thread, parse_tokens_on_one_thread};

    #[test]
    fn chunks_parse_like_one_thread_on_the_corpus() {
        let mut joined = 0;
        for text in crate::test_corpus::texts() {
            let lexed = lex_on_one_thread(&text, FileId(0));
            let mut diagnostics = lexed.diagnostics.clone();
            let whole =
                parse_tokens_on_one_thread(&text, FileId(0), &lexed.tokens, &mut diagnostics);
            let parse_errors = diagnostics.len();
            crate::validate::validate(&whole, FileId(0), &mut diagnostics);
            // Validating each top-level statement while parsing gives the same diagnostics.
            let mut as_it_goes = lexed.diagnostics.clone();
            let tree = parse_and_validate_tokens_on_one_thread(
                &text,
                FileId(0),
                &lexed.tokens,
                &mut as_it_goes,
            );
            assert_eq!((&tree, &as_it_goes), (&whole, &diagnostics), "{text}");
            for chunks in 2..=4 {
                let split = parse_in(
                    &text,
                    FileId(0),
                    &lexed.tokens,
                    &lexed.diagnostics,
                    chunks,
                    true,
                );
                if let Some(split) = split {
                    assert_eq!(parse_errors, 0, "joined despite errors:\n{text}");
                    assert_eq!(split.body, whole.body, "{chunks} chunks of:\n{text}");
                    assert_eq!(split.validation, diagnostics, "{chunks} chunks of:\n{text}");
                    joined += 1;
                }
            }
        }
        assert!(joined > 150, "only {joined} split parses were joined");
    }
}

#[cfg(test)]
pub(crate) mod fragment_tests {
    use proptest::prelude::*;

    use super::*;
    use crate::lexer::lex_on_one_thread;
    use crate::parser::{parse_and_validate_tokens_on_one_thread, parse_tokens_on_one_thread};

    /// Statements, including those that read on into what follows them (`if (c)` without a
    /// block, `do … while`, `export`, `for` heads) and those that end in an optional part.
    const STATEMENTS: &[&str] = &[
        "let a = 1",
        "const b = [1, 2]",
        "let { c, d: [e] } = f",
        "if (x) y()",
        "if (x) let z = 1",
        "if x { y } else { z }",
        "do { x += 1 } while (x < 3)",
        "do x() while y",
        "while (x) x -= 1",
        "for (let i = 0; i < 3; i++) { }",
        "for let v of xs { }",
        "for k, v in o { }",
        "export let g = 2",
        "export function h() { return 1 }",
        "function f(a, b = 2, ...r) { a + b }",
        "async function w() { await v() }",
        "let s = \"t ${ { a: 1 }.a } u\"",
        "x = y",
        "match m { 1 => a, [p, ...q] => p, _ => { b } }",
        "uncertain if (c) { high { } medium { } low { } }",
        "try { t() } catch (e) { } finally { }",
        "agents { r: { model: \"m\" } }",
        "let l = (p) => p ~> 0.5",
        "xs |> map(_, v => v * 2) ~|> f",
        "return 1",
        "break",
        "{ let inner = 1 }",
        "import { i } from \"./i\"",
    ];

    /// Statements cut short, which still need what follows them; rarer, so that most programs
    /// parse cleanly and are split.
    const UNFINISHED: &[&str] = &["if (x) { } else", "x = y +", "export", "const", "let"];

    pub(crate) fn program() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            40 => (0..STATEMENTS.len()).prop_map(|index| STATEMENTS[index]),
            1 => (0..UNFINISHED.len()).prop_map(|index| UNFINISHED[index]),
        ];
        let piece = (fragment, prop_oneof![Just("\n"), Just(";"), Just(" ")]);
        prop::collection::vec(piece, 0..40).prop_map(|pieces| {
            pieces
                .into_iter()
                .map(|(fragment, separator)| format!("{fragment}{separator}"))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn a_split_parse_is_the_one_thread_parse_or_nothing(text in program(), chunks in 2usize..5) {
            let lexed = lex_on_one_thread(&text, FileId(0));
            let mut diagnostics = lexed.diagnostics.clone();
            let whole = parse_tokens_on_one_thread(&text, FileId(0), &lexed.tokens, &mut diagnostics);
            let parse_errors = diagnostics.len() - lexed.diagnostics.len();
            let mut validated = lexed.diagnostics.clone();
            parse_and_validate_tokens_on_one_thread(&text, FileId(0), &lexed.tokens, &mut validated);
            let split = parse_in(&text, FileId(0), &lexed.tokens, &lexed.diagnostics, chunks, true);
            if let Some(split) = split {
                prop_assert!(lexed.diagnostics.is_empty() && parse_errors == 0);
                prop_assert_eq!(split.body, whole.body);
                prop_assert_eq!(split.validation, validated);
            }
        }
    }
}
