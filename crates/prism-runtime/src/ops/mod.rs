//! The one definition of every Prism operation, shared by the interpreter and the JIT
//! (language §6, §7). Backends evaluate operands and sequence the lazy operators themselves; the
//! value and confidence of every result is computed here.
//!
//! * eager binary operators: [`binary`] (and the typed entry points it dispatches to);
//! * unary operators and `++`/`--`: [`unary`], [`update`];
//! * confidence operators and rules: [`confidence`] (annotate, gate, the lazy operators'
//!   selection rules, pipelines, confident calls, thresholds, levels);
//! * equality, ordering and `instanceof`: [`compare`];
//! * member and index reads and writes: [`access`]; iteration and spreading: [`iterate`];
//!   destructuring and match tests: [`pattern`].
use crate::display::push_text_form;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

pub mod access;
pub mod call;
pub mod compare;
pub mod confidence;
pub mod iterate;
pub mod pattern;

pub use access::{
    access_rule, get_index, get_member, get_member_confident, method_target, object_key, set_index,
    set_member, MethodTarget,
};
pub use call::{call_native, finish_call};
pub use compare::{default_order, equals, instance_of, same_value_zero};
pub use confidence::{
    annotate, await_result, check_threshold, conf_coalesce_takes_left, conf_conditional,
    conf_escalate_fallback, conf_escalate_takes_right, conf_pipe_result, conf_select,
    confident_call_result, gate, interpolate, level, Level,
};
pub use iterate::{
    iter_item, iter_length, iter_prepare, spread_into_arguments, spread_into_array,
    spread_into_object, ForIn,
};
pub use pattern::{
    apply_threshold, array_pattern_element, array_pattern_rest, array_shape, check_array_pattern,
    check_object_pattern, conf_at_least, expect_object, has_key, object_pattern_rest,
};

macro_rules! op_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// The operator as written in source (used in R0203/R0209 messages).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
        }
    };
}

op_enum! {
    /// The strict binary operators (language §6.7, §6.8, §7.3): both operands are evaluated
    /// before the operator applies. It is also the IR's operator type, so a backend hands the
    /// IR's operator to [`binary`] as it is. The lazy operators (`&&`, `||`, `??`, `~??`, `~@>`)
    /// are not here: a backend sequences them with [`confidence`]'s selection helpers. `===` and
    /// `!==` are `==` and `!=` (the IR lowers them so; §6.8 gives them one meaning).
    BinaryOp {
        Add => "+", Sub => "-", Mul => "*", Div => "/", Rem => "%", Pow => "**",
        Eq => "==", NotEq => "!=", Lt => "<", LtEq => "<=", Gt => ">", GtEq => ">=",
        Instanceof => "instanceof",
        /// `a ~> c` (attach a confidence).
        Annotate => "~>",
        ConfAdd => "~+", ConfSub => "~-", ConfMul => "~*", ConfDiv => "~/",
        ConfEq => "~==", ConfNotEq => "~!=", ConfLt => "~<", ConfLtEq => "~<=", ConfGtEq => "~>=",
        ConfAnd => "~&&", ConfOr => "~||",
        /// `a ~~ b`.
        Chain => "~~",
        /// `a ~||> b`.
        ConfSelect => "~||>",
        /// `a ~?> t` and `a ~?> [t, d]` (a pipeline operator in the syntax).
        Gate => "~?>",
    }
}

op_enum! {
    /// Prefix operators computed by the runtime (`await` is the backend's: it suspends).
    UnaryOp { Not => "!", Neg => "-", Strip => "~", Confidence => "<~", Typeof => "typeof", }
}

op_enum! {
    /// `++` and `--` (language §6.6).
    UpdateOp { Increment => "++", Decrement => "--", }
}

