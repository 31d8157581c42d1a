//! The `extern "C"` functions native code calls: every rule that is not inlined goes through the
//! runtime's one definition (`prism_runtime::ops`), exactly as the interpreter calls it.
//!
//! Calling convention of the shims: values travel by pointer to a 24-byte `Value` that the native
//! code wrote in a stack slot (always a scalar: `null`, boolean or number, see `codegen`); a
//! result is written through `out`. A shim returns 0 on success and 1 when it raised an error,
//! which it leaves in the context; the native code then records its frame (`jit_record`) and
//! returns 1 to its caller.

use prism_interp::{CompiledHost, Unwind};
use prism_runtime::error::catalogue;
use prism_runtime::ops::{self, UnaryOp as Un, UpdateOp};
use prism_runtime::{Inner, Thrown, Value};
use prism_span::{FileId, Span};
use smol_str::SmolStr;

/// How many `Tick`s native code runs between two polls of the deadline (as the interpreter).
pub(crate) const TICKS_PER_POLL: i64 = 4096;

/// The state of one entry into native code from the interpreter. Native code reads `ticks` and
/// `max_depth` at fixed offsets (0 and 8).
#[repr(C)]
pub(crate) struct Ctx<'a> {
    pub ticks: i64,
    pub max_depth: u64,
    pub host: &'a mut dyn CompiledHost,
    pub error: Option<Unwind>,
    pub sites: &'a [Site],
}

/// A place in a compiled function where an error can arise or pass: what `jit_record` adds to
/// the Prism call stack (cli §3.4), with the line and column computed at compile time.
#[derive(Clone, Debug)]
pub(crate) struct Site {
    pub function: SmolStr,
    pub file: FileId,
    pub span: Span,
    pub line: u32,
    pub column: u32,
}

/// The binary operators native code hands to `jit_binary`, by index.
pub(crate) const BINARY: [prism_ir::BinaryOp; 28] = {
    use prism_ir::BinaryOp::*;
    [
        Add, Sub, Mul, Div, Rem, Pow, Eq, NotEq, Lt, LtEq, Gt, GtEq, Instanceof, Annotate, ConfAdd,
        ConfSub, ConfMul, ConfDiv, ConfEq, ConfNotEq, ConfLt, ConfLtEq, ConfGtEq, ConfAnd, ConfOr,
        Chain, ConfSelect, Gate,
    ]
};

/// Operations of `jit_other`.
pub(crate) const OTHER_CONFIDENT_BRANCH: u32 = 0;
pub(crate) const OTHER_ESCALATE: u32 = 1;
pub(crate) const OTHER_CONFIDENT_PIPE: u32 = 2;
pub(crate) const OTHER_LEVEL: u32 = 3;

/// The unary operators native code hands to `jit_unary`, by index.
pub(crate) const UNARY: [prism_ir::UnaryOp; 7] = {
    use prism_ir::UnaryOp::*;
    [Not, Neg, Strip, Confidence, Typeof, Increment, Decrement]
};

pub(crate) fn is_scalar(value: &Value) -> bool {
    matches!(
        value.inner(),
        Inner::Null | Inner::Bool(_) | Inner::Number(_)
    )
}

pub(crate) fn is_number(value: &Value) -> bool {
    matches!(value.inner(), Inner::Number(_))
}

/// Ends a shim: writes a scalar result, or leaves the error in the context.
///
/// # Safety
/// `out` is valid for writing one `Value`.
unsafe fn finish(ctx: &mut Ctx<'_>, out: *mut Value, result: Result<Value, Thrown>) -> u32 {
    match result {
        Ok(value) if is_scalar(&value) => {
            // SAFETY: the caller guarantees `out` points to a writable Value slot; the slot holds
            // no value that needs dropping (native code only keeps scalars).
            unsafe { out.write(value) };
            0
        }
        // The type analysis admits only operators whose results on scalars are scalars.
        Ok(_) => raise(
            ctx,
            catalogue::range_error("internal error: non-scalar result"),
        ),
        Err(thrown) => raise(ctx, thrown),
    }
}

fn raise(ctx: &mut Ctx<'_>, thrown: Thrown) -> u32 {
    ctx.error = Some(Unwind::new(thrown));
    1
}

/// `a op b` for a binary operator of [`BINARY`].
///
/// # Safety
/// `ctx` is the live context of the current entry; `a` and `b` point to scalar values written
/// by native code; `out` is writable.
pub(crate) unsafe extern "C" fn jit_binary(
    ctx: *mut Ctx<'_>,
    op: u32,
    a: *const Value,
    b: *const Value,
    out: *mut Value,
) -> u32 {
    // SAFETY: see the function's contract.
    let (ctx, a, b) = unsafe { (&mut *ctx, &*a, &*b) };
    let Some(op) = BINARY.get(op as usize) else {
        return raise(ctx, catalogue::range_error("internal error: operator"));
    };
    let result = ops::binary(*op, a, b);
    // SAFETY: `out` is writable (contract).
    unsafe { finish(ctx, out, result) }
}

