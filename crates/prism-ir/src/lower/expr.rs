//! Expressions (language §6): literals, operators (strict and lazy, §7.3), chains with `?.`
//! (§6.4.2), calls, conditionals.

use prism_span::Span;
use prism_syntax::ast::{self, BinaryOp as Ast, Expr, ExprKind};

use crate::instr::{BinaryOp, Instr, TemplateInstr, Test, UnaryOp};
use crate::ir::Reg;

use super::chain::has_optional_link;
use super::visit::may_assign;
use super::Lowerer;

impl<'a> Lowerer<'a> {
    /// Evaluates `e` into a register that holds its value right now: a variable's own register
    /// when possible, otherwise a fresh temporary.
    pub(crate) fn operand(&mut self, e: &'a Expr) -> Reg {
        if let ExprKind::Ident(_) = &e.kind {
            if let Some(binding) = self.res.use_of(e.span.start) {
                if let Some(reg) = self.binding_reg(binding) {
                    if self.initialised.contains(&binding)
                        || !self
                            .res
                            .binding(binding)
                            .map(|info| info.kind.has_dead_zone())
                            .unwrap_or(false)
                    {
                        return reg;
                    }
                }
            }
        }
        let reg = self.reg();
        self.expr_into(e, reg);
        reg
    }

    /// Like [`Lowerer::operand`], but copies a variable whose register `later` may assign before
    /// the value is used.
    pub(crate) fn operand_before(&mut self, e: &'a Expr, later: &Expr) -> Reg {
        if may_assign(later) {
            let reg = self.reg();
            self.expr_into(e, reg);
            reg
        } else {
            self.operand(e)
        }
    }

    /// Evaluates `e` for its effects only.
    pub(crate) fn expr_effect(&mut self, e: &'a Expr) {
        match &e.kind {
            ExprKind::Assign { op, target, value } => self.assign(*op, target, value, None, e.span),
            ExprKind::Update {
                op,
                prefix: _,
                argument,
            } => {
                let dst = self.reg();
                self.update(*op, true, argument, dst, e.span);
            }
            _ => {
                let dst = self.reg();
                self.expr_into(e, dst);
            }
        }
    }

