//! Lexing a large file on several threads.
//!
//! The text is cut just after newlines into chunks that are lexed at the same time and joined.
//! A chunk lexed on its own gives the tokens the whole file would give there if it starts in
//! ordinary code. A cut after a newline is in ordinary code unless a string, a block comment or
//! an interpolation is still open across it — and then the chunk before the cut ends inside that
//! construct and reports it as unterminated. So the chunks are joined only when every chunk but
//! the last one lexed without a diagnostic; otherwise [`lex_in_chunks`] gives up and the caller
//! lexes the file on one thread. Either way the result is the one-thread result.

use prism_span::FileId;

use super::scanner::{prelude_len, Scanner};
use super::Lexed;
use crate::parser::Tok;
use crate::threads;

/// Below this many bytes per chunk a file is lexed on one thread.
const MIN_CHUNK_BYTES: usize = 64 * 1024;

/// Lexes `source` in chunks on several threads, or returns `None` when the file is too small to
/// be worth it or a cut fell inside a construct.
pub(super) fn lex_in_chunks(source: &str, file: FileId) -> Option<Lexed> {
    lex_in(
        source,
        file,
        threads::chunk_count(source.len(), MIN_CHUNK_BYTES),
    )
}

/// [`lex_in_chunks`] with the number of chunks given.
fn lex_in(source: &str, file: FileId, chunks: usize) -> Option<Lexed> {
    if chunks < 2 {
        return None;
    }
    let cuts = cuts_after_newlines(source, chunks);
    if cuts.is_empty() {
        return None;
    }
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(prelude_len(source));
    bounds.extend(cuts);
    bounds.push(source.len());
    let mut parts = lex_parts(source, file, &bounds);
    let (last, rest) = parts.split_last_mut()?;
    if rest.iter().any(|part| !part.diagnostics.is_empty()) {
        return None;
    }
    let mut whole = std::mem::take(rest.first_mut()?);
    for part in rest.iter_mut().skip(1).chain(std::iter::once(last)) {
        whole.tokens.append(&mut part.tokens);
        whole.comments.append(&mut part.comments);
        whole.diagnostics.append(&mut part.diagnostics);
    }
    Some(whole)
}

/// Offsets just after the first newline at or after each even cut, increasing, each inside the
/// text (a cut at its end would leave an empty chunk).
fn cuts_after_newlines(source: &str, chunks: usize) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut cuts: Vec<usize> = Vec::with_capacity(chunks);
    for even in threads::even_cuts(bytes.len(), chunks) {
        let from = cuts.last().map_or(even, |&previous| even.max(previous));
        let Some(newline) = bytes
            .get(from..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
        else {
            break;
        };
        let cut = from + newline + 1;
        if cut < bytes.len() && cuts.last() != Some(&cut) {
            cuts.push(cut);
        }
    }
    cuts
}

/// The tokens, comments and diagnostics of `source[start..end]` lexed on its own, with spans of
/// the whole `source`, the tokens appended to `tokens` (empty, but with room reserved). `start` must be
/// [`first_code`] or a line start (the caller checks the result as this module's doc says).
pub(crate) fn lex_range(
    source: &str,
    file: FileId,
    start: usize,
    end: usize,
    tokens: Vec<Tok>,
) -> Lexed {
    let text = source.get(..end).unwrap_or(source);
    Scanner::starting_at(text, file, start, tokens).run()
}

/// Where ordinary code starts: after a byte-order mark and a `#!` line.
pub(crate) fn first_code(source: &str) -> usize {
    prelude_len(source)
}

/// Lexes each chunk `bounds[i]..bounds[i + 1]`, the first on this thread and the others on
/// threads of their own (or here too, if a thread cannot be started).
fn lex_parts(source: &str, file: FileId, bounds: &[usize]) -> Vec<Lexed> {
    let lex_chunk = |index: usize, capacity: usize| {
        let tokens = Vec::with_capacity(capacity);
        lex_range(source, file, bounds[index], bounds[index + 1], tokens)
    };
    let chunk_capacity = |index: usize| (bounds[index + 1] - bounds[index]) / 5 + 1;
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..bounds.len() - 1)
            .map(|index| {
                let spawned = std::thread::Builder::new()
                    .name("prism-lexer".to_string())
                    .spawn_scoped(scope, move || lex_chunk(index, chunk_capacity(index)));
                (index, spawned)
            })
            .collect();
        // The first chunk's vector is sized for the whole file, so the others append to it
        // without moving it.
        let mut parts = vec![lex_chunk(0, source.len() / 5 + 1)];
        for (index, spawned) in others {
            let part = match spawned {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
                Err(_) => lex_chunk(index, chunk_capacity(index)),
            };
            parts.push(part);
        }
        parts
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_just_after_newlines_and_inside_the_text() {
        let source = "ab\ncd\nef\ngh";
        assert_eq!(cuts_after_newlines(source, 2), vec![6]);
        assert_eq!(cuts_after_newlines(source, 4), vec![3, 6, 9]);
        assert_eq!(cuts_after_newlines("abc\n", 2), Vec::<usize>::new());
        assert_eq!(cuts_after_newlines("no newline", 3), Vec::<usize>::new());
    }
}

#[cfg(test)]
mod corpus_tests {
    use super::*;
    use crate::lexer::lex_on_one_thread;

    #[test]
    fn chunks_lex_like_one_thread_on_the_corpus() {
        let mut joined = 0;
        for text in crate::test_corpus::texts() {
            let whole = lex_on_one_thread(&text, FileId(0));
            for chunks in 2..=4 {
                if let Some(split) = lex_in(&text, FileId(0), chunks) {
                    assert_eq!(split, whole, "{chunks} chunks of:\n{text}");
                    joined += 1;
                }
            }
        }
        // Most cuts fall in ordinary code, so most splits must be joined: a vacuous pass fails.
        assert!(joined > 1500, "only {joined} split lexes were joined");
    }
}
