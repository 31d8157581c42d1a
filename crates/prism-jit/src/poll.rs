//! The deadline poll as native code calls it: a trampoline with Cranelift's `preserve_all`
//! convention around the `extern "C"` shim.
//!
//! Why: the poll sits on every loop back edge (a cold path, once per 4096 ticks), but a call
//! with the C convention clobbers every float register, so the register allocator kept a loop's
//! numbers on the stack for the whole loop rather than around the call alone (a store and a
//! reload per variable and iteration, seen in the summing loop's machine code). The trampoline
//! saves what the shim may clobber, so calling it clobbers nothing. `preserve_all` functions
//! return nothing: a failed poll leaves `POLL_FAILED` in the context's tick counter, which the
//! caller reloads after the call anyway.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, AbiParam, InstBuilder, MemFlagsData};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Linkage, Module};
use prism_span::Span;

use crate::codegen::{State, Translator};

/// The tick counter after a poll that raised (any negative value would do: a poll otherwise
/// resets the counter to `TICKS_PER_POLL`).
pub(crate) const POLL_FAILED: i64 = i64::MIN;

/// Declares and defines the trampoline calling `shim` (`fn(ctx) -> u32`, 0 or 1 on an error).
pub(crate) fn define_trampoline(module: &mut JITModule, shim: FuncId) -> Option<FuncId> {
    let mut signature = module.make_signature();
    signature.call_conv = CallConv::PreserveAll;
    signature.params.push(AbiParam::new(types::I64));
    let id = module
        .declare_function("prism_jit_poll_preserving", Linkage::Local, &signature)
        .ok()?;
    let mut context = module.make_context();
    context.func.signature = signature;
    let mut builder_context = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut context.func, &mut builder_context);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let ctx = b.block_params(entry)[0];
    let shim = module.declare_func_in_func(shim, b.func);
    let call = b.ins().call(shim, &[ctx]);
    let status = b.inst_results(call)[0];
    let failed = b.create_block();
    let done = b.create_block();
    b.ins().brif(status, failed, &[], done, &[]);
    b.switch_to_block(failed);
    let marker = b.ins().iconst(types::I64, POLL_FAILED);
    b.ins().store(MemFlagsData::trusted(), marker, ctx, 0);
    b.ins().jump(done, &[]);
    b.switch_to_block(done);
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(module.isa().frontend_config());
    let defined = module.define_function(id, &mut context);
    module.clear_context(&mut context);
    defined.ok().map(|()| id)
}

impl Translator<'_, '_> {
    /// The per-call and per-back-edge poll: a counter, a shim every few thousand ticks. The
    /// counter lives in a variable and goes back to the context only where other code reads it
    /// (around native calls and polls, at returns): a load and a store on every back edge made
    /// a loop-carried chain through memory.
    pub(crate) fn tick(&mut self, state: &State, span: Span) {
        let ticks = self.b.use_var(state.ticks);
        let left = self.b.ins().iadd_imm_s(ticks, -1);
        self.b.def_var(state.ticks, left);
        let due = self
            .b
            .ins()
            .icmp_imm_u(IntCC::SignedLessThanOrEqual, left, 0);
        let poll = self.b.create_block();
        let next = self.b.create_block();
        self.b.set_cold_block(poll);
        self.b.ins().brif(due, poll, &[], next, &[]);
        self.b.switch_to_block(poll);
        // The trampoline resets the context's counter, or marks it when the poll raised.
        self.b.ins().call(state.shims.poll, &[state.ctx]);
        self.load_ticks(state);
        let ticks = self.b.use_var(state.ticks);
        let failed = self.b.ins().icmp_imm_u(IntCC::Equal, ticks, POLL_FAILED);
        self.check(state, failed, span);
        self.b.ins().jump(next, &[]);
        self.b.switch_to_block(next);
    }

    pub(crate) fn load_ticks(&mut self, state: &State) {
        let ticks = self
            .b
            .ins()
            .load(types::I64, ir::MemFlagsData::trusted(), state.ctx, 0);
        self.b.def_var(state.ticks, ticks);
    }

    pub(crate) fn store_ticks(&mut self, state: &State) {
        let ticks = self.b.use_var(state.ticks);
        self.b
            .ins()
            .store(ir::MemFlagsData::trusted(), ticks, state.ctx, 0);
    }
}
