//! Pipelines (language §6.13): `a |> r`, `a ~|> r`, with placeholders.
//!
//! A placeholder belongs to the nearest enclosing pipeline right side; a placeholder inside the
//! *left* side of a nested pipeline still belongs to the outer one. When a placeholder occurs
//! inside a function written in the right side, the pipeline value is put in a cell that the
//! function captures.

use prism_span::Span;
use prism_syntax::ast::{self, Expr, ExprKind, LambdaBody};

use crate::instr::{Instr, Terminator};
use crate::ir::{CellRef, Reg};

use super::visit::{self, Visitor};
use super::{CaptureKey, Lowerer, PipelineValue};

/// Where the placeholders of one pipeline occur.
#[derive(Default)]
struct Placeholders {
    direct: bool,
    in_functions: bool,
}

struct Scan {
    found: Placeholders,
    nested: bool,
}

impl Scan {
    fn function_body<'a>(&mut self, params: &'a [ast::Param], body: BodyRef<'a>) {
        let mut inner = Scan {
            found: Placeholders::default(),
            nested: true,
        };
        for param in params {
            visit::pattern(&param.target, &mut inner);
            param
                .default
                .iter()
                .chain(param.threshold.iter())
                .for_each(|x| visit::expr(x, &mut inner));
        }
        match body {
            BodyRef::Expr(expr) => visit::expr(expr, &mut inner),
            BodyRef::Stmts(stmts) => stmts.iter().for_each(|s| visit::stmt(s, &mut inner)),
        }
        self.found.in_functions |= inner.found.direct || inner.found.in_functions;
    }
}

enum BodyRef<'a> {
    Expr(&'a Expr),
    Stmts(&'a [ast::Stmt]),
}

impl<'a> Visitor<'a> for Scan {
    fn expr(&mut self, e: &'a Expr) -> bool {
        match &e.kind {
            ExprKind::Placeholder => {
                if self.nested {
                    self.found.in_functions = true;
                } else {
                    self.found.direct = true;
                }
                false
            }
            ExprKind::Pipeline { left, .. } => {
                visit::expr(left, self);
                false
            }
            ExprKind::Lambda(lambda) => {
                let body = match &lambda.body {
                    LambdaBody::Expr(expr) => BodyRef::Expr(expr),
                    LambdaBody::Block(block) => BodyRef::Stmts(&block.body),
                };
                self.function_body(&lambda.params, body);
                false
            }
            ExprKind::Function(function) => {
                if let Some(confidence) = &function.confidence {
                    visit::expr(confidence, self);
                }
                self.function_body(&function.params, BodyRef::Stmts(&function.body.body));
                false
            }
            _ => true,
        }
    }

    fn functions(&self) -> bool {
        true
    }
}

fn scan(right: &Expr) -> Placeholders {
    let mut scan = Scan {
        found: Placeholders::default(),
        nested: false,
    };
    visit::expr(right, &mut scan);
    scan.found
}

impl<'a> Lowerer<'a> {
    pub(crate) fn pipeline(
        &mut self,
        op: ast::PipeOp,
        left: &'a Expr,
        right: &'a Expr,
        dst: Reg,
        span: Span,
    ) {
        let value = self.reg();
        self.expr_into(left, value);
        if op == ast::PipeOp::Gate {
            let gate = self.operand(right);
            self.emit(
                Instr::Binary {
                    dst,
                    op: crate::instr::BinaryOp::Gate,
                    lhs: value,
                    rhs: gate,
                },
                span,
            );
            return;
        }
        let placeholders = scan(right);
        let result = if op == ast::PipeOp::ConfPipe {
            self.reg()
        } else {
            dst
        };
        if placeholders.direct || placeholders.in_functions {
            let id = self.next_pipeline_id();
            let depth = self.stack.len().saturating_sub(1);
            if placeholders.in_functions {
                let cell = self.f().cell();
                self.emit(Instr::NewCell { cell }, span);
                self.emit(
                    Instr::StoreCell {
                        cell: CellRef::Local(cell),
                        src: value,
                        check: None,
                    },
                    span,
                );
                self.placeholder_cells.insert(id, cell);
            }
            self.pipelines.push(PipelineValue {
                id,
                reg: value,
                depth,
            });
            self.expr_into(right, result);
            self.pipelines.pop();
        } else {
            let callee = self.reg();
            self.expr_into(right, callee);
            let arg = self.reg();
            self.emit(
                Instr::Move {
                    dst: arg,
                    src: value,
                },
                span,
            );
            self.emit(
                Instr::Call {
                    dst: result,
                    callee,
                    args: arg,
                    argc: 1,
                },
                span,
            );
        }
        if op == ast::PipeOp::ConfPipe {
            self.emit(
                Instr::ConfidentPipe {
                    dst,
                    left: value,
                    result,
                },
                span,
            );
        }
    }

    /// The value of `_` where it appears.
    pub(crate) fn placeholder(&mut self, dst: Reg, span: Span) {
        let Some(pipeline) = self.pipelines.last().copied() else {
            self.internal(span, "a placeholder outside a pipeline");
            return;
        };
        let depth = self.stack.len().saturating_sub(1);
        if pipeline.depth == depth {
            self.emit(
                Instr::Move {
                    dst,
                    src: pipeline.reg,
                },
                span,
            );
            return;
        }
        match self.cell_ref(CaptureKey::Placeholder(pipeline.id)) {
            Some(cell) => self.emit(
                Instr::LoadCell {
                    dst,
                    cell,
                    check: None,
                },
                span,
            ),
            None => self.internal(span, "a placeholder without its pipeline value"),
        }
        let _ = Terminator::Unreachable;
    }
}
