//! The scanner that drives the logos automaton and the hand-written sub-scanners, and keeps the
//! stack of open interpolations (language §2.10).
//!
//! Ordinary code comes from the logos automaton in `raw.rs`. When it reports the first character
//! of a construct that regular expressions handle badly — a string, a block comment, a number with
//! its error cases, a non-ASCII character — the scanner finishes the construct by hand and restarts
//! the automaton after it. Inside `${ … }` the automaton runs as usual while the scanner counts
//! braces; the `}` that would make the count negative resumes the string's text.

use logos::Logos;
use prism_span::{FileId, Span};
use smol_str::SmolStr;

use super::chars::{id_continue_len, is_id_start, is_non_ascii_whitespace};
use super::errors;
use super::number;
use super::raw::Raw;
use super::string::{self, Part, Stop};
use super::Lexed;
use crate::token::{Comment, CommentKind, Keyword, Punct, Quote, Token};

/// An interpolation whose closing `}` has not been seen yet.
struct OpenInterpolation {
    quote: Quote,
    /// Offset of the opening quote of the string, for errors about the string as a whole.
    string_start: usize,
    /// Offset of the `${`.
    open: usize,
    /// Unmatched `{` inside the interpolation.
    depth: u32,
    /// Token and stray-character counts when the interpolation opened, to detect `E0110`.
    tokens_before: usize,
    strays_before: usize,
}

pub(super) struct Scanner<'src> {
    source: &'src str,
    file: FileId,
    raw: logos::Lexer<'src, Raw>,
    /// Offset of `raw`'s input in `source`: the automaton restarts after hand-scanned constructs.
    base: usize,
    open: Vec<OpenInterpolation>,
    /// Characters skipped after `E0101` (they produce no token).
    strays: usize,
    out: Lexed,
}

impl<'src> Scanner<'src> {
    pub(super) fn new(source: &'src str, file: FileId) -> Scanner<'src> {
        // A rough guess of one token per five bytes saves most of the vector's regrowth.
        let tokens = Vec::with_capacity(source.len() / 5 + 1);
        Scanner::starting_at(source, file, prelude_len(source), tokens)
    }

    /// A scanner of `source` from byte `start`, which must be where ordinary code starts (not
    /// inside a string or comment). Spans stay offsets of the whole `source`.
    pub(super) fn starting_at(
        source: &'src str,
        file: FileId,
        start: usize,
        tokens: Vec<(Token, Span)>,
    ) -> Scanner<'src> {
        Scanner {
            source,
            file,
            raw: Raw::lexer(source.get(start..).unwrap_or("")),
            base: start,
            open: Vec::new(),
            strays: 0,
            out: Lexed {
                tokens,
                comments: Vec::new(),
                diagnostics: Vec::new(),
            },
        }
    }

    pub(super) fn run(mut self) -> Lexed {
        while let Some(raw) = self.raw.next() {
            let range = self.raw.span();
            let (start, end) = (self.base + range.start, self.base + range.end);
            match raw {
                Ok(raw) => self.token(raw, start, end),
                // Every ASCII character starts some pattern and `NonAscii` takes the rest, so the
                // automaton never fails; treat a failure as a stray character all the same.
                Err(()) => self.stray(start),
            }
        }
        self.close_unterminated_interpolations();
        self.out
    }

    /// Restarts the automaton at `offset` after a hand-scanned construct.
    fn resume_at(&mut self, offset: usize) {
        self.base = offset;
        self.raw = Raw::lexer(self.source.get(offset..).unwrap_or(""));
    }

    fn push(&mut self, token: Token, start: usize, end: usize) {
        self.out.tokens.push((token, Span::from_range(start..end)));
    }

    fn token(&mut self, raw: Raw, start: usize, end: usize) {
        match raw {
            Raw::Word => self.identifier(start, end),
            Raw::Keyword(keyword) => self.word(start, end, Token::Keyword(keyword)),
            Raw::Placeholder => self.word(start, end, Token::Placeholder),
            Raw::Punct(Punct::LBrace) => {
                if let Some(open) = self.open.last_mut() {
                    open.depth += 1;
                }
                self.push(Token::Punct(Punct::LBrace), start, end);
            }
            Raw::Punct(Punct::RBrace) => self.right_brace(start, end),
            Raw::Punct(punct) => self.push(Token::Punct(punct), start, end),
            Raw::Digit => self.number(start),
            Raw::DotDigit => self.leading_dot_number(start),
            Raw::DoubleQuote => self.string(start, end, Quote::Double),
            Raw::SingleQuote => self.string(start, end, Quote::Single),
            Raw::Fence => self.string(start, end, Quote::Fenced),
            Raw::Backtick => self.stray(start),
            Raw::LineComment => {
                let span = Span::from_range(start..end);
                self.out.comments.push(Comment {
                    kind: CommentKind::Line,
                    span,
                });
            }
            Raw::BlockCommentStart => self.block_comment(start, end),
            Raw::NonAscii => self.non_ascii(start, end),
            Raw::Stray => self.stray(start),
        }
    }

