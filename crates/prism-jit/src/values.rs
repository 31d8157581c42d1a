//! Scalars in native code: a register is three machine values (the tag byte of `Inner`, the
//! payload as 64 bits and the confidence as f64, exactly the fields of `prism_runtime::Value`),
//! and the inline rules on them. Every rule here is the runtime's, written out in Cranelift
//! instructions: the fast paths run only where their result is bit-for-bit the runtime's
//! (numbers; anything else calls a shim).

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData};
use cranelift_frontend::FunctionBuilder;
use prism_runtime::value::PLAIN;

pub(crate) const TAG_NULL: i64 = 0;
pub(crate) const TAG_BOOL: i64 = 1;
pub(crate) const TAG_NUMBER: i64 = 2;

/// Byte offsets inside a `Value` (`prism_runtime::value` documents the layout; the layout test
/// of this crate checks them): a `repr(u8)` enum lays each variant out as a `repr(C)` struct
/// after its tag, so a boolean sits at offset 1 and a number at offset 8.
pub(crate) const OFFSET_BOOL: i32 = 1;
pub(crate) const OFFSET_NUMBER: i32 = 8;
pub(crate) const OFFSET_CONF: i32 = 16;
pub(crate) const VALUE_SIZE: u32 = 24;

/// One scalar: tag (i8), payload bits (i64: a number's bits, or 0/1 for a boolean), confidence.
#[derive(Clone, Copy)]
pub(crate) struct Scalar {
    pub tag: ir::Value,
    pub bits: ir::Value,
    pub conf: ir::Value,
}

fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

pub(crate) fn constant(b: &mut FunctionBuilder<'_>, tag: i64, bits: i64, plain: bool) -> Scalar {
    let conf = if plain { PLAIN } else { 1.0 };
    Scalar {
        tag: b.ins().iconst(types::I8, tag),
        bits: b.ins().iconst(types::I64, bits),
        conf: b.ins().f64const(conf),
    }
}

pub(crate) fn null(b: &mut FunctionBuilder<'_>) -> Scalar {
    constant(b, TAG_NULL, 0, true)
}

pub(crate) fn number(b: &mut FunctionBuilder<'_>, value: ir::Value, conf: ir::Value) -> Scalar {
    Scalar {
        tag: b.ins().iconst(types::I8, TAG_NUMBER),
        bits: bitcast(b, types::I64, value),
        conf,
    }
}

/// `value` reinterpreted as `ty`, reusing the value it was itself reinterpreted from. A number
/// lives in a float register from one operation to the next (variables of number registers are
/// f64, `codegen::RegVars`), so a payload made from an f64 and read as one costs nothing: the
/// unused bitcasts are never emitted. A round trip through an integer register would put two
/// moves between XMM and general registers on every loop-carried chain.
pub(crate) fn bitcast(b: &mut FunctionBuilder<'_>, ty: ir::Type, value: ir::Value) -> ir::Value {
    let dfg = &b.func.dfg;
    if dfg.value_type(value) == ty {
        return value;
    }
    if let ir::ValueDef::Result(inst, 0) = dfg.value_def(value) {
        if dfg.insts[inst].opcode() == ir::Opcode::Bitcast {
            if let Some(&source) = dfg.inst_args(inst).first() {
                if dfg.value_type(source) == ty {
                    return source;
                }
            }
        }
    }
    b.ins().bitcast(ty, MemFlagsData::new(), value)
}

/// A boolean from a 0/1 condition (i8).
pub(crate) fn boolean(b: &mut FunctionBuilder<'_>, flag: ir::Value, conf: ir::Value) -> Scalar {
    Scalar {
        tag: b.ins().iconst(types::I8, TAG_BOOL),
        bits: b.ins().uextend(types::I64, flag),
        conf,
    }
}

pub(crate) fn as_f64(b: &mut FunctionBuilder<'_>, scalar: Scalar) -> ir::Value {
    bitcast(b, types::F64, scalar.bits)
}

/// Writes a scalar as a complete `Value` at `addr` (the boolean byte and the number word are
/// both written; the one the tag does not select is padding).
pub(crate) fn store(b: &mut FunctionBuilder<'_>, scalar: Scalar, addr: ir::Value, offset: i32) {
    b.ins().store(flags(), scalar.tag, addr, offset);
    let byte = b.ins().ireduce(types::I8, scalar.bits);
    b.ins().store(flags(), byte, addr, offset + OFFSET_BOOL);
    b.ins()
        .store(flags(), scalar.bits, addr, offset + OFFSET_NUMBER);
    b.ins()
        .store(flags(), scalar.conf, addr, offset + OFFSET_CONF);
}

