//! Chains of member accesses, indexing and calls (language §6.4, §6.5): a `?.` whose left value
//! is null jumps to the chain's exit, which makes the whole chain `null` (§6.4.2); parentheses
//! end a chain. Method calls `o.m(args)` become `CallMethod`.

use prism_span::Span;
use prism_syntax::ast::{self, Expr, ExprKind};

use crate::instr::{Arg, CallSpreadInstr, Instr, MemberRead, Test};
use crate::ir::{BlockId, Reg};

use super::visit::may_assign;
use super::Lowerer;

impl<'a> Lowerer<'a> {
    /// One link of a chain (§6.4.2). A `?.` whose left value is null jumps to the chain's `exit`,
    /// which makes the whole chain `null`; parentheses end a chain.
    pub(crate) fn chain_link(&mut self, e: &'a Expr, dst: Reg, exit: &mut Option<BlockId>) {
        let span = e.span;
        match &e.kind {
            ExprKind::Member {
                object,
                access,
                property,
            } => {
                let object = self.chain_operand(object, exit, None);
                if *access == ast::MemberAccess::Optional {
                    self.null_exit(object, exit, span);
                }
                let name = self.string(&property.text);
                let read = if *access == ast::MemberAccess::Confident {
                    MemberRead::Confident
                } else {
                    MemberRead::Dot
                };
                self.emit(
                    Instr::GetMember {
                        dst,
                        object,
                        name,
                        read,
                    },
                    span,
                );
            }
            ExprKind::Index {
                object,
                optional,
                index,
            } => {
                let object = self.chain_operand(object, exit, Some(index));
                if *optional {
                    self.null_exit(object, exit, span);
                }
                let index = self.operand(index);
                self.emit(Instr::GetIndex { dst, object, index }, span);
            }
            ExprKind::Call {
                callee,
                optional,
                arguments,
            } if !*optional && is_method(callee, arguments) => {
                let ExprKind::Member {
                    object,
                    access,
                    property,
                } = &callee.kind
                else {
                    return;
                };
                let object = self.chain_operand(object, exit, None);
                if *access == ast::MemberAccess::Optional {
                    self.null_exit(object, exit, span);
                }
                let name = self.string(&property.text);
                let first = self.f().next_reg;
                let regs: Vec<Reg> = arguments.iter().map(|_| self.reg()).collect();
                for (argument, reg) in arguments.iter().zip(regs) {
                    self.expr_into(&argument.expr, reg);
                }
                let argc = arguments.len() as u32;
                self.emit(
                    Instr::CallMethod {
                        dst,
                        object,
                        name,
                        args: Reg(first),
                        argc,
                    },
                    span,
                );
            }
            ExprKind::Call {
                callee,
                optional,
                arguments,
            } => {
                let later_assigns = arguments.iter().any(|argument| may_assign(&argument.expr));
                let callee = if later_assigns {
                    let reg = self.reg();
                    self.chain_into(callee, reg, exit);
                    reg
                } else {
                    self.chain_operand(callee, exit, None)
                };
                if *optional {
                    self.null_exit(callee, exit, span);
                }
                self.call(callee, arguments, dst, span);
            }
            _ => self.expr_into(e, dst),
        }
    }

    fn chain_into(&mut self, e: &'a Expr, dst: Reg, exit: &mut Option<BlockId>) {
        if matches!(
            e.kind,
            ExprKind::Member { .. } | ExprKind::Index { .. } | ExprKind::Call { .. }
        ) {
            self.chain_link(e, dst, exit);
        } else {
            self.expr_into(e, dst);
        }
    }

    fn chain_operand(
        &mut self,
        e: &'a Expr,
        exit: &mut Option<BlockId>,
        later: Option<&Expr>,
    ) -> Reg {
        if matches!(
            e.kind,
            ExprKind::Member { .. } | ExprKind::Index { .. } | ExprKind::Call { .. }
        ) {
            let reg = self.reg();
            self.chain_link(e, reg, exit);
            reg
        } else {
            match later {
                Some(later) => self.operand_before(e, later),
                None => self.operand(e),
            }
        }
    }

    fn null_exit(&mut self, value: Reg, exit: &mut Option<BlockId>, span: Span) {
        let target = match exit {
            Some(block) => *block,
            None => {
                let block = self.f().new_block();
                *exit = Some(block);
                block
            }
        };
        let flag = self.reg();
        self.emit(
            Instr::Test {
                dst: flag,
                test: Test::IsNull,
                src: value,
            },
            span,
        );
        let go_on = self.f().new_block();
        self.f().branch(flag, target, go_on, span);
        self.f().start(go_on);
    }

    /// Evaluates the arguments left to right (§6.1) and calls.
    pub(crate) fn call(
        &mut self,
        callee: Reg,
        arguments: &'a [ast::ArrayElem],
        dst: Reg,
        span: Span,
    ) {
        if arguments.iter().any(|argument| argument.spread) {
            let mut args = Vec::with_capacity(arguments.len());
            for argument in arguments {
                let reg = self.reg();
                self.expr_into(&argument.expr, reg);
                args.push(Arg {
                    reg,
                    spread: argument.spread,
                });
            }
            self.emit(
                Instr::CallSpread(Box::new(CallSpreadInstr { dst, callee, args })),
                span,
            );
            return;
        }
        let first = self.f().next_reg;
        let regs: Vec<Reg> = arguments.iter().map(|_| self.reg()).collect();
        for (argument, reg) in arguments.iter().zip(regs) {
            self.expr_into(&argument.expr, reg);
        }
        let args = Reg(first);
        self.emit(
            Instr::Call {
                dst,
                callee,
                args,
                argc: arguments.len() as u32,
            },
            span,
        );
    }
}

/// A call `o.m(args)` lowered to `CallMethod`: plain `.`/`?.` access, no spread, and arguments
/// without effects (so looking the method up after them is not observable, §6.1).
fn is_method(callee: &Expr, arguments: &[ast::ArrayElem]) -> bool {
    matches!(&callee.kind, ExprKind::Member { access, .. } if *access != ast::MemberAccess::Confident)
        && arguments
            .iter()
            .all(|argument| !argument.spread && !has_effects(&argument.expr))
}

/// Whether evaluating `e` may have an effect a program can observe before a call's callee is
/// looked up: calls, assignments, `await`, pipelines (which call) and `match` (whose arms may).
/// `CallMethod` looks its method up after the arguments, so it is used only when they have none.
fn has_effects(e: &Expr) -> bool {
    struct Finder(bool);
    impl<'a> super::visit::Visitor<'a> for Finder {
        fn expr(&mut self, e: &'a Expr) -> bool {
            let effectful = matches!(
                e.kind,
                ExprKind::Call { .. }
                    | ExprKind::Assign { .. }
                    | ExprKind::Update { .. }
                    | ExprKind::Pipeline { .. }
                    | ExprKind::Match(_)
                    | ExprKind::Unary {
                        op: ast::UnaryOp::Await,
                        ..
                    }
            );
            self.0 |= effectful;
            !self.0
        }
        fn functions(&self) -> bool {
            false
        }
    }
    let mut finder = Finder(false);
    super::visit::expr(e, &mut finder);
    finder.0
}

pub(crate) fn has_optional_link(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Member { access, object, .. } => {
            *access == ast::MemberAccess::Optional || has_optional_link(object)
        }
        ExprKind::Index {
            optional, object, ..
        } => *optional || has_optional_link(object),
        ExprKind::Call {
            optional, callee, ..
        } => *optional || has_optional_link(callee),
        _ => false,
    }
}
