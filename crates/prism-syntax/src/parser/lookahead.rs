//! The token-level lookaheads of language §3.7, computed on the token slice by index: the rules
//! consult them through the guard parsers of `prims.rs`.

use super::state::PState;
use crate::token::{Keyword, Punct, Token};

const NO_PARTNER: u32 = u32::MAX;

/// For every `(`, `[`, `{` and its closer, the index of the partner token. Interpolated strings
/// (`StringStart` … `StringEnd`) fence their contents: a bracket never pairs across them.
pub(super) fn matching_brackets(tokens: &[(Token, prism_span::Span)]) -> Vec<u32> {
    let mut matching = vec![NO_PARTNER; tokens.len()];
    // Open brackets, and `None` for the start of an interpolated string.
    let mut open: Vec<Option<(usize, Punct)>> = Vec::new();
    for (index, (token, _)) in tokens.iter().enumerate() {
        match token {
            Token::Punct(punct @ (Punct::LParen | Punct::LBracket | Punct::LBrace)) => {
                open.push(Some((index, *punct)));
            }
            Token::Punct(closer @ (Punct::RParen | Punct::RBracket | Punct::RBrace)) => {
                // Usually the innermost opener is the partner.
                if let Some(Some((opener_index, opener))) = open.last() {
                    if closes(*opener, *closer) {
                        set_partner(&mut matching, *opener_index, index);
                        open.pop();
                        continue;
                    }
                }
                // The nearest opener of the same kind, not beyond the current interpolation;
                // openers above it are left unclosed (`{ f( }` pairs the braces).
                let found = open
                    .iter()
                    .rev()
                    .take_while(|entry| entry.is_some())
                    .position(
                        |entry| matches!(entry, Some((_, opener)) if closes(*opener, *closer)),
                    );
                if let Some(depth) = found {
                    let keep = open.len() - 1 - depth;
                    if let Some(Some((opener_index, _))) = open.get(keep) {
                        set_partner(&mut matching, *opener_index, index);
                    }
                    open.truncate(keep);
                }
            }
            Token::StringStart { .. } => open.push(None),
            Token::StringEnd(_) => {
                while let Some(entry) = open.pop() {
                    if entry.is_none() {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    matching
}

fn closes(opener: Punct, closer: Punct) -> bool {
    matches!(
        (opener, closer),
        (Punct::LParen, Punct::RParen)
            | (Punct::LBracket, Punct::RBracket)
            | (Punct::LBrace, Punct::RBrace)
    )
}

fn set_partner(matching: &mut [u32], a: usize, b: usize) {
    let (Ok(a32), Ok(b32)) = (u32::try_from(a), u32::try_from(b)) else {
        return;
    };
    if let Some(slot) = matching.get_mut(a) {
        *slot = b32;
    }
    if let Some(slot) = matching.get_mut(b) {
        *slot = a32;
    }
}

impl PState<'_> {
    /// The index of the bracket paired with the bracket at `index`.
    pub fn partner(&self, index: usize) -> Option<usize> {
        match self.matching.get(index) {
            Some(&partner) if partner != NO_PARTNER => Some(partner as usize),
            _ => None,
        }
    }

    pub fn punct_at(&self, index: usize, punct: Punct) -> bool {
        matches!(self.token_at(index), Some(Token::Punct(p)) if *p == punct)
    }

    /// Language §3.7.5: the `(` at `index` starts a lambda when its `)` is followed by `=>`.
    pub fn paren_starts_lambda(&self, index: usize) -> bool {
        match self.partner(index) {
            Some(close) => self.punct_at(close + 1, Punct::FatArrow),
            None => false,
        }
    }

    /// Language §3.7.1: whether the `{` at `index`, at the start of a statement, begins an
    /// object literal expression statement rather than a Block.
    pub fn brace_starts_object(&self, index: usize) -> bool {
        let after_colon = self.punct_at(index + 2, Punct::Colon);
        let starts_object = match self.token_at(index + 1) {
            Some(Token::Punct(Punct::Ellipsis)) => true,
            Some(Token::Ident(_)) => after_colon || self.punct_at(index + 2, Punct::Comma),
            Some(Token::Keyword(_) | Token::Placeholder | Token::Str { .. } | Token::Number(_)) => {
                after_colon
            }
            _ => false,
        };
        starts_object
            || match self.partner(index) {
                Some(close) => self.punct_at(close + 1, Punct::Eq),
                None => false,
            }
    }

    /// Language §3.7.2: after a condition's `)`, a token that cannot begin a statement but can
    /// continue an expression.
    pub fn continues_condition(&self, index: usize) -> bool {
        match self.token_at(index) {
            Some(Token::Keyword(Keyword::Instanceof)) => true,
            Some(Token::Punct(punct)) => continues_expression(*punct),
            _ => false,
        }
    }

    /// Whether token `index` only starts statements, where error recovery stops (language §3.9):
    /// a reserved statement keyword, `in context`, or a named function declaration
    /// (`[async] function|fn Name`), which after an error is far more likely a new declaration
    /// than the name of a function expression.
    pub fn at_statement_keyword(&self, index: usize) -> bool {
        let Some(Token::Keyword(keyword)) = self.token_at(index) else {
            return false;
        };
        match keyword {
            Keyword::Let
            | Keyword::Const
            | Keyword::If
            | Keyword::While
            | Keyword::Do
            | Keyword::For
            | Keyword::Uncertain
            | Keyword::Return
            | Keyword::Break
            | Keyword::Continue
            | Keyword::Throw
            | Keyword::Try
            | Keyword::Import
            | Keyword::Export => true,
            Keyword::In => {
                matches!(self.token_at(index + 1), Some(Token::Ident(word)) if word == "context")
            }
            Keyword::Function | Keyword::Fn => {
                matches!(self.token_at(index + 1), Some(Token::Ident(_)))
            }
            Keyword::Async => {
                matches!(
                    self.token_at(index + 1),
                    Some(Token::Keyword(Keyword::Function | Keyword::Fn))
                ) && matches!(self.token_at(index + 2), Some(Token::Ident(_)))
            }
            _ => false,
        }
    }
}

fn continues_expression(punct: Punct) -> bool {
    use Punct::*;
    match punct {
        Minus => false,
        Plus
        | Star
        | Slash
        | Percent
        | StarStar
        | EqEq
        | NotEq
        | EqEqEq
        | NotEqEq
        | Lt
        | LtEq
        | Gt
        | GtEq
        | AndAnd
        | OrOr
        | QuestionQuestion
        | TildeAndAnd
        | TildeOrOr
        | TildeOrOrGt
        | TildeAt
        | TildeQuestionQuestion
        | TildePlus
        | TildeMinus
        | TildeStar
        | TildeSlash
        | TildeEqEq
        | TildeNotEq
        | TildeLt
        | TildeLtEq
        | TildeGtEq => true,
        Question | TildeQuestion | Dot | QuestionDot | TildeDot => true,
        Eq | PlusEq | MinusEq | StarEq | SlashEq | PercentEq | StarStarEq | QuestionQuestionEq
        | OrOrEq | AndAndEq | TildePlusEq | TildeMinusEq | TildeStarEq | TildeSlashEq => true,
        Pipe | TildePipe | TildeGate | TildeArrow | TildeTilde => true,
        _ => false,
    }
}
