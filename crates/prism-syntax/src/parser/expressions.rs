//! Operator expressions (language §3.4, precedence §3.6, §3.7.3, §3.7.4): one rule per level.

use chumsky::prelude::*;
use chumsky::span::SimpleSpan;
use prism_span::Span;

use super::operators::{assign_op, binary_op};
use super::prims::{at, chained, lambdas, link, nested, next_span, opt, punct, span_of, when};
use super::state::PState;
use super::{Grammar, In, Rule};
use crate::ast::{AssignOp, BinaryOp, Expr, ExprKind, PipeOp};
use crate::token::{Punct, Token};

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span = left.span.merge(right.span);
    let kind = ExprKind::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    };
    Expr::new(kind, span)
}

/// `Expression = Assignment ;`
pub(super) fn expression<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    assignment(g)
}

/// The left side of an assignment once its operator was read (§3.7.4).
enum Left {
    Plain(Expr),
    Target(crate::ast::Pattern, AssignOp),
}

/// `Assignment = AssignTarget AssignOp Assignment | Pipeline ;` through the cover grammar of
/// §3.7.4: a Pipeline is parsed, then reinterpreted as a target when an assignment operator
/// follows (before the value is read, so that its error comes first; the state's
/// `assign_follows` tells the value's parser whether there is one).
pub(super) fn assignment<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let operator =
        select_ref! { (token, _) => assign_op(Some(token)) }.try_map(|op, span: SimpleSpan| {
            op.ok_or(super::state::ParseError {
                pos: span.start,
                diagnostic: None,
                explicit: false,
            })
        });
    // The value, when the step before read an operator (`assign_follows`).
    let value_rule = nested(g.expression.clone());
    let value = custom(move |inp| {
        let _ = super::prims::here(inp);
        if !std::mem::replace(&mut inp.state().assign_follows, false) {
            return Ok(None);
        }
        inp.parse(&value_rule).map(Some)
    });
    pipeline(g)
        .then(operator.or_not())
        .map_with(|(left, op), e| {
            let state = e.state();
            state.assign_follows = op.is_some();
            match op {
                None => Left::Plain(left),
                Some(op) => Left::Target(state.expr_to_target(left, op), op),
            }
        })
        .then(value)
        .map_with(|(left, value), e| match (left, value) {
            (Left::Target(target, op), Some(value)) => Expr::new(
                ExprKind::Assign {
                    op,
                    target: Box::new(target),
                    value: Box::new(value),
                },
                span_of(e),
            ),
            (Left::Plain(expr), _) => expr,
            (Left::Target(target, _), None) => Expr::new(ExprKind::Error, target.span),
        })
        .boxed()
}

/// `Pipeline = Conditional { ( "|>" | "~|>" | "~?>" ) Conditional } ;`
fn pipeline<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let op = select_ref! {
        (Token::Punct(Punct::Pipe), _) => PipeOp::Pipe,
        (Token::Punct(Punct::TildePipe), _) => PipeOp::ConfPipe,
        (Token::Punct(Punct::TildeGate), _) => PipeOp::Gate,
    };
    let operand = conditional(g);
    chained(
        operand
            .clone()
            .foldl(
                op.then_ignore(link()).then(operand).repeated(),
                |left, (op, right)| {
                    let span = left.span.merge(right.span);
                    let kind = ExprKind::Pipeline {
                        op,
                        left: Box::new(left),
                        right: Box::new(right),
                    };
                    Expr::new(kind, span)
                },
            )
            .then_ignore(op.not()),
    )
    .boxed()
}

