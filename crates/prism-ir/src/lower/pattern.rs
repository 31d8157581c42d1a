//! Destructuring (language §11): binding patterns of declarations, parameters, loop variables and
//! `catch`, and assignment patterns; assignment (§6.11) and `++`/`--` (§6.6).

use prism_span::Span;
use prism_syntax::ast::{self, Expr, ExprKind, Pattern, PatternKind};

use crate::instr::{BinaryOp, Instr, MemberRead, ObjectRestInstr, Test};
use crate::ir::Reg;

use super::Lowerer;

/// Whether identifier leaves declare (initialise) or assign their bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Declare,
    Assign,
}

impl<'a> Lowerer<'a> {
    /// Destructures `value` into `pattern`. `whole` is a whole-pattern threshold (§11.3).
    pub(crate) fn bind_pattern(
        &mut self,
        pattern: &'a Pattern,
        value: Reg,
        whole: Option<Reg>,
        mode: Mode,
    ) {
        let span = pattern.span;
        match &pattern.kind {
            PatternKind::Ident(name) => {
                if let Some(threshold) = whole {
                    self.emit(
                        Instr::ApplyThreshold {
                            dst: value,
                            value,
                            threshold,
                        },
                        span,
                    );
                }
                match self.binding_at(name.span.start) {
                    Some(binding) => {
                        self.store_binding(binding, value, span, mode == Mode::Declare)
                    }
                    None => self.internal(span, &format!("the unresolved target '{}'", name.text)),
                }
            }
            PatternKind::Discard => {}
            PatternKind::Array { elements, rest } => {
                self.emit(Instr::ExpectArray { src: value }, span);
                for (index, element) in elements.iter().enumerate() {
                    let Some(element) = element else { continue };
                    let sub = self.reg();
                    self.emit(
                        Instr::ElementAt {
                            dst: sub,
                            array: value,
                            index: index as u32,
                        },
                        element.span,
                    );
                    self.element_rules(
                        sub,
                        element.threshold.as_ref(),
                        whole,
                        element.default.as_ref(),
                        element.span,
                    );
                    self.bind_pattern(&element.target, sub, None, mode);
                }
                if let Some(rest) = rest {
                    let dst = self.reg();
                    let from = elements.len() as u32;
                    self.emit(
                        Instr::ArrayRest {
                            dst,
                            array: value,
                            from,
                            threshold: whole,
                        },
                        rest.span,
                    );
                    self.bind_pattern(rest, dst, None, mode);
                }
            }
            PatternKind::Object { properties, rest } => {
                self.emit(Instr::ExpectNotNull { src: value }, span);
                let mut excluded = Vec::new();
                for property in properties {
                    let sub = self.reg();
                    match &property.key.kind {
                        ast::PropKeyKind::Name(name) | ast::PropKeyKind::String(name) => {
                            excluded.push(name.clone());
                            let name = self.string(name);
                            self.emit(
                                Instr::GetMember {
                                    dst: sub,
                                    object: value,
                                    name,
                                    read: MemberRead::Dot,
                                },
                                property.span,
                            );
                        }
                        ast::PropKeyKind::Number(number) => {
                            excluded.push(number_key(*number).into());
                            let key = self.reg();
                            self.emit(
                                Instr::LoadNumber {
                                    dst: key,
                                    value: *number,
                                },
                                property.key.span,
                            );
                            self.emit(
                                Instr::GetIndex {
                                    dst: sub,
                                    object: value,
                                    index: key,
                                },
                                property.span,
                            );
                        }
                        ast::PropKeyKind::Computed(expr) => {
                            let key = self.operand(expr);
                            self.emit(
                                Instr::GetIndex {
                                    dst: sub,
                                    object: value,
                                    index: key,
                                },
                                property.span,
                            );
                        }
                    }
                    self.element_rules(
                        sub,
                        property.threshold.as_ref(),
                        whole,
                        property.default.as_ref(),
                        property.span,
                    );
                    self.bind_pattern(&property.target, sub, None, mode);
                }
                if let Some(rest) = rest {
                    let dst = self.reg();
                    let instr = ObjectRestInstr {
                        dst,
                        object: value,
                        excluded,
                        threshold: whole,
                    };
                    self.emit(Instr::ObjectRest(Box::new(instr)), rest.span);
                    self.bind_pattern(rest, dst, None, mode);
                }
            }
            PatternKind::Threshold { pattern, threshold } => {
                let threshold = self.operand(threshold);
                self.bind_pattern(pattern, value, Some(threshold), mode);
            }
            PatternKind::Target(target) => self.store_target(target, value),
            PatternKind::Error => self.internal(span, "a pattern with a syntax error"),
        }
    }

