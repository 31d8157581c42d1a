//! `match` expressions (language §6.14): arms are tried in order; each arm's pattern test jumps to
//! the next arm on failure; the first arm that passes pattern, threshold and guard runs its body.

use prism_checker::resolve::ScopeKind;
use prism_span::Span;
use prism_syntax::ast::{self, MatchPattern, MatchPatternKind};

use crate::instr::{Instr, MemberRead, ObjectRestInstr, Test};
use crate::ir::{BlockId, Reg};

use super::Lowerer;

impl<'a> Lowerer<'a> {
    pub(crate) fn match_expr(&mut self, m: &'a ast::Match, dst: Reg, span: Span) {
        let scrutinee = self.reg();
        self.expr_into(&m.scrutinee, scrutinee);
        let done = self.f().new_block();
        for arm in &m.arms {
            let next = self.f().new_block();
            let watermark = self.f().next_reg;
            self.enter_scope(
                self.res.scope_at(ScopeKind::MatchArm, arm.span.start),
                arm.span,
            );
            let mut tested = vec![scrutinee];
            self.match_test(&arm.pattern, scrutinee, next, &mut tested);
            if let Some(threshold) = &arm.threshold {
                let threshold = self.operand(threshold);
                for value in tested {
                    self.require(
                        Instr::ConfAtLeast {
                            dst: Reg(0),
                            value,
                            threshold,
                        },
                        next,
                        arm.span,
                    );
                }
            }
            if let Some(guard) = &arm.guard {
                let cond = self.operand(guard);
                let pass = self.f().new_block();
                self.f().branch(cond, pass, next, guard.span);
                self.f().start(pass);
            }
            match &arm.body {
                ast::LambdaBody::Expr(expr) => self.expr_into(expr, dst),
                ast::LambdaBody::Block(block) => self.block(block, Some(dst)),
            }
            self.f().jump(done, arm.span);
            self.f().start(next);
            self.f().next_reg = watermark;
        }
        self.emit(Instr::LoadNull { dst }, span);
        self.f().jump_and_start(done, span);
    }

    /// Emits a boolean test (its `dst` is replaced by a fresh register) and continues only when it
    /// holds, otherwise at `fail`.
    fn require(&mut self, test: Instr, fail: BlockId, span: Span) {
        let flag = self.reg();
        let test = match test {
            Instr::ConfAtLeast {
                value, threshold, ..
            } => Instr::ConfAtLeast {
                dst: flag,
                value,
                threshold,
            },
            Instr::ArrayShape {
                value, len, exact, ..
            } => Instr::ArrayShape {
                dst: flag,
                value,
                len,
                exact,
            },
            Instr::HasKey { object, key, .. } => Instr::HasKey {
                dst: flag,
                object,
                key,
            },
            Instr::SameValueZero { lhs, rhs, .. } => Instr::SameValueZero {
                dst: flag,
                lhs,
                rhs,
            },
            Instr::Test { test, src, .. } => Instr::Test {
                dst: flag,
                test,
                src,
            },
            other => other,
        };
        self.emit(test, span);
        let pass = self.f().new_block();
        self.f().branch(flag, pass, fail, span);
        self.f().start(pass);
    }

