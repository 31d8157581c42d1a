//! How each function is compiled and entered: the two sets of Cranelift settings, the budget of
//! optimised code, the entry policy, and the code dump (docs/jit.md, "Compilation").

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Module, ModuleReloc};
use prism_ir::Instr;

/// A Cranelift ISA for this machine: `optimised` selects the egraph optimiser and the
/// backtracking register allocator, otherwise neither (docs/jit.md, "Compile time").
pub(crate) fn native_isa(optimised: bool) -> Option<OwnedTargetIsa> {
    let mut flags = settings::builder();
    let (level, allocator) = if optimised {
        ("speed", "backtracking")
    } else {
        ("none", "single_pass")
    };
    flags.set("opt_level", level).ok()?;
    flags.set("regalloc_algorithm", allocator).ok()?;
    // The translation is checked by the tests; verifying every function costs compile time.
    flags.set("enable_verifier", "false").ok()?;
    flags.set("use_colocated_libcalls", "false").ok()?;
    flags.set("is_pic", "false").ok()?;
    cranelift_native::builder()
        .ok()?
        .finish(settings::Flags::new(flags))
        .ok()
}

/// IR instructions (terminators included) of functions other than top levels that a run
/// compiles with the optimising settings, in file and function order. Optimising costs about
/// twice the compile time of the fast settings per instruction; a small budget gives small
/// programs (where compile time is a fraction of a millisecond) optimised calls and loops, and
/// adds a bounded amount to large ones (the 1,000-line target program).
pub(crate) const OPTIMISED_BUDGET: usize = 64;

/// Whether entering the native code from the interpreter can pay for the crossing (copying
/// the arguments, the entry guard, the context, the result): only if the function loops or
/// calls. Without either its native code runs a few dozen instructions, fewer than the
/// crossing adds; measured on the array program, whose callbacks (`x => x * 2`, `x % 3 == 0`,
/// `acc + x`) crossed for every element and ran slower compiled than interpreted (docs/jit.md,
/// "Calls from the interpreter"). Such a function stays compiled for compiled callers, which
/// call it directly.
pub(crate) fn worth_entering(function: &prism_ir::Function) -> bool {
    function.blocks.iter().any(|block| {
        block
            .instrs
            .iter()
            .any(|instr| matches!(instr, Instr::Tick | Instr::Call { .. }))
    })
}

pub(crate) fn ir_size(function: &prism_ir::Function) -> usize {
    function
        .blocks
        .iter()
        .map(|block| block.instrs.len() + 1)
        .sum()
}

/// `PRISM_JIT_DUMP=1` prints each compiled function's Cranelift IR and machine code to stderr,
/// to see what the translation produces (docs/jit.md, "Looking at the code").
pub(crate) fn dump_requested() -> bool {
    std::env::var_os("PRISM_JIT_DUMP").is_some_and(|value| value == "1")
}

/// `Module::define_function`, compiling with `isa` instead of the module's own ISA (same
/// target, other settings).
pub(crate) fn define_with(
    module: &mut JITModule,
    isa: &dyn TargetIsa,
    id: FuncId,
    context: &mut cranelift_codegen::Context,
) -> Result<(), ()> {
    context
        .compile(isa, &mut ControlPlane::default())
        .map_err(|_| ())?;
    let code = context.compiled_code().ok_or(())?;
    let alignment = u64::from(code.buffer.alignment)
        .max(u64::from(isa.function_alignment().minimum))
        .max(isa.symbol_alignment());
    let relocs: Vec<ModuleReloc> = code
        .buffer
        .relocs()
        .iter()
        .map(|reloc| ModuleReloc::from_mach_reloc(reloc, &context.func, id))
        .collect();
    module
        .define_function_bytes(id, alignment, code.buffer.data(), &relocs)
        .map_err(|_| ())
}
