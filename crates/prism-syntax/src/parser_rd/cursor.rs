//! Moving through the token slice, and building the errors of language §3.10.

use prism_diagnostics::Diagnostic;
use prism_span::Span;

use super::{PResult, ParseError, Parser, MAX_CHAIN, MAX_NESTING};
use crate::ast::Name;
use crate::token::{Keyword, Punct, Token};

impl<'src> Parser<'src, '_> {
    #[inline]
    pub(super) fn peek(&self) -> Option<&'src Token> {
        self.tokens.get(self.pos).map(|(token, _)| token)
    }

    #[inline]
    pub(super) fn peek_nth(&self, n: usize) -> Option<&'src Token> {
        self.tokens.get(self.pos + n).map(|(token, _)| token)
    }

    #[inline]
    pub(super) fn token_at(&self, index: usize) -> Option<&'src Token> {
        self.tokens.get(index).map(|(token, _)| token)
    }

    #[inline]
    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    #[inline]
    pub(super) fn at(&self, punct: Punct) -> bool {
        matches!(self.peek(), Some(Token::Punct(p)) if *p == punct)
    }

    #[inline]
    pub(super) fn nth_is(&self, n: usize, punct: Punct) -> bool {
        matches!(self.peek_nth(n), Some(Token::Punct(p)) if *p == punct)
    }

    #[inline]
    pub(super) fn at_keyword(&self, keyword: Keyword) -> bool {
        matches!(self.peek(), Some(Token::Keyword(k)) if *k == keyword)
    }

    /// Whether the next token is the identifier `text` (a contextual keyword, language §2.7).
    #[inline]
    pub(super) fn at_word(&self, text: &str) -> bool {
        matches!(self.peek(), Some(Token::Ident(name)) if name == text)
    }

    #[inline]
    pub(super) fn eat(&mut self, punct: Punct) -> bool {
        let found = self.at(punct);
        if found {
            self.pos += 1;
        }
        found
    }

    #[inline]
    pub(super) fn eat_keyword(&mut self, keyword: Keyword) -> bool {
        let found = self.at_keyword(keyword);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes the next token and returns its span.
    #[inline]
    pub(super) fn bump(&mut self) -> Span {
        let span = self.span_at(self.pos);
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        span
    }

    /// The span of token `index`, or an empty span after the last token for the end of file.
    pub(super) fn span_at(&self, index: usize) -> Span {
        match self.tokens.get(index) {
            Some((_, span)) => *span,
            None => Span::at(self.tokens.last().map_or(0, |(_, span)| span.end)),
        }
    }

    /// The span of the next token.
    #[inline]
    pub(super) fn span(&self) -> Span {
        self.span_at(self.pos)
    }

    /// The start offset of the next token.
    #[inline]
    pub(super) fn start(&self) -> u32 {
        self.span().start
    }

    /// The end offset of the last consumed token.
    #[inline]
    pub(super) fn prev_end(&self) -> u32 {
        match self
            .pos
            .checked_sub(1)
            .and_then(|index| self.tokens.get(index))
        {
            Some((_, span)) => span.end,
            None => 0,
        }
    }

    /// The span from `start` to the end of the last consumed token.
    #[inline]
    pub(super) fn since(&self, start: u32) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    /// The next token as §3.10 names it: its text in backticks, or `end of file`.
    pub(super) fn found(&self) -> String {
        self.describe_at(self.pos)
    }

    pub(super) fn describe_at(&self, index: usize) -> String {
        match self.tokens.get(index) {
            Some((token, span)) => token.describe(span.text(self.source)),
            None => "end of file".to_string(),
        }
    }

    /// Consumes `punct` or fails with E0202 (`expected `)`, found `x``).
    pub(super) fn expect(&mut self, punct: Punct) -> PResult<Span> {
        if self.at(punct) {
            return Ok(self.bump());
        }
        let text = format!("`{}`", punct.as_str());
        Err(self.error_expected(&text, &format!("expected {text}")))
    }

    /// Whether a bracketed list ends here: at its `close`, or at a token that can only close an
    /// enclosing bracket, or at the end of input. In the latter cases the caller's
    /// [`Parser::expect_closing`] reports the missing `close` (E0202) rather than a missing
    /// expression.
    pub(super) fn list_ends(&self, close: Punct) -> bool {
        matches!(
            self.peek(),
            None | Some(Token::Punct(
                Punct::RParen | Punct::RBracket | Punct::RBrace
            ))
        ) || self.at(close)
    }

    /// Consumes the closing `punct` of a list or fails with E0202; the label names the separator
    /// too when an element was just read.
    pub(super) fn expect_closing(&mut self, punct: Punct) -> PResult<Span> {
        if self.at(punct) {
            return Ok(self.bump());
        }
        let text = format!("`{}`", punct.as_str());
        let after_element = !matches!(
            self.pos
                .checked_sub(1)
                .and_then(|index| self.token_at(index)),
            Some(Token::Punct(
                Punct::LParen | Punct::LBracket | Punct::LBrace | Punct::Comma
            ))
        );
        let label = if after_element {
            format!("expected `,` or {text}")
        } else {
            format!("expected {text}")
        };
        Err(self.error_expected(&text, &label))
    }

    /// Consumes an identifier (or, for E0207 to be reported on the finished tree, a reserved
    /// word) used as a name.
    pub(super) fn name(&mut self, what: &str) -> PResult<Name> {
        match self.peek() {
            Some(Token::Ident(text)) => {
                let span = self.bump();
                Ok(Name {
                    text: text.clone(),
                    span,
                })
            }
            Some(Token::Keyword(keyword)) if is_nameable_keyword(*keyword) => {
                let span = self.bump();
                Ok(Name {
                    text: keyword.as_str().into(),
                    span,
                })
            }
            _ => Err(self.error_expected(what, &format!("expected {what}"))),
        }
    }

    /// A property name after `.`, `?.`, `~.` (language §3.4 `PropName`): identifier, `_` or any
    /// keyword.
    pub(super) fn prop_name(&mut self) -> PResult<Name> {
        let text = match self.peek() {
            Some(Token::Ident(text)) => text.clone(),
            Some(Token::Keyword(keyword)) => keyword.as_str().into(),
            Some(Token::Placeholder) => "_".into(),
            _ => return Err(self.error_expected("property name", "expected a property name")),
        };
        let span = self.bump();
        Ok(Name { text, span })
    }

    /// E0202 at the next token: `expected {expected}, found {token}`.
    #[cold]
    pub(super) fn error_expected(&self, expected: &str, label: &str) -> Box<ParseError> {
        let message = format!("expected {expected}, found {}", self.found());
        self.error_here("E0202", message, label)
    }

    /// E0201 at the next token: `expected expression, found {token}`.
    #[cold]
    pub(super) fn error_expression(&self) -> Box<ParseError> {
        let message = format!("expected expression, found {}", self.found());
        self.error_here("E0201", message, "expected expression")
    }

    /// An error whose primary label is the next token. Errors on a token the lexer already
    /// reported are not reported again.
    #[cold]
    pub(super) fn error_here(
        &self,
        code: &'static str,
        message: String,
        label: &str,
    ) -> Box<ParseError> {
        let diagnostic = if self.lexer_reported(self.pos) {
            None
        } else {
            Some(Diagnostic::error(code, message).with_primary(self.file, self.span(), label))
        };
        Box::new(ParseError {
            pos: self.pos,
            diagnostic,
        })
    }

    #[cold]
    pub(super) fn error_with(&self, diagnostic: Diagnostic) -> Box<ParseError> {
        let diagnostic = (!self.lexer_reported(self.pos)).then_some(diagnostic);
        Box::new(ParseError {
            pos: self.pos,
            diagnostic,
        })
    }

    /// Whether the error at token `index` follows from a lexical error: the token is a
    /// `Token::Error`, or the lexer reported an error between the previous token and this one
    /// (it skipped the offending text, so the parser sees a gap).
    fn lexer_reported(&self, index: usize) -> bool {
        if matches!(self.tokens.get(index), Some((Token::Error, _))) {
            return true;
        }
        let gap_start = match index
            .checked_sub(1)
            .and_then(|previous| self.tokens.get(previous))
        {
            Some((_, span)) => span.end,
            None => 0,
        };
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

    /// A diagnostic located at `span`, for the caller to decorate.
    #[cold]
    pub(super) fn diagnostic(
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
    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
        if !self.stmt_reported {
            self.stmt_reported = true;
            self.diagnostics.push(diagnostic);
        }
    }

    /// Reports a statement-stopping error unless the statement already reported one.
    #[cold]
    pub(super) fn push_error(&mut self, error: ParseError) {
        if let Some(diagnostic) = error.diagnostic {
            self.report(diagnostic);
        }
    }

    /// Enters one level of nesting; fails when the input nests too deeply to parse safely.
    pub(super) fn enter(&mut self) -> PResult<()> {
        if self.nesting >= MAX_NESTING {
            return Err(self.error_here(
                "E0201",
                "this is nested too deeply to parse".to_string(),
                "nested too deeply",
            ));
        }
        self.nesting += 1;
        Ok(())
    }

    #[inline]
    pub(super) fn leave(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
    }

    /// Adds one link to a left-associative chain; fails when chains grow too deep.
    #[inline]
    pub(super) fn extend_chain(&mut self) -> PResult<()> {
        if self.chain >= MAX_CHAIN {
            return Err(self.error_here(
                "E0201",
                "this expression is too long to parse".to_string(),
                "too long",
            ));
        }
        self.chain += 1;
        Ok(())
    }
}

/// Reserved words the parser accepts where a name is expected, so that E0207 can name them
/// (language §2.7): all of them except the ones that would make the statement ambiguous.
fn is_nameable_keyword(keyword: Keyword) -> bool {
    !matches!(
        keyword,
        Keyword::In | Keyword::Else | Keyword::Catch | Keyword::Finally | Keyword::Instanceof
    )
}
