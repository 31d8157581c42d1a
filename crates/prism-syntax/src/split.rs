//! Lexing and parsing a large file on several threads in one fork and join.
//!
//! The text is cut at line starts that begin with `let` or `const`; each thread lexes its chunk
//! and parses (and validates) the chunk's tokens at once, while they are in its cache, and the
//! tokens, comments, statements and diagnostics are joined once at the end. This is the two
//! splits of `lexer/split.rs` and `parser/split.rs` made at the same places, so their reasoning
//! carries over: a cut just after a newline lexes like the whole file if every chunk before the
//! last lexed without a diagnostic, and a cut before a `let`/`const` token that follows no
//! reserved word, outside every bracket and interpolation, parses like the whole file if no chunk
//! had a lexical or parse error. Each thread checks what it can see (its first token, its
//! brackets) and parses its chunk only if they allow a join, and the join checks the rest (the
//! token before each cut, the diagnostics).
//!
//! When the lexical conditions hold but not the others, the joined tokens are still the
//! one-thread tokens and only the parse is done again; when they do not hold, [`lex_and_parse`]
//! gives up and the caller lexes and parses as if this module did not exist.

use prism_span::{FileId, Span};

use crate::ast::Program;
use crate::lexer::split::{first_code, lex_range};
use crate::lexer::Lexed;
use crate::parser::split::{balance, is_declaration, may_precede_cut};
use crate::parser::{self, ParsedBody, Tok, PARSER_STACK};
use crate::{threads, Parsed};

/// Below this many bytes per chunk a file is lexed and parsed on one thread.
const MIN_CHUNK_BYTES: usize = 64 * 1024;

/// The tokens and the validated tree of `source` made in chunks on several threads, exactly as
/// one thread makes them, or `None` when the file is too small, has no place to cut, or a cut fell
/// inside a string, comment or interpolation.
pub(crate) fn lex_and_parse(source: &str, file: FileId) -> Option<(Vec<Tok>, Parsed)> {
    let chunks = threads::chunk_count(source.len(), MIN_CHUNK_BYTES);
    lex_and_parse_in(source, file, chunks)
}

/// [`lex_and_parse`] with the number of chunks given.
fn lex_and_parse_in(source: &str, file: FileId, chunks: usize) -> Option<(Vec<Tok>, Parsed)> {
    if chunks < 2 {
        return None;
    }
    let start = first_code(source);
    let cuts = declaration_cuts(source, start, chunks);
    if cuts.is_empty() {
        return None;
    }
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(start);
    bounds.extend(cuts);
    bounds.push(source.len());
    let parts = run_parts(source, file, &bounds)?;
    join(source, file, parts)
}

/// What one chunk's thread made.
struct Part {
    lexed: Lexed,
    /// The chunk's statements and their diagnostics, if the chunk lexed without a diagnostic and
    /// may begin and end at its cuts as far as its own tokens tell.
    parsed: Option<ParsedBody>,
}

/// Lexes chunk `index` (`bounds[index]..bounds[index + 1]`) into `tokens` and parses it if it
/// may be joined.
fn make_part(source: &str, file: FileId, bounds: &[usize], index: usize, tokens: Vec<Tok>) -> Part {
    let (start, end) = (bounds[index], bounds[index + 1]);
    let lexed = lex_range(source, file, start, end, tokens);
    let last = index + 2 == bounds.len();
    let starts_at_cut = index == 0
        || lexed
            .tokens
            .first()
            .is_some_and(|(token, _)| is_declaration(token));
    // A chunk that closes a bracket it did not open began inside one, so its cut is not a
    // statement boundary (or the file has a stray closer); parsing it would be wasted work.
    let balance = balance(&lexed.tokens);
    let ends_at_cut = last || balance.closes_all;
    let fits = starts_at_cut && balance.never_below_start && ends_at_cut;
    let parsed = (lexed.diagnostics.is_empty() && fits)
        .then(|| parser::parse_chunk(source, file, &lexed.tokens, true));
    Part { lexed, parsed }
}

/// Makes every part, each on a thread with the parser's stack (the first on the calling thread
/// if it has one); `None` if a thread could not be started.
fn run_parts(source: &str, file: FileId, bounds: &[usize]) -> Option<Vec<Part>> {
    let count = bounds.len() - 1;
    let first_spawned = usize::from(parser::has_parser_stack());
    // Every token vector is allocated here, and sized so that it does not grow: memory of the
    // calling thread's arena is reused from one file to the next, while a new thread's arena
    // gives a large block back to the system when it is freed, so that each page of it costs a
    // page fault the next time (measured: thousands a megabyte). The first chunk's vector is
    // sized for the whole file, so that the others append to it without moving it.
    let mut tokens: Vec<Vec<Tok>> = (0..count)
        .map(|index| {
            let bytes = match index {
                0 => source.len(),
                _ => bounds[index + 1] - bounds[index],
            };
            Vec::with_capacity(token_estimate(bytes))
        })
        .collect();
    let mut tokens_for = |index: usize| {
        tokens
            .get_mut(index)
            .map(std::mem::take)
            .unwrap_or_default()
    };
    std::thread::scope(|scope| {
        let spawned: Vec<_> = (first_spawned..count)
            .map(|index| {
                let tokens = tokens_for(index);
                std::thread::Builder::new()
                    .name("prism-front".to_string())
                    .stack_size(PARSER_STACK)
                    .spawn_scoped(scope, move || {
                        make_part(source, file, bounds, index, tokens)
                    })
            })
            .collect();
        let mut parts = Vec::with_capacity(count);
        if first_spawned == 1 {
            parts.push(make_part(source, file, bounds, 0, tokens_for(0)));
        }
        for handle in spawned {
            let part = handle
                .ok()?
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
            parts.push(part);
        }
        Some(parts)
    })
}

