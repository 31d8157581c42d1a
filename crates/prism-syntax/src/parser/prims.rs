//! The small parsers every rule is built from: single tokens, the §3.7 lookahead guards, errors
//! at the next token, and the scopes that the state tracks (nesting depth, chain length, lambdas).
//!
//! Guards and errors are `custom` parsers that never consume input, so chumsky locates every
//! error at the token where the rule stopped, as §3.10 requires.

use chumsky::input::{InputRef, MapExtra};
use chumsky::prelude::*;
use prism_span::Span;

use super::state::{PState, ParseError};
use super::{Ex, In, MAX_CHAIN, MAX_NESTING};
use crate::ast::Name;
use crate::token::{Keyword, Punct, Token};

/// The index of the next token.
pub(super) fn here<'src>(inp: &mut InputRef<'src, '_, In<'src>, Ex<'src>>) -> usize {
    let cursor = inp.cursor();
    inp.span_since(&cursor).start
}

/// Consumes the next token.
pub(super) fn bump<'src>(inp: &mut InputRef<'src, '_, In<'src>, Ex<'src>>) {
    let _ = inp.next_ref();
}

/// The byte span of what the parser being mapped consumed.
pub(super) fn span_of<'src>(e: &mut MapExtra<'src, '_, In<'src>, Ex<'src>>) -> Span {
    let span = e.span();
    e.state().byte_span(span)
}

/// A mismatch carrying no diagnostic: a guard that does not hold.
fn mismatch(pos: usize) -> ParseError {
    ParseError {
        pos,
        diagnostic: None,
        explicit: false,
    }
}

/// The token `punct`, giving its span.
pub(super) fn punct<'src>(punct: Punct) -> impl Parser<'src, In<'src>, Span, Ex<'src>> + Clone {
    select_ref! { (Token::Punct(found), span) if *found == punct => *span }
}

/// The reserved word `keyword`, giving its span.
pub(super) fn keyword<'src>(
    keyword: Keyword,
) -> impl Parser<'src, In<'src>, Span, Ex<'src>> + Clone {
    select_ref! { (Token::Keyword(found), span) if *found == keyword => *span }
}

/// The contextual keyword `text` (an identifier, language §2.7), giving its span.
pub(super) fn word<'src>(
    text: &'static str,
) -> impl Parser<'src, In<'src>, Span, Ex<'src>> + Clone {
    select_ref! { (Token::Ident(found), span) if found == text => *span }
}

/// Succeeds without consuming input when `test` holds at the next token.
pub(super) fn when<'src>(
    test: impl Fn(&PState<'src>, usize) -> bool + Clone + 'src,
) -> impl Parser<'src, In<'src>, (), Ex<'src>> + Clone {
    custom(move |inp| {
        let index = here(inp);
        if test(inp.state(), index) {
            Ok(())
        } else {
            Err(mismatch(index))
        }
    })
}

/// Whether the next token is `punct`.
pub(super) fn at<'src>(punct: Punct) -> impl Parser<'src, In<'src>, (), Ex<'src>> + Clone {
    when(move |state, index| state.punct_at(index, punct))
}

/// Fails with the error `error` builds for the next token.
pub(super) fn fail<'src, O>(
    error: impl Fn(&PState<'src>, usize) -> ParseError + Clone + 'src,
) -> impl Parser<'src, In<'src>, O, Ex<'src>> + Clone {
    custom(move |inp| {
        let index = here(inp);
        Err(error(inp.state(), index))
    })
}

/// A token that starts an optional part ([`opt`]): a punctuator, a reserved word or a contextual
/// keyword.
#[derive(Clone, Copy)]
pub(super) enum Head {
    Punct(Punct),
    Keyword(Keyword),
    Word(&'static str),
}

impl Head {
    fn matches(self, token: Option<&Token>) -> bool {
        match (self, token) {
            (Head::Punct(head), Some(Token::Punct(found))) => head == *found,
            (Head::Keyword(head), Some(Token::Keyword(found))) => head == *found,
            (Head::Word(head), Some(Token::Ident(found))) => head == found,
            _ => false,
        }
    }
}

/// `head rest` when the next token is `head`, nothing otherwise; once `head` matched, `rest` must
/// succeed. It peeks rather than trying `head`, so that an absent part records no error.
pub(super) fn opt<'src, O>(
    head: Head,
    rest: impl Parser<'src, In<'src>, O, Ex<'src>> + Clone,
) -> impl Parser<'src, In<'src>, Option<O>, Ex<'src>> + Clone {
    custom(move |inp| {
        if !head.matches(peek(inp)) {
            return Ok(None);
        }
        bump(inp);
        inp.parse(&rest).map(Some)
    })
}

