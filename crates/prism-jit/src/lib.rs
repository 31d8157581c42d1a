//! The Prism JIT: compiles functions of the lowered IR (`prism-ir`) to native code with
//! Cranelift, for `--backend jit` (cli §4.1). `docs/jit.md` describes the design; in short:
//!
//! * **Which functions.** Those whose every register provably holds a scalar (`null`, boolean,
//!   number, with or without a confidence) or a known function that is only called (`types`,
//!   `cells`). They cannot suspend, allocate or reach the heap. Everything else, and any call
//!   whose arguments are not scalars, runs in the interpreter, which stays the reference.
//! * **Values.** A register is three machine values, the fields of `prism_runtime::Value`: tag,
//!   payload bits and confidence (`values`). Numbers and their confidence rules are inlined;
//!   every other rule calls the runtime's one definition through an `extern "C"` shim (`shims`).
//! * **Calls, errors, depth.** Compiled functions call each other directly, counting the call
//!   depth (`R0303` at the same limit and the same place as the interpreter) and ticking for
//!   the deadline. An error leaves each native frame with a status of 1 after the frame was
//!   added to the Prism call stack, as the interpreter records it (`codegen`).
//!
//! This crate is the only one with `unsafe` code: calling generated code and the shims'
//! pointer arguments. Each unsafe block states its invariant.

mod cells;
mod codegen;
mod defs;
mod ops;
mod poll;
mod remainder;
mod settings;
mod shims;
mod types;
mod values;

use std::fmt;
use std::mem::MaybeUninit;

use cranelift_codegen::ir::{types as cl, AbiParam, Signature};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};
use prism_interp::{CompiledCode, CompiledHost, Loaded, Unwind};
use prism_ir::{FunctionId, FunctionKind};
use prism_runtime::error::catalogue;
use prism_runtime::Value;

use crate::codegen::{ShimIds, Translator};
use crate::settings::{
    define_with, dump_requested, ir_size, native_isa, worth_entering, OPTIMISED_BUDGET,
};
use crate::shims::{Ctx, Site, TICKS_PER_POLL};

/// The native entry of a compiled function (see `codegen` for the convention).
type Entry = unsafe extern "C" fn(*mut Ctx<'_>, u64, *const Value, *mut Value) -> u32;

struct Compiled {
    entry: Entry,
    params: usize,
    /// The parameters specialised to numbers (`types::Boundary`), checked at entry.
    numbers: u64,
    /// Whether the interpreter calls the native code (`worth_entering`); when not, only
    /// compiled callers do.
    entered: bool,
}

/// Native code for the compiled functions of a run's programs.
pub struct Jit {
    /// Owns the code memory; kept alive as long as the entries may be called.
    _module: Option<JITModule>,
    functions: Vec<Vec<Option<Compiled>>>,
    sites: Vec<Site>,
    count: usize,
}

impl fmt::Debug for Jit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Jit({} compiled functions)", self.count)
    }
}

impl Jit {
    /// Compiles what can be compiled in `programs` (the run's files, in module order). A
    /// function Cranelift rejects is left to the interpreter, with every function calling it.
    pub fn compile(programs: &[Loaded]) -> Jit {
        let enter_all = std::env::var_os("PRISM_JIT_ENTER_ALL").is_some_and(|value| value == "1");
        Jit::compile_with(programs, enter_all)
    }

    /// `compile`, with the interpreter entering every compiled function, also those it would
    /// rather interpret (`worth_entering`): for tests that must run the native code of small
    /// functions called from interpreted code. `PRISM_JIT_ENTER_ALL=1` does the same for
    /// `compile` (the differential tests and the fuzz target set it).
    pub fn compile_entering_all(programs: &[Loaded]) -> Jit {
        Jit::compile_with(programs, true)
    }

    fn compile_with(programs: &[Loaded], enter_all: bool) -> Jit {
        let mut excluded: Vec<Vec<bool>> = programs
            .iter()
            .map(|program| vec![false; program.ir.functions.len()])
            .collect();
        // Each failed attempt excludes one more function, so this ends.
        loop {
            match attempt(programs, &excluded, enter_all) {
                Ok(jit) => return jit,
                Err(Some((module, function))) => {
                    if let Some(flag) = excluded
                        .get_mut(module)
                        .and_then(|flags| flags.get_mut(function))
                    {
                        *flag = true;
                    } else {
                        return Jit::empty(programs);
                    }
                }
                Err(None) => return Jit::empty(programs),
            }
        }
    }

    fn empty(programs: &[Loaded]) -> Jit {
        Jit {
            _module: None,
            functions: programs.iter().map(|_| Vec::new()).collect(),
            sites: Vec::new(),
            count: 0,
        }
    }

    /// How many functions have native code.
    pub fn compiled_functions(&self) -> usize {
        self.count
    }

