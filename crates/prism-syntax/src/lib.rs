//! The Prism front end: lexer (language §2), parser (language §3) and syntax tree.
#![forbid(unsafe_code)]

pub mod ast;
pub mod ast_json;
pub mod lexer;
pub mod parser;
pub mod token;
pub mod validate;

use prism_diagnostics::Diagnostic;
use prism_span::FileId;

pub use lexer::{lex, Lexed};

/// The result of parsing one file: a (possibly partial) tree and every lexical and parse error.
#[derive(Debug)]
pub struct Parsed {
    pub program: ast::Program,
    pub comments: Vec<token::Comment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes, parses and validates `source` (language §2–§3).
pub fn parse(source: &str, file: FileId) -> Parsed {
    let lexed = lex(source, file);
    let mut diagnostics = lexed.diagnostics;
    let program = parser::parse_tokens(source, file, &lexed.tokens, &mut diagnostics);
    validate::validate(&program, file, &mut diagnostics);
    Parsed {
        program,
        comments: lexed.comments,
        diagnostics,
    }
}
