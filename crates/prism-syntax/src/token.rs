//! Tokens as the parser sees them (language §2.5–§2.11).
//!
//! The lexer turns source text into `(Token, Span)` pairs. Comments never reach the parser: they are
//! collected separately as [`Comment`]s (for `prism tokens --comments`, the formatter and doc
//! comments). Contextual keywords (`high`, `from`, `agents`, …) are [`Token::Ident`]s, recognised by
//! the parser by their text.

use prism_span::Span;
use smol_str::SmolStr;

#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    /// An identifier, including every contextual keyword.
    Ident(SmolStr),
    Keyword(Keyword),
    /// `_` on its own.
    Placeholder,
    /// A number literal's value (the source text is recovered from the span).
    Number(f64),
    /// A string literal without interpolation; `value` is already unescaped.
    Str {
        value: SmolStr,
        quote: Quote,
    },
    /// The text of an interpolated string up to the first `${`.
    StringStart {
        value: SmolStr,
        quote: Quote,
    },
    /// Text between a `}` and the next `${`.
    StringMiddle(SmolStr),
    /// Text after the last `}`, including the closing quote in the span.
    StringEnd(SmolStr),
    Punct(Punct),
    /// Stands where the lexer already reported an error and an expression is structurally needed
    /// (an empty interpolation, E0110); the parser accepts it as an error expression without
    /// reporting it again. Stray characters the lexer skips produce no token at all.
    Error,
}

/// The quoting of a string literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quote {
    Double,
    Single,
    Fenced,
}

impl Quote {
    pub fn as_str(self) -> &'static str {
        match self {
            Quote::Double => "\"",
            Quote::Single => "'",
            Quote::Fenced => "```",
        }
    }
}

macro_rules! keywords {
    ($($variant:ident => $text:literal,)*) => {
        /// Reserved words (language §2.7).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Keyword { $($variant,)* }

        impl Keyword {
            pub const ALL: &'static [Keyword] = &[$(Keyword::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Keyword::$variant => $text,)* }
            }

            // Not `FromStr`: the lexer needs an `Option`, and an error type would carry nothing.
            #[allow(clippy::should_implement_trait)]
            pub fn from_str(text: &str) -> Option<Keyword> {
                match text { $($text => Some(Keyword::$variant),)* _ => None }
            }
        }
    };
}

keywords! {
    If => "if", Else => "else", Uncertain => "uncertain", In => "in", Function => "function",
    Fn => "fn", Return => "return", Let => "let", Const => "const", For => "for", While => "while",
    Do => "do", Break => "break", Continue => "continue", Typeof => "typeof",
    Instanceof => "instanceof", Import => "import", Export => "export", Try => "try",
    Catch => "catch", Finally => "finally", Throw => "throw", True => "true", False => "false",
    Null => "null", Undefined => "undefined", Async => "async", Await => "await", Match => "match",
}

macro_rules! puncts {
    ($($variant:ident => $text:literal,)*) => {
        /// Operators and punctuation (language §2.11).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Punct { $($variant,)* }

        impl Punct {
            pub const ALL: &'static [Punct] = &[$(Punct::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Punct::$variant => $text,)* }
            }
        }
    };
}

puncts! {
    LParen => "(", RParen => ")", LBracket => "[", RBracket => "]", LBrace => "{", RBrace => "}",
    Comma => ",", Semi => ";", Colon => ":", Dot => ".", Ellipsis => "...", Question => "?",
    FatArrow => "=>", ThinArrow => "->",
    Plus => "+", Minus => "-", Star => "*", Slash => "/", Percent => "%", StarStar => "**",
    PlusPlus => "++", MinusMinus => "--",
    EqEq => "==", NotEq => "!=", EqEqEq => "===", NotEqEq => "!==", Lt => "<", LtEq => "<=",
    Gt => ">", GtEq => ">=",
    Bang => "!", AndAnd => "&&", OrOr => "||", QuestionQuestion => "??",
    QuestionDot => "?.",
    Eq => "=", PlusEq => "+=", MinusEq => "-=", StarEq => "*=", SlashEq => "/=", PercentEq => "%=",
    StarStarEq => "**=", QuestionQuestionEq => "??=", OrOrEq => "||=", AndAndEq => "&&=",
    TildePlusEq => "~+=", TildeMinusEq => "~-=", TildeStarEq => "~*=", TildeSlashEq => "~/=",
    Pipe => "|>", TildePipe => "~|>", TildeGate => "~?>",
    TildeArrow => "~>", LtTilde => "<~", Tilde => "~", TildeTilde => "~~", TildeDot => "~.",
    TildeQuestion => "~?", TildeQuestionQuestion => "~??", TildeAndAnd => "~&&", TildeOrOr => "~||",
    TildeOrOrGt => "~||>", TildeAt => "~@>",
    TildePlus => "~+", TildeMinus => "~-", TildeStar => "~*", TildeSlash => "~/",
    TildeEqEq => "~==", TildeNotEq => "~!=", TildeLt => "~<", TildeLtEq => "~<=", TildeGtEq => "~>=",
}

impl Token {
    /// How the token is named in "found `…`" messages (language §3.10).
    pub fn describe(&self, source_text: &str) -> String {
        match self {
            Token::Punct(punct) => format!("`{}`", punct.as_str()),
            Token::Keyword(keyword) => format!("`{}`", keyword.as_str()),
            Token::Placeholder => "`_`".to_string(),
            Token::Ident(name) => format!("`{name}`"),
            _ => format!("`{source_text}`"),
        }
    }
}

/// A comment, kept out of the token stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    Line,
    Block,
    /// `/** … */` (not `/**/`).
    Doc,
}