    /// How many of them the interpreter enters (the others are called by compiled code only).
    pub fn entered_functions(&self) -> usize {
        self.functions
            .iter()
            .flatten()
            .flatten()
            .filter(|compiled| compiled.entered)
            .count()
    }

    fn compiled(&self, module: usize, function: FunctionId) -> Option<&Compiled> {
        self.functions.get(module)?.get(function.index())?.as_ref()
    }
}

impl CompiledCode for Jit {
    fn is_compiled(&self, module: usize, function: FunctionId) -> bool {
        self.compiled(module, function)
            .is_some_and(|compiled| compiled.entered)
    }

    fn run(
        &self,
        module: usize,
        function: FunctionId,
        args: &[Value],
        depth: usize,
        host: &mut dyn CompiledHost,
    ) -> Option<Result<Value, Unwind>> {
        let compiled = self.compiled(module, function).filter(|c| c.entered)?;
        // The entry guard: native code holds scalars only, and numbers where it was specialised.
        let accepted = args.iter().enumerate().all(|(index, arg)| {
            let number = index < 64 && compiled.numbers >> index & 1 == 1;
            if number {
                shims::is_number(arg)
            } else {
                shims::is_scalar(arg)
            }
        });
        if args.len() < compiled.params || !accepted {
            return None;
        }
        let max_depth = host.max_call_depth() as u64;
        let mut ctx = Ctx {
            ticks: TICKS_PER_POLL,
            max_depth,
            host,
            error: None,
            sites: &self.sites,
        };
        let mut out = MaybeUninit::<Value>::uninit();
        // SAFETY: `entry` was produced by Cranelift for this signature and its module is alive
        // (owned by `self`); `args` holds at least `params` scalar values (checked above);
        // `out` is writable and `ctx` lives for the whole call.
        let status =
            unsafe { (compiled.entry)(&mut ctx, depth as u64, args.as_ptr(), out.as_mut_ptr()) };
        if status == 0 {
            // SAFETY: status 0 means the native code wrote a complete scalar value to `out`.
            Some(Ok(unsafe { out.assume_init() }))
        } else {
            Some(Err(ctx.error.take().unwrap_or_else(|| {
                Unwind::new(catalogue::range_error("internal error: lost error"))
            })))
        }
    }
}

/// The failing function, when Cranelift rejected one; `None` when the JIT is unavailable.
type Failure = Option<(usize, usize)>;

/// The module compiles with the fast settings; top-level code is compiled with `optimised`.
fn native_module() -> Option<JITModule> {
    let isa = native_isa(false)?;
    let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
    builder.symbol("prism_jit_binary", shims::jit_binary as *const u8);
    builder.symbol("prism_jit_unary", shims::jit_unary as *const u8);
    builder.symbol("prism_jit_other", shims::jit_other as *const u8);
    builder.symbol("prism_jit_poll", shims::jit_poll as *const u8);
    builder.symbol("prism_jit_depth_error", shims::jit_depth_error as *const u8);
    builder.symbol("prism_jit_throw", shims::jit_throw as *const u8);
    builder.symbol("prism_jit_unreachable", shims::jit_unreachable as *const u8);
    builder.symbol("prism_jit_record", shims::jit_record as *const u8);
    Some(JITModule::new(builder))
}

fn signature(module: &JITModule, params: &[cranelift_codegen::ir::Type], ret: bool) -> Signature {
    let mut sig = module.make_signature();
    sig.params
        .extend(params.iter().map(|ty| AbiParam::new(*ty)));
    if ret {
        sig.returns.push(AbiParam::new(cl::I32));
    }
    sig
}

fn declare_shims(module: &mut JITModule) -> Option<ShimIds> {
    use cl::{I32, I64};
    let mut declare = |name: &str, params: &[cranelift_codegen::ir::Type], ret: bool| {
        let sig = signature(module, params, ret);
        module.declare_function(name, Linkage::Import, &sig).ok()
    };
    Some(ShimIds {
        binary: declare("prism_jit_binary", &[I64, I32, I64, I64, I64], true)?,
        unary: declare("prism_jit_unary", &[I64, I32, I64, I64], true)?,
        other: declare("prism_jit_other", &[I64, I32, I64, I64, I64], true)?,
        poll: declare("prism_jit_poll", &[I64], true)?,
        depth_error: declare("prism_jit_depth_error", &[I64], false)?,
        throw: declare("prism_jit_throw", &[I64, I64], false)?,
        unreachable: declare("prism_jit_unreachable", &[I64], false)?,
        record: declare("prism_jit_record", &[I64, I64], false)?,
    })
}

/// Whether the interpreter would enter any function of the compiled sets (see `Compiled`).
fn enters_any<T>(programs: &[Loaded], typed_sets: &[Vec<Option<T>>], enter_all: bool) -> bool {
    programs.iter().zip(typed_sets).any(|(program, typed)| {
        typed.iter().enumerate().any(|(function, types)| {
            types.is_some()
                && program
                    .ir
                    .functions
                    .get(function)
                    .is_some_and(|body| enter_all || worth_entering(body))
        })
    })
}