    /// An identifier the automaton matched over ASCII. Identifiers are the commonest token, so
    /// the usual case (no non-ASCII character follows) is decided by one byte.
    fn identifier(&mut self, start: usize, end: usize) {
        if self.non_ascii_at(end) {
            self.extended_word(start, end);
            return;
        }
        let name = short_str(self.source.get(start..end).unwrap_or(""));
        self.push(Token::Ident(name), start, end);
    }

    /// Whether a non-ASCII character starts at `offset`: it may continue the word the automaton
    /// matched over ASCII up to there.
    fn non_ascii_at(&self, offset: usize) -> bool {
        self.source
            .as_bytes()
            .get(offset)
            .is_some_and(|byte| *byte >= 0x80)
    }

    /// A keyword or placeholder the automaton matched over ASCII: `token`, unless a non-ASCII
    /// character extends it into an identifier.
    fn word(&mut self, start: usize, end: usize, token: Token) {
        if self.non_ascii_at(end) {
            self.extended_word(start, end);
            return;
        }
        self.push(token, start, end);
    }

    /// A word followed by a non-ASCII byte: an `IdContinue` character there extends it into an
    /// identifier (§2.6): `café`, `ifé`. Otherwise it is an identifier, or the keyword or
    /// placeholder the automaton saw.
    fn extended_word(&mut self, start: usize, end: usize) {
        let extension = id_continue_len(self.source.get(end..).unwrap_or(""));
        let text = self.source.get(start..end + extension).unwrap_or("");
        let token = match text {
            _ if extension > 0 => Token::Ident(SmolStr::new(text)),
            "_" => Token::Placeholder,
            _ => match Keyword::from_str(text) {
                Some(keyword) => Token::Keyword(keyword),
                None => Token::Ident(SmolStr::new(text)),
            },
        };
        self.push(token, start, end + extension);
        if extension > 0 {
            self.resume_at(end + extension);
        }
    }

    fn non_ascii(&mut self, start: usize, end: usize) {
        let Some(c) = self
            .source
            .get(start..end)
            .and_then(|text| text.chars().next())
        else {
            return;
        };
        if is_non_ascii_whitespace(c) {
            return;
        }
        if !is_id_start(c) {
            self.stray(start);
            return;
        }
        let ident_end = end + id_continue_len(self.source.get(end..).unwrap_or(""));
        let name = SmolStr::new(self.source.get(start..ident_end).unwrap_or(""));
        self.push(Token::Ident(name), start, ident_end);
        if ident_end > end {
            self.resume_at(ident_end);
        }
    }

    /// `E0101`: the character at `start` is skipped and produces no token.
    fn stray(&mut self, start: usize) {
        let c = self
            .source
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\0');
        self.out
            .diagnostics
            .push(errors::unexpected_character(self.file, start, c));
        self.strays += 1;
    }

    fn number(&mut self, start: usize) {
        let scanned = number::scan(self.source, start);
        if let Some(problem) = scanned.problem {
            let text = self.source.get(start..scanned.end).unwrap_or("");
            let diagnostic = errors::invalid_number(self.file, start, text, problem.help());
            self.out.diagnostics.push(diagnostic);
        }
        self.push(Token::Number(scanned.value), start, scanned.end);
        self.resume_at(scanned.end);
    }

    /// `.5`: reported as `E0108` with the fix (§2.8), then read as `0.5` so the parse goes on.
    fn leading_dot_number(&mut self, start: usize) {
        let scanned = number::scan(self.source, start + 1);
        let text = self.source.get(start..scanned.end).unwrap_or("");
        let fixed = format!("0{text}");
        let help = scanned.problem.is_none().then(|| format!("write {fixed}"));
        let diagnostic = errors::invalid_number(self.file, start, text, help.as_deref());
        self.out.diagnostics.push(diagnostic);
        // `parse_value` gives 0 for text that does not read as a number (`.5px`).
        let value = number::parse_value(&fixed);
        self.push(Token::Number(value), start, scanned.end);
        self.resume_at(scanned.end);
    }

    /// `/* … */` or `/** … */` (§2.4). Block comments do not nest.
    fn block_comment(&mut self, start: usize, body_start: usize) {
        let rest = self.source.get(body_start..).unwrap_or("");
        let end = match rest.find("*/") {
            Some(close) => body_start + close + 2,
            None => {
                let diagnostic = errors::unterminated_block_comment(self.file, start);
                self.out.diagnostics.push(diagnostic);
                self.source.len()
            }
        };
        // A doc comment starts with exactly `/**`: not `/**/`, and not `/***` (a rule of stars).
        let doc = rest.starts_with('*') && !rest.starts_with("*/") && !rest.starts_with("**");
        let kind = if doc {
            CommentKind::Doc
        } else {
            CommentKind::Block
        };
        self.out.comments.push(Comment {
            kind,
            span: Span::from_range(start..end),
        });
        self.resume_at(end);
    }