/// How the result of an arithmetic, comparison or `~~`/`~&&` operator gets its confidence.
/// The backends ask here instead of keeping their own lists (the JIT emits the chosen rule
/// inline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfidenceRule {
    /// §7.2: the minimum of the operands' confidences if either is confident, else plain.
    Ordinary,
    /// §7.3, the `~` operators: always confident, the minimum, a plain operand counting 1.
    AlwaysMinimum,
    /// Any other operator, whose result [`binary`] builds by its own rule.
    Own,
}

/// The rule of `op` (§7.2, §7.3).
pub fn confidence_rule(op: BinaryOp) -> ConfidenceRule {
    use BinaryOp::*;
    match op {
        Add | Sub | Mul | Div | Rem | Pow | Eq | NotEq | Lt | LtEq | Gt | GtEq => {
            ConfidenceRule::Ordinary
        }
        ConfAdd | ConfSub | ConfMul | ConfDiv | ConfEq | ConfNotEq | ConfLt | ConfLtEq
        | ConfGtEq | ConfAnd | Chain => ConfidenceRule::AlwaysMinimum,
        Instanceof | Annotate | Gate | ConfOr | ConfSelect => ConfidenceRule::Own,
    }
}

/// The confidence of an ordinary-rule result (§7.2): the minimum if either operand is
/// confident, otherwise plain (`None`).
#[inline]
pub fn ordinary_conf(a: &Value, b: &Value) -> Option<f64> {
    if a.is_confident() || b.is_confident() {
        Some(a.conf().min(b.conf()))
    } else {
        None
    }
}

/// The always-confident rule of the `~` operators (§7.3): min(c_a, c_b), plain counting 1.
#[inline]
fn always_conf(a: &Value, b: &Value) -> Option<f64> {
    Some(a.conf().min(b.conf()))
}

/// The confidence [`confidence_rule`] gives `op`'s result; only for operators with one of the
/// two shared rules.
#[inline]
fn rule_conf(op: BinaryOp, a: &Value, b: &Value) -> Option<f64> {
    match confidence_rule(op) {
        ConfidenceRule::AlwaysMinimum => always_conf(a, b),
        ConfidenceRule::Ordinary | ConfidenceRule::Own => ordinary_conf(a, b),
    }
}

/// Applies a strict binary operator to its two evaluated operands.
pub fn binary(op: BinaryOp, a: &Value, b: &Value) -> Result<Value, Thrown> {
    use BinaryOp::*;
    Ok(match op {
        Add | Sub | Mul | Div | Rem | Pow | ConfAdd | ConfSub | ConfMul | ConfDiv => {
            arithmetic(op, a, b)?.with_confidence(rule_conf(op, a, b))
        }
        Eq | ConfEq => Value::bool(equals(a, b)?).with_confidence(rule_conf(op, a, b)),
        NotEq | ConfNotEq => Value::bool(!equals(a, b)?).with_confidence(rule_conf(op, a, b)),
        Lt | LtEq | Gt | GtEq | ConfLt | ConfLtEq | ConfGtEq => {
            Value::bool(compare::relational(op, a, b)?).with_confidence(rule_conf(op, a, b))
        }
        Instanceof => instance_of(a, b)?,
        Annotate => annotate(a, b)?,
        Gate => gate(a, b)?,
        Chain => b.to_plain().with_confidence(rule_conf(op, a, b)),
        ConfAnd => Value::bool(a.truthy() && b.truthy()).with_confidence(rule_conf(op, a, b)),
        ConfOr => Value::bool(a.truthy() || b.truthy()).with_conf(a.conf().max(b.conf())),
        ConfSelect => conf_select(a, b).clone(),
    })
}

/// `+ - * / % **` and their `~` forms on inner values (§6.7); the result is plain, the caller
/// attaches the confidence.
fn arithmetic(op: BinaryOp, a: &Value, b: &Value) -> Result<Value, Thrown> {
    match (a.inner(), b.inner()) {
        (Inner::Number(x), Inner::Number(y)) => Ok(Value::number(number_op(op, *x, *y))),
        (Inner::Str(_), _) | (_, Inner::Str(_))
            if matches!(op, BinaryOp::Add | BinaryOp::ConfAdd) =>
        {
            Ok(concat(a, b))
        }
        _ => Err(catalogue::cannot_apply(
            op.as_str(),
            a.type_name(),
            b.type_name(),
        )),
    }
}

