//! Translation of one compiled function to Cranelift IR.
//!
//! Native signature (the same for entries from the interpreter and for calls between compiled
//! functions): `fn(ctx: *mut Ctx, depth: u64, args: *const Value, out: *mut Value) -> u32`, where
//! `args` holds exactly `params` scalar values, `depth` is the call depth inside this function
//! (language §10.3), the result is written to `out`, and the return value is 0, or 1 when an
//! error left the function (the error is in the context, with this frame recorded).

use std::collections::HashMap;

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, types, InstBuilder, StackSlotData, StackSlotKind};
use cranelift_frontend::{FunctionBuilder, Variable};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Module};
use prism_interp::Loaded;
use prism_ir::{BinaryOp, Constant, Function, Instr, Reg, Test, UnaryOp};
use prism_span::Span;

use crate::shims::{self, Site};
use crate::types::{Kind, Ty};
use crate::values::{self, Scalar, TAG_BOOL, TAG_NULL, TAG_NUMBER, VALUE_SIZE};

/// The shims, declared once in the JIT module.
pub(crate) struct ShimIds {
    pub binary: FuncId,
    pub unary: FuncId,
    pub other: FuncId,
    /// The `preserve_all` trampoline around `jit_poll` (`poll.rs`).
    pub poll: FuncId,
    pub depth_error: FuncId,
    pub throw: FuncId,
    pub unreachable: FuncId,
    pub record: FuncId,
}

/// The shims as imported into the function being built.
pub(crate) struct Shims {
    pub binary: ir::FuncRef,
    pub unary: ir::FuncRef,
    pub other: ir::FuncRef,
    pub poll: ir::FuncRef,
    pub depth_error: ir::FuncRef,
    pub throw: ir::FuncRef,
    pub unreachable: ir::FuncRef,
    pub record: ir::FuncRef,
}

pub(crate) struct Translator<'a, 'b> {
    pub b: FunctionBuilder<'b>,
    pub module: &'a mut JITModule,
    pub program: &'a Loaded,
    pub function: &'a Function,
    pub types: &'a [Ty],
    /// Native ids of this file's compiled functions.
    pub ids: &'a [Option<FuncId>],
    pub sites: &'a mut Vec<Site>,
}

/// The Cranelift variables of one register: only the parts the analysis does not fix. A tag
/// the analysis knows is a constant, a null's payload is 0, and a certainly plain register's
/// confidence is `PLAIN`, so most registers need one variable instead of three (fewer
/// variables is less SSA construction and register allocation: compile time, docs/jit.md).
#[derive(Clone, Copy)]
pub(crate) struct RegVars {
    tag: Option<Variable>,
    bits: Option<Variable>,
    conf: Option<Variable>,
}

pub(crate) struct State {
    pub vars: Vec<RegVars>,
    pub blocks: Vec<ir::Block>,
    pub ctx: ir::Value,
    pub depth: ir::Value,
    pub out: ir::Value,
    pub scratch_a: ir::StackSlot,
    pub scratch_b: ir::StackSlot,
    pub scratch_out: ir::StackSlot,
    pub shims: Shims,
    pub callees: HashMap<u32, ir::FuncRef>,
    /// The context's tick counter, kept in a register between native calls (`ops::tick`).
    pub ticks: Variable,
}

pub(crate) fn binary_index(op: BinaryOp) -> i64 {
    shims::BINARY.iter().position(|o| *o == op).unwrap_or(0) as i64
}

pub(crate) fn unary_index(op: UnaryOp) -> i64 {
    shims::UNARY.iter().position(|o| *o == op).unwrap_or(0) as i64
}

