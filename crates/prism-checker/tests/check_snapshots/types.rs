//! Type errors of language §15.5 (`E0310`–`E0316`), each plainly and through narrowing or a
//! function boundary, and programs that run and must get no type error at all.

use crate::assert_check;

#[test]
fn e0310_call_a_number() {
    assert_check!("let n = 5\nn(1)\n");
}

#[test]
fn e0310_call_the_result_of_a_function() {
    assert_check!("function size() { return 3 }\nsize()()\n");
}

#[test]
fn e0310_pipeline_into_a_string() {
    assert_check!("let name = \"x\"\n5 |> name\n");
}

#[test]
fn e0311_subtract_string() {
    assert_check!("let s = \"abc\"\nprint(s - 1)\n");
}

#[test]
fn e0311_narrowed_to_string() {
    assert_check!(
        "let v = JSON.parse(input.text)\nif (typeof v == \"string\") {\n  print(v * 2)\n} else {\n  print(-v)\n}\n"
    );
}

#[test]
fn e0311_increment_boolean_and_confident_ops() {
    assert_check!("let flag = true\nprint(flag ~* 2, [1] ~/ 2)\nlet t = true\nt++\n");
}

#[test]
fn e0312_add_boolean_and_number() {
    assert_check!("let ok = true\nprint(ok + 1)\n");
}

#[test]
fn e0312_add_results_of_functions() {
    assert_check!(
        "function none() { return null }\nconst list = () => [1]\nprint(none() + list(), none() ~+ \"text\")\n"
    );
}

#[test]
fn e0313_compare_number_and_string() {
    assert_check!("let a = 1\nlet b = \"2\"\nprint(a < b)\n");
}

#[test]
fn e0313_narrowed_null_and_confident_form() {
    assert_check!(
        "let x = JSON.parse(\"1\")\nif (x == null) {\n  print(x ~< 3)\n}\nprint([1] >= [2])\n"
    );
}

#[test]
fn e0314_member_of_null() {
    assert_check!("let user = null\nprint(user.name)\n");
}

#[test]
fn e0314_method_missing_on_number() {
    assert_check!("print((5).push(1), \"s\".size)\n");
}

#[test]
fn e0314_through_narrowing_and_optional() {
    assert_check!(
        "let u = input.user\nif (u == null) {\n  print(u.name, u?.name)\n}\nif (typeof u == \"number\") {\n  print(u?.trim())\n}\n"
    );
}

#[test]
fn e0314_namespace_member() {
    assert_check!("print(Math.squareRoot(4), Math.sqrt(4), JSON.extract(\"[1]\"))\n");
}

#[test]
fn e0315_math_argument() {
    assert_check!("print(Math.sqrt(\"4\"))\n");
}

#[test]
fn e0315_method_argument_and_function_result() {
    assert_check!(
        "function label() { return \"x\" }\nprint(\"abc\".repeat(label()), len(5), keys([1]))\n"
    );
}

#[test]
fn e0315_optional_parameters_accept_null() {
    assert_check!("print(\"a,b\".split(null), [1, 2].join(null), range(3, null))\n");
}

#[test]
fn e0316_iterate_number() {
    assert_check!("for x in 5 { print(x) }\n");
}

#[test]
fn e0316_iterate_narrowed_and_function_result() {
    assert_check!(
        "function count() { return 3 }\nfor x of count() { print(x) }\nlet v = input.v\nif (typeof v == \"boolean\") {\n  for y in v { print(y) }\n}\n"
    );
}

#[test]
fn no_error_when_values_are_unknown() {
    assert_check!(
        "let n = JSON.parse(\"5\")\nn(1)\nlet flag = JSON.parse(\"true\")\nprint(flag + 1, flag < 2, flag.x)\nfor x in flag { print(x) }\n"
    );
}

#[test]
fn no_error_for_reassigned_variables() {
    assert_check!(
        "let x = null\nx = { name: \"a\" }\nprint(x.name)\nlet s = \"a\"\nfunction reset() { s = 5 }\nreset()\nprint(s - 1)\n"
    );
}

