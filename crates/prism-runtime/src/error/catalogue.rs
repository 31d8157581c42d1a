//! Constructors for every entry of the runtime error catalogue (language §12.5), named after
//! the situation. Each returns a [`Thrown`] holding a fresh error object.
use super::{SpreadInto, Thrown, CONFIDENCE_ERROR, RANGE_ERROR, TYPE_ERROR};
use crate::display::display;
use crate::value::Value;

#[cold]
pub fn read_property_of_null(key: &str) -> Thrown {
    Thrown::runtime(
        "R0201",
        TYPE_ERROR,
        format!("cannot read property '{key}' of null"),
    )
}

#[cold]
pub fn cannot_index(type_name: &str) -> Thrown {
    Thrown::runtime("R0202", TYPE_ERROR, format!("cannot index {type_name}"))
}

#[cold]
pub fn cannot_apply(op: &str, left: &str, right: &str) -> Thrown {
    Thrown::runtime(
        "R0203",
        TYPE_ERROR,
        format!("cannot apply '{op}' to {left} and {right}"),
    )
}

#[cold]
pub fn cannot_compare(left: &str, right: &str) -> Thrown {
    Thrown::runtime(
        "R0203",
        TYPE_ERROR,
        format!("cannot compare {left} and {right}"),
    )
}

/// `owner` is the type name, or the namespace name for namespaces (`Math`).
#[cold]
pub fn no_property(owner: &str, key: &str) -> Thrown {
    Thrown::runtime(
        "R0204",
        TYPE_ERROR,
        format!("{owner} has no property '{key}'"),
    )
}

#[cold]
pub fn index_not_number(type_name: &str) -> Thrown {
    Thrown::runtime(
        "R0205",
        TYPE_ERROR,
        format!("index must be a number, got {type_name}"),
    )
}

#[cold]
pub fn key_not_string(type_name: &str) -> Thrown {
    Thrown::runtime(
        "R0205",
        TYPE_ERROR,
        format!("object key must be a string, got {type_name}"),
    )
}

#[cold]
pub fn cannot_spread(type_name: &str, into: SpreadInto) -> Thrown {
    let target = match into {
        SpreadInto::Array => "an array",
        SpreadInto::Object => "an object",
        SpreadInto::Arguments => "arguments",
    };
    Thrown::runtime(
        "R0206",
        TYPE_ERROR,
        format!("cannot spread {type_name} into {target}"),
    )
}

#[cold]
pub fn cannot_set_property(key: &str, type_name: &str) -> Thrown {
    let message = if type_name == "null" {
        format!("cannot set property '{key}' of null")
    } else {
        format!("cannot set property '{key}' on {type_name}")
    };
    Thrown::runtime("R0207", TYPE_ERROR, message)
}

#[cold]
pub fn read_only(what: &str) -> Thrown {
    Thrown::runtime("R0207", TYPE_ERROR, format!("{what} is read-only"))
}

#[cold]
pub fn not_callable(type_name: &str) -> Thrown {
    Thrown::runtime(
        "R0208",
        TYPE_ERROR,
        format!("cannot call a value of type {type_name}"),
    )
}

#[cold]
pub fn bad_unary(op: &str, type_name: &str) -> Thrown {
    Thrown::runtime(
        "R0209",
        TYPE_ERROR,
        format!("cannot apply unary '{op}' to {type_name}"),
    )
}

#[cold]
pub fn unknown_type_name(name: &str) -> Thrown {
    Thrown::runtime("R0210", TYPE_ERROR, format!("unknown type name '{name}'"))
}

#[cold]
pub fn bad_instanceof_right() -> Thrown {
    Thrown::runtime(
        "R0211",
        TYPE_ERROR,
        "the right side of instanceof must be a type name",
    )
}

#[cold]
pub fn not_iterable(type_name: &str) -> Thrown {
    Thrown::runtime("R0212", TYPE_ERROR, format!("{type_name} is not iterable"))
}

#[cold]
pub fn destructure_array(type_name: &str) -> Thrown {
    Thrown::runtime(
        "R0213",
        TYPE_ERROR,
        format!("cannot destructure {type_name} as an array"),
    )
}

#[cold]
pub fn destructure_object(type_name: &str) -> Thrown {
    Thrown::runtime(
        "R0214",
        TYPE_ERROR,
        format!("cannot destructure {type_name} as an object"),
    )
}

/// `n` is the 1-based argument position.
#[cold]
pub fn bad_argument(func: &str, n: usize, expected: &str, type_name: &str) -> Thrown {
    let message = format!("{func}: argument {n} must be {expected}, got {type_name}");
    Thrown::runtime("R0216", TYPE_ERROR, message)
}

