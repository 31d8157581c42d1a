//! Array callbacks (builtins §1.4) get `(element, index, array)` — `(acc, element, index, array)`
//! for `reduce` — whatever they declare: a plain function takes a lean path that passes only the
//! parameters it declares, so each arity, rest parameters and the other kinds of callee are
//! checked here against what the general call gives.

mod support;

use support::run;

/// Runs `source` and returns its printed lines, failing on a runtime error.
fn lines(source: &str) -> Vec<String> {
    let outcome = run(source);
    assert!(outcome.result.is_ok(), "{source}: {:?}", outcome.result);
    outcome.lines
}

#[test]
fn element_callbacks_see_the_parameters_they_declare() {
    let printed = lines(
        "let xs = [10, 20]
         xs.forEach(() => print(\"none\"))
         xs.forEach(x => print([x]))
         xs.forEach((x, i) => print([x, i]))
         xs.forEach((x, i, a) => print([x, i, a.length]))
         xs.forEach((x, i, a, extra) => print([x, i, a.length, extra]))",
    );
    let expected = [
        "none",
        "none",
        "[10]",
        "[20]",
        "[10, 0]",
        "[20, 1]",
        "[10, 0, 2]",
        "[20, 1, 2]",
        "[10, 0, 2, null]",
        "[20, 1, 2, null]",
    ];
    assert_eq!(printed, expected);
}

#[test]
fn rest_parameters_collect_every_callback_argument() {
    let printed = lines(
        "let xs = [10, 20]
         print(xs.map((...all) => all.length))
         print(xs.map((x, ...more) => [x, more[0], more[1].length]))
         print(xs.reduce((...all) => all.length, 0))
         print(xs.reduce((acc, ...more) => acc + more.length, 0))",
    );
    assert_eq!(printed, ["[3, 3]", "[[10, 0, 2], [20, 1, 2]]", "4", "6"]);
}

#[test]
fn the_array_argument_is_the_receiver_itself() {
    let printed = lines(
        "let xs = [1, 2, 3]
         xs.forEach((x, i, a) => { a[i] = x * 10 })
         print(xs)
         print(xs.map((x, i, a) => a == xs))",
    );
    assert_eq!(printed, ["[10, 20, 30]", "[true, true, true]"]);
}

#[test]
fn every_array_method_passes_element_index_and_array() {
    let printed = lines(
        "let xs = [5, 6, 7]
         let seen = []
         let note = (x, i, a) => { seen.push([x, i, a.length]); x > 5 }
         xs.map(note); print(seen); seen = []
         xs.filter(note); print(seen); seen = []
         xs.find(note); print(seen); seen = []
         xs.findIndex(note); print(seen); seen = []
         xs.findLast(note); print(seen); seen = []
         xs.findLastIndex(note); print(seen); seen = []
         xs.some(note); print(seen); seen = []
         xs.every(note); print(seen); seen = []
         xs.flatMap(note); print(seen); seen = []
         map(xs, note); print(seen); seen = []
         filter(xs, note); print(seen)",
    );
    let all = "[[5, 0, 3], [6, 1, 3], [7, 2, 3]]";
    let first_two = "[[5, 0, 3], [6, 1, 3]]";
    let last = "[[7, 2, 3]]";
    let expected = [
        all,
        all,
        first_two,
        first_two,
        last,
        last,
        first_two,
        "[[5, 0, 3]]",
        all,
        all,
        all,
    ];
    assert_eq!(printed, expected);
}

#[test]
fn reduce_callbacks_see_the_parameters_they_declare() {
    let printed = lines(
        "let xs = [1, 2, 3]
         print(xs.reduce(acc => acc + 1, 0))
         print(xs.reduce((acc, x) => acc + x))
         print(xs.reduce((acc, x, i) => acc + [x, i], \"\"))
         print(xs.reduce((acc, x, i, a) => acc + a.length, 0))
         print(xs.reduce((acc, x, i, a, extra) => extra, 0))
         print(xs.reduceRight((acc, x, i) => acc + [x, i], \"\"))
         print(reduce(xs, (acc, x, i, a) => acc + x * i + a.length, 0))",
    );
    let expected = [
        "3",
        "6",
        "[1, 0][2, 1][3, 2]",
        "9",
        "null",
        "[3, 2][2, 1][1, 0]",
        "17",
    ];
    assert_eq!(printed, expected);
}

#[test]
fn sort_comparators_see_two_elements_whatever_they_declare() {
    let printed = lines(
        "print([3, 1, 2].sort((a, b) => a - b))
         let counts = []
         let sorted = [2, 1].sort((...all) => { counts.push(all.length); 0 })
         print(counts)
         print([2, 1].sort((a, b, c) => c == null ? a - b : 0))",
    );
    assert_eq!(printed, ["[1, 2, 3]", "[2]", "[1, 2]"]);
}

#[test]
fn other_callees_take_the_general_path() {
    let printed = lines(
        "let xs = [1.5, 2.5]
         print(xs.map(Math.floor))
         print(xs.map((x => x * 2) ~> 0.5))
         let ys = []
         xs.forEach(ys.push)
         print(ys)
         async function later(x) { x }
         print(xs.map(later).map(task => typeof task))",
    );
    let expected = [
        "[1, 2]",
        "[3 (~50.0%), 5 (~50.0%)]",
        "[1.5, 0, [1.5, 2.5], 2.5, 1, [1.5, 2.5]]",
        "[\"task\", \"task\"]",
    ];
    assert_eq!(printed, expected);
}

#[test]
fn a_callback_that_shortens_the_array_stops_the_loop() {
    let printed = lines(
        "let xs = [1, 2, 3, 4]
         print(xs.map((x, i, a) => { a.pop(); x }))
         let ys = [1, 2, 3, 4]
         print(ys.reduce((acc, x, i, a) => { a.pop(); acc + x }, 0))",
    );
    assert_eq!(printed, ["[1, 2]", "3"]);
}

#[test]
fn callback_errors_and_depth_are_those_of_an_ordinary_call() {
    let thrown = run("[1, 2].map(x => { if (x == 2) { throw Error(\"two\") }; x })");
    assert_eq!(thrown.result, Err("R0700".into()));
    let deep = run("function down(n) { n == 0 ? 0 : [n].map(x => down(x - 1))[0] }\ndown(2000)");
    assert_eq!(deep.result, Err("R0303".into()));
    let caught = run("try { [1].map(x => { throw Error(\"boom\") }) } catch (e) { e.message }");
    assert_eq!(caught.result, Ok("boom".into()));
}
