//! Every constructor of the runtime error catalogue (language §12.5): code, kind and message.
use prism_runtime::catalogue as c;
use prism_runtime::error::SpreadInto;
use prism_runtime::value::Value;

use crate::helpers::message_of;

#[test]
fn catalogue_messages_follow_the_templates() {
    let n = Value::number(5.0);
    let cases = [
        (c::read_property_of_null("x"), "R0201 TypeError: cannot read property 'x' of null"),
        (c::cannot_index("number"), "R0202 TypeError: cannot index number"),
        (c::cannot_apply("+", "boolean", "number"), "R0203 TypeError: cannot apply '+' to boolean and number"),
        (c::cannot_compare("number", "string"), "R0203 TypeError: cannot compare number and string"),
        (c::no_property("Math", "foo"), "R0204 TypeError: Math has no property 'foo'"),
        (c::index_not_number("string"), "R0205 TypeError: index must be a number, got string"),
        (c::key_not_string("array"), "R0205 TypeError: object key must be a string, got array"),
        (c::cannot_spread("number", SpreadInto::Array), "R0206 TypeError: cannot spread number into an array"),
        (c::cannot_spread("number", SpreadInto::Object), "R0206 TypeError: cannot spread number into an object"),
        (c::cannot_spread("null", SpreadInto::Arguments), "R0206 TypeError: cannot spread null into arguments"),
        (c::cannot_set_property("k", "string"), "R0207 TypeError: cannot set property 'k' on string"),
        (c::cannot_set_property("k", "null"), "R0207 TypeError: cannot set property 'k' of null"),
        (c::read_only("the agent registry"), "R0207 TypeError: the agent registry is read-only"),
        (c::not_callable("number"), "R0208 TypeError: cannot call a value of type number"),
        (c::bad_unary("-", "string"), "R0209 TypeError: cannot apply unary '-' to string"),
        (c::unknown_type_name("wat"), "R0210 TypeError: unknown type name 'wat'"),
        (c::bad_instanceof_right(), "R0211 TypeError: the right side of instanceof must be a type name"),
        (c::not_iterable("number"), "R0212 TypeError: number is not iterable"),
        (c::destructure_array("null"), "R0213 TypeError: cannot destructure null as an array"),
        (c::destructure_object("null"), "R0214 TypeError: cannot destructure null as an object"),
        (c::bad_argument("Math.sqrt", 1, "a number", "string"), "R0216 TypeError: Math.sqrt: argument 1 must be a number, got string"),
        (c::bad_receiver("Array.map", "an array", "number"), "R0216 TypeError: Array.map: receiver must be an array, got number"),
        (c::bad_option("parallel", "limit", "a number", "string"), "R0216 TypeError: parallel: option 'limit' must be a number, got string"),
        (c::unknown_option("parallel", "lmit"), "R0216 TypeError: parallel: unknown option 'lmit'"),
        (c::missing_arguments("len", 1, 0), "R0217 TypeError: len: expected at least 1 argument(s), got 0"),
        (c::json_cannot_serialize("function"), "R0218 TypeError: JSON.stringify: cannot serialize function"),
        (c::json_circular(), "R0218 TypeError: JSON.stringify: circular structure"),
        (c::callback_not_number("Array.sort", "string"), "R0219 TypeError: Array.sort: the callback must return a number, got string"),
        (c::empty_without_initial("Array.reduce"), "R0220 TypeError: Array.reduce: empty array with no initial value"),
        (c::index_out_of_range(&n, 3), "R0301 RangeError: array index 5 is out of range for assignment (length 3)"),
        (c::invalid_length(&Value::number(-1.0)), "R0302 RangeError: invalid array length -1"),
        (c::call_depth(1000), "R0303 RangeError: maximum call depth of 1000 exceeded"),
        (c::out_of_range("String.repeat", 1, "an int ≥ 0", &Value::number(-1.0)), "R0304 RangeError: String.repeat: argument 1 must be an int ≥ 0, got -1"),
        (c::too_deep(), "R0305 RangeError: structure nested more than 512 levels deep"),
        (c::before_initialization("x"), "R0401 ReferenceError: cannot access 'x' before initialization"),
        (c::confidence_not_number("string"), "R0501 ConfidenceError: confidence must be a number, got string"),
        (c::bad_threshold(&Value::number(2.0)), "R0502 ConfidenceError: threshold must be a number between 0 and 1, got 2"),
        (c::confidence_nan(), "R0503 ConfidenceError: confidence is NaN"),
        (c::bad_gate(), "R0504 ConfidenceError: threshold gate expects a number or a [threshold, default] pair"),
        (c::bad_calibration("fewer than two points"), "R0505 ConfidenceError: invalid calibration points: fewer than two points"),
        (c::json_syntax("invalid number", 1, 4), "R0601 SyntaxError: JSON.parse: invalid number at line 1 column 4"),
        (c::assertion(None), "R0701 AssertionError: assertion failed"),
        (c::assertion(Some("x > 0")), "R0701 AssertionError: assertion failed: x > 0"),
        (c::timed_out("task", 50.0), "R0801 TimeoutError: task timed out after 50 ms"),
        (c::all_failed(vec![Value::NULL, Value::NULL]), "R0802 AggregateError: all 2 tasks failed"),
        (c::cancelled(), "R0803 Cancelled: task was cancelled"),
        (c::provider_failed("provider 'mock'", "server", "boom", Value::NULL), "R0804 ProviderError: call to provider 'mock' failed (server): boom"),
        (c::output_not_json("agent 'a'", "unexpected end of input", Value::NULL), "R0805 OutputError: could not parse the output of agent 'a' as JSON: unexpected end of input"),
        (c::policy_denied("call", "agent 'a'", "over budget", Value::NULL), "R0806 PolicyDenied: policy denied call for agent 'a': over budget"),
        (c::run_timeout(1000.0), "R0807 RunTimeout: run exceeded its deadline of 1000 ms"),
        (c::budget_exceeded("run", "100", "calls"), "R0808 BudgetExceeded: run budget exceeded: 100 calls"),
        (c::recursion_limit(3, "child"), "R0809 RecursionLimit: pattern depth limit of 3 reached at node child"),
        (c::input_mismatch("review", "missing key 'x'"), "R0810 InputError: input does not match the schema of pattern 'review': missing key 'x'"),
        (c::deadlock(), "R0811 Deadlock: deadlock: every task is waiting and nothing can wake them"),
        (c::interrupted(), "R0812 Interrupted: interrupted"),
        (c::pattern_failed("p.prism", "syntax"), "R0813 PatternError: pattern 'p.prism' failed to compile: syntax"),
        (c::invalid_agent("a", "no model"), "R0901 ConfigError: invalid agent 'a': no model"),
        (c::no_provider("x"), "R0901 ConfigError: no provider named 'x'"),
        (c::agent_exists("a"), "R0902 ConfigError: agent 'a' is already registered"),
        (c::no_agent("a"), "R0903 ConfigError: no agent named 'a'"),
        (c::provider_needs_real_clock("openai"), "R0904 ConfigError: provider 'openai' cannot run under a virtual clock"),
    ];
    for (thrown, expected) in &cases {
        assert_eq!(&message_of(thrown), expected);
    }
}

#[test]
fn conditions_of_12_4_cannot_be_caught() {
    for thrown in [
        c::run_timeout(1.0),
        c::deadlock(),
        c::interrupted(),
        c::cancelling(),
    ] {
        assert!(!thrown.is_catchable(), "{}", message_of(&thrown));
    }
    for thrown in [c::cancelled(), c::too_deep(), c::call_depth(1)] {
        assert!(thrown.is_catchable());
    }
}

#[test]
fn runtime_errors_get_their_position_once() {
    let mut thrown = c::not_callable("number");
    assert!(thrown.needs_position());
    thrown.fill_position(3, 7);
    thrown.fill_position(9, 9);
    let value = thrown.value().clone();
    let line = prism_runtime::ops::get_member(&value, "line").unwrap();
    let column = prism_runtime::ops::get_member(&value, "column").unwrap();
    assert_eq!(
        (line.as_number(), column.as_number()),
        (Some(3.0), Some(7.0))
    );
    assert!(value.is_error());
    let data =
        prism_runtime::ops::get_member(&c::all_failed(vec![Value::NULL]).into_value(), "data");
    assert_eq!(prism_runtime::display(&data.unwrap()), "{ errors: [null] }");
}