/// Reads a scalar `Value` at `addr`.
pub(crate) fn load(b: &mut FunctionBuilder<'_>, addr: ir::Value, offset: i32) -> Scalar {
    let tag = b.ins().load(types::I8, flags(), addr, offset);
    let byte = b.ins().load(types::I8, flags(), addr, offset + OFFSET_BOOL);
    let byte = b.ins().uextend(types::I64, byte);
    let word = b
        .ins()
        .load(types::I64, flags(), addr, offset + OFFSET_NUMBER);
    let is_bool = b.ins().icmp_imm_u(IntCC::Equal, tag, TAG_BOOL);
    let bits = b.ins().select(is_bool, byte, word);
    let conf = b
        .ins()
        .load(types::F64, flags(), addr, offset + OFFSET_CONF);
    Scalar { tag, bits, conf }
}

/// conf(v) of language §7.1: 1 for a plain value.
pub(crate) fn conf_or_one(b: &mut FunctionBuilder<'_>, conf: ir::Value) -> ir::Value {
    let zero = b.ins().f64const(0.0);
    let one = b.ins().f64const(1.0);
    let plain = b.ins().fcmp(FloatCC::LessThan, conf, zero);
    b.ins().select(plain, one, conf)
}

/// A confidence as `with_confidence(confidence())` leaves it: any negative is `PLAIN`.
pub(crate) fn normalise(b: &mut FunctionBuilder<'_>, conf: ir::Value) -> ir::Value {
    let zero = b.ins().f64const(0.0);
    let plain = b.ins().f64const(PLAIN);
    let is_plain = b.ins().fcmp(FloatCC::LessThan, conf, zero);
    b.ins().select(is_plain, plain, conf)
}

/// `f64::min` of two confidences (never NaN): `y < x ? y : x`, the order x86's `minsd` gives.
fn min(b: &mut FunctionBuilder<'_>, x: ir::Value, y: ir::Value) -> ir::Value {
    let less = b.ins().fcmp(FloatCC::LessThan, y, x);
    b.ins().select(less, y, x)
}

/// The always-confident rule of the `~` operators (§7.3): min(conf(a), conf(b)).
pub(crate) fn always_conf(b: &mut FunctionBuilder<'_>, x: ir::Value, y: ir::Value) -> ir::Value {
    let x = conf_or_one(b, x);
    let y = conf_or_one(b, y);
    min(b, x, y)
}

/// The ordinary rule (§7.2): the minimum if either operand is confident, otherwise plain.
pub(crate) fn ordinary_conf(b: &mut FunctionBuilder<'_>, x: ir::Value, y: ir::Value) -> ir::Value {
    let zero = b.ins().f64const(0.0);
    let x_confident = b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, zero);
    let y_confident = b.ins().fcmp(FloatCC::GreaterThanOrEqual, y, zero);
    let any = b.ins().bor(x_confident, y_confident);
    let both = always_conf(b, x, y);
    let plain = b.ins().f64const(PLAIN);
    b.ins().select(any, both, plain)
}

/// Truthiness of a scalar (§4.12) as 0/1 (i8); `known` is the tag when it is static.
pub(crate) fn truthy(b: &mut FunctionBuilder<'_>, scalar: Scalar, known: Option<i64>) -> ir::Value {
    let zero = b.ins().f64const(0.0);
    match known {
        Some(TAG_NULL) => b.ins().iconst(types::I8, 0),
        Some(TAG_BOOL) => b.ins().icmp_imm_u(IntCC::NotEqual, scalar.bits, 0),
        Some(TAG_NUMBER) => {
            let n = as_f64(b, scalar);
            b.ins().fcmp(FloatCC::OrderedNotEqual, n, zero)
        }
        _ => {
            let n = as_f64(b, scalar);
            let number_true = b.ins().fcmp(FloatCC::OrderedNotEqual, n, zero);
            let is_number = b.ins().icmp_imm_u(IntCC::Equal, scalar.tag, TAG_NUMBER);
            let number = b.ins().band(is_number, number_true);
            let bool_true = b.ins().icmp_imm_u(IntCC::NotEqual, scalar.bits, 0);
            let is_bool = b.ins().icmp_imm_u(IntCC::Equal, scalar.tag, TAG_BOOL);
            let boolean = b.ins().band(is_bool, bool_true);
            b.ins().bor(number, boolean)
        }
    }
}
