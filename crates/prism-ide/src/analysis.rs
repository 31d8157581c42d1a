//! One analysed document: the text, its tokens, comments and syntax tree, and everything the
//! checker knows about it. Every feature of this crate is a method on [`Analysis`] that only reads
//! these tables.

use std::collections::HashMap;
use std::sync::OnceLock;

use prism_checker::{Checked, Resolution, ResolveEnv};
use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast::Program;
use prism_syntax::token::{Comment, CommentKind, Token};

use crate::labels::{FunctionInfo, FunctionTable};

/// One parsed and checked Prism file.
///
/// Building one runs the lexer, the parser (with its validation) and the checker once; every query
/// afterwards is a search of the tables kept here. The checker runs even when the parse reported
/// errors, so that hover and completion keep working on half-written code; the
/// [`Analysis::diagnostics`] still follow `prism check` (checker diagnostics only without parse
/// errors). `Send + Sync`: the server may keep it in an `Arc` and query it from any thread.
#[derive(Debug)]
pub struct Analysis {
    text: String,
    file: FileId,
    env: ResolveEnv,
    tokens: Vec<(Token, Span)>,
    comments: Vec<Comment>,
    program: Program,
    checked: Checked,
    diagnostics: Vec<Diagnostic>,
    /// Named functions by the start of their name, built on first use.
    functions: OnceLock<HashMap<u32, FunctionInfo>>,
}

impl Analysis {
    /// Lexes, parses and checks `text` as file `file` in the environment `env` (main program or
    /// module, test mode, Parallax host names). Never panics.
    pub fn new(text: &str, file: FileId, env: ResolveEnv) -> Analysis {
        // `prism_syntax::parse` with the tokens kept for semantic tokens and completion
        // contexts, without lexing twice.
        let (tokens, parsed) = prism_syntax::lex_and_parse(text, file);
        let (program, comments, mut diagnostics) =
            (parsed.program, parsed.comments, parsed.diagnostics);
        let checked = prism_checker::check(&program, text, file, &env);
        // As `prism check` (the driver's `compile_file`): a repaired tree is not checked, because
        // it would report names the author never wrote.
        if !diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.extend(checked.diagnostics.iter().cloned());
        }
        Analysis {
            text: text.to_string(),
            file,
            env,
            tokens,
            comments,
            program,
            checked,
            diagnostics,
            functions: OnceLock::new(),
        }
    }

    /// The document text.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    pub fn env(&self) -> &ResolveEnv {
        &self.env
    }

    /// The tokens in source order (comments are in [`Analysis::comments`]).
    pub fn tokens(&self) -> &[(Token, Span)] {
        &self.tokens
    }

    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The (possibly repaired) syntax tree.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The checker's result: resolution, types and kinds by offset, its own diagnostics.
    pub fn checked(&self) -> &Checked {
        &self.checked
    }

    pub fn resolution(&self) -> &Resolution {
        &self.checked.resolution
    }

    /// The lexical, parse and checker diagnostics of this file, as `prism check` reports them
    /// before it adds header (runtime §3.3) and module (language §13) diagnostics, which need the
    /// configuration and other files.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The named functions of the document (declarations, and names bound to lambdas).
    pub(crate) fn functions(&self) -> &HashMap<u32, FunctionInfo> {
        self.functions.get_or_init(|| {
            let mut table = FunctionTable::default();
            prism_checker::visit::walk_program(&mut table, &self.program);
            table.0
        })
    }

    /// `offset` moved into the text and back onto a character boundary, so that no query slices
    /// in the middle of a character, whatever the caller sends.
    pub(crate) fn clamp(&self, offset: u32) -> u32 {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset as u32
    }

    /// The text of `span`, or `""` when it does not fit.
    pub(crate) fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// The index of the first token that ends at or after `offset`.
    pub(crate) fn token_index_at(&self, offset: u32) -> usize {
        self.tokens.partition_point(|(_, span)| span.end < offset)
    }

    /// The last token that ends at or before `offset`, skipping none.
    pub(crate) fn token_before(&self, offset: u32) -> Option<(usize, &(Token, Span))> {
        let index = self.tokens.partition_point(|(_, span)| span.end <= offset);
        let index = index.checked_sub(1)?;
        self.tokens.get(index).map(|token| (index, token))
    }

    /// The comment containing `offset`: after its first byte, and before the `*/` of a block
    /// comment or up to the end of a line comment.
    pub(crate) fn comment_at(&self, offset: u32) -> Option<&Comment> {
        let index = self
            .comments
            .partition_point(|comment| comment.span.end < offset);
        let comment = self.comments.get(index)?;
        let before_end = match comment.kind {
            CommentKind::Line => offset <= comment.span.end,
            CommentKind::Block | CommentKind::Doc => offset < comment.span.end,
        };
        (comment.span.start < offset && before_end).then_some(comment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_is_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Analysis>();
    }

    #[test]
    fn checker_diagnostics_only_without_parse_errors() {
        let clean = Analysis::new("print(missing)\n", FileId(0), ResolveEnv::main());
        assert_eq!(codes(&clean), ["E0301"]);
        let broken = Analysis::new("let a = 1\nlet b = )\n", FileId(0), ResolveEnv::main());
        assert!(codes(&broken).iter().all(|code| code.starts_with("E02")));
        // The resolution still exists for the editor features.
        let names: Vec<&str> = broken
            .resolution()
            .bindings
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        assert!(names.contains(&"a"), "{names:?}");
    }

    #[test]
    fn keeps_tokens_and_comments() {
        let analysis = Analysis::new("// hi\nlet x = 1\n", FileId(0), ResolveEnv::main());
        assert_eq!(analysis.comments().len(), 1);
        assert_eq!(analysis.tokens().len(), 4);
        assert_eq!(analysis.slice(analysis.tokens()[1].1), "x");
    }

    fn codes(analysis: &Analysis) -> Vec<&'static str> {
        analysis.diagnostics().iter().map(|d| d.code).collect()
    }
}