#[test]
fn no_error_for_mutated_containers() {
    assert_check!(
        "let xs = [1]\nxs.push(\"two\")\nprint(xs[1].toUpperCase())\nlet o = { a: 1 }\no.a = \"s\"\nprint(o.a.trim())\nconst p = { a: 1 }\nlet q = p\nq.a = \"t\"\nprint(p.a.trim())\n"
    );
}

#[test]
fn no_error_in_dead_branches_and_unions() {
    assert_check!(
        "let v = input.v\nlet w = v ?? 1\nprint(w + 1)\nlet u = typeof v == \"string\" ? v : 5\nprint(u.length, u + 1)\nlet e = []\nprint(e.reduce((a, b) => a + b, 0))\n"
    );
}

#[test]
fn no_error_for_strings_concatenation_and_members() {
    assert_check!(
        "let s = \"a\" + 1\nlet t = [1, 2].length + \"x\".length\nprint(s.toUpperCase(), t.toFixed(1), (true).toString(), Number.isInteger(t))\nprint(agents.length, agents.get(\"a\"), Number(\"1\") + 1)\n"
    );
}

#[test]
fn no_error_for_nested_containers_of_constants() {
    assert_check!(
        "const cfg = { inner: { a: 1 }, list: [1] }\ncfg.inner.b = \"x\"\nprint(cfg.inner.b.trim())\ncfg.list.push(\"s\")\nprint(cfg.list[1].trim(), cfg.missing)\n"
    );
}

#[test]
fn fresh_values_keep_their_types() {
    assert_check!(
        "function make() { return { a: 1 } }\nprint(make().b.c)\nconst pick = () => [\"x\"]\nprint(pick()[0] * 2)\n"
    );
}

#[test]
fn recursion_and_async_results() {
    assert_check!(
        "function fact(n) {\n  if (n <= 1) { return 1 }\n  return n * fact(n - 1)\n}\nprint(fact(5).toFixed(1))\nasync function load() { return \"data\" }\nlet text = await load()\nprint(text.trim(), text - 1)\n"
    );
}

#[test]
fn completion_values_are_function_results() {
    assert_check!(
        "function pick(flag) {\n  if (flag) { \"yes\" } else { 0 }\n}\nprint(pick(true) * 2)\nfunction nothing() { let y = 1 }\nprint(nothing().x)\nfunction loop() { while (false) {} }\nprint(loop() + 1)\n"
    );
}

#[test]
fn reassigned_variables_take_the_union_of_their_values() {
    assert_check!(
        "let flag = false\nif (input.x) { flag = true }\nprint(flag + 1)\nlet count = 0\ncount++\nprint(count.toFixed(0), count.trim())\nhits = \"none\"\nhits = 3\nprint(hits - 1)\nlet later = 1;\n[later] = [input.v]\nprint(later.trim())\n"
    );
}

#[test]
fn optional_chains_short_circuit() {
    assert_check!("let o = null\nprint(o?.f(), o?.a.b, o?.a.b(), o?.[0].x)\nprint((o?.a).b)\n");
}

#[test]
fn match_arms_narrow_the_scrutinee() {
    assert_check!(
        "let v = null\nprint(match v { null => 0, other => other.size })\nlet w = input.w\nprint(match w { null => 0, _ => w.size }, match w { x if typeof x == \"number\" => x.trim(), _ => 1 })\nprint(match 5 { n => n.push(1) })\n"
    );
}

#[test]
fn straight_line_code_knows_the_last_write() {
    // Line 3 is proven (the last write is null); after a write in a branch (line 6), in a
    // loop (line 9), in a match arm (line 12), or to a variable a closure uses (line 16), only the
    // union is known and nothing is proven.
    assert_check!(
        "let x = 1\nx = null\nprint(x.toFixed(1))\nlet y = 1\nif (input.c) { y = null }\nprint(y.toFixed(1))\nlet z = 1\nwhile (input.c) { print(z.toFixed(1)); z = null }\nprint(z.toFixed(1))\nlet w = 1\nlet m = match input.c { 1 => { w = null; 1 }, _ => 2 }\nprint(w.toFixed(1))\nlet v = 1\nconst read = () => v\nv = null\nprint(v.toFixed(1))\nlet s = 1\ns = s + \"a\"\nprint(s - 1)\n"
    );
}
