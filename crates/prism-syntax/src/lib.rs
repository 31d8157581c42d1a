//! The Prism front end: lexer (language §2), parser (language §3) and syntax tree.
#![forbid(unsafe_code)]

pub mod ast;
pub mod ast_json;
pub mod lexer;
pub mod parser;
mod split;
#[cfg(test)]
mod test_corpus;
mod threads;
pub mod token;
pub mod validate;

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};

pub use lexer::{lex, lex_on_one_thread, Lexed};

/// The result of parsing one file: a (possibly partial) tree and every lexical and parse error.
#[derive(Debug)]
pub struct Parsed {
    pub program: ast::Program,
    pub comments: Vec<token::Comment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes, parses and validates `source` (language §2–§3). A large file is lexed, parsed and
/// validated on several threads, with the same result as [`parse_on_one_thread`].
pub fn parse(source: &str, file: FileId) -> Parsed {
    lex_and_parse(source, file).1
}

/// [`parse`], and the tokens of [`lex`] too. A large file is lexed and parsed in one pass over
/// several threads, each lexing and parsing its own part of the text (`split.rs`).
pub fn lex_and_parse(source: &str, file: FileId) -> (Vec<(token::Token, Span)>, Parsed) {
    if let Some(done) = split::lex_and_parse(source, file) {
        return done;
    }
    let lexed = lex(source, file);
    let mut diagnostics = lexed.diagnostics;
    let program = parser::parse_and_validate_tokens(source, file, &lexed.tokens, &mut diagnostics);
    let parsed = Parsed {
        program,
        comments: lexed.comments,
        diagnostics,
    };
    (lexed.tokens, parsed)
}

/// [`parse`] without spreading the work over threads.
pub fn parse_on_one_thread(source: &str, file: FileId) -> Parsed {
    let lexed = lexer::lex_on_one_thread(source, file);
    let mut diagnostics = lexed.diagnostics;
    let program = parser::parse_and_validate_tokens_on_one_thread(
        source,
        file,
        &lexed.tokens,
        &mut diagnostics,
    );
    Parsed {
        program,
        comments: lexed.comments,
        diagnostics,
    }
}