    /// A string literal whose opening quote spans `start..end` (§2.9).
    fn string(&mut self, start: usize, end: usize, quote: Quote) {
        let part = string::scan_part(
            self.source,
            end,
            quote,
            self.file,
            &mut self.out.diagnostics,
        );
        self.string_part(part, start, start, quote, true);
    }

    /// `}`: closes the innermost interpolation when it is not matched by a `{` inside it.
    fn right_brace(&mut self, start: usize, end: usize) {
        let closes = self.open.last().is_some_and(|open| open.depth == 0);
        if !closes {
            if let Some(open) = self.open.last_mut() {
                open.depth -= 1;
            }
            self.push(Token::Punct(Punct::RBrace), start, end);
            return;
        }
        let Some(open) = self.open.pop() else {
            return;
        };
        if self.out.tokens.len() == open.tokens_before && self.strays == open.strays_before {
            let diagnostic = errors::empty_interpolation(self.file, open.open, end);
            self.out.diagnostics.push(diagnostic);
            // The parser finds this token where the expression belongs and reports nothing more.
            self.push(Token::Error, start, start);
        }
        let part = string::scan_part(
            self.source,
            end,
            open.quote,
            self.file,
            &mut self.out.diagnostics,
        );
        self.string_part(part, start, open.string_start, open.quote, false);
    }

    /// Emits the token for a text part that starts at `start` (its opening quote, or the `}` that
    /// ended an interpolation) and continues after it.
    fn string_part(
        &mut self,
        part: Part,
        start: usize,
        string_start: usize,
        quote: Quote,
        first: bool,
    ) {
        let Part { end, value, stop } = part;
        let token = match (stop, first) {
            (Stop::Interpolation, true) => Token::StringStart { value, quote },
            (Stop::Interpolation, false) => Token::StringMiddle(value),
            (_, true) => Token::Str { value, quote },
            (_, false) => Token::StringEnd(value),
        };
        self.push(token, start, end);
        match stop {
            Stop::Interpolation => self.open.push(OpenInterpolation {
                quote,
                string_start,
                open: end - 2,
                depth: 0,
                tokens_before: self.out.tokens.len(),
                strays_before: self.strays,
            }),
            Stop::Closed => {}
            Stop::LineBreak { escaped } => {
                if !escaped {
                    let diagnostic = errors::line_break_in_string(self.file, string_start);
                    self.out.diagnostics.push(diagnostic);
                }
            }
            Stop::EndOfFile => {
                let diagnostic = match quote {
                    Quote::Fenced => errors::unterminated_fenced_string(self.file, string_start),
                    Quote::Double | Quote::Single => {
                        errors::unterminated_string(self.file, string_start)
                    }
                };
                self.out.diagnostics.push(diagnostic);
            }
        }
        self.resume_at(end);
    }

    /// `E0109` when the file ends inside interpolations. It is reported once, at the innermost
    /// open `${`, where the lexer stood when the file ended: the outer ones are open only because
    /// it is, and one error per level would let a file of repeated `"${` swamp the output. Each
    /// string is closed with an empty `StringEnd` at the end, so the parser sees the usual shape.
    fn close_unterminated_interpolations(&mut self) {
        if let Some(innermost) = self.open.last() {
            let diagnostic = errors::unterminated_interpolation(self.file, innermost.open);
            self.out.diagnostics.push(diagnostic);
        }
        let end = self.source.len();
        while self.open.pop().is_some() {
            self.push(Token::StringEnd(SmolStr::default()), end, end);
        }
    }
}

/// `SmolStr::new`, with the copy of the short strings that identifiers almost always are done
/// in line rather than through `memcpy`; the result is the same inline string.
fn short_str(text: &str) -> SmolStr {
    if text.len() <= SHORT_STR_LEN {
        SmolStr::new_inline(text)
    } else {
        SmolStr::new(text)
    }
}

/// The longest string [`short_str`] copies itself (shorter than `SmolStr`'s inline capacity).
const SHORT_STR_LEN: usize = 16;

/// The length of what §2.1 ignores at the start of a file: a byte order mark, then a `#!` line.
pub(super) fn prelude_len(source: &str) -> usize {
    let bom = if source.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let rest = source.get(bom..).unwrap_or("");
    if !rest.starts_with("#!") {
        return bom;
    }
    bom + rest.find(['\n', '\r']).unwrap_or(rest.len())
}
