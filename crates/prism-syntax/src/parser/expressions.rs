//! Operator expressions (language §3.4, precedence §3.6, §3.7.3, §3.7.4).

use std::rc::Rc;

use chumsky::prelude::*;
use prism_span::Span;

use super::operators::{assign_op, binary_op};
use super::primary::UnaryRules;
use super::prims::{
    bump, expect, here, lambdas, link_here, nested, nested_here, peek, span_from, Inp,
};
use super::state::{PState, ParseError};
use super::{Grammar, In, Rule};
use crate::ast::{BinaryOp, Expr, ExprKind, PipeOp};
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

/// `Expression = Assignment ;` — the levels from Assignment down to Power (§3.4, §3.6) in one
/// parser whose loops peek at the next token for their operators, so that an operand with no
/// operator after it makes no alternative fail: chumsky records an error for every alternative
/// that fails, and with one rule per level that bookkeeping was most of the time of a parse.
pub(super) fn expression<'src>(g: &Grammar<'src>, unary: Rc<UnaryRules<'src>>) -> Rule<'src, Expr> {
    let levels = Levels {
        unary,
        value: nested(g.expression.clone()).boxed(),
        branches: nested(
            g.expression
                .clone()
                .then_ignore(expect(Punct::Colon))
                .then(g.expression.clone()),
        )
        .boxed(),
    };
    custom(move |inp| levels.assignment(inp)).boxed()
}

/// The rules the levels call.
struct Levels<'src> {
    /// The rules of `Unary`, called directly (they are also the `unary` rule of the grammar).
    unary: Rc<UnaryRules<'src>>,
    /// The value of an assignment.
    value: Rule<'src, Expr>,
    /// `Assignment ":" Assignment` after `?` or `~?`.
    branches: Rule<'src, (Expr, Expr)>,
}

impl<'src> Levels<'src> {
    /// `Assignment = AssignTarget AssignOp Assignment | Pipeline ;` through the cover grammar of
    /// §3.7.4: a Pipeline is parsed, then reinterpreted as a target when an assignment operator
    /// follows (before the value is read, so that its error comes first).
    fn assignment(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let start = here(inp);
        let left = self.pipeline(inp)?;
        let Some(op) = assign_op(peek(inp)) else {
            return Ok(left);
        };
        bump(inp);
        let target = inp.state().expr_to_target(left, op);
        let value = inp.parse(&self.value)?;
        let kind = ExprKind::Assign {
            op,
            target: Box::new(target),
            value: Box::new(value),
        };
        Ok(Expr::new(kind, span_from(inp, start)))
    }

    /// `Pipeline = Conditional { ( "|>" | "~|>" | "~?>" ) Conditional } ;`
    fn pipeline(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let chain = inp.state().chain;
        let mut left = self.conditional(inp)?;
        loop {
            let op = match peek(inp) {
                Some(Token::Punct(Punct::Pipe)) => PipeOp::Pipe,
                Some(Token::Punct(Punct::TildePipe)) => PipeOp::ConfPipe,
                Some(Token::Punct(Punct::TildeGate)) => PipeOp::Gate,
                _ => break,
            };
            bump(inp);
            link_here(inp)?;
            let right = self.conditional(inp)?;
            let span = left.span.merge(right.span);
            let kind = ExprKind::Pipeline {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
            left = Expr::new(kind, span);
        }
        inp.state().chain = chain;
        Ok(left)
    }

    /// `Conditional = ConfExpr [ ( "?" | "~?" ) Assignment ":" Assignment ] ;`
    fn conditional(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let start = here(inp);
        let test = self.conf_expr(inp)?;
        let confident = match peek(inp) {
            Some(Token::Punct(Punct::Question)) => false,
            Some(Token::Punct(Punct::TildeQuestion)) => true,
            _ => return Ok(test),
        };
        bump(inp);
        let (consequent, alternate) = inp.parse(&self.branches)?;
        let kind = ExprKind::Conditional {
            confident,
            test: Box::new(test),
            consequent: Box::new(consequent),
            alternate: Box::new(alternate),
        };
        Ok(Expr::new(kind, span_from(inp, start)))
    }

    /// `ConfExpr = OrExpr { "~>" Unary | "~~" OrExpr } ;` — after a `~>` operand, a binary
    /// operator of levels 5–13 is E0208 (§3.7.3), reported and read as `(x ~> c) op …`.
    fn conf_expr(&self, inp: &mut Inp<'src, '_>) -> Result<Expr, ParseError> {
        let chain = inp.state().chain;
        let mut left = self.binary(inp, 5)?;
        loop {
            match peek(inp) {
                Some(Token::Punct(Punct::TildeArrow)) => {
                    bump(inp);
                    link_here(inp)?;
                    let right = self.unary.parse_in_place(inp)?;
                    let index = here(inp);
                    if binary_op(inp.state().token_at(index)).is_none() {
                        left = binary(BinaryOp::Annotate, left, right);
                        continue;
                    }
                    let operator = inp.state().span_at(index);
                    let rest = self.binary_tail(inp, 5, Vec::new(), |mut rest, op, right| {
                        rest.push((op, right));
                        rest
                    })?;
                    let (subject, annotation) = (left.span, right.span);
                    let annotated = binary(BinaryOp::Annotate, left, right);
                    let state = inp.state();
                    left = misplaced_annotation(
                        state,
                        annotated,
                        subject,
                        annotation,
                        (operator, rest),
                    );
                }
                Some(Token::Punct(Punct::TildeTilde)) => {
                    bump(inp);
                    link_here(inp)?;
                    let right = self.binary(inp, 5)?;
                    left = binary(BinaryOp::Chain, left, right);
                }
                _ => break,
            }
        }
        inp.state().chain = chain;
        Ok(left)
    }

    /// The binary levels 5–13 of §3.6 (`OrExpr` … `Power`) by precedence climbing: a Unary and
    /// then every operator of level `level` or tighter.
    fn binary(&self, inp: &mut Inp<'src, '_>, level: u8) -> Result<Expr, ParseError> {
        let first = self.unary.parse_in_place(inp)?;
        self.binary_tail(inp, level, first, |left, op, right| binary(op, left, right))
    }

    /// The operators of level `level` or tighter after an operand, each with its right operand:
    /// the next level, or for the right-associative `**` a Power one nesting level deeper. They
    /// are folded into `acc` in order, and each counts as a link of one chain.
    fn binary_tail<T>(
        &self,
        inp: &mut Inp<'src, '_>,
        level: u8,
        mut acc: T,
        fold: impl Fn(T, BinaryOp, Expr) -> T,
    ) -> Result<T, ParseError> {
        let chain = inp.state().chain;
        loop {
            let (op, op_level) = match binary_op(peek(inp)) {
                Some((op, op_level)) if op_level >= level => (op, op_level),
                _ => break,
            };
            bump(inp);
            link_here(inp)?;
            let right = if op_level == 13 {
                nested_here(inp, |inp| self.binary(inp, 13))?
            } else {
                self.binary(inp, op_level + 1)?
            };
            acc = fold(acc, op, right);
        }
        inp.state().chain = chain;
        Ok(acc)
    }
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

/// The bracketed parts of expressions re-enable lambdas (§3.7.6).
pub(super) fn bracketed<'src, O: 'src>(
    parser: impl Parser<'src, In<'src>, O, super::Ex<'src>> + Clone + 'src,
) -> Rule<'src, O> {
    nested(lambdas(false, parser)).boxed()
}

pub(super) use super::primary::unary;