/// The token `head` if it comes next, giving its span; like `or_not`, but an absent token records
/// no chumsky error.
pub(super) fn maybe<'src>(
    head: Head,
) -> impl Parser<'src, In<'src>, Option<Span>, Ex<'src>> + Clone {
    custom(move |inp| {
        let index = here(inp);
        let state = inp.state();
        if !head.matches(state.token_at(index)) {
            return Ok(None);
        }
        let span = state.span_at(index);
        bump(inp);
        Ok(Some(span))
    })
}

/// Consumes `punct` or fails with E0202 (`expected `)`, found `x``).
pub(super) fn expect<'src>(punct: Punct) -> impl Parser<'src, In<'src>, Span, Ex<'src>> + Clone {
    custom(move |inp| {
        let index = here(inp);
        let state = inp.state();
        if state.punct_at(index, punct) {
            let span = state.span_at(index);
            bump(inp);
            return Ok(span);
        }
        let text = format!("`{}`", punct.as_str());
        Err(state.error_expected(index, &text, &format!("expected {text}")))
    })
}

/// Whether a bracketed list ends at token `index`: at its `close`, at a token that can only
/// close an enclosing bracket, or at the end of input.
pub(super) fn list_ends(state: &PState<'_>, index: usize, close: Punct) -> bool {
    matches!(
        state.token_at(index),
        None | Some(Token::Punct(
            Punct::RParen | Punct::RBracket | Punct::RBrace
        ))
    ) || state.punct_at(index, close)
}

/// Consumes the closing `punct` of a list or fails with E0202; the label names the separator
/// too when an element was just read.
pub(super) fn expect_closing<'src>(
    punct: Punct,
) -> impl Parser<'src, In<'src>, Span, Ex<'src>> + Clone {
    custom(move |inp| {
        let index = here(inp);
        let state = inp.state();
        if state.punct_at(index, punct) {
            let span = state.span_at(index);
            bump(inp);
            return Ok(span);
        }
        let text = format!("`{}`", punct.as_str());
        let after_element = !matches!(
            index.checked_sub(1).and_then(|i| state.token_at(i)),
            Some(Token::Punct(
                Punct::LParen | Punct::LBracket | Punct::LBrace | Punct::Comma
            ))
        );
        let label = if after_element {
            format!("expected `,` or {text}")
        } else {
            format!("expected {text}")
        };
        Err(state.error_expected(index, &text, &label))
    })
}

/// The items of a bracketed list up to (not including) `close`:
/// `[ Item { "," Item } [ "," ] ]`. An item starts only after the opener or a `,`, so the list
/// stops after an item without a separator, where the caller expects the closer.
pub(super) fn list_items<'src, T: 'src>(
    item: impl Parser<'src, In<'src>, T, Ex<'src>> + Clone + 'src,
    close: Punct,
) -> impl Parser<'src, In<'src>, Vec<T>, Ex<'src>> + Clone {
    custom(move |inp| {
        let mut items = Vec::new();
        loop {
            let index = here(inp);
            let state = inp.state();
            if list_ends(state, index, close) || !after_separator(state, index) {
                return Ok(items);
            }
            items.push(inp.parse(&item)?);
            if matches!(peek(inp), Some(Token::Punct(Punct::Comma))) {
                bump(inp);
            }
        }
    })
}

/// Whether token `index` follows an opening bracket or a `,`.
pub(super) fn after_separator(state: &PState<'_>, index: usize) -> bool {
    matches!(
        index.checked_sub(1).and_then(|i| state.token_at(i)),
        None | Some(Token::Punct(
            Punct::LParen | Punct::LBracket | Punct::LBrace | Punct::Comma
        ))
    )
}

/// An identifier (or, for E0207 to be reported on the finished tree, a reserved word) used as a
/// name; `what` names it in the error.
pub(super) fn name<'src>(
    what: &'static str,
) -> impl Parser<'src, In<'src>, Name, Ex<'src>> + Clone {
    custom(move |inp| {
        let index = here(inp);
        let state = inp.state();
        let text = match state.token_at(index) {
            Some(Token::Ident(text)) => text.clone(),
            Some(Token::Keyword(keyword)) if is_nameable_keyword(*keyword) => {
                keyword.as_str().into()
            }
            _ => return Err(state.error_expected(index, what, &format!("expected {what}"))),
        };
        let span = state.span_at(index);
        bump(inp);
        Ok(Name { text, span })
    })
}

/// A property name after `.`, `?.`, `~.` (language §3.4 `PropName`): identifier, `_` or any
/// keyword.
pub(super) fn prop_name<'src>() -> impl Parser<'src, In<'src>, Name, Ex<'src>> + Clone {
    custom(move |inp| {
        let index = here(inp);
        let state = inp.state();
        let text = match state.token_at(index) {
            Some(Token::Ident(text)) => text.clone(),
            Some(Token::Keyword(keyword)) => keyword.as_str().into(),
            Some(Token::Placeholder) => "_".into(),
            _ => {
                return Err(state.error_expected(
                    index,
                    "property name",
                    "expected a property name",
                ))
            }
        };
        let span = state.span_at(index);
        bump(inp);
        Ok(Name { text, span })
    })
}

