//! The parser's state (chumsky's `Extra::State`) and its error type (chumsky's `Extra::Error`).
//!
//! Positions are token indices: the input is the lexer's `&[(Token, Span)]`, whose chumsky spans
//! are index ranges. [`PState`] turns them into byte spans and builds the diagnostics of §3.10.

use chumsky::error::Error;
use chumsky::input::{Checkpoint, Cursor};
use chumsky::inspector::Inspector;
use chumsky::label::LabelError;
use chumsky::span::SimpleSpan;
use chumsky::util::MaybeRef;
use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};

use super::{In, Tok};

/// A parse error that stops the current statement (language §3.9). `diagnostic` is `None` when
/// the error follows from a lexical error already reported, or when chumsky produced it for a
/// token that did not match (`explicit` is then false and a rule-specific error is preferred).
#[derive(Debug, Clone)]
pub(crate) struct ParseError {
    /// The token index where parsing stopped; recovery skips from here.
    pub pos: usize,
    pub diagnostic: Option<Box<Diagnostic>>,
    pub explicit: bool,
}

impl<'src> Error<'src, In<'src>> for ParseError {
    /// At one position the error a rule built itself wins over chumsky's token mismatches, and the
    /// first such error over later ones (a list item's error over the list's missing closer).
    fn merge(self, other: Self) -> Self {
        if !self.explicit && other.explicit {
            other
        } else {
            self
        }
    }
}

impl<'src, L> LabelError<'src, In<'src>, L> for ParseError {
    fn expected_found<E: IntoIterator<Item = L>>(
        _expected: E,
        _found: Option<MaybeRef<'src, Tok>>,
        span: SimpleSpan,
    ) -> Self {
        ParseError {
            pos: span.start,
            diagnostic: None,
            explicit: false,
        }
    }
}

impl From<ParseError> for Option<Diagnostic> {
    fn from(error: ParseError) -> Self {
        error.diagnostic.map(|diagnostic| *diagnostic)
    }
}

/// Everything the rules share while parsing one file.
pub(crate) struct PState<'src> {
    pub source: &'src str,
    pub file: FileId,
    pub tokens: &'src [Tok],
    /// For every bracket token, the index of its partner (`u32::MAX` when it has none).
    pub matching: Vec<u32>,
    /// Start offsets of the lexical errors, sorted: a parse error right after one is not reported.
    pub lexical_errors: Vec<u32>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the statement being parsed already reported an error (§3.9: one per statement).
    pub stmt_reported: bool,
    /// Language §3.7.6: inside a match guard, at its top nesting level, `x =>` is not a lambda.
    pub no_lambda: bool,
    /// Saved `no_lambda` flags of the enclosing scopes.
    pub lambda_stack: Vec<bool>,
    pub nesting: u32,
    /// Links of the left-associative chains being read ([`super::MAX_CHAIN`]).
    pub chain: u32,
    /// Whether another match arm may follow (after `{`, `,` or an arm with a Block body).
    pub arm_follows: bool,
    /// The diagnostics of [`crate::validate`] for the top-level statements read so far, when the
    /// parse validates as it goes (`None` otherwise); they follow every parse error.
    pub validation: Option<Vec<Diagnostic>>,
}

/// The state is not rewound with the input: rules only backtrack before they change it, and the
/// statement loop restores it after an error.
impl<'src> Inspector<'src, In<'src>> for PState<'src> {
    type Checkpoint = ();
    fn on_token(&mut self, _: &Tok) {}
    fn on_save<'parse>(&self, _: &Cursor<'src, 'parse, In<'src>>) {}
    fn on_rewind<'parse>(&mut self, _: &Checkpoint<'src, 'parse, In<'src>, ()>) {}
}

impl<'src> PState<'src> {
    pub fn new(
        source: &'src str,
        file: FileId,
        tokens: &'src [Tok],
        lexical: &[Diagnostic],
    ) -> Self {
        let mut lexical_errors: Vec<u32> = lexical
            .iter()
            .filter_map(|diagnostic| diagnostic.primary())
            .filter(|label| label.at.file == file)
            .map(|label| label.at.span.start)
            .collect();
        lexical_errors.sort_unstable();
        PState {
            source,
            file,
            tokens,
            matching: super::lookahead::matching_brackets(tokens),
            lexical_errors,
            diagnostics: Vec::new(),
            stmt_reported: false,
            no_lambda: false,
            lambda_stack: Vec::new(),
            nesting: 0,
            chain: 0,
            arm_follows: true,
            validation: None,
        }
    }