/// `Conditional = ConfExpr [ ( "?" | "~?" ) Assignment ":" Assignment ] ;`
fn conditional<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let question = select_ref! {
        (Token::Punct(Punct::Question), _) => false,
        (Token::Punct(Punct::TildeQuestion), _) => true,
    };
    let branches = nested(
        g.expression
            .clone()
            .then_ignore(super::prims::expect(Punct::Colon))
            .then(g.expression.clone()),
    );
    conf_expr(g)
        .then(question.then(branches).or_not())
        .then_ignore(question.not())
        .map_with(|(test, rest), e| match rest {
            None => test,
            Some((confident, (consequent, alternate))) => {
                let kind = ExprKind::Conditional {
                    confident,
                    test: Box::new(test),
                    consequent: Box::new(consequent),
                    alternate: Box::new(alternate),
                };
                Expr::new(kind, span_of(e))
            }
        })
        .boxed()
}

/// One link of a ConfExpr.
enum ConfLink {
    /// `~> Unary`, with the binary operators wrongly following it (E0208).
    Annotate(Expr, Option<(Span, Vec<(BinaryOp, Expr)>)>),
    Chain(Expr),
}

/// `ConfExpr = OrExpr { "~>" Unary | "~~" OrExpr } ;` — after a `~>` operand, a binary
/// operator of levels 5–13 is E0208 (§3.7.3), reported and read as `(x ~> c) op …`.
fn conf_expr<'src>(g: &Grammar<'src>) -> Rule<'src, Expr> {
    let (or_expr, tail) = binary_levels(g);
    let binary_follows =
        when(|state: &PState<'_>, index| binary_op(state.token_at(index)).is_some());
    let annotate = punct(Punct::TildeArrow)
        .ignore_then(link())
        .ignore_then(g.unary.clone())
        .then(opt(binary_follows, next_span().then(chained(tail))))
        .map(|(right, rest)| ConfLink::Annotate(right, rest));
    let chain = punct(Punct::TildeTilde)
        .ignore_then(link())
        .ignore_then(or_expr.clone())
        .map(ConfLink::Chain);
    let conf_op = choice((at(Punct::TildeArrow), at(Punct::TildeTilde)));
    chained(
        or_expr
            .foldl_with(
                choice((annotate, chain)).repeated(),
                |left, link, e| match link {
                    ConfLink::Chain(right) => binary(BinaryOp::Chain, left, right),
                    ConfLink::Annotate(right, None) => binary(BinaryOp::Annotate, left, right),
                    ConfLink::Annotate(right, Some(rest)) => {
                        let annotation = right.span;
                        let subject = left.span;
                        let annotated = binary(BinaryOp::Annotate, left, right);
                        misplaced_annotation(e.state(), annotated, subject, annotation, rest)
                    }
                },
            )
            .then_ignore(conf_op.not()),
    )
    .boxed()
}

/// E0208 (§3.7.3): `rest` (operators and operands) follows the annotation `x ~> c`.
#[cold]
fn misplaced_annotation(
    state: &mut PState<'_>,
    annotated: Expr,
    subject: Span,
    annotation: Span,
    (operator_span, rest): (Span, Vec<(BinaryOp, Expr)>),
) -> Expr {
    let Some(&(operator, _)) = rest.first() else {
        return annotated;
    };
    let result = rest
        .into_iter()
        .fold(annotated, |left, (op, right)| binary(op, left, right));
    let rest_span = match &result.kind {
        ExprKind::Binary { right, .. } => right.span,
        _ => operator_span,
    };
    let text = |span: Span| span.text(state.source);
    let (subject, annotation_text, rest) = (text(subject), text(annotation), text(rest_span));
    let op = operator.as_str();
    let short = [subject, annotation_text, rest]
        .iter()
        .all(|part| part.len() <= 40 && !part.contains('\n'));
    let help = if short {
        format!("write `{subject} ~> ({annotation_text} {op} {rest})` or `({subject} ~> {annotation_text}) {op} {rest}`")
    } else {
        "write `x ~> (0.5 + 0.1)` or `(x ~> 0.5) + 0.1`".to_string()
    };
    let message = format!("operator `{op}` after a confidence annotation needs parentheses");
    let diagnostic = state
        .diagnostic("E0208", message, operator_span, "this operator")
        .with_secondary(state.file, annotation, "the confidence annotation")
        .with_help(help);
    state.report(diagnostic);
    result
}

