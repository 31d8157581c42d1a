//! Operators, calls, ticks and terminators of the translation (continues `codegen`).

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    self, types, InstBuilder, JumpTableData, StackSlotData, StackSlotKind,
};
use cranelift_module::Module;
use prism_ir::{BinaryOp, Reg, Terminator, UnaryOp};
use prism_runtime::ops::{self, ConfidenceRule};
use prism_runtime::value::PLAIN;
use prism_span::Span;

use crate::codegen::{State, Translator};
use crate::types::Kind;
use crate::values::{self, Scalar, TAG_NUMBER, VALUE_SIZE};

/// Binary operators with an inline path for two numbers.
fn inline_op(op: BinaryOp) -> bool {
    use BinaryOp::*;
    matches!(
        op,
        Add | Sub
            | Mul
            | Div
            | ConfAdd
            | ConfSub
            | ConfMul
            | ConfDiv
            | Eq
            | NotEq
            | ConfEq
            | ConfNotEq
            | Lt
            | LtEq
            | Gt
            | GtEq
            | ConfLt
            | ConfLtEq
            | ConfGtEq
    )
}

impl Translator<'_, '_> {
    pub(crate) fn binary(
        &mut self,
        state: &mut State,
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        rhs: (Reg, Scalar),
        span: Span,
    ) {
        let (rhs_reg, b) = rhs;
        let a = self.read(state, lhs);
        let plain = self.ty(lhs).plain && self.ty(rhs_reg).plain;
        let numbers = [(lhs, a), (rhs_reg, b)];
        self.binary_on(state, dst, op, a, b, &numbers, plain, span);
    }

    /// `lhs op literal`: the literal is a plain number.
    pub(crate) fn binary_with(
        &mut self,
        state: &mut State,
        dst: Reg,
        op: BinaryOp,
        lhs: Reg,
        b: Scalar,
        span: Span,
    ) {
        let a = self.read(state, lhs);
        let plain = self.ty(lhs).plain;
        let numbers = [(lhs, a)];
        self.binary_on(state, dst, op, a, b, &numbers, plain, span);
    }

    #[allow(clippy::too_many_arguments)]
    fn binary_on(
        &mut self,
        state: &mut State,
        dst: Reg,
        op: BinaryOp,
        a: Scalar,
        b: Scalar,
        numbers: &[(Reg, Scalar)],
        plain: bool,
        span: Span,
    ) {
        let code = crate::codegen::binary_index(op);
        let slow = move |this: &mut Self, state: &mut State| {
            let shim = state.shims.binary;
            this.call_shim(state, shim, code, &[a, b], span)
        };
        if !inline_op(op) && op != BinaryOp::Rem {
            let result = slow(self, state);
            self.write(state, dst, result);
            return;
        }
        if op == BinaryOp::Rem {
            let fast = move |this: &mut Self, state: &mut State| {
                let conf = if plain {
                    this.b.ins().f64const(PLAIN)
                } else {
                    values::ordinary_conf(&mut this.b, a.conf, b.conf)
                };
                this.remainder(state, a, b, conf, span)
            };
            self.split(state, dst, numbers, fast, slow);
            return;
        }
        let fast = move |this: &mut Self, _: &mut State| this.numbers(op, a, b, plain);
        self.split(state, dst, numbers, fast, slow);
    }