/// A unary operator of [`UNARY`] (`++`/`--` give the stored value, as in the interpreter).
///
/// # Safety
/// As [`jit_binary`].
pub(crate) unsafe extern "C" fn jit_unary(
    ctx: *mut Ctx<'_>,
    op: u32,
    a: *const Value,
    out: *mut Value,
) -> u32 {
    // SAFETY: see the function's contract.
    let (ctx, a) = unsafe { (&mut *ctx, &*a) };
    let result = match UNARY.get(op as usize) {
        Some(prism_ir::UnaryOp::Not) => ops::unary(Un::Not, a),
        Some(prism_ir::UnaryOp::Neg) => ops::unary(Un::Neg, a),
        Some(prism_ir::UnaryOp::Strip) => ops::unary(Un::Strip, a),
        Some(prism_ir::UnaryOp::Confidence) => ops::unary(Un::Confidence, a),
        Some(prism_ir::UnaryOp::Typeof) => ops::unary(Un::Typeof, a),
        Some(prism_ir::UnaryOp::Increment) => ops::update(UpdateOp::Increment, a),
        Some(prism_ir::UnaryOp::Decrement) => ops::update(UpdateOp::Decrement, a),
        None => Err(catalogue::range_error("internal error: operator")),
    };
    // SAFETY: `out` is writable (contract).
    unsafe { finish(ctx, out, result) }
}

/// The confidence instructions `ConfidentBranch`, `Escalate`, `ConfidentPipe` and `Level`.
///
/// # Safety
/// As [`jit_binary`].
pub(crate) unsafe extern "C" fn jit_other(
    ctx: *mut Ctx<'_>,
    kind: u32,
    a: *const Value,
    b: *const Value,
    out: *mut Value,
) -> u32 {
    // SAFETY: see the function's contract.
    let (ctx, a, b) = unsafe { (&mut *ctx, &*a, &*b) };
    let result = match kind {
        OTHER_CONFIDENT_BRANCH => Ok(ops::conf_conditional(a, b.clone())),
        OTHER_ESCALATE => Ok(ops::conf_escalate_fallback(a)),
        OTHER_CONFIDENT_PIPE => Ok(ops::conf_pipe_result(a, b.clone())),
        OTHER_LEVEL => {
            let levels = ctx.host.levels();
            let index = match ops::level(a.conf(), levels.high, levels.medium) {
                ops::Level::High => 0.0,
                ops::Level::Medium => 1.0,
                ops::Level::Low => 2.0,
            };
            Ok(Value::number(index))
        }
        _ => Err(catalogue::range_error("internal error: operation")),
    };
    // SAFETY: `out` is writable (contract).
    unsafe { finish(ctx, out, result) }
}

/// The deadline and interruption poll, once every [`TICKS_PER_POLL`] ticks.
///
/// # Safety
/// `ctx` is the live context of the current entry.
pub(crate) unsafe extern "C" fn jit_poll(ctx: *mut Ctx<'_>) -> u32 {
    // SAFETY: see the function's contract.
    let ctx = unsafe { &mut *ctx };
    ctx.ticks = TICKS_PER_POLL;
    match ctx.host.poll() {
        Ok(()) => 0,
        Err(thrown) => raise(ctx, thrown),
    }
}

/// `R0303`: a call beyond the depth limit (language §10.3).
///
/// # Safety
/// `ctx` is the live context of the current entry.
pub(crate) unsafe extern "C" fn jit_depth_error(ctx: *mut Ctx<'_>) {
    // SAFETY: see the function's contract.
    let ctx = unsafe { &mut *ctx };
    let limit = ctx.max_depth as usize;
    raise(ctx, catalogue::call_depth(limit));
}

/// `throw value` (language §12.1).
///
/// # Safety
/// As [`jit_binary`].
pub(crate) unsafe extern "C" fn jit_throw(ctx: *mut Ctx<'_>, value: *const Value) {
    // SAFETY: see the function's contract.
    let (ctx, value) = unsafe { (&mut *ctx, &*value) };
    raise(ctx, Thrown::user(value.clone()));
}

/// A `Switch` without targets or an `Unreachable` terminator that ran: as the interpreter.
///
/// # Safety
/// `ctx` is the live context of the current entry.
pub(crate) unsafe extern "C" fn jit_unreachable(ctx: *mut Ctx<'_>) {
    // SAFETY: see the function's contract.
    let ctx = unsafe { &mut *ctx };
    raise(
        ctx,
        catalogue::range_error("internal error: unreachable code"),
    );
}

/// Notes that the pending error passes through a compiled frame at `site` (what the
/// interpreter's `record` does): a fresh runtime error gets its position, and the frame joins
/// the Prism call stack.
///
/// # Safety
/// `ctx` is the live context of the current entry.
pub(crate) unsafe extern "C" fn jit_record(ctx: *mut Ctx<'_>, site: u64) {
    // SAFETY: see the function's contract.
    let ctx = unsafe { &mut *ctx };
    let (Some(site), Some(unwind)) = (ctx.sites.get(site as usize), ctx.error.as_mut()) else {
        return;
    };
    if unwind.thrown().needs_position() {
        unwind.thrown_mut().fill_position(site.line, site.column);
    }
    unwind.pass_frame(&site.function, site.file, site.span);
}