/// The binary levels 5–13 of §3.6 (`OrExpr` … `Power`), by precedence climbing: `binary(l)` reads
/// a Unary and then every operator of level `l` or tighter, each with a right operand of the next
/// level (`**` is right-associative). Gives `binary(5)` and its operator tail.
fn binary_levels<'src>(g: &Grammar<'src>) -> (Rule<'src, Expr>, Rule<'src, Vec<(BinaryOp, Expr)>>) {
    // `Power = Unary [ "**" Power ]`.
    let power = recursive(|power| {
        let operand = g.unary.clone();
        chained(
            operand
                .foldl(
                    op_at_level(13, 13)
                        .then_ignore(link())
                        .then(nested(power))
                        .repeated(),
                    |left, ((op, _), right)| binary(op, left, right),
                )
                .then_ignore(op_at_level(13, 13).not()),
        )
    })
    .boxed();
    // `levels[k]` is binary(13 - k); tails likewise.
    let mut operands: Vec<Rule<'src, Expr>> = vec![power.clone()];
    let mut tail = None;
    for level in (5..=12u8).rev() {
        let mut links: Vec<Rule<'src, (BinaryOp, Expr)>> = Vec::new();
        for (offset, operand) in operands.iter().enumerate() {
            // `operands[offset]` is binary(level + offset + 1), the right operand of the
            // operators of level `level + offset`.
            let op_level = level + u8::try_from(offset).unwrap_or(u8::MAX - 13);
            if op_level > 12 {
                continue;
            }
            links.push(
                op_at_level(op_level, op_level)
                    .then_ignore(link())
                    .then(operand.clone())
                    .map(|((op, _), right)| (op, right))
                    .boxed(),
            );
        }
        links.push(
            op_at_level(13, 13)
                .then_ignore(link())
                .then(nested(power.clone()))
                .map(|((op, _), right)| (op, right))
                .boxed(),
        );
        // The guard spares the alternatives when no operator of these levels follows.
        let link_rule = op_at_level(level, 13)
            .rewind()
            .ignore_then(choice(links))
            .boxed();
        let level_tail = chained(
            link_rule
                .repeated()
                .collect::<Vec<_>>()
                .then_ignore(op_at_level(level, 13).not()),
        )
        .boxed();
        let operand = g
            .unary
            .clone()
            .then(level_tail.clone())
            .map(|(first, rest)| {
                rest.into_iter()
                    .fold(first, |left, (op, right)| binary(op, left, right))
            })
            .boxed();
        operands.insert(0, operand);
        tail = Some(level_tail);
    }
    // `operands` now runs from level 5 to 13.
    let or_expr = operands.first().cloned().unwrap_or(power);
    let tail = tail.unwrap_or_else(|| empty().to(Vec::new()).boxed());
    (or_expr, tail)
}

/// A binary operator of a level between `low` and `high`, with its level.
fn op_at_level<'src>(
    low: u8,
    high: u8,
) -> impl Parser<'src, In<'src>, (BinaryOp, u8), super::Ex<'src>> + Clone {
    select_ref! { (token, _) => binary_op(Some(token)) }.try_map(move |op, span: SimpleSpan| {
        match op {
            Some((op, level)) if (low..=high).contains(&level) => Ok((op, level)),
            _ => Err(super::state::ParseError {
                pos: span.start,
                diagnostic: None,
                explicit: false,
            }),
        }
    })
}

/// The bracketed parts of expressions re-enable lambdas (§3.7.6).
pub(super) fn bracketed<'src, O: 'src>(
    parser: impl Parser<'src, In<'src>, O, super::Ex<'src>> + Clone + 'src,
) -> Rule<'src, O> {
    nested(lambdas(false, parser)).boxed()
}

pub(super) use super::primary::unary;
