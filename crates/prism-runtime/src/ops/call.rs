//! Calls (language §6.5, §10.3, §10.5). Closures run in the backend; everything else that can
//! be called — builtins, bound methods — runs here, and the confident-function rule is applied
//! the same way for both.
use crate::builtins::{call_bound, call_builtin, Machine};
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

use super::confidence::confident_call_result;

/// Calls `callee` if it is not a closure: `Some(result)` for builtins and bound methods (with
/// the builtin's arity check and confidence mode) and R0208 for values that are not functions;
/// `None` for a closure, which the backend runs itself. The result still goes through
/// [`finish_call`].
pub fn call_native(
    machine: &mut dyn Machine,
    callee: &Value,
    args: &[Value],
) -> Option<Result<Value, Thrown>> {
    match callee.inner() {
        Inner::Closure(_) => None,
        Inner::Builtin(builtin) => Some(call_builtin(machine, builtin, None, args)),
        Inner::Bound(bound) => Some(call_bound(machine, bound, args)),
        _ => Some(Err(catalogue::not_callable(callee.type_name()))),
    }
}

/// The value of a finished call: a confident callee makes the result inner(result) with
/// conf(f) × conf(result) (§10.5); otherwise the result is unchanged.
#[inline]
pub fn finish_call(callee: &Value, result: Value) -> Value {
    match callee.confidence() {
        Some(conf) => confident_call_result(conf, result),
        None => result,
    }
}
