//! Calls of array callbacks from builtins (`map`, `filter`, `reduce`…, builtins §1.4).
//!
//! A callback is called once per element, so the general path (`Machine::call` building every
//! argument, then `call_value`) was a large share of the array benchmark. Arity is not checked
//! (language §10.3): a parameter the callee does not declare cannot be read, so a plain user
//! function is entered with only the arguments it declares, written straight into its
//! registers, and the array value (an `Rc` clone per element) is made only for a callee that
//! declares a parameter for it or takes a rest parameter. Everything else (builtins, bound and
//! confident functions, async functions) takes the general path.

use prism_ir::FunctionId;
use prism_runtime::value::ArrayRef;
use prism_runtime::{Inner, Machine, Thrown, Value};

use crate::vm::{ArgSource, Vm};

impl Vm<'_, '_> {
    /// `Machine::call_with_array`: `callee(...leading, array)`.
    pub(crate) fn call_callback(
        &mut self,
        callee: &Value,
        leading: &[Value],
        array: &ArrayRef,
    ) -> Result<Value, Thrown> {
        if let Inner::Closure(closure) = callee.inner() {
            if !closure.is_async && !callee.is_confident() {
                let module = closure.id.module as usize;
                let id = FunctionId(closure.id.index);
                let target = match self.resolve(module, id) {
                    Ok(target) => target,
                    Err(unwind) => return Err(self.thrown_from_callback(unwind)),
                };
                let function = target.function;
                if !function.has_rest && function.params as usize <= leading.len() {
                    // The callback may suspend: others must see this task's random draws.
                    self.flush_random();
                    let closure = Some(closure.clone());
                    return self
                        .enter(target, closure, ArgSource::Slice(leading))
                        .map_err(|unwind| self.thrown_from_callback(unwind));
                }
            }
        }
        let mut args = Vec::with_capacity(leading.len() + 1);
        args.extend_from_slice(leading);
        args.push(Value::from_inner(Inner::Array(array.clone())));
        self.call(callee, &args)
    }
}
