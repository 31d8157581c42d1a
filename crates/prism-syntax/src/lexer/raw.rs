//! The logos automaton for ordinary code (language §2.5–§2.7, §2.11).
//!
//! It recognises every operator and keyword by maximal munch, ASCII identifiers, and the first
//! characters of the constructs that the hand-written scanners finish: numbers, strings, comments
//! and non-ASCII characters. ASCII whitespace is skipped here; the rarer non-ASCII whitespace of
//! §2.3 arrives as [`Raw::NonAscii`].

use logos::Logos;

use crate::token::{Keyword, Punct};

#[derive(Logos, Clone, Copy, Debug, PartialEq)]
#[logos(skip r"[ \t\n\r\x0B\x0C]+")]
pub(super) enum Raw {
    /// An ASCII identifier. A non-ASCII `IdContinue` character right after it extends it.
    #[regex(r"[A-Za-z_$][A-Za-z0-9_$]*")]
    Word,
    /// A reserved word (§2.7); a literal token beats the identifier pattern at equal length.
    #[token("if", |_| Keyword::If)]
    #[token("else", |_| Keyword::Else)]
    #[token("uncertain", |_| Keyword::Uncertain)]
    #[token("in", |_| Keyword::In)]
    #[token("function", |_| Keyword::Function)]
    #[token("fn", |_| Keyword::Fn)]
    #[token("return", |_| Keyword::Return)]
    #[token("let", |_| Keyword::Let)]
    #[token("const", |_| Keyword::Const)]
    #[token("for", |_| Keyword::For)]
    #[token("while", |_| Keyword::While)]
    #[token("do", |_| Keyword::Do)]
    #[token("break", |_| Keyword::Break)]
    #[token("continue", |_| Keyword::Continue)]
    #[token("typeof", |_| Keyword::Typeof)]
    #[token("instanceof", |_| Keyword::Instanceof)]
    #[token("import", |_| Keyword::Import)]
    #[token("export", |_| Keyword::Export)]
    #[token("try", |_| Keyword::Try)]
    #[token("catch", |_| Keyword::Catch)]
    #[token("finally", |_| Keyword::Finally)]
    #[token("throw", |_| Keyword::Throw)]
    #[token("true", |_| Keyword::True)]
    #[token("false", |_| Keyword::False)]
    #[token("null", |_| Keyword::Null)]
    #[token("undefined", |_| Keyword::Undefined)]
    #[token("async", |_| Keyword::Async)]
    #[token("await", |_| Keyword::Await)]
    #[token("match", |_| Keyword::Match)]
    Keyword(Keyword),
    /// `_` (§2.6), unless a non-ASCII `IdContinue` character follows.
    #[token("_", priority = 3)]
    Placeholder,
    /// The first digit of a number literal; `number::scan` reads the rest.
    #[regex(r"[0-9]")]
    Digit,
    /// A `.` before a digit: the leading-dot literal that §2.8 rejects (`E0108`).
    #[regex(r"\.[0-9]")]
    DotDigit,
    #[token("\"")]
    DoubleQuote,
    #[token("'")]
    SingleQuote,
    #[token("```")]
    Fence,
    /// A backtick that does not start a fence (`E0101`, §2.9).
    #[token("`")]
    Backtick,
    /// `//` up to, not including, the line terminator (§2.4). Reading to the end of the line is
    /// the point, hence the greedy repetition.
    #[regex(r"//[^\n\r]*", allow_greedy = true)]
    LineComment,
    /// `/*`; the scanner looks for the closing `*/`.
    #[token("/*")]
    BlockCommentStart,
    /// One non-ASCII character: an identifier start, whitespace, or an unexpected character.
    #[regex(r"[^\x00-\x7F]")]
    NonAscii,
    /// An ASCII character that starts no token (`E0101`, §2.11).
    #[regex(r"[\x00-\x08\x0E-\x1F\x7F#&@\\^|]")]
    Stray,
    #[token("(", |_| Punct::LParen)]
    #[token(")", |_| Punct::RParen)]
    #[token("[", |_| Punct::LBracket)]
    #[token("]", |_| Punct::RBracket)]
    #[token("{", |_| Punct::LBrace)]
    #[token("}", |_| Punct::RBrace)]
    #[token(",", |_| Punct::Comma)]
    #[token(";", |_| Punct::Semi)]
    #[token(":", |_| Punct::Colon)]
    #[token(".", |_| Punct::Dot)]
    #[token("...", |_| Punct::Ellipsis)]
    #[token("?", |_| Punct::Question)]
    #[token("=>", |_| Punct::FatArrow)]
    #[token("->", |_| Punct::ThinArrow)]
    #[token("+", |_| Punct::Plus)]
    #[token("-", |_| Punct::Minus)]
    #[token("*", |_| Punct::Star)]
    #[token("/", |_| Punct::Slash)]
    #[token("%", |_| Punct::Percent)]
    #[token("**", |_| Punct::StarStar)]
    #[token("++", |_| Punct::PlusPlus)]
    #[token("--", |_| Punct::MinusMinus)]
    #[token("==", |_| Punct::EqEq)]
    #[token("!=", |_| Punct::NotEq)]
    #[token("===", |_| Punct::EqEqEq)]
    #[token("!==", |_| Punct::NotEqEq)]
    #[token("<", |_| Punct::Lt)]
    #[token("<=", |_| Punct::LtEq)]
    #[token(">", |_| Punct::Gt)]
    #[token(">=", |_| Punct::GtEq)]
    #[token("!", |_| Punct::Bang)]
    #[token("&&", |_| Punct::AndAnd)]
    #[token("||", |_| Punct::OrOr)]
    #[token("??", |_| Punct::QuestionQuestion)]
    #[token("?.", |_| Punct::QuestionDot)]
    #[token("=", |_| Punct::Eq)]
    #[token("+=", |_| Punct::PlusEq)]
    #[token("-=", |_| Punct::MinusEq)]
    #[token("*=", |_| Punct::StarEq)]
    #[token("/=", |_| Punct::SlashEq)]
    #[token("%=", |_| Punct::PercentEq)]
    #[token("**=", |_| Punct::StarStarEq)]
    #[token("??=", |_| Punct::QuestionQuestionEq)]
    #[token("||=", |_| Punct::OrOrEq)]
    #[token("&&=", |_| Punct::AndAndEq)]
    #[token("~+=", |_| Punct::TildePlusEq)]
    #[token("~-=", |_| Punct::TildeMinusEq)]
    #[token("~*=", |_| Punct::TildeStarEq)]
    #[token("~/=", |_| Punct::TildeSlashEq)]
    #[token("|>", |_| Punct::Pipe)]
    #[token("~|>", |_| Punct::TildePipe)]
    #[token("~?>", |_| Punct::TildeGate)]
    #[token("~>", |_| Punct::TildeArrow)]
    #[token("<~", |_| Punct::LtTilde)]
    #[token("~", |_| Punct::Tilde)]
    #[token("~~", |_| Punct::TildeTilde)]
    #[token("~.", |_| Punct::TildeDot)]
    #[token("~?", |_| Punct::TildeQuestion)]
    #[token("~??", |_| Punct::TildeQuestionQuestion)]
    #[token("~&&", |_| Punct::TildeAndAnd)]
    #[token("~||", |_| Punct::TildeOrOr)]
    #[token("~||>", |_| Punct::TildeOrOrGt)]
    #[token("~@>", |_| Punct::TildeAt)]
    #[token("~+", |_| Punct::TildePlus)]
    #[token("~-", |_| Punct::TildeMinus)]
    #[token("~*", |_| Punct::TildeStar)]
    #[token("~/", |_| Punct::TildeSlash)]
    #[token("~==", |_| Punct::TildeEqEq)]
    #[token("~!=", |_| Punct::TildeNotEq)]
    #[token("~<", |_| Punct::TildeLt)]
    #[token("~<=", |_| Punct::TildeLtEq)]
    #[token("~>=", |_| Punct::TildeGtEq)]
    Punct(Punct),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_kinds(source: &str) -> Vec<(Result<Raw, ()>, &str)> {
        let mut lexer = Raw::lexer(source);
        let mut out = Vec::new();
        while let Some(raw) = lexer.next() {
            out.push((raw, lexer.slice()));
        }
        out
    }

    #[test]
    fn every_punct_of_the_token_list_is_recognised_whole() {
        for punct in Punct::ALL {
            let text = punct.as_str();
            assert_eq!(
                raw_kinds(text),
                vec![(Ok(Raw::Punct(*punct)), text)],
                "{text}"
            );
        }
    }

    #[test]
    fn every_keyword_is_recognised_and_longer_words_are_identifiers() {
        for keyword in Keyword::ALL {
            let text = keyword.as_str();
            assert_eq!(raw_kinds(text), vec![(Ok(Raw::Keyword(*keyword)), text)]);
            let longer = format!("{text}x");
            assert_eq!(raw_kinds(&longer), vec![(Ok(Raw::Word), longer.as_str())]);
        }
    }

    #[test]
    fn non_ascii_characters_arrive_one_at_a_time() {
        assert_eq!(raw_kinds("é"), vec![(Ok(Raw::NonAscii), "é")]);
        assert_eq!(
            raw_kinds("\u{1F600}"),
            vec![(Ok(Raw::NonAscii), "\u{1F600}")]
        );
    }
}
