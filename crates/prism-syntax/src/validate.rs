//! Rules of language §3 checked on the finished tree. Placeholder: the parser helper fills it.
use crate::ast::Program;
use prism_diagnostics::Diagnostic;
use prism_span::FileId;

pub fn validate(_program: &Program, _file: FileId, _diagnostics: &mut Vec<Diagnostic>) {}
