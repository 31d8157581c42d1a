//! The parser (language §3): a recursive-descent parser over the lexer's token slice.
//!
//! Every grammar non-terminal of `grammar/prism.ebnf` (language §3.2–§3.5) is one method named after
//! it, spread over the files of this module by area. The parser is written by hand rather than with
//! chumsky combinators because the disambiguation rules of language §3.7 are all token-index
//! lookaheads (the `)` matching a `(` followed by `=>`, the `}` matching a statement-initial `{`
//! followed by `=`, the token after a condition's `)`), because guards switch lambdas off at one
//! nesting level only (§3.7.6), and because every error must carry the exact message, span and
//! labels of §3.10; a hand-written parser states each of those directly and parses at the speed of
//! the token slice.
//!
//! Errors: a method that cannot go on returns `Err(ParseError)`; the statement loop
//! ([`Parser::statement_list`]) reports it, skips to a statement boundary (§3.9) and records a
//! `StmtKind::Error`. Errors after which the tree is still well formed (an invalid assignment target,
//! a rest element that is not last, …) are reported with [`Parser::report`] and parsing goes on.
//! At most one error is reported per statement (§3.9), except in interpolations, whose errors are
//! reported at their own positions.

mod control_flow;
mod cover;
mod cursor;
mod expressions;
mod functions;
mod lookahead;
mod match_expr;
mod modules;
mod operators;
mod patterns;
mod primary;
mod recovery;
mod statements;
mod uncertain;

pub(crate) use cover::is_hole;

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};

use crate::ast::Program;
use crate::token::Token;

/// Nesting depth (brackets, blocks, prefix operators) beyond which the parser gives up, so that no
/// input can exhaust the stack of the parser or of the recursive passes over the tree.
const MAX_NESTING: u32 = 100;
/// Depth of left-associative chains (`a + b + …`, `a.b.c…`) beyond which the parser gives up: the
/// tree's depth, and so the recursion of every later pass, stays bounded.
const MAX_CHAIN: u32 = 500;

/// A parse error that stops the current statement. `diagnostic` is `None` when the error follows
/// from a lexical error already reported (a `Token::Error`, or text the lexer skipped just before
/// the token), so that one mistake is reported once.
#[derive(Debug)]
pub(crate) struct ParseError {
    /// The token index where parsing stopped; recovery skips from here.
    pub pos: usize,
    pub diagnostic: Option<Diagnostic>,
}

pub(crate) type PResult<T> = Result<T, Box<ParseError>>;

pub(crate) struct Parser<'src, 'diag> {
    source: &'src str,
    file: FileId,
    tokens: &'src [(Token, Span)],
    pos: usize,
    /// For every bracket token, the index of its partner (`u32::MAX` when it has none).
    matching: Vec<u32>,
    diagnostics: &'diag mut Vec<Diagnostic>,
    /// Language §3.7.6: inside a match guard, at its top nesting level, `x =>` is not a lambda.
    no_lambda: bool,
    /// Whether the statement being parsed already reported an error (§3.9: one per statement).
    stmt_reported: bool,
    nesting: u32,
    chain: u32,
    /// Start offsets of the lexical errors, sorted: a parse error right after one is not reported.
    lexical_errors: Vec<u32>,
}

/// Parses a token slice into a program (language §3.2 `Program`), appending parse errors.
pub fn parse_tokens(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Program {
    let mut parser = Parser::new(source, file, tokens, diagnostics);
    let body = parser.program();
    let end = u32::try_from(source.len()).unwrap_or(u32::MAX);
    Program {
        body,
        span: Span::new(0, end),
    }
}

/// Parses the tokens of one expression (for tools such as the REPL and tests); errors are appended
/// and leftover tokens are reported with E0202.
pub fn parse_expression_tokens(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<crate::ast::Expr> {
    let mut parser = Parser::new(source, file, tokens, diagnostics);
    match parser.expression() {
        Ok(expr) if parser.at_end() => Some(expr),
        Ok(_) => {
            let error = parser.error_expected("end of file", "expected end of file");
            parser.push_error(*error);
            None
        }
        Err(error) => {
            parser.push_error(*error);
            None
        }
    }
}

impl<'src, 'diag> Parser<'src, 'diag> {
    fn new(
        source: &'src str,
        file: FileId,
        tokens: &'src [(Token, Span)],
        diagnostics: &'diag mut Vec<Diagnostic>,
    ) -> Self {
        let mut lexical_errors: Vec<u32> = diagnostics
            .iter()
            .filter_map(|diagnostic| diagnostic.primary())
            .filter(|label| label.at.file == file)
            .map(|label| label.at.span.start)
            .collect();
        lexical_errors.sort_unstable();
        Parser {
            source,
            file,
            tokens,
            pos: 0,
            matching: lookahead::matching_brackets(tokens),
            diagnostics,
            no_lambda: false,
            stmt_reported: false,
            nesting: 0,
            chain: 0,
            lexical_errors,
        }
    }

    /// `Program = { Statement } EOF ;`
    fn program(&mut self) -> Vec<crate::ast::Stmt> {
        self.statement_list(false)
    }
}
