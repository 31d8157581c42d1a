//! Errors of language §15.1 (resolution `E0301`–`E0306`, confidence literals `E0401`) and the
//! information `I0301`/`I0302` of §15.3.

use crate::assert_check;

#[test]
fn e0301_unknown_name() {
    assert_check!("let total = 1\nprint(totl)\n");
}

#[test]
fn e0301_inside_lambda() {
    assert_check!("let double = x => x * factor\nprint(double(2))\n");
}

#[test]
fn e0302_duplicate_let() {
    assert_check!("let a = 1\nlet a = 2\nprint(a)\n");
}

#[test]
fn e0302_parameter_and_body() {
    assert_check!("function f(x) {\n  let x = 2\n  return x\n}\nprint(f(1))\n");
}

#[test]
fn e0303_assign_constant() {
    assert_check!("const limit = 3\nlimit = 4\n");
}

#[test]
fn e0303_increment_constant_in_closure() {
    assert_check!("const count = 0\nlet bump = () => count++\nbump()\n");
}

#[test]
fn e0304_assign_builtin() {
    assert_check!("print = 5\n");
}

#[test]
fn e0304_compound_assign_host_name() {
    assert_check!("input += 1\n");
}

#[test]
fn e0305_assign_import() {
    assert_check!("import { counter } from \"./lib\"\ncounter = 1\n");
}

#[test]
fn e0305_destructure_into_import() {
    assert_check!("import { a } from \"./lib\"\n[a] = [1]\n");
}

#[test]
fn e0306_read_before_let() {
    assert_check!("print(x)\nlet x = 1\n");
}

#[test]
fn e0306_read_before_const_in_block() {
    assert_check!("if (true) {\n  print(limit)\n  const limit = 2\n}\n");
}

#[test]
fn e0401_annotation_above_one() {
    assert_check!("let x = 5 ~> 1.5\nprint(x)\n");
}

#[test]
fn e0401_negative_thresholds() {
    assert_check!(
        "function f(a ~> -0.2) ~> 2 { a }\nlet r = f(1) ~?> [-1, 0]\nlet m = match r { v ~> 3 => v, _ => 0 }\nlet [p ~> 1.01] = [r]\nprint(m, p)\n"
    );
}

#[test]
fn e0401_in_range_is_fine() {
    assert_check!("let x = 5 ~> 1\nlet y = 5 ~> 0\nlet z = x ~?> 0.5\nprint(x, y, z)\n");
}

#[test]
fn i0301_implicit_at_top_level() {
    assert_check!("total = 0\nfor x in [1, 2] { total += x }\nprint(total)\n");
}

#[test]
fn i0301_implicit_in_function() {
    assert_check!("function f() {\n  hits = 1\n  return hits\n}\nprint(f())\n");
}

#[test]
fn i0302_agent_word() {
    assert_check!("agents {\n  reviewer: Agent { model: \"m\" }\n}\nprint(reviewer)\n");
}

#[test]
fn i0302_two_agents() {
    assert_check!(
        "agents {\n  a: Agent { model: \"m\" },\n  b: { model: \"n\" },\n  c: Agent { model: \"o\" }\n}\nprint(a, b, c)\n"
    );
}