/// Reserved words accepted where a name is expected, so that E0207 can name them (§2.7).
fn is_nameable_keyword(keyword: Keyword) -> bool {
    !matches!(
        keyword,
        Keyword::In | Keyword::Else | Keyword::Catch | Keyword::Finally | Keyword::Instanceof
    )
}

/// `parser` one nesting level deeper; fails when the input nests too deeply to parse safely.
pub(super) fn nested<'src, O>(
    parser: impl Parser<'src, In<'src>, O, Ex<'src>> + Clone,
) -> impl Parser<'src, In<'src>, O, Ex<'src>> + Clone {
    let enter = custom(|inp| {
        let index = here(inp);
        let state = inp.state();
        if state.nesting >= MAX_NESTING {
            let message = "this is nested too deeply to parse".to_string();
            return Err(state.error_here(index, "E0201", message, "nested too deeply"));
        }
        state.nesting += 1;
        Ok(())
    });
    let leave = custom_flag(|state| state.nesting = state.nesting.saturating_sub(1));
    enter.ignore_then(parser).then_ignore(leave)
}

/// `parser` with lambdas switched off (`no_lambda`, a guard, §3.7.6) or on again (brackets).
pub(super) fn lambdas<'src, O>(
    no_lambda: bool,
    parser: impl Parser<'src, In<'src>, O, Ex<'src>> + Clone,
) -> impl Parser<'src, In<'src>, O, Ex<'src>> + Clone {
    let set = custom_flag(move |state| {
        let saved = std::mem::replace(&mut state.no_lambda, no_lambda);
        state.lambda_stack.push(saved);
    });
    let restore = custom_flag(|state| {
        if let Some(saved) = state.lambda_stack.pop() {
            state.no_lambda = saved;
        }
    });
    set.ignore_then(parser).then_ignore(restore)
}

/// Changes the state without consuming input.
pub(super) fn custom_flag<'src>(
    change: impl Fn(&mut PState<'src>) + Clone + 'src,
) -> impl Parser<'src, In<'src>, (), Ex<'src>> + Clone {
    custom(move |inp| {
        change(inp.state());
        Ok(())
    })
}

/// The input as the peeking parsers (`custom` closures) see it.
pub(super) type Inp<'src, 'parse> = InputRef<'src, 'parse, In<'src>, Ex<'src>>;

/// Fails with the error `error` builds for the next token. The error goes through a parser of
/// its own, so chumsky ranks it at the next token, as a guard there would have been: a `custom`
/// parser that returns an error directly has it ranked where that parser started.
pub(super) fn fail_here<'src, T>(
    inp: &mut Inp<'src, '_>,
    error: impl Fn(&PState<'src>, usize) -> ParseError,
) -> Result<T, ParseError> {
    let failing = custom(move |inp| {
        let index = here(inp);
        Err::<std::convert::Infallible, _>(error(inp.state(), index))
    });
    match inp.parse(failing) {
        Ok(never) => match never {},
        Err(error) => Err(error),
    }
}

/// The byte span of the tokens from index `start` up to the next token.
pub(super) fn span_from(inp: &mut Inp<'_, '_>, start: usize) -> Span {
    let end = here(inp);
    inp.state()
        .byte_span(chumsky::span::SimpleSpan::from(start..end))
}

/// One more link of the current left-associative chain (`a + b + …`, `a.b.c…`, counted while it
/// is being read); fails when chains grow too long ([`MAX_CHAIN`]).
pub(super) fn link_here(inp: &mut Inp<'_, '_>) -> Result<(), ParseError> {
    if inp.state().chain >= MAX_CHAIN {
        return fail_here(inp, |state, index| {
            let message = "this expression is too long to parse".to_string();
            state.error_here(index, "E0201", message, "too long")
        });
    }
    inp.state().chain += 1;
    Ok(())
}

/// [`nested`] inside a peeking parser: runs `body` one nesting level deeper. As with [`nested`],
/// a failure leaves the level entered (the statement loop restores it).
pub(super) fn nested_here<'src, 'parse, O>(
    inp: &mut Inp<'src, 'parse>,
    body: impl FnOnce(&mut Inp<'src, 'parse>) -> Result<O, ParseError>,
) -> Result<O, ParseError> {
    if inp.state().nesting >= MAX_NESTING {
        return fail_here(inp, |state, index| {
            let message = "this is nested too deeply to parse".to_string();
            state.error_here(index, "E0201", message, "nested too deeply")
        });
    }
    inp.state().nesting += 1;
    let output = body(inp)?;
    let state = inp.state();
    state.nesting = state.nesting.saturating_sub(1);
    Ok(output)
}

/// The next token, without consuming it.
pub(super) fn peek<'src>(inp: &mut Inp<'src, '_>) -> Option<&'src Token> {
    inp.peek_ref().map(|(token, _)| token)
}