    /// read → threshold → default (§11.1).
    fn element_rules(
        &mut self,
        sub: Reg,
        own: Option<&'a Expr>,
        whole: Option<Reg>,
        default: Option<&'a Expr>,
        span: Span,
    ) {
        let threshold = match own {
            Some(threshold) => Some(self.operand(threshold)),
            None => whole,
        };
        if let Some(threshold) = threshold {
            self.emit(
                Instr::ApplyThreshold {
                    dst: sub,
                    value: sub,
                    threshold,
                },
                span,
            );
        }
        if let Some(default) = default {
            self.default_if_null(sub, default);
        }
    }

    /// Stores into a member or index target (an assignment-pattern leaf, §11.2).
    fn store_target(&mut self, target: &'a Expr, value: Reg) {
        match &target.unparenthesized().kind {
            ExprKind::Member {
                object, property, ..
            } => {
                let object = self.operand(object);
                let name = self.string(&property.text);
                self.emit(
                    Instr::SetMember {
                        object,
                        name,
                        value,
                    },
                    target.span,
                );
            }
            ExprKind::Index { object, index, .. } => {
                let object = self.operand_before(object, index);
                let index = self.operand(index);
                self.emit(
                    Instr::SetIndex {
                        object,
                        index,
                        value,
                    },
                    target.span,
                );
            }
            ExprKind::Ident(_) => match self.res.use_of(target.unparenthesized().span.start) {
                Some(binding) => self.store_binding(binding, value, target.span, false),
                None => self.internal(target.span, "an unresolved assignment target"),
            },
            _ => self.internal(target.span, "an assignment target"),
        }
    }

    /// `t = e`, `t op= e`, `t ??= e`, `t ||= e`, `t &&= e` (§6.11). `dst` receives the value of the
    /// assignment expression when it is used.
    pub(crate) fn assign(
        &mut self,
        op: ast::AssignOp,
        target: &'a Pattern,
        value: &'a Expr,
        dst: Option<Reg>,
        span: Span,
    ) {
        let place = match &target.kind {
            PatternKind::Ident(name) => match self.res.use_of(name.span.start) {
                Some(binding) => Place::Binding(binding),
                None => return self.internal(span, "an unresolved assignment"),
            },
            PatternKind::Target(expr) => match &expr.unparenthesized().kind {
                ExprKind::Member {
                    object, property, ..
                } => {
                    let object = self.operand_before(object, value);
                    Place::Member(object, self.string(&property.text))
                }
                ExprKind::Index { object, index, .. } => {
                    let object = self.operand_before(object, index);
                    let index = self.operand_before(index, value);
                    Place::Index(object, index)
                }
                ExprKind::Ident(_) => match self.res.use_of(expr.unparenthesized().span.start) {
                    Some(binding) => Place::Binding(binding),
                    None => return self.internal(span, "an unresolved assignment"),
                },
                _ => return self.internal(span, "an assignment target"),
            },
            PatternKind::Discard => {
                let reg = dst.unwrap_or_else(|| self.reg());
                self.expr_into(value, reg);
                return;
            }
            _ => {
                // A destructuring assignment: its value is the right side (§11.2).
                let reg = dst.unwrap_or_else(|| self.reg());
                self.expr_into(value, reg);
                self.bind_pattern(target, reg, None, Mode::Assign);
                return;
            }
        };
        if op == ast::AssignOp::Assign {
            let reg = match (&place, dst) {
                (Place::Binding(binding), None) if Self::writes_once(value) => {
                    match self.binding_reg(*binding) {
                        Some(reg) if self.initialised.contains(binding) => reg,
                        _ => self.reg(),
                    }
                }
                (_, Some(dst)) => dst,
                _ => self.reg(),
            };
            self.expr_into(value, reg);
            self.write_place(&place, reg, span);
            return;
        }
        if let (Place::Binding(binding), None, Some(binary)) = (&place, dst, op.binary()) {
            // `x op= e` on a register variable: operate in place (the common loop update).
            if let Some(reg) = self.binding_reg(*binding) {
                if self.initialised.contains(binding) && !super::visit::may_assign(value) {
                    let op = compound_op(binary);
                    if let ExprKind::Number(number) = value.unparenthesized().kind {
                        self.emit(
                            Instr::BinaryNumber {
                                dst: reg,
                                op,
                                lhs: reg,
                                rhs: number,
                            },
                            span,
                        );
                        return;
                    }
                    let rhs = self.operand(value);
                    self.emit(
                        Instr::Binary {
                            dst: reg,
                            op: compound_op(binary),
                            lhs: reg,
                            rhs,
                        },
                        span,
                    );
                    return;
                }
            }
        }
        let current = dst.unwrap_or_else(|| self.reg());
        self.read_place(&place, current, span);
        if let Some(binary) = op.binary() {
            let rhs = self.operand(value);
            let op = compound_op(binary);
            self.emit(
                Instr::Binary {
                    dst: current,
                    op,
                    lhs: current,
                    rhs,
                },
                span,
            );
            self.write_place(&place, current, span);
            return;
        }
        let store = self.f().new_block();
        let join = self.f().new_block();
        match op {
            ast::AssignOp::Or => self.f().branch(current, join, store, span),
            ast::AssignOp::And => self.f().branch(current, store, join, span),
            _ => {
                let flag = self.reg();
                self.emit(
                    Instr::Test {
                        dst: flag,
                        test: Test::IsNull,
                        src: current,
                    },
                    span,
                );
                self.f().branch(flag, store, join, span);
            }
        }
        self.f().start(store);
        self.expr_into(value, current);
        self.write_place(&place, current, span);
        self.f().jump_and_start(join, span);
    }