    pub fn token_at(&self, index: usize) -> Option<&'src crate::token::Token> {
        self.tokens.get(index).map(|(token, _)| token)
    }

    /// The span of token `index`, or an empty span after the last token for the end of file.
    pub fn span_at(&self, index: usize) -> Span {
        match self.tokens.get(index) {
            Some((_, span)) => *span,
            None => Span::at(self.tokens.last().map_or(0, |(_, span)| span.end)),
        }
    }

    /// The end offset of the token before `index` (0 at the start).
    pub fn end_before(&self, index: usize) -> u32 {
        match index.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some((_, span)) => span.end,
            None => 0,
        }
    }

    /// The byte span of the token range `span`: from the start of its first token to the end of
    /// its last one (empty at the next token when the range is empty).
    pub fn byte_span(&self, span: SimpleSpan) -> Span {
        let start = self.span_at(span.start).start;
        Span::new(start, self.end_before(span.end).max(start))
    }

    /// The token at `index` as §3.10 names it: its text in backticks, or `end of file`.
    pub fn describe_at(&self, index: usize) -> String {
        match self.tokens.get(index) {
            Some((token, span)) => token.describe(span.text(self.source)),
            None => "end of file".to_string(),
        }
    }

    /// Whether the error at token `index` follows from a lexical error: the token is a
    /// `Token::Error`, or the lexer reported an error between the previous token and this one.
    fn lexer_reported(&self, index: usize) -> bool {
        if matches!(
            self.tokens.get(index),
            Some((crate::token::Token::Error, _))
        ) {
            return true;
        }
        let gap_start = self.end_before(index);
        let gap_end = match self.tokens.get(index) {
            Some((_, span)) => span.start,
            None => u32::MAX,
        };
        let first = self
            .lexical_errors
            .partition_point(|&offset| offset < gap_start);
        self.lexical_errors
            .get(first)
            .is_some_and(|&offset| offset <= gap_end)
    }

    /// A statement-stopping error at token `index` carrying `diagnostic`.
    #[cold]
    pub fn error_with(&self, index: usize, diagnostic: Diagnostic) -> ParseError {
        let diagnostic = (!self.lexer_reported(index)).then(|| Box::new(diagnostic));
        ParseError {
            pos: index,
            diagnostic,
            explicit: true,
        }
    }

    /// An error whose primary label is token `index`.
    #[cold]
    pub fn error_here(
        &self,
        index: usize,
        code: &'static str,
        message: String,
        label: &str,
    ) -> ParseError {
        let diagnostic = self.diagnostic(code, message, self.span_at(index), label);
        self.error_with(index, diagnostic)
    }

    /// E0202 at token `index`: `expected {expected}, found {token}`.
    #[cold]
    pub fn error_expected(&self, index: usize, expected: &str, label: &str) -> ParseError {
        let message = format!("expected {expected}, found {}", self.describe_at(index));
        self.error_here(index, "E0202", message, label)
    }

    /// E0201 at token `index`: `expected expression, found {token}`.
    #[cold]
    pub fn error_expression(&self, index: usize) -> ParseError {
        let message = format!("expected expression, found {}", self.describe_at(index));
        self.error_here(index, "E0201", message, "expected expression")
    }

    /// A diagnostic located at `span`, for the caller to decorate.
    #[cold]
    pub fn diagnostic(
        &self,
        code: &'static str,
        message: impl Into<String>,
        span: Span,
        label: &str,
    ) -> Diagnostic {
        Diagnostic::error(code, message).with_primary(self.file, span, label)
    }

    /// Reports an error after which parsing goes on; only the first error of a statement is kept.
    #[cold]
    pub fn report(&mut self, diagnostic: Diagnostic) {
        if !self.stmt_reported {
            self.stmt_reported = true;
            self.diagnostics.push(diagnostic);
        }
    }

    /// Reports a statement-stopping error unless the statement already reported one.
    #[cold]
    pub fn push_error(&mut self, error: ParseError) {
        if let Some(diagnostic) = error.diagnostic {
            self.report(*diagnostic);
        }
    }
}