impl Translator<'_, '_> {
    pub(crate) fn translate(mut self, shim_ids: &ShimIds) {
        let ptr = types::I64;
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        let params = self.b.block_params(entry).to_vec();
        let slot = |b: &mut FunctionBuilder<'_>, size: u32| {
            b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3))
        };
        let scratch_a = slot(&mut self.b, VALUE_SIZE);
        let scratch_b = slot(&mut self.b, VALUE_SIZE);
        let scratch_out = slot(&mut self.b, VALUE_SIZE);
        let mut import = |id: FuncId| self.module.declare_func_in_func(id, self.b.func);
        let shims = Shims {
            binary: import(shim_ids.binary),
            unary: import(shim_ids.unary),
            other: import(shim_ids.other),
            poll: import(shim_ids.poll),
            depth_error: import(shim_ids.depth_error),
            throw: import(shim_ids.throw),
            unreachable: import(shim_ids.unreachable),
            record: import(shim_ids.record),
        };
        let vars = (0..self.function.registers)
            .map(|reg| self.reg_vars(Reg(reg)))
            .collect();
        let blocks = self
            .function
            .blocks
            .iter()
            .map(|_| self.b.create_block())
            .collect();
        let mut state = State {
            vars,
            blocks,
            ctx: params[0],
            depth: params[1],
            out: params[3],
            scratch_a,
            scratch_b,
            scratch_out,
            shims,
            callees: HashMap::new(),
            ticks: self.b.declare_var(types::I64),
        };
        self.load_ticks(&state);
        // Every register starts as a plain null (only unreachable code reads one unwritten).
        let null = values::null(&mut self.b);
        for reg in 0..self.function.registers {
            self.write(&state, Reg(reg), null);
        }
        for index in 0..self.function.params {
            let arg = values::load(&mut self.b, params[2], (index * VALUE_SIZE) as i32);
            self.write(&state, Reg(index), arg);
        }
        let _ = ptr;
        let first = state.blocks[self.function.entry.index()];
        self.b.ins().jump(first, &[]);
        for (index, block) in self.function.blocks.iter().enumerate() {
            self.b.switch_to_block(state.blocks[index]);
            for (at, instr) in block.instrs.iter().enumerate() {
                let span = block.spans.get(at).copied().unwrap_or_default();
                self.instr(&mut state, instr, span);
            }
            self.terminator(&state, &block.terminator, block.terminator_span);
        }
        self.b.seal_all_blocks();
        let config = self.module.isa().frontend_config();
        self.b.finalize(config);
    }

    fn reg_vars(&mut self, reg: Reg) -> RegVars {
        let ty = self.ty(reg);
        if let Kind::Function(_) = ty.kind {
            // Only ever called: never read as a value.
            return RegVars {
                tag: None,
                bits: None,
                conf: None,
            };
        }
        let known = self.known_tag(reg);
        // A number's payload stays in a float register (`values::bitcast`).
        let payload = if known == Some(TAG_NUMBER) {
            types::F64
        } else {
            types::I64
        };
        RegVars {
            tag: known.is_none().then(|| self.b.declare_var(types::I8)),
            bits: (known != Some(TAG_NULL)).then(|| self.b.declare_var(payload)),
            conf: (!ty.plain).then(|| self.b.declare_var(types::F64)),
        }
    }

    pub(crate) fn read(&mut self, state: &State, reg: Reg) -> Scalar {
        let vars = state.vars[reg.index()];
        let tag = match vars.tag {
            Some(var) => self.b.use_var(var),
            None => {
                let tag = self.known_tag(reg).unwrap_or(TAG_NULL);
                self.b.ins().iconst(types::I8, tag)
            }
        };
        let bits = match vars.bits {
            Some(var) => {
                let payload = self.b.use_var(var);
                values::bitcast(&mut self.b, types::I64, payload)
            }
            None => self.b.ins().iconst(types::I64, 0),
        };
        let conf = match vars.conf {
            Some(var) => self.b.use_var(var),
            None => self.b.ins().f64const(prism_runtime::value::PLAIN),
        };
        Scalar { tag, bits, conf }
    }

    /// Writes the parts of `value` the register keeps in variables; the others are fixed by
    /// the analysis (which every write agrees with: that is what the analysis proves).
    pub(crate) fn write(&mut self, state: &State, reg: Reg, value: Scalar) {
        let vars = state.vars[reg.index()];
        if let Some(var) = vars.tag {
            self.b.def_var(var, value.tag);
        }
        if let Some(var) = vars.bits {
            let ty = if self.known_tag(reg) == Some(TAG_NUMBER) {
                types::F64
            } else {
                types::I64
            };
            let payload = values::bitcast(&mut self.b, ty, value.bits);
            self.b.def_var(var, payload);
        }
        if let Some(var) = vars.conf {
            self.b.def_var(var, value.conf);
        }
    }

    pub(crate) fn ty(&self, reg: Reg) -> Ty {
        self.types.get(reg.index()).copied().unwrap_or(Ty {
            kind: Kind::Scalar,
            plain: false,
        })
    }

    /// The tag of a register when the analysis knows it.
    pub(crate) fn known_tag(&self, reg: Reg) -> Option<i64> {
        match self.ty(reg).kind {
            Kind::Null | Kind::Unset => Some(TAG_NULL),
            Kind::Bool => Some(TAG_BOOL),
            Kind::Num => Some(TAG_NUMBER),
            _ => None,
        }
    }

    /// A place where an error can arise: its index in the site table.
    pub(crate) fn site(&mut self, span: Span) -> i64 {
        let position = self
            .program
            .line_index
            .line_col(&self.program.text, span.start);
        self.sites.push(Site {
            function: self.function.name.clone(),
            file: self.program.file,
            span,
            line: position.line,
            column: position.column,
        });
        (self.sites.len() - 1) as i64
    }

    /// Leaves the function with the pending error, recording this frame at `site`.
    pub(crate) fn fail(&mut self, state: &State, site: i64) {
        let site = self.b.ins().iconst(types::I64, site);
        self.b.ins().call(state.shims.record, &[state.ctx, site]);
        let one = self.b.ins().iconst(types::I32, 1);
        self.b.ins().return_(&[one]);
    }

    /// Continues when `status` is 0; otherwise leaves through a cold error block.
    pub(crate) fn check(&mut self, state: &State, status: ir::Value, span: Span) {
        let site = self.site(span);
        let error = self.b.create_block();
        let next = self.b.create_block();
        self.b.set_cold_block(error);
        self.b.ins().brif(status, error, &[], next, &[]);
        self.b.switch_to_block(error);
        self.fail(state, site);
        self.b.switch_to_block(next);
    }

    pub(crate) fn addr(&mut self, slot: ir::StackSlot) -> ir::Value {
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// Calls a shim on scalars spilled to the scratch slots; the result comes back through the
    /// output slot.
    pub(crate) fn call_shim(
        &mut self,
        state: &State,
        shim: ir::FuncRef,
        code: i64,
        operands: &[Scalar],
        span: Span,
    ) -> Scalar {
        let mut args = vec![state.ctx, self.b.ins().iconst(types::I32, code)];
        for (operand, slot) in operands.iter().zip([state.scratch_a, state.scratch_b]) {
            let addr = self.addr(slot);
            values::store(&mut self.b, *operand, addr, 0);
            args.push(addr);
        }
        let out = self.addr(state.scratch_out);
        args.push(out);
        let call = self.b.ins().call(shim, &args);
        let status = self.b.inst_results(call)[0];
        self.check(state, status, span);
        let out = self.addr(state.scratch_out);
        values::load(&mut self.b, out, 0)
    }

    /// Runs `fast` when every register of `numbers` holds a number, otherwise `slow`; both
    /// write `dst`.
    pub(crate) fn split(
        &mut self,
        state: &mut State,
        dst: Reg,
        numbers: &[(Reg, Scalar)],
        fast: impl FnOnce(&mut Self, &mut State) -> Scalar,
        slow: impl FnOnce(&mut Self, &mut State) -> Scalar,
    ) {
        let mut test: Option<ir::Value> = None;
        for (reg, value) in numbers {
            if self.known_tag(*reg) == Some(TAG_NUMBER) {
                continue;
            }
            let is_number = self.b.ins().icmp_imm_u(IntCC::Equal, value.tag, TAG_NUMBER);
            test = Some(match test {
                Some(previous) => self.b.ins().band(previous, is_number),
                None => is_number,
            });
        }
        let Some(test) = test else {
            let result = fast(self, state);
            self.write(state, dst, result);
            return;
        };
        let fast_block = self.b.create_block();
        let slow_block = self.b.create_block();
        let join = self.b.create_block();
        self.b.ins().brif(test, fast_block, &[], slow_block, &[]);
        self.b.switch_to_block(fast_block);
        let result = fast(self, state);
        self.write(state, dst, result);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(slow_block);
        let result = slow(self, state);
        self.write(state, dst, result);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
    }

    fn instr(&mut self, state: &mut State, instr: &Instr, span: Span) {
        match instr {
            Instr::Move { dst, src } => {
                let value = self.read(state, *src);
                self.write(state, *dst, value);
            }
            Instr::LoadNull { dst } => {
                let value = values::null(&mut self.b);
                self.write(state, *dst, value);
            }
            Instr::LoadBool { dst, value } => {
                let value = values::constant(&mut self.b, TAG_BOOL, i64::from(*value), true);
                self.write(state, *dst, value);
            }
            Instr::LoadNumber { dst, value } => self.load_number(state, *dst, *value),
            Instr::LoadConst { dst, constant } => {
                if let Some(Constant::Number(value)) = self.program.ir.constant(*constant) {
                    self.load_number(state, *dst, *value);
                }
            }
            // Known functions are never materialised: calls go to their native code.
            Instr::LoadSelf { .. } | Instr::LoadCell { .. } => {}
            Instr::Unary { dst, op, src } => self.unary(state, *dst, *op, *src, span),
            Instr::Binary { dst, op, lhs, rhs } => {
                let b = self.read(state, *rhs);
                self.binary(state, *dst, *op, *lhs, (*rhs, b), span);
            }
            Instr::BinaryNumber { dst, op, lhs, rhs } => {
                let value = self.b.ins().f64const(*rhs);
                let plain = self.b.ins().f64const(prism_runtime::value::PLAIN);
                let b = values::number(&mut self.b, value, plain);
                // A literal: a plain number, as the analysis assumes.
                self.binary_with(state, *dst, *op, *lhs, b, span);
            }
            Instr::Test { dst, test, src } => {
                let value = self.read(state, *src);
                let flag = match test {
                    Test::IsNull => self.b.ins().icmp_imm_u(IntCC::Equal, value.tag, TAG_NULL),
                    Test::IsObject | Test::IsArray => self.b.ins().iconst(types::I8, 0),
                    Test::CoalesceKeeps => {
                        let not_null =
                            self.b
                                .ins()
                                .icmp_imm_u(IntCC::NotEqual, value.tag, TAG_NULL);
                        let conf = values::conf_or_one(&mut self.b, value.conf);
                        let half = self.b.ins().f64const(0.5);
                        let enough = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, conf, half);
                        self.b.ins().band(not_null, enough)
                    }
                    Test::EscalateTakesRight => {
                        let conf = values::conf_or_one(&mut self.b, value.conf);
                        let limit = self.b.ins().f64const(0.7);
                        self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, conf, limit)
                    }
                };
                let plain = self.b.ins().f64const(prism_runtime::value::PLAIN);
                let result = values::boolean(&mut self.b, flag, plain);
                self.write(state, *dst, result);
            }
            Instr::ConfidentBranch { dst, cond, value } => self.other(
                state,
                *dst,
                shims::OTHER_CONFIDENT_BRANCH,
                *cond,
                *value,
                span,
            ),
            Instr::Escalate { dst, src } => {
                self.other(state, *dst, shims::OTHER_ESCALATE, *src, *src, span)
            }
            Instr::ConfidentPipe { dst, left, result } => self.other(
                state,
                *dst,
                shims::OTHER_CONFIDENT_PIPE,
                *left,
                *result,
                span,
            ),
            Instr::Level { dst, src } => {
                self.other(state, *dst, shims::OTHER_LEVEL, *src, *src, span)
            }
            Instr::Call {
                dst,
                callee,
                args,
                argc,
            } => self.call(state, *dst, *callee, *args, *argc, span),
            Instr::Tick => self.tick(state, span),
            // Admitted only when no trace is written (types.rs): nothing to do.
            Instr::TraceBranch { .. } => {}
            // The analysis admits no other instruction.
            _ => {}
        }
    }

    fn load_number(&mut self, state: &State, dst: Reg, value: f64) {
        let number = self.b.ins().f64const(value);
        let plain = self.b.ins().f64const(prism_runtime::value::PLAIN);
        let value = values::number(&mut self.b, number, plain);
        self.write(state, dst, value);
    }

    fn other(&mut self, state: &State, dst: Reg, kind: u32, a: Reg, b: Reg, span: Span) {
        let a = self.read(state, a);
        let b = self.read(state, b);
        let shim = state.shims.other;
        let result = self.call_shim(state, shim, i64::from(kind), &[a, b], span);
        self.write(state, dst, result);
    }
}
