//! Warnings of language §15.2.

use crate::assert_check;

#[test]
fn w0401_plain_literal_condition() {
    assert_check!("uncertain if (true) {\n  high { print(\"h\") }\n}\n");
}

#[test]
fn w0401_plain_through_constant() {
    assert_check!("const ready = 1 > 0\nuncertain while (ready) {\n  high { break }\n}\n");
}

#[test]
fn w0401_not_for_confident_or_unknown() {
    assert_check!(
        "let c = llm(\"ok?\")\nuncertain if (c) {\n  high { print(\"h\") }\n}\nuncertain if (input.flag) {\n  high { print(\"h\") }\n}\n"
    );
}

#[test]
fn w0402_call_on_next_line() {
    assert_check!("let f = print\nf\n(1)\n");
}

#[test]
fn w0402_index_and_increment_on_next_line() {
    assert_check!("let a = [1]\nlet b = a\n[0]\nlet n = 0\nn\n++\nprint(b, n)\n");
}

#[test]
fn w0403_two_literals() {
    assert_check!("let x = 1 ~+ 2\nprint(x)\n");
}

#[test]
fn w0403_plain_constants() {
    assert_check!("const a = 2\nconst b = a * 3\nprint(a ~< b, a ~&& b, (a ~> 0.5) ~== b)\n");
}

#[test]
fn w0404_missing_key() {
    assert_check!("const config = { retries: 3 }\nprint(config.timeout)\n");
}

#[test]
fn w0404_index_and_optional_reads() {
    assert_check!(
        "const limits = { low: 1, high: 9 }\nprint(limits[\"mid\"], limits?.top, limits.low)\n"
    );
}

#[test]
fn w0404_not_when_the_object_escapes() {
    assert_check!("const config = { retries: 3 }\nconfig.timeout = 5\nprint(config.timeout)\n");
}

#[test]
fn w0405_too_few_arguments() {
    assert_check!("function add(a, b) { a + b }\nprint(add(1))\n");
}

#[test]
fn w0405_too_many_to_a_lambda_constant() {
    assert_check!(
        "const greet = (name, greeting = \"hi\") => greeting + name\nprint(greet(\"a\", \"b\", \"c\"), greet(\"a\"))\n"
    );
}

#[test]
fn w0405_rest_and_spread_disable_it() {
    assert_check!(
        "function all(first, ...others) { others }\nfunction two(a, b) { a }\nprint(all(1, 2, 3, 4), two(...[1, 2, 3]))\n"
    );
}

#[test]
fn w0406_after_return() {
    assert_check!(
        "function f() {\n  return 1\n  print(\"never\")\n  print(\"also never\")\n}\nprint(f())\n"
    );
}

#[test]
fn w0406_after_break_in_loop() {
    assert_check!("for x in [1, 2] {\n  if (x > 1) {\n    continue\n    print(x)\n  }\n  break\n  print(\"after\")\n}\n");
}

#[test]
fn w0407_confidence_on_same_line() {
    assert_check!("let a = 1 ~> 0.5\nlet b = 2\nprint(a) <~b\n");
}

#[test]
fn w0407_after_call_statement() {
    assert_check!("let x = 3 ~> 0.2\nprint(\"x\") <~x\n<~x\n");
}

#[test]
fn w0408_division_by_literal_zero() {
    assert_check!("let a = 10\nprint(a / 0, a % 0)\n");
}

#[test]
fn w0408_confident_division_and_assignment() {
    assert_check!("let a = 10 ~> 0.5\nprint(a ~/ 0.0)\nlet b = 4\nb /= 0\nprint(b)\n");
}

#[test]
fn w0409_no_catch_all() {
    assert_check!("let r = match 3 { 1 => \"one\" }\nprint(r)\n");
}

#[test]
fn w0409_guarded_last_arm() {
    assert_check!("let n = 3\nprint(match n { 1 => \"one\", x if x > 2 => \"big\" })\nprint(match n { 1 => \"one\", other => \"rest\" })\n");
}

#[test]
fn w0410_negated_base() {
    assert_check!("let x = 2\nprint(-x ** 2)\n");
}

#[test]
fn w0410_negated_literal_and_parenthesised() {
    assert_check!("print(-2 ** 2, (-2) ** 2, -(2 ** 2))\n");
}

#[test]
fn w0411_unused_in_function() {
    assert_check!(
        "function f() {\n  let unused = 1\n  let _ignored = 2\n  return 3\n}\nprint(f())\n"
    );
}

#[test]
fn w0411_unused_in_block_but_not_top_level() {
    assert_check!(
        "let top = 1\nif (true) {\n  const inner = 2\n  let written = 0\n  written = 5\n}\n"
    );
}

#[test]
fn w0412_equal_to_nan() {
    assert_check!("let x = 0 / 1\nprint(x == NaN)\n");
}

#[test]
fn w0412_nan_on_the_left() {
    assert_check!("let x = parseFloat(\"a\")\nprint(NaN !== x)\n");
}

#[test]
fn w0412_not_for_shadowed_nan() {
    assert_check!("let NaN = 1\nprint(1 == NaN)\n");
}

#[test]
fn w0413_overflow() {
    assert_check!("let big = 1e400\nprint(big)\n");
}

#[test]
fn w0413_underflow() {
    assert_check!("let tiny = 1e-400\nlet zero = 0e-400\nprint(tiny, zero)\n");
}

#[test]
fn w0414_typeof_undefined() {
    assert_check!("let x = null\nprint(typeof x == \"undefined\")\n");
}

#[test]
fn w0414_reversed_and_not_equal() {
    assert_check!("let x = 1\nprint(\"undefined\" != typeof x, typeof x == \"null\")\n");
}

#[test]
fn w0415_async_call_dropped() {
    assert_check!("async function save() { 1 }\nsave()\n");
}

#[test]
fn w0415_not_when_awaited_or_kept() {
    assert_check!("async function save() { 1 }\nawait save()\nlet t = save()\nprint(await t)\n");
}

#[test]
fn w0420_return_value_on_next_line() {
    assert_check!("function f() {\n  return\n    42\n}\nprint(f())\n");
}

#[test]
fn w0420_return_object_on_next_line() {
    assert_check!("let g = () => {\n  return\n  { ok: true }\n}\nprint(g())\n");
}

#[test]
fn kinds_follow_constants_and_ordinary_operators() {
    assert_check!(
        "const base = 0.5 ~> 0.9\nconst derived = base * 2\nlet plain = 3\nprint(derived ~+ plain, plain ~+ 4, (plain + 1) ~- -plain)\nlet later = 1\nlater = 2\nprint(later ~+ 1)\n"
    );
}

#[test]
fn continuation_rules_ignore_comments_between_lines() {
    assert_check!("let f = print\nf // call below\n/* note */ (1)\nlet g = print;\n(2)\n");
}

#[test]
fn w0415_inside_a_function_body() {
    assert_check!(
        "async function refresh() { 1 }\nfunction run() {\n  refresh()\n  return 1\n}\nconst later = async () => 2\nlater()\nprint(run())\n"
    );
}
