//! The cycle collector never frees or empties what the program can still reach: cycles held
//! from a local, from an outer object, from a suspended task, or from a builtin's iteration in
//! progress keep their contents while collections run. Each program churns through more
//! garbage cycles than the collector's threshold, so collections do run meanwhile.

// Shared with the other test files; not every helper is used here.
#[allow(dead_code)]
mod support;

use prism_interp::Limits;
use prism_runtime::tasks::ClockKind;

/// A function that makes 20,000 garbage cycles: several collections.
const CHURN: &str = "function churn() {\n\
    for (let j = 0; j < 20000; j += 1) { let g = {}; g.me = g }\n\
  }\n";

fn run(body: &str) -> Result<String, String> {
    let limits = Limits {
        clock: ClockKind::virtual_default(),
        ..Limits::default()
    };
    support::run_with(&format!("{CHURN}{body}"), limits).result
}

#[test]
fn a_cycle_held_from_a_local_keeps_its_contents() {
    let result = run("let keep = { name: \"kept\" }; keep.me = keep\n\
         let list = [1, 2]; list.push(list)\n\
         churn()\n\
         let r = [keep.me.me.name, list[2][2][1], list.length]\n\
         r");
    assert_eq!(result, Ok("[\"kept\", 2, 3]".to_owned()));
}

#[test]
fn a_cycle_held_from_an_outer_object_keeps_its_contents() {
    let result = run(
        "function make() { let inner = { v: 7 }; inner.me = inner; return { inner } }\n\
         let outer = make()\n\
         churn()\n\
         outer.inner.me.me.v",
    );
    assert_eq!(result, Ok("7".to_owned()));
}

#[test]
fn a_cycle_held_only_by_a_suspended_task_survives() {
    let result = run("let t = spawn(() => {\n\
           let o = { name: \"task\" }; o.me = o\n\
           let f = () => o.me.name\n\
           await delay(50)\n\
           let r = [f(), o.me.me.name]\n\
           r\n\
         })\n\
         churn()\n\
         await t");
    assert_eq!(result, Ok("[\"task\", \"task\"]".to_owned()));
}

#[test]
fn a_cycle_held_by_a_builtin_iteration_survives_its_callbacks() {
    let result = run("function cyclic() { let a = [{ v: 1 }, { v: 2 }]; a.push(a); return a }\n\
         let seen = cyclic().map(x => { churn(); Array.isArray(x) ? x.length : x.v })\n\
         let sorted = cyclic().filter(x => !Array.isArray(x)).sort((a, b) => { churn(); b.v - a.v })\n\
         let r = [seen, sorted.map(x => x.v)]\n\
         r");
    assert_eq!(result, Ok("[[1, 2, 3], [2, 1]]".to_owned()));
}

#[test]
fn a_recursive_closure_that_escapes_keeps_working() {
    let result = run("function make() {\n\
           let state = { count: 0 }\n\
           function step(k) { state.count += 1; k <= 0 ? state : step(k - 1) }\n\
           state.step = step\n\
           return () => step(3)\n\
         }\n\
         let f = make()\n\
         churn()\n\
         let first = f().count\n\
         churn()\n\
         let r = [first, f().count]\n\
         r");
    assert_eq!(result, Ok("[4, 8]".to_owned()));
}
