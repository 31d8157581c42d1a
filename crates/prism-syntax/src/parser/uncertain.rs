//! `uncertain if/while/for` and branch sets (language §3.2, §3.7.8, §8.7).

use chumsky::prelude::*;

use super::control_flow::for_c_head;
use super::prims::{at, expect, fail, keyword, lambdas, punct};
use super::state::PState;
use super::{Grammar, Rule};
use crate::ast::{Branch, BranchName, StmtKind, Uncertain, UncertainForm};
use crate::token::{Keyword, Punct, Token};

/// `UncertainStmt` (language §3.2, §8.7).
pub(super) fn uncertain_stmt<'src>(g: &Grammar<'src>) -> Rule<'src, StmtKind> {
    let head = choice((
        keyword(Keyword::If)
            .ignore_then(g.expression.clone())
            .map(|test| (UncertainForm::If, None, Some(test), None)),
        keyword(Keyword::While)
            .ignore_then(g.expression.clone())
            .map(|test| (UncertainForm::While, None, Some(test), None)),
        keyword(Keyword::For)
            .ignore_then(choice((
                punct(Punct::LParen)
                    .ignore_then(lambdas(false, for_c_head(g, true)))
                    .then_ignore(expect(Punct::RParen)),
                at(Punct::LParen).not().ignore_then(for_c_head(g, false)),
            )))
            .map(|(init, test, update)| (UncertainForm::For, init, test, update)),
        fail(|state: &PState<'_>, index| {
            state.error_expected(
                index,
                "`if`, `while` or `for`",
                "expected `if`, `while` or `for`",
            )
        }),
    ));
    keyword(Keyword::Uncertain)
        .ignore_then(head)
        .then(branch_set(g))
        .map(|((form, init, test, update), branches)| {
            StmtKind::Uncertain(Box::new(Uncertain {
                form,
                init,
                test,
                update,
                branches,
            }))
        })
        .boxed()
}

/// `BranchSet = "{" Branch { Branch } "}" ;` — E0210 for anything but a branch name (§3.7.8);
/// an empty set is reported on the finished tree.
fn branch_set<'src>(g: &Grammar<'src>) -> Rule<'src, Vec<Branch>> {
    let name = select_ref! {
        (Token::Ident(word), span) if word == "high" => (BranchName::High, *span),
        (Token::Ident(word), span) if word == "medium" => (BranchName::Medium, *span),
        (Token::Ident(word), span) if word == "low" => (BranchName::Low, *span),
        (Token::Ident(word), span) if word == "default" => (BranchName::Default, *span),
    };
    let branch = name
        .then(g.block.clone())
        .map(|((name, name_span), body)| Branch {
            name,
            name_span,
            body,
        });
    let close = choice((
        punct(Punct::RBrace),
        fail(|state: &PState<'_>, index| {
            if state.token_at(index).is_none() {
                return state.error_expected(index, "`}`", "expected `}`");
            }
            let message = "expected `high`, `medium`, `low` or `default`".to_string();
            state.error_here(index, "E0210", message, "expected a branch name")
        }),
    ));
    expect(Punct::LBrace)
        .ignore_then(branch.repeated().collect::<Vec<_>>())
        .then_ignore(close)
        .boxed()
}
