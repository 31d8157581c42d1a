//! Tasks in the interpreter (language §14, §6.15; builtins §13) under the virtual clock:
//! suspension at any depth, start-at-once, cancellation unwinding `finally`, deadlock, and the
//! per-task state (call depth, random streams shared in execution order).

// Shared with the other test files; not every helper is used here.
#[allow(dead_code)]
mod support;

use prism_interp::Limits;
use prism_runtime::tasks::ClockKind;
use support::run_with;

fn run_virtual(source: &str) -> support::Outcome {
    let limits = Limits {
        clock: ClockKind::virtual_default(),
        ..Limits::default()
    };
    run_with(source, limits)
}

#[test]
fn a_task_suspends_inside_a_builtin_callback() {
    let outcome = run_virtual(
        "let t = spawn(() => [3, 1, 2].map(x => await delay(x * 10, x * 2)))\n\
         print(\"spawned\")\n\
         let t0 = now()\n\
         print(await t, now() - t0)",
    );
    assert_eq!(outcome.lines, ["spawned", "[6, 2, 4] 60"]);
}

#[test]
fn async_calls_start_at_once_and_interleave_by_time() {
    let outcome = run_virtual(
        "async function job(name, ms) { print(name, \"start\"); await delay(ms); print(name, \"end\"); name }\n\
         let a = job(\"a\", 20)\n\
         let b = job(\"b\", 10)\n\
         print(\"both started\")\n\
         await Promise.all([a, b])",
    );
    assert_eq!(
        outcome.lines,
        ["a start", "b start", "both started", "b end", "a end"]
    );
    assert_eq!(outcome.result, Ok("[\"a\", \"b\"]".into()));
}

#[test]
fn a_cancelled_task_runs_its_finally_blocks_and_catch_does_not_see_it() {
    let outcome = run_virtual(
        "async function worker() {\n\
           try { await delay(100); print(\"finished\") }\n\
           catch (e) { print(\"caught\", e.kind) }\n\
           finally { print(\"finally\") }\n\
         }\n\
         let w = worker()\n\
         print(await Promise.race([w, delay(10, \"timer\")]))\n\
         try { await w } catch (e) { e.kind }",
    );
    assert_eq!(outcome.lines, ["finally", "timer"]);
    assert_eq!(outcome.result, Ok("Cancelled".into()));
}

#[test]
fn waiting_forever_is_a_deadlock_that_catch_cannot_intercept() {
    let outcome = run_virtual(
        "let me = null\n\
         me = spawn(async () => { await delay(1); await me })\n\
         try { await me } catch (e) { print(\"caught\") } finally { print(\"finally\") }",
    );
    assert_eq!(outcome.lines, ["finally"]);
    assert_eq!(outcome.result, Err("R0811".into()));
}

#[test]
fn each_task_counts_its_own_call_depth() {
    let outcome = run_virtual(
        "function down(n) { if (n == 0) { return 0 } 1 + down(n - 1) }\n\
         function nest(n) { if (n == 0) { return await spawn(() => down(998)) } nest(n - 1) }\n\
         nest(500)",
    );
    assert_eq!(outcome.result, Ok("998".into()));
    let too_deep = run_virtual(
        "function inf(n) { inf(n + 1) }\n\
         try { await spawn(() => inf(0)) } catch (e) { e.kind }",
    );
    assert_eq!(too_deep.result, Ok("RangeError".into()));
}

#[test]
fn tasks_draw_from_one_random_sequence_in_execution_order() {
    let sequential = run_virtual("let all = [Math.random(), Math.random(), Math.random()]\nall");
    let interleaved = run_virtual(
        "let a = Math.random()\n\
         let b = await spawn(() => Math.random())\n\
         let all = [a, b, Math.random()]\n\
         all",
    );
    assert!(sequential.result.is_ok());
    assert_eq!(sequential.result, interleaved.result);
}

#[test]
fn unfinished_tasks_are_cancelled_when_the_main_task_ends() {
    let outcome = run_virtual(
        "spawn(async () => { try { await delay(100); print(\"never\") } finally { print(\"unwound\") } })\n\
         print(\"main done\")",
    );
    assert_eq!(outcome.lines, ["main done", "unwound"]);
}