#[cold]
pub fn bad_receiver(func: &str, expected: &str, type_name: &str) -> Thrown {
    let message = format!("{func}: receiver must be {expected}, got {type_name}");
    Thrown::runtime("R0216", TYPE_ERROR, message)
}

#[cold]
pub fn bad_option(func: &str, name: &str, expected: &str, type_name: &str) -> Thrown {
    let message = format!("{func}: option '{name}' must be {expected}, got {type_name}");
    Thrown::runtime("R0216", TYPE_ERROR, message)
}

#[cold]
pub fn unknown_option(func: &str, name: &str) -> Thrown {
    Thrown::runtime(
        "R0216",
        TYPE_ERROR,
        format!("{func}: unknown option '{name}'"),
    )
}

#[cold]
pub fn missing_arguments(func: &str, required: usize, got: usize) -> Thrown {
    let message = format!("{func}: expected at least {required} argument(s), got {got}");
    Thrown::runtime("R0217", TYPE_ERROR, message)
}

#[cold]
pub fn json_cannot_serialize(type_name: &str) -> Thrown {
    Thrown::runtime(
        "R0218",
        TYPE_ERROR,
        format!("JSON.stringify: cannot serialize {type_name}"),
    )
}

#[cold]
pub fn json_circular() -> Thrown {
    Thrown::runtime("R0218", TYPE_ERROR, "JSON.stringify: circular structure")
}

#[cold]
pub fn callback_not_number(func: &str, type_name: &str) -> Thrown {
    let message = format!("{func}: the callback must return a number, got {type_name}");
    Thrown::runtime("R0219", TYPE_ERROR, message)
}

#[cold]
pub fn empty_without_initial(func: &str) -> Thrown {
    Thrown::runtime(
        "R0220",
        TYPE_ERROR,
        format!("{func}: empty array with no initial value"),
    )
}

#[cold]
pub fn index_out_of_range(index: &Value, length: usize) -> Thrown {
    let message = format!(
        "array index {} is out of range for assignment (length {length})",
        display(index)
    );
    Thrown::runtime("R0301", RANGE_ERROR, message)
}

#[cold]
pub fn invalid_length(value: &Value) -> Thrown {
    Thrown::runtime(
        "R0302",
        RANGE_ERROR,
        format!("invalid array length {}", display(value)),
    )
}

#[cold]
pub fn call_depth(limit: usize) -> Thrown {
    Thrown::runtime(
        "R0303",
        RANGE_ERROR,
        format!("maximum call depth of {limit} exceeded"),
    )
}

/// `n` is the 1-based argument position; `value` is shown by its display.
#[cold]
pub fn out_of_range(func: &str, n: usize, constraint: &str, value: &Value) -> Thrown {
    let message = format!(
        "{func}: argument {n} must be {constraint}, got {}",
        display(value)
    );
    Thrown::runtime("R0304", RANGE_ERROR, message)
}

/// R0304 with a message the builtin composes itself (such as the radix rule of
/// `Number.toString`).
#[cold]
pub fn range_error(message: impl Into<String>) -> Thrown {
    Thrown::runtime("R0304", RANGE_ERROR, message)
}

#[cold]
pub fn too_deep() -> Thrown {
    Thrown::runtime(
        "R0305",
        RANGE_ERROR,
        "structure nested more than 512 levels deep",
    )
}

#[cold]
pub fn before_initialization(name: &str) -> Thrown {
    let message = format!("cannot access '{name}' before initialization");
    Thrown::runtime("R0401", "ReferenceError", message)
}

#[cold]
pub fn confidence_not_number(type_name: &str) -> Thrown {
    let message = format!("confidence must be a number, got {type_name}");
    Thrown::runtime("R0501", CONFIDENCE_ERROR, message)
}

#[cold]
pub fn bad_threshold(value: &Value) -> Thrown {
    let message = format!(
        "threshold must be a number between 0 and 1, got {}",
        display(value)
    );
    Thrown::runtime("R0502", CONFIDENCE_ERROR, message)
}

#[cold]
pub fn confidence_nan() -> Thrown {
    Thrown::runtime("R0503", CONFIDENCE_ERROR, "confidence is NaN")
}

#[cold]
pub fn bad_gate() -> Thrown {
    let message = "threshold gate expects a number or a [threshold, default] pair";
    Thrown::runtime("R0504", CONFIDENCE_ERROR, message)
}

#[cold]
pub fn bad_calibration(detail: &str) -> Thrown {
    let message = format!("invalid calibration points: {detail}");
    Thrown::runtime("R0505", CONFIDENCE_ERROR, message)
}

#[cold]
pub fn json_syntax(detail: &str, line: usize, column: usize) -> Thrown {
    let message = format!("JSON.parse: {detail} at line {line} column {column}");
    Thrown::runtime("R0601", "SyntaxError", message)
}

