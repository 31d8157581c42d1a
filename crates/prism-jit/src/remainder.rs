//! `%` on two numbers, inline: the two paths of the runtime's `ops::remainder` (the truncating
//! remainder, as in JavaScript), the integer instruction for integer operands, exact, with the
//! sign of `x` on a zero. Other operands (fractions, NaN, infinities, beyond 2^53, a zero
//! divisor) call the runtime through the shim, which computes `fmod`. The shim on every `%` cost
//! more than the interpreter's own shortcut and made a callback like `x => x % 3 == 0` slower
//! compiled than interpreted.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder};
use prism_ir::BinaryOp;
use prism_runtime::ops::EXACT_INTEGER;
use prism_span::Span;

use crate::codegen::{State, Translator};
use crate::values::{self, Scalar};

impl Translator<'_, '_> {
    /// `a % b` for two numbers, with `conf` the result's confidence (the ordinary rule).
    pub(crate) fn remainder(
        &mut self,
        state: &mut State,
        a: Scalar,
        b: Scalar,
        conf: cranelift_codegen::ir::Value,
        span: Span,
    ) -> Scalar {
        let x = values::as_f64(&mut self.b, a);
        let y = values::as_f64(&mut self.b, b);
        let xi = self.b.ins().fcvt_to_sint_sat(types::I64, x);
        let yi = self.b.ins().fcvt_to_sint_sat(types::I64, y);
        // NaN converts to 0 and infinities saturate: both fail the round trip.
        let xr = self.b.ins().fcvt_from_sint(types::F64, xi);
        let yr = self.b.ins().fcvt_from_sint(types::F64, yi);
        let x_exact = self.b.ins().fcmp(FloatCC::Equal, xr, x);
        let y_exact = self.b.ins().fcmp(FloatCC::Equal, yr, y);
        let nonzero = self.b.ins().icmp_imm_u(IntCC::NotEqual, yi, 0);
        let limit = self.b.ins().f64const(EXACT_INTEGER);
        let x_abs = self.b.ins().fabs(x);
        let y_abs = self.b.ins().fabs(y);
        let x_small = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x_abs, limit);
        let y_small = self.b.ins().fcmp(FloatCC::LessThanOrEqual, y_abs, limit);
        let exact = self.b.ins().band(x_exact, y_exact);
        let small = self.b.ins().band(x_small, y_small);
        let integers = self.b.ins().band(exact, small);
        let integers = self.b.ins().band(integers, nonzero);

        let integer_block = self.b.create_block();
        let general_block = self.b.create_block();
        let join = self.b.create_block();
        let result = self.b.append_block_param(join, types::F64);
        let result_conf = self.b.append_block_param(join, types::F64);
        self.b.set_cold_block(general_block);
        self.b
            .ins()
            .brif(integers, integer_block, &[], general_block, &[]);

        self.b.switch_to_block(integer_block);
        // |x| <= 2^53 rules out the one overflowing case, i64::MIN % -1.
        let r = self.b.ins().srem(xi, yi);
        let r = self.b.ins().fcvt_from_sint(types::F64, r);
        // A truncating remainder has the sign of x, and so has its zero (-0 for x < 0 or -0).
        let r = self.b.ins().fcopysign(r, x);
        self.b.ins().jump(join, &[r.into(), conf.into()]);

        self.b.switch_to_block(general_block);
        let shim = state.shims.binary;
        let code = crate::codegen::binary_index(BinaryOp::Rem);
        let general = self.call_shim(state, shim, code, &[a, b], span);
        let bits = values::as_f64(&mut self.b, general);
        self.b.ins().jump(join, &[bits.into(), general.conf.into()]);

        self.b.switch_to_block(join);
        values::number(&mut self.b, result, result_conf)
    }
}
