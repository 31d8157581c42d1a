//! Behaviour of the interpreter that the conformance corpus does not pin down: call depth at its
//! limit, deadlines, finally paths, per-iteration cells, call stacks.

mod support;

use std::time::{Duration, Instant};

use prism_interp::Limits;
use support::{run, run_with};

#[test]
fn recursion_to_the_depth_limit_succeeds() {
    let outcome = run("function down(n) { if (n == 0) { return 0 } 1 + down(n - 1) }\ndown(999)");
    assert_eq!(outcome.result, Ok("999".into()));
}

#[test]
fn infinite_recursion_is_a_clean_range_error() {
    let outcome = run("function inf(n) { inf(n + 1) }\ninf(0)");
    assert_eq!(outcome.result, Err("R0303".into()));
}

#[test]
fn depth_error_is_catchable() {
    let outcome = run("function inf(n) { inf(n + 1) }\ntry { inf(0) } catch (e) { e.kind }");
    assert_eq!(outcome.result, Ok("RangeError".into()));
}

#[test]
fn deadline_stops_an_endless_loop_through_catch_but_runs_finally() {
    let limits = Limits {
        deadline: Some((Instant::now() + Duration::from_millis(100), 100)),
        ..Limits::default()
    };
    let source =
        "try { while (true) {} } catch (e) { print(\"caught\") } finally { print(\"fin\") }";
    let outcome = run_with(source, limits);
    assert_eq!(outcome.result, Err("R0807".into()));
    assert_eq!(outcome.lines, vec!["fin".to_owned()]);
}

#[test]
fn finally_runs_on_break_continue_and_return() {
    let source = r#"
let log = []
for (let i = 0; i < 3; i += 1) {
  try { if (i == 1) { continue } if (i == 2) { break } log.push(i) } finally { log.push("f" + i) }
}
function g() { try { return "r" } finally { log.push("g") } }
log.push(g())
log
"#;
    assert_eq!(
        run(source).result,
        Ok(r#"[0, "f0", "f1", "f2", "g", "r"]"#.into())
    );
}

#[test]
fn finally_return_replaces_a_throw() {
    let source = "function g() { try { throw \"x\" } finally { return 3 } }\ng()";
    assert_eq!(run(source).result, Ok("3".into()));
}

#[test]
fn nested_try_rethrows_through_outer_catch() {
    let source = r#"
let seen = []
try {
  try { throw 1 } finally { seen.push("inner") }
} catch (e) { seen.push(e) }
seen
"#;
    assert_eq!(run(source).result, Ok(r#"["inner", 1]"#.into()));
}

#[test]
fn closures_see_fresh_loop_variables() {
    let source =
        "let fs = []\nfor (let i = 0; i < 3; i += 1) { fs.push(() => i) }\nfs.map(f => f())";
    assert_eq!(run(source).result, Ok("[0, 1, 2]".into()));
    let source = "let fs = []\nfor x in [1, 2] { fs.push(() => x) }\nfs.map(f => f())";
    assert_eq!(run(source).result, Ok("[1, 2]".into()));
}

#[test]
fn implicit_binding_read_before_assignment_is_r0401() {
    let source = "function f(c) { if (c) { y = 1 }\n return y }\nf(false)";
    assert_eq!(run(source).result, Err("R0401".into()));
}

#[test]
fn optional_chain_short_circuits_the_whole_chain() {
    let source = "let a = null;\n[a?.b.c.d, a?.b(), (a?.b) == null]";
    assert_eq!(run(source).result, Ok("[null, null, true]".into()));
}

#[test]
fn lazy_confidence_operators() {
    let source = r#"[(null ~> 0.9) ~?? ("b" ~> 0.7), ("x" ~> 0.4) ~@> "go", (true ~> 0.8) ~? ("a" ~> 0.5) : "b"]"#;
    assert_eq!(
        run(source).result,
        Ok(r#"["b" (~70.0%), "x" (~20.0%), "a" (~40.0%)]"#.into())
    );
}

#[test]
fn context_blocks_pop_on_throw() {
    let source = r#"
try { in context A { throw 1 } } catch (e) { }
in context B { 1 } -> C
2
"#;
    assert_eq!(run(source).result, Ok("2".into()));
}

#[test]
fn uncaught_error_stack_names_frames() {
    let outcome = run("function f() { let x = JSON.parse(\"null\"); x.y }\nf()");
    assert_eq!(outcome.result, Err("R0201".into()));
}

#[test]
fn long_loops_do_not_grow_the_stack() {
    let source = "let acc = 0\nfor (let i = 0; i < 100000; i += 1) { let o = { v: i }; acc = acc + o.v }\nacc";
    assert_eq!(run(source).result, Ok("4999950000".into()));
}

/// The fused compare-and-branch operations of loop conditions (`code.rs`) fall back to the
/// general comparison for anything but two plain numbers: confident bounds, strings, and errors,
/// which must still reach the handler of the loop's block.
#[test]
fn loop_conditions_on_non_numbers_take_the_general_comparison() {
    let counted = "function f(b) { let k = 0\n for (let i = 0; i < b; i += 1) { k += 1 }\n k }\n";
    let confident = run(&format!("{counted}f(3 ~> 0.5)"));
    assert_eq!(confident.result, Ok("3".into()));
    let caught = run(&format!(
        "{counted}let r = \"none\"\ntry {{ f(null) }} catch (e) {{ r = e.kind }}\nr"
    ));
    assert_eq!(caught.result, Ok("TypeError".into()));
    let uncaught = run(&format!("{counted}f({{}})"));
    assert_eq!(uncaught.result, Err("R0203".into()));
    let strings = run("let s = \"a\"\nwhile (s < \"aaaa\") { s = s + \"a\" }\ns.length");
    assert_eq!(strings.result, Ok("4".into()));
}

#[test]
fn member_reads_and_writes_with_constant_names() {
    // Plain, confident, nested and self-referencing objects, missing keys, and the non-object
    // receivers that take the general path.
    let outcome = run("let p = { x: 1, y: { z: 2 }, name: \"p\" }\n\
         let c = { a: 3 } ~> 0.5\n\
         let node = { next: { next: { v: 9 } } }\n\
         node = node.next\n\
         node = node.next\n\
         p.x = p.x + 10\n\
         p.extra = p\n\
         p.y = \"replaced\"\n\
         let r = [p.x, p.missing, p.extra.extra.name, p.y, c.a, <~c.a, node.v, Object.keys(p)]\n\
         try { Math.x = 1 } catch (e) { r.push(e.kind) }\n\
         try { let s = \"text\"; s.k = 1 } catch (e) { r.push(e.kind) }\n\
         function f(n) { n.k }\n\
         try { f(null) } catch (e) { r.push(e.kind) }\n\
         r");
    assert_eq!(
        outcome.result,
        Ok("[11, null, \"p\", \"replaced\", 3 (~50.0%), 0.5, 9, [\"x\", \"y\", \"name\", \"extra\"], \"TypeError\", \"TypeError\", \"TypeError\"]".into())
    );
}