/// Integers up to this magnitude are exact both as `f64` and as `i64`.
pub const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// `x % y`, the truncating remainder (as in JavaScript, and as Rust's `%` on floats computes it
/// with `fmod`). Integer operands take the integer instruction instead of the much slower
/// `fmod`; both are exact, so the results are the same, including the sign of a zero (that of
/// `x`). The JIT emits the same two paths inline (`prism-jit`'s `remainder.rs`).
#[inline(always)]
pub fn remainder(x: f64, y: f64) -> f64 {
    // The integer test round-trips through `i64` rather than calling `trunc`, which without
    // SSE4.1 is a library call (NaN converts to 0 and fails the comparison).
    let (xi, yi) = (x as i64, y as i64);
    if xi as f64 == x
        && yi as f64 == y
        && yi != 0
        && x.abs() <= EXACT_INTEGER
        && y.abs() <= EXACT_INTEGER
    {
        let r = (xi % yi) as f64;
        if r == 0.0 && x.is_sign_negative() {
            -0.0
        } else {
            r
        }
    } else {
        x % y
    }
}

/// IEEE arithmetic with JavaScript's `%` and `**` (§4.2).
#[inline]
pub fn number_op(op: BinaryOp, x: f64, y: f64) -> f64 {
    use BinaryOp::*;
    match op {
        Add | ConfAdd => x + y,
        Sub | ConfSub => x - y,
        Mul | ConfMul => x * y,
        Div | ConfDiv => x / y,
        Rem => remainder(x, y),
        _ => pow(x, y),
    }
}

/// JavaScript exponentiation (§4.2): where it differs from C `pow`.
pub fn pow(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() {
        return f64::NAN;
    }
    if exponent == 0.0 {
        return 1.0;
    }
    if base.abs() == 1.0 && exponent.is_infinite() {
        return f64::NAN;
    }
    base.powf(exponent)
}

/// String `+`: the text forms of both operands, concatenated (§4.15, §6.7).
fn concat(a: &Value, b: &Value) -> Value {
    let mut text = String::new();
    push_text_form(&mut text, &a.to_plain());
    push_text_form(&mut text, &b.to_plain());
    Value::string(&text)
}

/// Applies a prefix operator (§6.6).
pub fn unary(op: UnaryOp, a: &Value) -> Result<Value, Thrown> {
    Ok(match op {
        UnaryOp::Not => Value::bool(!a.truthy()),
        UnaryOp::Neg => match a.inner() {
            Inner::Number(n) => Value::number(-n).with_confidence(a.confidence()),
            _ => return Err(catalogue::bad_unary("-", a.type_name())),
        },
        UnaryOp::Strip => a.to_plain(),
        UnaryOp::Confidence => Value::number(a.conf()),
        UnaryOp::Typeof => Value::string(a.type_name()),
    })
}

/// The new value stored by `++`/`--` (§6.6): inner ± 1, keeping the old confidence. The
/// backend yields it (prefix) or the old value (postfix).
pub fn update(op: UpdateOp, current: &Value) -> Result<Value, Thrown> {
    match current.inner() {
        Inner::Number(n) => {
            let next = if op == UpdateOp::Increment {
                n + 1.0
            } else {
                n - 1.0
            };
            Ok(Value::number(next).with_confidence(current.confidence()))
        }
        _ => Err(catalogue::bad_unary(op.as_str(), current.type_name())),
    }
}

/// Whether a callee can be called; R0208 otherwise (§6.5).
pub fn check_callable(callee: &Value) -> Result<(), Thrown> {
    if callee.inner().is_function() {
        Ok(())
    } else {
        Err(catalogue::not_callable(callee.type_name()))
    }
}