/// What the parts allow.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// A cut fell inside a construct: the tokens are not the one-thread tokens.
    Relex,
    /// The tokens and statements are the one-thread ones.
    Keep,
    /// The tokens are the one-thread tokens; at good cuts, a chunk had an error, so the file has
    /// one too (almost always), which no split survives.
    ReparseOnOneThread,
    /// The tokens are the one-thread tokens; a cut is not a statement boundary.
    Reparse,
}

fn verdict(parts: &[Part]) -> Verdict {
    let Some((last, before_last)) = parts.split_last() else {
        return Verdict::Relex;
    };
    if before_last
        .iter()
        .any(|part| !part.lexed.diagnostics.is_empty())
    {
        return Verdict::Relex;
    }
    let cuts_hold = parts.iter().all(|part| part.parsed.is_some())
        && parts.windows(2).all(|pair| {
            pair[0]
                .lexed
                .tokens
                .last()
                .is_some_and(|(token, _)| may_precede_cut(token))
        });
    let errors = parts.iter().any(|part| {
        part.parsed
            .as_ref()
            .is_some_and(|parsed| !parsed.errors.is_empty())
    });
    match (cuts_hold, errors || !last.lexed.diagnostics.is_empty()) {
        (true, false) => Verdict::Keep,
        (true, true) => Verdict::ReparseOnOneThread,
        (false, _) => Verdict::Reparse,
    }
}

/// Room for the tokens of `bytes` bytes of code: typical code has a token every four or five
/// bytes (realistic generated code: 4.1).
fn token_estimate(bytes: usize) -> usize {
    bytes / 4 + 64
}

/// Joins the parts if their tokens are the one-thread tokens, and their statements too if every
/// cut is a statement boundary; otherwise parses the joined tokens again.
fn join(source: &str, file: FileId, parts: Vec<Part>) -> Option<(Vec<Tok>, Parsed)> {
    let verdict = verdict(&parts);
    if verdict == Verdict::Relex {
        return None;
    }
    let mut lexed = Lexed::default();
    let mut body = Vec::new();
    let mut validation = Vec::new();
    for part in parts {
        append(&mut lexed.tokens, part.lexed.tokens);
        append(&mut lexed.comments, part.lexed.comments);
        append(&mut lexed.diagnostics, part.lexed.diagnostics);
        if let Some(parsed) = part.parsed {
            append(&mut body, parsed.body);
            append(&mut validation, parsed.validation);
        }
    }
    let mut diagnostics = lexed.diagnostics;
    let tokens = &lexed.tokens;
    let program = match verdict {
        Verdict::Keep => {
            diagnostics = validation;
            let end = u32::try_from(source.len()).unwrap_or(u32::MAX);
            Program {
                body,
                span: Span::new(0, end),
            }
        }
        Verdict::ReparseOnOneThread | Verdict::Relex => {
            parser::parse_and_validate_tokens_on_one_thread(source, file, tokens, &mut diagnostics)
        }
        Verdict::Reparse => {
            parser::parse_and_validate_tokens(source, file, tokens, &mut diagnostics)
        }
    };
    let parsed = Parsed {
        program,
        comments: lexed.comments,
        diagnostics,
    };
    Some((lexed.tokens, parsed))
}

/// Appends `more` to `all`, taking `more` itself when `all` is still empty (the first part's
/// vector, sized for the whole file).
fn append<T>(all: &mut Vec<T>, mut more: Vec<T>) {
    if all.is_empty() {
        *all = more;
    } else {
        all.append(&mut more);
    }
}

/// Offsets of line starts that begin with `let` or `const`, one at or after each even cut,
/// increasing, each after `start` and inside the text.
fn declaration_cuts(source: &str, start: usize, chunks: usize) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut cuts: Vec<usize> = Vec::with_capacity(chunks);
    for even in threads::even_cuts(bytes.len(), chunks) {
        let mut from = cuts.last().map_or(even, |&previous| even.max(previous));
        loop {
            let Some(newline) = bytes
                .get(from..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
            else {
                return cuts;
            };
            let line = from + newline + 1;
            if line > start && begins_declaration(bytes.get(line..).unwrap_or_default()) {
                if cuts.last() != Some(&line) {
                    cuts.push(line);
                }
                break;
            }
            from = line;
        }
    }
    cuts
}

/// Whether `line` begins with the word `let` or `const` (the lexer decides whether it is the
/// keyword; this only finds candidates).
fn begins_declaration(line: &[u8]) -> bool {
    [&b"let"[..], &b"const"[..]].iter().any(|word| {
        line.strip_prefix(*word)
            .and_then(|rest| rest.first())
            .is_some_and(|&next| next.is_ascii() && !next.is_ascii_alphanumeric() && next != b'_')
    })
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
