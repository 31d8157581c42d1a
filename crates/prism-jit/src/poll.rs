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

use cranelift_codegen::ir::{types, AbiParam, InstBuilder, MemFlagsData};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Linkage, Module};

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