fn attempt(programs: &[Loaded], excluded: &[Vec<bool>], enter_all: bool) -> Result<Jit, Failure> {
    let (typed_sets, boundaries): (Vec<_>, Vec<_>) = programs
        .iter()
        .enumerate()
        .map(|(index, program)| {
            let cells = cells::KnownCells::analyse(&program.ir);
            let none = Vec::new();
            let skip = excluded.get(index).unwrap_or(&none);
            types::compiled_set(&program.ir, &cells, skip)
        })
        .unzip();
    // Most scripts have nothing to compile: they never pay for a Cranelift module. Native code
    // only ever starts where the interpreter enters it, so a set where no function would be
    // entered (only small leaf callbacks, as in the array benchmark) is not compiled either.
    if !enters_any(programs, &typed_sets, enter_all) {
        return Ok(Jit::empty(programs));
    }
    let mut module = native_module().ok_or(None)?;
    let optimised = native_isa(true).ok_or(None)?;
    let mut shim_ids = declare_shims(&mut module).ok_or(None)?;
    shim_ids.poll = poll::define_trampoline(&mut module, shim_ids.poll).ok_or(None)?;
    let entry_sig = signature(&module, &[cl::I64; 4], true);
    let mut plans = Vec::with_capacity(programs.len());
    for (index, typed) in typed_sets.into_iter().enumerate() {
        let mut ids = Vec::with_capacity(typed.len());
        for (function, types) in typed.iter().enumerate() {
            let id = match types {
                Some(_) => Some(
                    module
                        .declare_function(
                            &format!("prism_{index}_{function}"),
                            Linkage::Local,
                            &entry_sig,
                        )
                        .map_err(|_| None)?,
                ),
                None => None,
            };
            ids.push(id);
        }
        plans.push((typed, ids));
    }
    let mut budget = OPTIMISED_BUDGET;
    let mut sites = Vec::new();
    let mut context = module.make_context();
    let mut builder_context = FunctionBuilderContext::new();
    for (index, (program, (typed, ids))) in programs.iter().zip(&plans).enumerate() {
        for (function, types) in typed.iter().enumerate() {
            let (Some(types), Some(Some(id))) = (types, ids.get(function)) else {
                continue;
            };
            let Some(body) = program.ir.functions.get(function) else {
                continue;
            };
            context.func.signature = entry_sig.clone();
            let translator = Translator {
                b: cranelift_frontend::FunctionBuilder::new(
                    &mut context.func,
                    &mut builder_context,
                ),
                module: &mut module,
                program,
                function: body,
                types,
                ids,
                sites: &mut sites,
            };
            translator.translate(&shim_ids);
            let dump = dump_requested();
            if dump {
                eprintln!(
                    "; prism_{index}_{function} ({})\n{}",
                    body.name, context.func
                );
                context.set_disasm(true);
            }
            // The run's top level gets the optimising settings: one function per file, where
            // scripts keep their main loops; other functions while the budget lasts (docs/jit.md,
            // "Compile time").
            let size = ir_size(body);
            let optimise = body.kind == FunctionKind::TopLevel || size <= budget;
            if body.kind != FunctionKind::TopLevel && optimise {
                budget -= size;
            }
            let defined = if optimise {
                define_with(&mut module, &*optimised, *id, &mut context)
            } else {
                module.define_function(*id, &mut context).map_err(|_| ())
            };
            if dump {
                let code = context
                    .compiled_code()
                    .and_then(|code| code.vcode.as_deref());
                eprintln!("; machine code\n{}", code.unwrap_or("(none)"));
            }
            module.clear_context(&mut context);
            if defined.is_err() {
                return Err(Some((index, function)));
            }
        }
    }
    module.finalize_definitions().map_err(|_| None)?;
    let mut count = 0;
    let functions = plans
        .iter()
        .zip(programs)
        .zip(&boundaries)
        .map(|(((typed, ids), program), boundaries)| {
            ids.iter()
                .enumerate()
                .map(|(function, id)| {
                    let id: FuncId = (*id)?;
                    typed.get(function)?.as_ref()?;
                    let pointer = module.get_finalized_function(id);
                    count += 1;
                    Some(Compiled {
                        // SAFETY: the pointer is the finalized code of a function declared with
                        // `entry_sig`, which is this type's C signature.
                        entry: unsafe { std::mem::transmute::<*const u8, Entry>(pointer) },
                        params: program.ir.functions.get(function)?.params as usize,
                        numbers: boundaries.get(function).map_or(0, |b| b.numbers),
                        entered: enter_all || worth_entering(program.ir.functions.get(function)?),
                    })
                })
                .collect()
        })
        .collect();
    Ok(Jit {
        _module: Some(module),
        functions,
        sites,
        count,
    })
}

#[cfg(test)]
mod tests;
