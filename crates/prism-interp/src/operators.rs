//! The IR's eager binary operators as the runtime names them, for both backends (the JIT's
//! shims hand the same operators to `ops::binary`).

use prism_ir::BinaryOp;
use prism_runtime::ops::BinaryOp as Op;

/// The runtime operator that computes IR operator `op` (`ops::binary`).
#[inline]
pub fn runtime_binary_op(op: BinaryOp) -> Op {
    match op {
        BinaryOp::Add => Op::Add,
        BinaryOp::Sub => Op::Sub,
        BinaryOp::Mul => Op::Mul,
        BinaryOp::Div => Op::Div,
        BinaryOp::Rem => Op::Rem,
        BinaryOp::Pow => Op::Pow,
        BinaryOp::Eq => Op::Eq,
        BinaryOp::NotEq => Op::NotEq,
        BinaryOp::Lt => Op::Lt,
        BinaryOp::LtEq => Op::LtEq,
        BinaryOp::Gt => Op::Gt,
        BinaryOp::GtEq => Op::GtEq,
        BinaryOp::Instanceof => Op::Instanceof,
        BinaryOp::Annotate => Op::Annotate,
        BinaryOp::ConfAdd => Op::ConfAdd,
        BinaryOp::ConfSub => Op::ConfSub,
        BinaryOp::ConfMul => Op::ConfMul,
        BinaryOp::ConfDiv => Op::ConfDiv,
        BinaryOp::ConfEq => Op::ConfEq,
        BinaryOp::ConfNotEq => Op::ConfNotEq,
        BinaryOp::ConfLt => Op::ConfLt,
        BinaryOp::ConfLtEq => Op::ConfLtEq,
        BinaryOp::ConfGtEq => Op::ConfGtEq,
        BinaryOp::ConfAnd => Op::ConfAnd,
        BinaryOp::ConfOr => Op::ConfOr,
        BinaryOp::Chain => Op::Chain,
        BinaryOp::ConfSelect => Op::ConfSelect,
        BinaryOp::Gate => Op::Gate,
    }
}