    /// Whether `e` writes its destination only once, at the very end (so a variable's own
    /// register may be the destination).
    pub(crate) fn writes_once(e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Bool(_)
            | ExprKind::Null { .. } => true,
            ExprKind::Ident(_) | ExprKind::Template(_) | ExprKind::Lambda(_) => true,
            ExprKind::Unary { .. } => true,
            ExprKind::Binary { op, .. } => !matches!(
                op,
                Ast::And | Ast::Or | Ast::Nullish | Ast::ConfCoalesce | Ast::ConfEscalate
            ),
            ExprKind::Call {
                optional, callee, ..
            } => !*optional && !has_optional_link(callee),
            ExprKind::Member { access, object, .. } => {
                *access != ast::MemberAccess::Optional && !has_optional_link(object)
            }
            ExprKind::Index {
                optional, object, ..
            } => !*optional && !has_optional_link(object),
            ExprKind::Paren(inner) => Self::writes_once(inner),
            _ => false,
        }
    }

    pub(crate) fn expr_into(&mut self, e: &'a Expr, dst: Reg) {
        let span = e.span;
        match &e.kind {
            ExprKind::Number(value) => self.emit(Instr::LoadNumber { dst, value: *value }, span),
            ExprKind::String(literal) => {
                let constant = self.string(&literal.value);
                self.emit(Instr::LoadConst { dst, constant }, span);
            }
            ExprKind::Template(template) => {
                let mut values = Vec::with_capacity(template.expressions.len());
                for expr in &template.expressions {
                    let reg = self.reg();
                    self.expr_into(expr, reg);
                    values.push(reg);
                }
                let quasis = template.quasis.clone();
                self.emit(
                    Instr::Template(Box::new(TemplateInstr {
                        dst,
                        quasis,
                        values,
                    })),
                    span,
                );
            }
            ExprKind::Bool(value) => self.emit(Instr::LoadBool { dst, value: *value }, span),
            ExprKind::Null { .. } => self.emit(Instr::LoadNull { dst }, span),
            ExprKind::Placeholder => self.placeholder(dst, span),
            ExprKind::Ident(name) => match self.res.use_of(span.start) {
                Some(binding) => self.load_binding(binding, dst, span),
                None => self.internal(span, &format!("the unresolved name '{name}'")),
            },
            ExprKind::Array(elements) => {
                let array = self.reg();
                self.emit(Instr::NewArray { dst: array }, span);
                for element in elements {
                    let value = self.operand(&element.expr);
                    self.emit(
                        Instr::ArrayPush {
                            array,
                            value,
                            spread: element.spread,
                        },
                        element.span,
                    );
                }
                self.emit(Instr::Move { dst, src: array }, span);
            }
            ExprKind::Object(properties) => self.object_literal(properties, dst, span),
            ExprKind::Unary { op, argument } => {
                let src = self.operand(argument);
                let op = match op {
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::Neg => UnaryOp::Neg,
                    ast::UnaryOp::Strip => UnaryOp::Strip,
                    ast::UnaryOp::Confidence => UnaryOp::Confidence,
                    ast::UnaryOp::Typeof => UnaryOp::Typeof,
                    ast::UnaryOp::Await => {
                        self.emit(Instr::Await { dst, src }, span);
                        return;
                    }
                };
                self.emit(Instr::Unary { dst, op, src }, span);
            }
            ExprKind::Update {
                op,
                prefix,
                argument,
            } => self.update(*op, *prefix, argument, dst, span),
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right, dst, span),
            ExprKind::Pipeline { op, left, right } => self.pipeline(*op, left, right, dst, span),
            ExprKind::Conditional {
                confident,
                test,
                consequent,
                alternate,
            } => {
                let cond = self.operand(test);
                let then = self.f().new_block();
                let otherwise = self.f().new_block();
                let join = self.f().new_block();
                self.f().branch(cond, then, otherwise, test.span);
                for (block, branch) in [(then, consequent), (otherwise, alternate)] {
                    self.f().start(block);
                    if *confident {
                        let value = self.operand(branch);
                        self.emit(Instr::ConfidentBranch { dst, cond, value }, branch.span);
                    } else {
                        self.expr_into(branch, dst);
                    }
                    self.f().jump(join, span);
                }
                self.f().start(join);
            }
            ExprKind::Assign { op, target, value } => {
                self.assign(*op, target, value, Some(dst), span)
            }
            ExprKind::Member { .. } | ExprKind::Index { .. } | ExprKind::Call { .. } => {
                let mut exit = None;
                self.chain_link(e, dst, &mut exit);
                if let Some(exit) = exit {
                    let join = self.f().new_block();
                    self.f().jump(join, span);
                    self.f().start(exit);
                    self.emit(Instr::LoadNull { dst }, span);
                    self.f().jump_and_start(join, span);
                }
            }
            ExprKind::Lambda(lambda) => self.lambda_value(lambda, dst),
            ExprKind::Function(function) => self.function_value(function, dst),
            ExprKind::Match(m) => self.match_expr(m, dst, span),
            ExprKind::Paren(inner) => self.expr_into(inner, dst),
            ExprKind::Error => self.internal(span, "an expression with a syntax error"),
        }
    }

    fn object_literal(&mut self, properties: &'a [ast::Property], dst: Reg, span: Span) {
        let object = self.reg();
        self.emit(Instr::NewObject { dst: object }, span);
        for property in properties {
            match &property.kind {
                ast::PropertyKind::KeyValue { key, value } => match &key.kind {
                    ast::PropKeyKind::Name(name) | ast::PropKeyKind::String(name) => {
                        let key = self.string(name);
                        let value = self.operand(value);
                        self.emit(
                            Instr::ObjectInsertNamed { object, key, value },
                            property.span,
                        );
                    }
                    ast::PropKeyKind::Number(number) => {
                        let key = self.reg();
                        self.emit(
                            Instr::LoadNumber {
                                dst: key,
                                value: *number,
                            },
                            key_span(property),
                        );
                        let value = self.operand(value);
                        self.emit(Instr::ObjectInsert { object, key, value }, property.span);
                    }
                    ast::PropKeyKind::Computed(expr) => {
                        let key = self.reg();
                        self.expr_into(expr, key);
                        let value = self.operand(value);
                        self.emit(Instr::ObjectInsert { object, key, value }, property.span);
                    }
                },
                ast::PropertyKind::Shorthand(name) => {
                    let value = self.reg();
                    match self.res.use_of(name.span.start) {
                        Some(binding) => self.load_binding(binding, value, name.span),
                        None => self.internal(name.span, "an unresolved shorthand property"),
                    }
                    let key = self.string(&name.text);
                    self.emit(
                        Instr::ObjectInsertNamed { object, key, value },
                        property.span,
                    );
                }
                ast::PropertyKind::ShorthandPattern { .. } => {
                    self.internal(property.span, "a shorthand pattern in an object literal");
                }
                ast::PropertyKind::Spread(expr) => {
                    let value = self.operand(expr);
                    self.emit(Instr::ObjectSpread { object, value }, property.span);
                }
            }
        }
        self.emit(Instr::Move { dst, src: object }, span);
    }

    fn binary(&mut self, op: Ast, left: &'a Expr, right: &'a Expr, dst: Reg, span: Span) {
        let strict = match op {
            Ast::And | Ast::Or | Ast::Nullish | Ast::ConfCoalesce => {
                return self.lazy_select(op, left, right, dst, span);
            }
            Ast::ConfEscalate => return self.escalate(left, right, dst, span),
            Ast::Annotate => BinaryOp::Annotate,
            Ast::Chain => BinaryOp::Chain,
            Ast::ConfOr => BinaryOp::ConfOr,
            Ast::ConfSelect => BinaryOp::ConfSelect,
            Ast::ConfAnd => BinaryOp::ConfAnd,
            Ast::Eq | Ast::StrictEq => BinaryOp::Eq,
            Ast::NotEq | Ast::StrictNotEq => BinaryOp::NotEq,
            Ast::ConfEq => BinaryOp::ConfEq,
            Ast::ConfNotEq => BinaryOp::ConfNotEq,
            Ast::Lt => BinaryOp::Lt,
            Ast::LtEq => BinaryOp::LtEq,
            Ast::Gt => BinaryOp::Gt,
            Ast::GtEq => BinaryOp::GtEq,
            Ast::ConfLt => BinaryOp::ConfLt,
            Ast::ConfLtEq => BinaryOp::ConfLtEq,
            Ast::ConfGtEq => BinaryOp::ConfGtEq,
            Ast::Instanceof => BinaryOp::Instanceof,
            Ast::Add => BinaryOp::Add,
            Ast::Sub => BinaryOp::Sub,
            Ast::ConfAdd => BinaryOp::ConfAdd,
            Ast::ConfSub => BinaryOp::ConfSub,
            Ast::Mul => BinaryOp::Mul,
            Ast::Div => BinaryOp::Div,
            Ast::Rem => BinaryOp::Rem,
            Ast::ConfMul => BinaryOp::ConfMul,
            Ast::ConfDiv => BinaryOp::ConfDiv,
            Ast::Pow => BinaryOp::Pow,
        };
        let lhs = self.operand_before(left, right);
        if let ExprKind::Number(number) = right.unparenthesized().kind {
            let op = strict;
            self.emit(
                Instr::BinaryNumber {
                    dst,
                    op,
                    lhs,
                    rhs: number,
                },
                span,
            );
            return;
        }
        let rhs = self.operand(right);
        self.emit(
            Instr::Binary {
                dst,
                op: strict,
                lhs,
                rhs,
            },
            span,
        );
    }

    /// `&&`, `||`, `??`, `~??`: the left value is kept or the right side is evaluated (§6.9, §7.3).
    fn lazy_select(&mut self, op: Ast, left: &'a Expr, right: &'a Expr, dst: Reg, span: Span) {
        self.expr_into(left, dst);
        let take_right = self.f().new_block();
        let join = self.f().new_block();
        match op {
            Ast::And => self.f().branch(dst, take_right, join, span),
            Ast::Or => self.f().branch(dst, join, take_right, span),
            _ => {
                let test = if op == Ast::Nullish {
                    Test::IsNull
                } else {
                    Test::CoalesceKeeps
                };
                let flag = self.reg();
                self.emit(
                    Instr::Test {
                        dst: flag,
                        test,
                        src: dst,
                    },
                    span,
                );
                if op == Ast::Nullish {
                    self.f().branch(flag, take_right, join, span);
                } else {
                    self.f().branch(flag, join, take_right, span);
                }
            }
        }
        self.f().start(take_right);
        self.expr_into(right, dst);
        self.f().jump_and_start(join, span);
    }

    /// `a ~@> b` (§7.3): `b` only when conf(a) ≥ 0.7.
    fn escalate(&mut self, left: &'a Expr, right: &'a Expr, dst: Reg, span: Span) {
        let value = self.reg();
        self.expr_into(left, value);
        let flag = self.reg();
        self.emit(
            Instr::Test {
                dst: flag,
                test: Test::EscalateTakesRight,
                src: value,
            },
            span,
        );
        let take_right = self.f().new_block();
        let keep = self.f().new_block();
        let join = self.f().new_block();
        self.f().branch(flag, take_right, keep, span);
        self.f().start(take_right);
        self.expr_into(right, dst);
        self.f().jump(join, span);
        self.f().start(keep);
        self.emit(Instr::Escalate { dst, src: value }, span);
        self.f().jump_and_start(join, span);
    }

    /// `if the value is null, evaluate the default into it` (parameters, patterns: §10.2, §11.1).
    pub(crate) fn default_if_null(&mut self, value: Reg, default: &'a Expr) {
        let flag = self.reg();
        self.emit(
            Instr::Test {
                dst: flag,
                test: Test::IsNull,
                src: value,
            },
            default.span,
        );
        let use_default = self.f().new_block();
        let join = self.f().new_block();
        self.f().branch(flag, use_default, join, default.span);
        self.f().start(use_default);
        self.expr_into(default, value);
        self.f().jump_and_start(join, default.span);
    }
}

fn key_span(property: &ast::Property) -> Span {
    match &property.kind {
        ast::PropertyKind::KeyValue { key, .. } => key.span,
        _ => property.span,
    }
}
