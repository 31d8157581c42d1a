//! The lexer (language §2): source text to `(Token, Span)` pairs, comments and lexical errors.
//!
//! * `raw.rs`: the logos automaton for ordinary code (operators by maximal munch, keywords, ASCII
//!   identifiers, the first character of everything else).
//! * `scanner.rs`: drives the automaton, finishes numbers, strings, comments and non-ASCII
//!   identifiers by hand, and keeps the stack of open `${ … }` interpolations (§2.10).
//! * `number.rs` (§2.8), `string.rs` and `escape.rs` (§2.9), `chars.rs` (§2.3, §2.6).
//! * `errors.rs`: the messages of §2.12. `render.rs`: the listing of `prism tokens` (cli §10).
//!
//! The lexer never fails and never panics: after an error it skips the offending character (or the
//! rest of the line or file for an unterminated construct) and goes on, so later errors are found
//! too (§2.12). A malformed literal still yields its token, with a best-effort value.

mod chars;
mod errors;
mod escape;
mod number;
mod raw;
mod render;
mod scanner;
pub(crate) mod split;
mod string;

use prism_diagnostics::Diagnostic;
use prism_span::FileId;

use crate::token::{Comment, Token};
pub use chars::{is_id_continue, is_id_start, is_whitespace};
pub use number::{number_literal_range, NumberRange};
pub use render::render_tokens;

/// The output of [`lex`].
#[derive(Debug, Default, PartialEq)]
pub struct Lexed {
    /// The tokens in source order, spans increasing. Spans are byte ranges of the file; the parts
    /// of an interpolated string include their quote, `${` and `}` (cli §10).
    pub tokens: Vec<(Token, prism_span::Span)>,
    /// Every comment, in source order; they never appear among the tokens.
    pub comments: Vec<Comment>,
    /// Lexical errors (`E0101`–`E0110`) in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes one file (language §2).
///
/// Besides the tokens of the text, two zero-width tokens may appear after errors so that the
/// parser sees the usual structure without reporting the error again: a [`Token::Error`] inside an
/// empty interpolation (`E0110`), and a `StringEnd` at the end of the file for each interpolation
/// left open (`E0109`).
///
/// A large file is lexed in chunks on several threads (`split.rs`) with the same result.
pub fn lex(source: &str, file: FileId) -> Lexed {
    split::lex_in_chunks(source, file).unwrap_or_else(|| lex_on_one_thread(source, file))
}

/// [`lex`] on the calling thread only, whatever the size of the file (for benchmarks and for
/// tests that compare the two).
pub fn lex_on_one_thread(source: &str, file: FileId) -> Lexed {
    scanner::Scanner::new(source, file).run()
}
