//! The operator tables of language §3.6: binary operators with their precedence level, and the
//! assignment operators.

use crate::ast::{AssignOp, BinaryOp};
use crate::token::{Keyword, Punct, Token};

/// The binary operators of levels 5–13 of language §3.6 with their level.
pub(super) fn binary_op(token: Option<&Token>) -> Option<(BinaryOp, u8)> {
    use BinaryOp as B;
    let (op, level) = match token? {
        Token::Keyword(Keyword::Instanceof) => (B::Instanceof, 10),
        Token::Punct(punct) => match punct {
            Punct::OrOr => (B::Or, 5),
            Punct::TildeOrOr => (B::ConfOr, 5),
            Punct::TildeOrOrGt => (B::ConfSelect, 5),
            Punct::TildeAt => (B::ConfEscalate, 5),
            Punct::QuestionQuestion => (B::Nullish, 6),
            Punct::TildeQuestionQuestion => (B::ConfCoalesce, 7),
            Punct::AndAnd => (B::And, 8),
            Punct::TildeAndAnd => (B::ConfAnd, 8),
            Punct::EqEq => (B::Eq, 9),
            Punct::NotEq => (B::NotEq, 9),
            Punct::EqEqEq => (B::StrictEq, 9),
            Punct::NotEqEq => (B::StrictNotEq, 9),
            Punct::TildeEqEq => (B::ConfEq, 9),
            Punct::TildeNotEq => (B::ConfNotEq, 9),
            Punct::Lt => (B::Lt, 10),
            Punct::LtEq => (B::LtEq, 10),
            Punct::Gt => (B::Gt, 10),
            Punct::GtEq => (B::GtEq, 10),
            Punct::TildeLt => (B::ConfLt, 10),
            Punct::TildeLtEq => (B::ConfLtEq, 10),
            Punct::TildeGtEq => (B::ConfGtEq, 10),
            Punct::Plus => (B::Add, 11),
            Punct::Minus => (B::Sub, 11),
            Punct::TildePlus => (B::ConfAdd, 11),
            Punct::TildeMinus => (B::ConfSub, 11),
            Punct::Star => (B::Mul, 12),
            Punct::Slash => (B::Div, 12),
            Punct::Percent => (B::Rem, 12),
            Punct::TildeStar => (B::ConfMul, 12),
            Punct::TildeSlash => (B::ConfDiv, 12),
            Punct::StarStar => (B::Pow, 13),
            _ => return None,
        },
        _ => return None,
    };
    Some((op, level))
}

/// The assignment operator of a token (language §3.4 `AssignOp`).
pub(super) fn assign_op(token: Option<&Token>) -> Option<AssignOp> {
    use AssignOp as A;
    let Some(Token::Punct(punct)) = token else {
        return None;
    };
    Some(match punct {
        Punct::Eq => A::Assign,
        Punct::PlusEq => A::Add,
        Punct::MinusEq => A::Sub,
        Punct::StarEq => A::Mul,
        Punct::SlashEq => A::Div,
        Punct::PercentEq => A::Rem,
        Punct::StarStarEq => A::Pow,
        Punct::QuestionQuestionEq => A::Nullish,
        Punct::OrOrEq => A::Or,
        Punct::AndAndEq => A::And,
        Punct::TildePlusEq => A::ConfAdd,
        Punct::TildeMinusEq => A::ConfSub,
        Punct::TildeStarEq => A::ConfMul,
        Punct::TildeSlashEq => A::ConfDiv,
        _ => return None,
    })
}