    /// `++x`, `x--`, … (§6.6): the postfix forms yield the old value.
    pub(crate) fn update(
        &mut self,
        op: ast::UpdateOp,
        prefix: bool,
        argument: &'a Expr,
        dst: Reg,
        span: Span,
    ) {
        let place = match &argument.unparenthesized().kind {
            ExprKind::Ident(_) => match self.res.use_of(argument.unparenthesized().span.start) {
                Some(binding) => Place::Binding(binding),
                None => return self.internal(span, "an unresolved update"),
            },
            ExprKind::Member {
                object, property, ..
            } => {
                let object = self.operand(object);
                Place::Member(object, self.string(&property.text))
            }
            ExprKind::Index { object, index, .. } => {
                let object = self.operand_before(object, index);
                let index = self.operand(index);
                Place::Index(object, index)
            }
            _ => return self.internal(span, "an update target"),
        };
        let old = self.reg();
        self.read_place(&place, old, span);
        let step = match op {
            ast::UpdateOp::Increment => crate::instr::UnaryOp::Increment,
            ast::UpdateOp::Decrement => crate::instr::UnaryOp::Decrement,
        };
        let new = if prefix { dst } else { self.reg() };
        self.emit(
            Instr::Unary {
                dst: new,
                op: step,
                src: old,
            },
            span,
        );
        self.write_place(&place, new, span);
        if !prefix {
            self.emit(Instr::Move { dst, src: old }, span);
        }
    }

    fn read_place(&mut self, place: &Place, dst: Reg, span: Span) {
        match *place {
            Place::Binding(binding) => self.load_binding(binding, dst, span),
            Place::Member(object, name) => self.emit(
                Instr::GetMember {
                    dst,
                    object,
                    name,
                    read: MemberRead::Dot,
                },
                span,
            ),
            Place::Index(object, index) => self.emit(Instr::GetIndex { dst, object, index }, span),
        }
    }

    fn write_place(&mut self, place: &Place, value: Reg, span: Span) {
        match *place {
            Place::Binding(binding) => self.store_binding(binding, value, span, false),
            Place::Member(object, name) => self.emit(
                Instr::SetMember {
                    object,
                    name,
                    value,
                },
                span,
            ),
            Place::Index(object, index) => self.emit(
                Instr::SetIndex {
                    object,
                    index,
                    value,
                },
                span,
            ),
        }
    }
}

/// An assignable place with its sub-expressions already evaluated (§6.1).
enum Place {
    Binding(prism_checker::resolve::BindingId),
    Member(Reg, crate::ir::ConstId),
    Index(Reg, Reg),
}

fn compound_op(op: ast::BinaryOp) -> BinaryOp {
    match op {
        ast::BinaryOp::Sub => BinaryOp::Sub,
        ast::BinaryOp::Mul => BinaryOp::Mul,
        ast::BinaryOp::Div => BinaryOp::Div,
        ast::BinaryOp::Rem => BinaryOp::Rem,
        ast::BinaryOp::Pow => BinaryOp::Pow,
        ast::BinaryOp::ConfAdd => BinaryOp::ConfAdd,
        ast::BinaryOp::ConfSub => BinaryOp::ConfSub,
        ast::BinaryOp::ConfMul => BinaryOp::ConfMul,
        ast::BinaryOp::ConfDiv => BinaryOp::ConfDiv,
        _ => BinaryOp::Add,
    }
}

/// The key text of a number key for the plain integers used in practice (`{ 1: x }`).
pub(crate) fn number_key(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// Every identifier a binding pattern declares.
pub(crate) fn pattern_names<'p>(pattern: &'p Pattern, names: &mut Vec<&'p ast::Name>) {
    match &pattern.kind {
        PatternKind::Ident(name) => names.push(name),
        PatternKind::Array { elements, rest } => {
            for element in elements.iter().flatten() {
                pattern_names(&element.target, names);
            }
            if let Some(rest) = rest {
                pattern_names(rest, names);
            }
        }
        PatternKind::Object { properties, rest } => {
            for property in properties {
                pattern_names(&property.target, names);
            }
            if let Some(rest) = rest {
                pattern_names(rest, names);
            }
        }
        PatternKind::Threshold { pattern, .. } => pattern_names(pattern, names),
        PatternKind::Discard | PatternKind::Target(_) | PatternKind::Error => {}
    }
}