/// R0701; `detail` is `None` for the bare "assertion failed".
#[cold]
pub fn assertion(detail: Option<&str>) -> Thrown {
    let message = match detail {
        Some(detail) => format!("assertion failed: {detail}"),
        None => "assertion failed".to_string(),
    };
    Thrown::runtime("R0701", "AssertionError", message)
}

#[cold]
pub fn timed_out(what: &str, ms: f64) -> Thrown {
    let ms = display(&Value::number(ms));
    Thrown::runtime(
        "R0801",
        "TimeoutError",
        format!("{what} timed out after {ms} ms"),
    )
}

/// R0802 with `data` `{ errors: [...] }` (builtins §13).
#[cold]
pub fn all_failed(errors: Vec<Value>) -> Thrown {
    let message = format!("all {} tasks failed", errors.len());
    let data = Value::object_from([("errors", Value::array(errors))]);
    Thrown::runtime_with_data("R0802", "AggregateError", &message, data)
}

/// Awaiting a task cancelled elsewhere (catchable, §12.4).
#[cold]
pub fn cancelled() -> Thrown {
    Thrown::runtime("R0803", "Cancelled", "task was cancelled")
}

/// The cancellation of the running task itself, which `catch` cannot intercept (§12.4).
#[cold]
pub fn cancelling() -> Thrown {
    Thrown::uncatchable("R0803", "Cancelled", "task was cancelled")
}

#[cold]
pub fn provider_failed(target: &str, reason: &str, message: &str, data: Value) -> Thrown {
    let text = format!("call to {target} failed ({reason}): {message}");
    Thrown::runtime_with_data("R0804", "ProviderError", &text, data)
}

#[cold]
pub fn output_not_json(target: &str, detail: &str, data: Value) -> Thrown {
    let text = format!("could not parse the output of {target} as JSON: {detail}");
    Thrown::runtime_with_data("R0805", "OutputError", &text, data)
}

#[cold]
pub fn policy_denied(action: &str, target: &str, reasons: &str, data: Value) -> Thrown {
    let text = format!("policy denied {action} for {target}: {reasons}");
    Thrown::runtime_with_data("R0806", "PolicyDenied", &text, data)
}

#[cold]
pub fn run_timeout(ms: f64) -> Thrown {
    let ms = display(&Value::number(ms));
    Thrown::uncatchable(
        "R0807",
        "RunTimeout",
        format!("run exceeded its deadline of {ms} ms"),
    )
}

#[cold]
pub fn budget_exceeded(scope: &str, limit: &str, unit: &str) -> Thrown {
    let message = format!("{scope} budget exceeded: {limit} {unit}");
    Thrown::runtime("R0808", "BudgetExceeded", message)
}

#[cold]
pub fn recursion_limit(max: usize, node: &str) -> Thrown {
    let message = format!("pattern depth limit of {max} reached at node {node}");
    Thrown::runtime("R0809", "RecursionLimit", message)
}

#[cold]
pub fn input_mismatch(name: &str, detail: &str) -> Thrown {
    let message = format!("input does not match the schema of pattern '{name}': {detail}");
    Thrown::runtime("R0810", "InputError", message)
}

#[cold]
pub fn deadlock() -> Thrown {
    let message = "deadlock: every task is waiting and nothing can wake them";
    Thrown::uncatchable("R0811", "Deadlock", message)
}

#[cold]
pub fn interrupted() -> Thrown {
    Thrown::uncatchable("R0812", "Interrupted", "interrupted")
}

#[cold]
pub fn pattern_failed(path: &str, message: &str) -> Thrown {
    let text = format!("pattern '{path}' failed to compile: {message}");
    Thrown::runtime("R0813", "PatternError", text)
}

#[cold]
pub fn invalid_agent(name: &str, detail: &str) -> Thrown {
    Thrown::runtime(
        "R0901",
        "ConfigError",
        format!("invalid agent '{name}': {detail}"),
    )
}

#[cold]
pub fn no_provider(name: &str) -> Thrown {
    Thrown::runtime(
        "R0901",
        "ConfigError",
        format!("no provider named '{name}'"),
    )
}

#[cold]
pub fn agent_exists(name: &str) -> Thrown {
    let message = format!("agent '{name}' is already registered");
    Thrown::runtime("R0902", "ConfigError", message)
}

#[cold]
pub fn no_agent(name: &str) -> Thrown {
    Thrown::runtime("R0903", "ConfigError", format!("no agent named '{name}'"))
}

#[cold]
pub fn provider_needs_real_clock(name: &str) -> Thrown {
    let message = format!("provider '{name}' cannot run under a virtual clock");
    Thrown::runtime("R0904", "ConfigError", message)
}