    /// `op` on two numbers, with the confidence rule the runtime gives the operator (§7.2,
    /// §7.3).
    fn numbers(&mut self, op: BinaryOp, a: Scalar, b: Scalar, plain: bool) -> Scalar {
        use BinaryOp::*;
        let x = values::as_f64(&mut self.b, a);
        let y = values::as_f64(&mut self.b, b);
        let rule = ops::confidence_rule(op);
        let always = rule == ConfidenceRule::AlwaysMinimum;
        let conf = if always {
            values::always_conf(&mut self.b, a.conf, b.conf)
        } else if plain {
            self.b.ins().f64const(PLAIN)
        } else {
            values::ordinary_conf(&mut self.b, a.conf, b.conf)
        };
        let compare = |this: &mut Self, cc: FloatCC| this.b.ins().fcmp(cc, x, y);
        match op {
            Add | ConfAdd => {
                let r = self.b.ins().fadd(x, y);
                values::number(&mut self.b, r, conf)
            }
            Sub | ConfSub => {
                let r = self.b.ins().fsub(x, y);
                values::number(&mut self.b, r, conf)
            }
            Mul | ConfMul => {
                let r = self.b.ins().fmul(x, y);
                values::number(&mut self.b, r, conf)
            }
            Div | ConfDiv => {
                let r = self.b.ins().fdiv(x, y);
                values::number(&mut self.b, r, conf)
            }
            Eq | ConfEq => {
                let flag = compare(self, FloatCC::Equal);
                values::boolean(&mut self.b, flag, conf)
            }
            NotEq | ConfNotEq => {
                let equal = compare(self, FloatCC::Equal);
                let flag = self.b.ins().bxor_imm_u(equal, 1);
                values::boolean(&mut self.b, flag, conf)
            }
            Lt | ConfLt => {
                let flag = compare(self, FloatCC::LessThan);
                values::boolean(&mut self.b, flag, conf)
            }
            LtEq | ConfLtEq => {
                let flag = compare(self, FloatCC::LessThanOrEqual);
                values::boolean(&mut self.b, flag, conf)
            }
            Gt => {
                let flag = compare(self, FloatCC::GreaterThan);
                values::boolean(&mut self.b, flag, conf)
            }
            _ => {
                let flag = compare(self, FloatCC::GreaterThanOrEqual);
                values::boolean(&mut self.b, flag, conf)
            }
        }
    }

    pub(crate) fn unary(&mut self, state: &mut State, dst: Reg, op: UnaryOp, src: Reg, span: Span) {
        let a = self.read(state, src);
        let plain = self.b.ins().f64const(PLAIN);
        match op {
            UnaryOp::Not => {
                let known = self.known_tag(src);
                let truth = values::truthy(&mut self.b, a, known);
                let flag = self.b.ins().bxor_imm_u(truth, 1);
                let result = values::boolean(&mut self.b, flag, plain);
                self.write(state, dst, result);
            }
            UnaryOp::Strip => {
                let result = Scalar { conf: plain, ..a };
                self.write(state, dst, result);
            }
            UnaryOp::Confidence => {
                let conf = values::conf_or_one(&mut self.b, a.conf);
                let result = values::number(&mut self.b, conf, plain);
                self.write(state, dst, result);
            }
            UnaryOp::Neg | UnaryOp::Increment | UnaryOp::Decrement | UnaryOp::Typeof => {
                let code = crate::codegen::unary_index(op);
                let fast = move |this: &mut Self, _: &mut State| {
                    let x = values::as_f64(&mut this.b, a);
                    let r = match op {
                        UnaryOp::Neg => this.b.ins().fneg(x),
                        UnaryOp::Increment => {
                            let one = this.b.ins().f64const(1.0);
                            this.b.ins().fadd(x, one)
                        }
                        _ => {
                            let one = this.b.ins().f64const(1.0);
                            this.b.ins().fsub(x, one)
                        }
                    };
                    let conf = values::normalise(&mut this.b, a.conf);
                    values::number(&mut this.b, r, conf)
                };
                let slow = move |this: &mut Self, state: &mut State| {
                    let shim = state.shims.unary;
                    this.call_shim(state, shim, code, &[a], span)
                };
                if op == UnaryOp::Typeof {
                    let result = slow(self, state);
                    self.write(state, dst, result);
                } else {
                    self.split(state, dst, &[(src, a)], fast, slow);
                }
            }
        }
    }