    /// Tests `value` against a pattern (§6.14.1), binding names as it goes. Sub-values read are
    /// added to `tested` for an arm-level threshold (§6.14.2).
    fn match_test(
        &mut self,
        pattern: &'a MatchPattern,
        value: Reg,
        fail: BlockId,
        tested: &mut Vec<Reg>,
    ) {
        let span = pattern.span;
        match &pattern.kind {
            MatchPatternKind::Wildcard => {}
            MatchPatternKind::Bind(name) => match self.binding_at(name.span.start) {
                Some(binding) => self.store_binding(binding, value, span, true),
                None => self.internal(span, "an unresolved match binding"),
            },
            MatchPatternKind::Literal(literal) => {
                let rhs = self.operand(literal);
                self.require(
                    Instr::SameValueZero {
                        dst: Reg(0),
                        lhs: value,
                        rhs,
                    },
                    fail,
                    span,
                );
            }
            MatchPatternKind::Array { elements, rest } => {
                let len = elements.len() as u32;
                self.require(
                    Instr::ArrayShape {
                        dst: Reg(0),
                        value,
                        len,
                        exact: rest.is_none(),
                    },
                    fail,
                    span,
                );
                for (index, element) in elements.iter().enumerate() {
                    let sub = self.reg();
                    self.emit(
                        Instr::ElementAt {
                            dst: sub,
                            array: value,
                            index: index as u32,
                        },
                        element.span,
                    );
                    tested.push(sub);
                    if let Some(threshold) = &element.threshold {
                        let threshold = self.operand(threshold);
                        self.require(
                            Instr::ConfAtLeast {
                                dst: Reg(0),
                                value: sub,
                                threshold,
                            },
                            fail,
                            element.span,
                        );
                    }
                    self.match_test(&element.pattern, sub, fail, tested);
                }
                if let Some(ast::MatchRest::Bind(name)) = rest {
                    let dst = self.reg();
                    self.emit(
                        Instr::ArrayRest {
                            dst,
                            array: value,
                            from: len,
                            threshold: None,
                        },
                        name.span,
                    );
                    match self.binding_at(name.span.start) {
                        Some(binding) => self.store_binding(binding, dst, name.span, true),
                        None => self.internal(name.span, "an unresolved rest binding"),
                    }
                }
            }
            MatchPatternKind::Object { properties, rest } => {
                self.require(
                    Instr::Test {
                        dst: Reg(0),
                        test: Test::IsObject,
                        src: value,
                    },
                    fail,
                    span,
                );
                let mut excluded = Vec::new();
                for property in properties {
                    let text = match &property.key.kind {
                        ast::PropKeyKind::Name(name) | ast::PropKeyKind::String(name) => {
                            name.to_string()
                        }
                        ast::PropKeyKind::Number(number) => super::pattern::number_key(*number),
                        ast::PropKeyKind::Computed(_) => {
                            self.internal(property.span, "a computed key in a match pattern");
                            continue;
                        }
                    };
                    let key = self.string(&text);
                    excluded.push(text.into());
                    self.require(
                        Instr::HasKey {
                            dst: Reg(0),
                            object: value,
                            key,
                        },
                        fail,
                        property.span,
                    );
                    let sub = self.reg();
                    self.emit(
                        Instr::GetMember {
                            dst: sub,
                            object: value,
                            name: key,
                            read: MemberRead::Dot,
                        },
                        property.span,
                    );
                    tested.push(sub);
                    if let Some(threshold) = &property.threshold {
                        let threshold = self.operand(threshold);
                        self.require(
                            Instr::ConfAtLeast {
                                dst: Reg(0),
                                value: sub,
                                threshold,
                            },
                            fail,
                            property.span,
                        );
                    }
                    match &property.pattern {
                        Some(pattern) => self.match_test(pattern, sub, fail, tested),
                        None => match self.binding_at(property.key.span.start) {
                            Some(binding) => self.store_binding(binding, sub, property.span, true),
                            None => self.internal(property.span, "an unresolved shorthand binding"),
                        },
                    }
                }
                if let Some(name) = rest {
                    let dst = self.reg();
                    let instr = ObjectRestInstr {
                        dst,
                        object: value,
                        excluded,
                        threshold: None,
                    };
                    self.emit(Instr::ObjectRest(Box::new(instr)), name.span);
                    match self.binding_at(name.span.start) {
                        Some(binding) => self.store_binding(binding, dst, name.span, true),
                        None => self.internal(name.span, "an unresolved rest binding"),
                    }
                }
            }
            MatchPatternKind::Error => self.internal(span, "a match pattern with a syntax error"),
        }
    }
}
