//! Operator expressions (language §3.4, precedence §3.6, §3.7.3, §3.7.4).

use prism_span::Span;

use super::operators::{assign_op, binary_op};
use super::{PResult, Parser};
use crate::ast::{ArrayElem, BinaryOp, Expr, ExprKind, MemberAccess, PipeOp, UnaryOp, UpdateOp};
use crate::token::{Keyword, Punct, Token};

fn boxed(left: Expr, right: Expr) -> (Box<Expr>, Box<Expr>) {
    (Box::new(left), Box::new(right))
}

impl Parser<'_, '_> {
    /// `Expression = Assignment ;`
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.assignment()
    }

    /// `Assignment = AssignTarget AssignOp Assignment | Pipeline ;` through the cover grammar of
    /// §3.7.4: a Pipeline is parsed, then reinterpreted as a target when an assignment operator
    /// follows.
    pub(super) fn assignment(&mut self) -> PResult<Expr> {
        let left = self.pipeline()?;
        let Some(op) = assign_op(self.peek()) else {
            return Ok(left);
        };
        self.bump();
        let start = left.span.start;
        let target = self.expr_to_target(left, op);
        self.enter()?;
        let value = self.assignment();
        self.leave();
        let value = value?;
        let span = self.since(start);
        Ok(Expr::new(
            ExprKind::Assign {
                op,
                target: Box::new(target),
                value: Box::new(value),
            },
            span,
        ))
    }

    /// `Pipeline = Conditional { ( "|>" | "~|>" | "~?>" ) Conditional } ;`
    fn pipeline(&mut self) -> PResult<Expr> {
        let mut left = self.conditional()?;
        let chain = self.chain;
        loop {
            let op = match self.peek() {
                Some(Token::Punct(Punct::Pipe)) => PipeOp::Pipe,
                Some(Token::Punct(Punct::TildePipe)) => PipeOp::ConfPipe,
                Some(Token::Punct(Punct::TildeGate)) => PipeOp::Gate,
                _ => break,
            };
            self.bump();
            self.extend_chain()?;
            let right = self.conditional()?;
            let span = left.span.merge(right.span);
            let (left_box, right_box) = boxed(left, right);
            left = Expr::new(
                ExprKind::Pipeline {
                    op,
                    left: left_box,
                    right: right_box,
                },
                span,
            );
        }
        self.chain = chain;
        Ok(left)
    }

    /// `Conditional = ConfExpr [ ( "?" | "~?" ) Assignment ":" Assignment ] ;`
    fn conditional(&mut self) -> PResult<Expr> {
        let test = self.conf_expr()?;
        let confident = match self.peek() {
            Some(Token::Punct(Punct::Question)) => false,
            Some(Token::Punct(Punct::TildeQuestion)) => true,
            _ => return Ok(test),
        };
        self.bump();
        self.enter()?;
        let branches = self.conditional_branches();
        self.leave();
        let (consequent, alternate) = branches?;
        let span = self.since(test.span.start);
        let kind = ExprKind::Conditional {
            confident,
            test: Box::new(test),
            consequent: Box::new(consequent),
            alternate: Box::new(alternate),
        };
        Ok(Expr::new(kind, span))
    }

    fn conditional_branches(&mut self) -> PResult<(Expr, Expr)> {
        let consequent = self.assignment()?;
        self.expect(Punct::Colon)?;
        let alternate = self.assignment()?;
        Ok((consequent, alternate))
    }

    /// `ConfExpr = OrExpr { "~>" Unary | "~~" OrExpr } ;` — after a `~>` operand, a binary
    /// operator of levels 5–13 is E0208 (§3.7.3).
    fn conf_expr(&mut self) -> PResult<Expr> {
        let mut left = self.binary(5)?;
        let chain = self.chain;
        loop {
            let op = match self.peek() {
                Some(Token::Punct(Punct::TildeArrow)) => BinaryOp::Annotate,
                Some(Token::Punct(Punct::TildeTilde)) => BinaryOp::Chain,
                _ => break,
            };
            self.bump();
            self.extend_chain()?;
            let right = if op == BinaryOp::Annotate {
                self.unary()?
            } else {
                self.binary(5)?
            };
            let annotation = right.span;
            let span = left.span.merge(right.span);
            let (left_box, right_box) = boxed(left, right);
            left = Expr::new(
                ExprKind::Binary {
                    op,
                    left: left_box,
                    right: right_box,
                },
                span,
            );
            if op == BinaryOp::Annotate {
                if let Some((binary, _)) = binary_op(self.peek()) {
                    left = self.misplaced_annotation(left, annotation, binary)?;
                }
            }
        }
        self.chain = chain;
        Ok(left)
    }

    /// E0208 (§3.7.3): `operator` follows the annotation `x ~> c`. Reported, then parsed as
    /// `(x ~> c) op …` so that the rest of the statement is still read.
    #[cold]
    fn misplaced_annotation(
        &mut self,
        annotated: Expr,
        annotation: Span,
        operator: BinaryOp,
    ) -> PResult<Expr> {
        let operator_span = self.span();
        let subject = match &annotated.kind {
            ExprKind::Binary { left, .. } => left.span,
            _ => annotated.span,
        };
        let result = self.binary_rest(annotated, 5)?;
        let rest = match &result.kind {
            ExprKind::Binary { right, .. } => right.span,
            _ => operator_span,
        };
        let text = |span: Span| span.text(self.source);
        let (subject, annotation_text, rest) = (text(subject), text(annotation), text(rest));
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
        let diagnostic = self
            .diagnostic("E0208", message, operator_span, "this operator")
            .with_secondary(self.file, annotation, "the confidence annotation")
            .with_help(help);
        self.report(diagnostic);
        Ok(result)
    }

    /// The binary levels 5–13 by precedence climbing: operands at `min_level` or tighter.
    fn binary(&mut self, min_level: u8) -> PResult<Expr> {
        let left = self.unary()?;
        self.binary_rest(left, min_level)
    }

    fn binary_rest(&mut self, mut left: Expr, min_level: u8) -> PResult<Expr> {
        let chain = self.chain;
        while let Some((op, level)) = binary_op(self.peek()) {
            if level < min_level {
                break;
            }
            self.bump();
            self.extend_chain()?;
            let right = if op == BinaryOp::Pow {
                // `Power = Unary [ "**" Power ]`: right-associative.
                self.enter()?;
                let right = self.binary(13);
                self.leave();
                right?
            } else {
                self.binary(level + 1)?
            };
            let span = left.span.merge(right.span);
            let (left_box, right_box) = boxed(left, right);
            left = Expr::new(
                ExprKind::Binary {
                    op,
                    left: left_box,
                    right: right_box,
                },
                span,
            );
        }
        self.chain = chain;
        Ok(left)
    }

    /// `Unary = ( "!" | "-" | "~" | "<~" | "typeof" | "await" | "++" | "--" ) Unary | Postfix ;`
    pub(super) fn unary(&mut self) -> PResult<Expr> {
        let start = self.start();
        let op = match self.peek() {
            Some(Token::Punct(Punct::Bang)) => UnaryOp::Not,
            Some(Token::Punct(Punct::Minus)) => UnaryOp::Neg,
            Some(Token::Punct(Punct::Tilde)) => UnaryOp::Strip,
            Some(Token::Punct(Punct::LtTilde)) => UnaryOp::Confidence,
            Some(Token::Keyword(Keyword::Typeof)) => UnaryOp::Typeof,
            Some(Token::Keyword(Keyword::Await)) => UnaryOp::Await,
            Some(Token::Punct(punct @ (Punct::PlusPlus | Punct::MinusMinus))) => {
                let op = if *punct == Punct::PlusPlus {
                    UpdateOp::Increment
                } else {
                    UpdateOp::Decrement
                };
                self.bump();
                let argument = self.nested_unary()?;
                self.check_update_target(&argument);
                let kind = ExprKind::Update {
                    op,
                    prefix: true,
                    argument: Box::new(argument),
                };
                return Ok(Expr::new(kind, self.since(start)));
            }
            Some(Token::Punct(Punct::TildeTilde)) => {
                return Err(self.error_tilde_prefix("to strip confidence write `~x`"))
            }
            Some(Token::Punct(Punct::TildeMinus)) => {
                return Err(self.error_tilde_prefix("write `~(-x)`"))
            }
            _ => return self.postfix(),
        };
        self.bump();
        let argument = self.nested_unary()?;
        Ok(Expr::new(
            ExprKind::Unary {
                op,
                argument: Box::new(argument),
            },
            self.since(start),
        ))
    }

    fn nested_unary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let argument = self.unary();
        self.leave();
        argument
    }

    /// E0201 for `~~x` and `~-x` in prefix position (language §2.11), with its help line.
    #[cold]
    fn error_tilde_prefix(&self, help: &str) -> Box<super::ParseError> {
        let message = format!("expected expression, found {}", self.found());
        let diagnostic = self
            .diagnostic("E0201", message, self.span(), "expected expression")
            .with_help(help);
        self.error_with(diagnostic)
    }

    /// `Postfix = CallExpr [ "++" | "--" ] ;`
    fn postfix(&mut self) -> PResult<Expr> {
        let expr = self.call_expr()?;
        let op = match self.peek() {
            Some(Token::Punct(Punct::PlusPlus)) => UpdateOp::Increment,
            Some(Token::Punct(Punct::MinusMinus)) => UpdateOp::Decrement,
            _ => return Ok(expr),
        };
        self.bump();
        self.check_update_target(&expr);
        let span = self.since(expr.span.start);
        Ok(Expr::new(
            ExprKind::Update {
                op,
                prefix: false,
                argument: Box::new(expr),
            },
            span,
        ))
    }

    /// `CallExpr = Primary { Arguments | "." PropName | "?." PropName | "~." PropName
    ///   | "[" Expression "]" | "?." "[" Expression "]" | "?." Arguments } ;`
    fn call_expr(&mut self) -> PResult<Expr> {
        let mut expr = self.primary()?;
        let chain = self.chain;
        loop {
            let start = expr.span.start;
            let kind = match self.peek() {
                Some(Token::Punct(Punct::LParen)) => {
                    let arguments = self.arguments()?;
                    ExprKind::Call {
                        callee: Box::new(expr),
                        optional: false,
                        arguments,
                    }
                }
                Some(Token::Punct(Punct::Dot)) => {
                    self.bump();
                    let property = self.prop_name()?;
                    ExprKind::Member {
                        object: Box::new(expr),
                        access: MemberAccess::Dot,
                        property,
                    }
                }
                Some(Token::Punct(Punct::TildeDot)) => {
                    self.bump();
                    let property = self.prop_name()?;
                    ExprKind::Member {
                        object: Box::new(expr),
                        access: MemberAccess::Confident,
                        property,
                    }
                }
                Some(Token::Punct(Punct::QuestionDot)) => {
                    self.bump();
                    if self.at(Punct::LBracket) {
                        let index = self.index()?;
                        ExprKind::Index {
                            object: Box::new(expr),
                            optional: true,
                            index: Box::new(index),
                        }
                    } else if self.at(Punct::LParen) {
                        let arguments = self.arguments()?;
                        ExprKind::Call {
                            callee: Box::new(expr),
                            optional: true,
                            arguments,
                        }
                    } else {
                        let property = self.prop_name()?;
                        ExprKind::Member {
                            object: Box::new(expr),
                            access: MemberAccess::Optional,
                            property,
                        }
                    }
                }
                Some(Token::Punct(Punct::LBracket)) => {
                    let index = self.index()?;
                    ExprKind::Index {
                        object: Box::new(expr),
                        optional: false,
                        index: Box::new(index),
                    }
                }
                _ => break,
            };
            self.extend_chain()?;
            expr = Expr::new(kind, self.since(start));
        }
        self.chain = chain;
        Ok(expr)
    }

    /// `"[" Expression "]"` after an object.
    fn index(&mut self) -> PResult<Expr> {
        self.bump();
        self.enter()?;
        let index = self.with_lambdas(|parser| parser.expression());
        self.leave();
        let index = index?;
        self.expect(Punct::RBracket)?;
        Ok(index)
    }

    /// `Arguments = "(" [ Argument { "," Argument } [ "," ] ] ")" ;` with
    /// `Argument = [ "..." ] Expression ;`
    pub(super) fn arguments(&mut self) -> PResult<Vec<ArrayElem>> {
        self.bump();
        self.enter()?;
        let arguments = self.with_lambdas(|parser| {
            let mut arguments = Vec::new();
            while !parser.list_ends(Punct::RParen) {
                arguments.push(parser.spread_or_expression()?);
                if !parser.eat(Punct::Comma) {
                    break;
                }
            }
            parser.expect_closing(Punct::RParen)?;
            Ok(arguments)
        });
        self.leave();
        arguments
    }

    /// `[ "..." ] Expression` (array elements and arguments).
    pub(super) fn spread_or_expression(&mut self) -> PResult<ArrayElem> {
        let start = self.start();
        let spread = self.eat(Punct::Ellipsis);
        let expr = self.expression()?;
        Ok(ArrayElem {
            spread,
            expr,
            span: self.since(start),
        })
    }
}