    /// A call of a compiled function of the same file: the depth check and tick of the
    /// interpreter's `invoke`, then the native call.
    pub(crate) fn call(
        &mut self,
        state: &mut State,
        dst: Reg,
        callee: Reg,
        args: Reg,
        argc: u32,
        span: Span,
    ) {
        let Kind::Function(target) = self.ty(callee).kind else {
            return;
        };
        let params = self
            .program
            .ir
            .functions
            .get(target as usize)
            .map_or(0, |function| function.params);
        // R0303 before the callee's frame exists: recorded at this call (language §10.3).
        let flags = ir::MemFlagsData::trusted();
        let limit = self.b.ins().load(types::I64, flags, state.ctx, 8);
        let too_deep = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, state.depth, limit);
        let deep = self.b.create_block();
        let next = self.b.create_block();
        self.b.set_cold_block(deep);
        self.b.ins().brif(too_deep, deep, &[], next, &[]);
        self.b.switch_to_block(deep);
        self.b.ins().call(state.shims.depth_error, &[state.ctx]);
        let site = self.site(span);
        self.fail(state, site);
        self.b.switch_to_block(next);
        self.tick(state, span);
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            VALUE_SIZE * params.max(1),
            3,
        ));
        let base = self.b.ins().stack_addr(types::I64, slot, 0);
        for index in 0..params {
            let value = if index < argc {
                self.read(state, Reg(args.0 + index))
            } else {
                values::null(&mut self.b)
            };
            values::store(&mut self.b, value, base, (index * VALUE_SIZE) as i32);
        }
        let Some(func_ref) = self.callee(state, target) else {
            return;
        };
        let depth = self.b.ins().iadd_imm_u(state.depth, 1);
        let out = self.addr(state.scratch_out);
        self.store_ticks(state);
        let call = self.b.ins().call(func_ref, &[state.ctx, depth, base, out]);
        let status = self.b.inst_results(call)[0];
        self.check(state, status, span);
        self.load_ticks(state);
        let out = self.addr(state.scratch_out);
        let result = values::load(&mut self.b, out, 0);
        self.write(state, dst, result);
    }

    pub(crate) fn terminator(&mut self, state: &State, terminator: &Terminator, span: Span) {
        match terminator {
            Terminator::Jump(target) => {
                self.b.ins().jump(state.blocks[target.index()], &[]);
            }
            Terminator::Branch {
                cond,
                then,
                otherwise,
            } => {
                let value = self.read(state, *cond);
                let known = self.known_tag(*cond);
                let truth = values::truthy(&mut self.b, value, known);
                let then = state.blocks[then.index()];
                let otherwise = state.blocks[otherwise.index()];
                self.b.ins().brif(truth, then, &[], otherwise, &[]);
            }
            Terminator::Switch { on, targets } => {
                let value = self.read(state, *on);
                let number = values::as_f64(&mut self.b, value);
                let index = self.b.ins().fcvt_to_uint_sat(types::I64, number);
                let is_number = self.b.ins().icmp_imm_u(IntCC::Equal, value.tag, TAG_NUMBER);
                let zero = self.b.ins().iconst(types::I64, 0);
                let index = self.b.ins().select(is_number, index, zero);
                let count = targets.len() as i64;
                let last = self.b.ins().iconst(types::I64, count - 1);
                let beyond =
                    self.b
                        .ins()
                        .icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, index, count);
                let index = self.b.ins().select(beyond, last, index);
                let index = self.b.ins().ireduce(types::I32, index);
                let calls: Vec<ir::BlockCall> = targets
                    .iter()
                    .map(|target| {
                        self.b
                            .func
                            .dfg
                            .block_call(state.blocks[target.index()], &[])
                    })
                    .collect();
                let default = calls.last().copied();
                if let Some(default) = default {
                    let table = JumpTableData::new(default, &calls);
                    let table = self.b.create_jump_table(table);
                    self.b.ins().br_table(index, table);
                }
            }
            Terminator::Return(reg) => {
                let value = self.read(state, *reg);
                values::store(&mut self.b, value, state.out, 0);
                self.store_ticks(state);
                let zero = self.b.ins().iconst(types::I32, 0);
                self.b.ins().return_(&[zero]);
            }
            Terminator::Throw(reg) => {
                let value = self.read(state, *reg);
                let addr = self.addr(state.scratch_a);
                values::store(&mut self.b, value, addr, 0);
                self.b.ins().call(state.shims.throw, &[state.ctx, addr]);
                let site = self.site(span);
                self.fail(state, site);
            }
            Terminator::Unreachable | Terminator::Rethrow(_) => {
                self.b.ins().call(state.shims.unreachable, &[state.ctx]);
                let site = self.site(span);
                self.fail(state, site);
            }
        }
    }

    fn callee(&mut self, state: &mut State, target: u32) -> Option<ir::FuncRef> {
        if let Some(found) = state.callees.get(&target) {
            return Some(*found);
        }
        let id = (*self.ids.get(target as usize)?)?;
        let func_ref = self.module.declare_func_in_func(id, self.b.func);
        state.callees.insert(target, func_ref);
        Some(func_ref)
    }
}
