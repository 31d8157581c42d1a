//! The parser (language §3). Placeholder: the parser helper replaces this file.
use crate::ast::Program;
use crate::token::Token;
use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};

pub fn parse_tokens(source: &str, _file: FileId, _tokens: &[(Token, Span)], _diagnostics: &mut Vec<Diagnostic>) -> Program {
    Program { body: Vec::new(), span: Span::new(0, source.len() as u32) }
}
