//! `std/strategies` (docs/stdlib.md) against scripted mock agents (tests/std_support): the normal
//! path, the failure path (agent errors, timeouts on the virtual clock) and the confidence rule
//! of every strategy, with exact outcomes.

mod std_support;

use std_support::lines;

const IMPORT: &str = "import { sequential, parallelMerge, debate, teaching, refinement, adaptive } from \"std/strategies\"\n";

fn program(body: &str) -> String {
    format!("{IMPORT}{body}")
}

#[test]
fn sequential_passes_values_on_and_takes_the_weakest_confidence() {
    let out = lines(
        "seq",
        &program("print(sequential([\"a\", s => s + \"!\", \"b\"], \"t\"))\nprint(sequential([], \"t\"))"),
    );
    assert_eq!(
        out,
        [
            "{ value: \"x\", confidence: 0.7, steps: [{ agent: \"a\", ok: true, value: \"x\", confidence: 0.9 }, { agent: null, ok: true, value: \"x!\", confidence: 1 }, { agent: \"b\", ok: true, value: \"x\", confidence: 0.7 }] } (~70.0%)",
            "{ value: \"t\", confidence: 1, steps: [] } (~100.0%)",
        ]
    );
}

#[test]
fn sequential_stops_at_a_failing_or_timed_out_stage() {
    let out = lines(
        "seq-fail",
        &program("print(sequential([\"a\", \"broken\", \"b\"], \"t\"))\nlet t0 = now()\nlet o = sequential([\"slow\", \"a\"], \"t\", { timeout: 100 })\nprint([~o.value, <~o, o.steps.length, o.steps[0].error, now() - t0])"),
    );
    assert_eq!(
        out,
        [
            "{ value: null, confidence: 0, steps: [{ agent: \"a\", ok: true, value: \"x\", confidence: 0.9 }, { agent: \"broken\", ok: false, value: null, confidence: 0, error: \"call to agent 'broken' failed (bad_request): no\" }] } (~0.0%)",
            // `o` is confident (0): every read through it carries conf 0 (language §7.4).
            "[null, 0, 1 (~0.0%), \"call to agent 'slow' timed out after 100 ms\" (~0.0%), 100]",
        ]
    );
}

#[test]
fn parallel_merge_takes_the_most_confident_or_merges() {
    let out = lines(
        "merge",
        &program("print(parallelMerge([\"c\", \"a\", \"broken\"], \"t\"))\nprint(parallelMerge([\"a\", \"b\"], \"t\", { merge: rs => rs.map(r => r.value).join(\"+\") ~> 0.95 }))\nprint(parallelMerge([\"a\", \"b\"], \"t\", { merge: rs => rs.length, limit: 1 }))"),
    );
    assert_eq!(
        out,
        [
            "{ value: \"x\", confidence: 0.9, steps: [{ agent: \"c\", ok: true, value: \"y\", confidence: 0.6 }, { agent: \"a\", ok: true, value: \"x\", confidence: 0.9 }, { agent: \"broken\", ok: false, value: null, confidence: 0, error: \"call to agent 'broken' failed (bad_request): no\" }] } (~90.0%)",
            "{ value: \"x+x\", confidence: 0.8, steps: [{ agent: \"a\", ok: true, value: \"x\", confidence: 0.9 }, { agent: \"b\", ok: true, value: \"x\", confidence: 0.7 }] } (~80.0%)",
            "{ value: 2, confidence: 0.8, steps: [{ agent: \"a\", ok: true, value: \"x\", confidence: 0.9 }, { agent: \"b\", ok: true, value: \"x\", confidence: 0.7 }] } (~80.0%)",
        ]
    );
}

#[test]
fn parallel_merge_fails_without_successes_and_drops_timeouts() {
    let out = lines(
        "merge-fail",
        &program("let o = ~parallelMerge([\"broken\"], \"t\")\nprint([o.value, o.confidence])\nlet t0 = now()\nlet p = ~parallelMerge([\"slow\", \"b\"], \"t\", { timeout: 50 })\nprint([p.value, p.confidence, p.steps[0].ok, now() - t0])"),
    );
    assert_eq!(out, ["[null, 0]", "[\"x\", 0.7, false, 50]"]);
}

/// `[value, confidence, agreement, decidedBy, attached confidence, "round:agent:value" steps]`.
const SHOW: &str = "function show(o) { let p = ~o\n return [p.value, p.confidence, p.agreement, p.decidedBy, <~o, p.steps.map(s => \"${s.round}:${s.agent}:${s.value}\")] }\n";

#[test]
fn debate_revises_for_the_given_rounds_then_votes() {
    let out = lines(
        "debate",
        &program(&format!("{SHOW}print(show(debate([\"a\", \"b\", \"c\"], \"t\")))\nprint(show(debate([\"a\", \"b\", \"d\"], \"t\", {{ rounds: 0 }})))")),
    );
    assert_eq!(
        out,
        [
            "[\"x\", 0.8000000000000002, 1, \"vote\", 0.8000000000000002, [\"0:a:x\", \"0:b:x\", \"0:c:y\", \"1:a:x\", \"1:b:x\", \"1:c:x\", \"2:a:x\", \"2:b:x\", \"2:c:x\"]]",
            "[\"x\", 0.5333333333333333, 0.6666666666666666, \"vote\", 0.5333333333333333, [\"0:a:x\", \"0:b:x\", \"0:d:y\"]]",
        ]
    );
}

#[test]
fn debate_participants_see_the_others_latest_proposals() {
    let out = lines(
        "debate-view",
        &program("let seen = []\ndebate([inp => { seen.push(inp)\n \"z\" }, \"d\"], \"t\", { rounds: 1 })\nprint(seen)"),
    );
    assert_eq!(
        out,
        ["[\"t\", { task: \"t\", round: 1, own: \"z\", proposals: [{ agent: \"d\", value: \"y\", confidence: 0.5 }] }]"]
    );
}

#[test]
fn debate_judge_confidence_is_agreement_times_judge_confidence() {
    let out = lines(
        "debate-judge",
        &program(&format!("{SHOW}print(show(debate([\"a\", \"d\"], \"t\", {{ rounds: 0, judge: \"judge\" }})))\nprint(show(debate([\"a\", \"d\"], \"t\", {{ rounds: 0, judge: \"broken\" }})))\nprint(show(debate([\"broken\", \"broken\"], \"t\", {{ rounds: 1 }})))")),
    );
    assert_eq!(
        out,
        [
            "[\"x\", 0.3, 0.5, \"judge\", 0.3, [\"0:a:x\", \"0:d:y\", \"judge:judge:x\"]]",
            "[\"x\", 0.45, 0.5, \"vote\", 0.45, [\"0:a:x\", \"0:d:y\", \"judge:broken:null\"]]",
            "[null, 0, 0, null, 0, [\"0:broken:null\", \"0:broken:null\", \"1:broken:null\", \"1:broken:null\"]]",
        ]
    );
}

#[test]
fn teaching_hands_over_below_the_threshold() {
    let out = lines(
        "teaching",
        &program("let seen = []\nlet expert = inp => { seen.push(inp)\n \"fixed\" ~> 0.95 }\nprint(teaching(\"a\", expert, \"t\"))\nprint(teaching(\"c\", expert, \"t\"))\nprint(seen)\nprint(teaching(\"c\", expert, \"t\", { threshold: 0.5 }))"),
    );
    assert_eq!(
        out,
        [
            "{ value: \"x\", confidence: 0.9, finishedBy: \"junior\", steps: [{ role: \"junior\", agent: \"a\", ok: true, value: \"x\", confidence: 0.9 }] } (~90.0%)",
            "{ value: \"fixed\", confidence: 0.95, finishedBy: \"expert\", steps: [{ role: \"junior\", agent: \"c\", ok: true, value: \"y\", confidence: 0.6 }, { role: \"expert\", agent: null, ok: true, value: \"fixed\", confidence: 0.95 }] } (~95.0%)",
            "[{ task: \"t\", draft: \"y\", draftConfidence: 0.6 }]",
            "{ value: \"x\", confidence: 0.8, finishedBy: \"junior\", steps: [{ role: \"junior\", agent: \"c\", ok: true, value: \"x\", confidence: 0.8 }] } (~80.0%)",
        ]
    );
}

#[test]
fn teaching_falls_back_when_the_expert_fails() {
    let out = lines(
        "teaching-fail",
        &program("let o = ~teaching(\"d\", \"broken\", \"t\")\nprint([o.value, o.confidence, o.finishedBy, o.steps.length])\nlet p = ~teaching(\"broken\", \"slow\", \"t\", { timeout: 10 })\nprint([p.value, p.confidence, p.finishedBy, p.steps[1].error])"),
    );
    assert_eq!(
        out,
        [
            "[\"y\", 0.5, \"junior\", 2]",
            "[null, 0, null, \"call to agent 'slow' timed out after 10 ms\"]",
        ]
    );
}

#[test]
fn refinement_passes_text_and_critique_and_keeps_each_stage_confidence() {
    let out = lines(
        "refine",
        &program("let seen = []\nlet reviewer = inp => { seen.push(inp)\n \"reviewed\" ~> 0.85 }\nlet o = ~refinement([\"a\", reviewer, \"broken\", \"b\"], \"t\")\nprint([o.value, o.confidence, o.steps.map(s => [s.stage, s.ok, s.confidence])])\nprint(seen)\nlet f = ~refinement([\"broken\"], \"t\")\nprint([f.value, f.confidence])"),
    );
    assert_eq!(
        out,
        [
            "[\"x\", 0.7, [[0, true, 0.9], [1, true, 0.85], [2, false, 0], [3, true, 0.7]]]",
            "[{ task: \"t\", previous: \"x\", critique: \"a says x\" }]",
            "[null, 0]",
        ]
    );
}

#[test]
fn adaptive_routes_by_the_classifier_answer_or_tier() {
    let out = lines(
        "adaptive",
        &program("function show(o) { let p = ~o\n return [p.route, p.value, p.confidence, p.steps.map(s => s.agent)] }\nprint(show(adaptive(\"classifier\", null, \"t\")))\nprint(show(adaptive(\"classifier\", { cheap: \"a\" }, \"t\")))\nprint(show(adaptive(t => \"premium\", { default: \"b\" }, \"t\")))\nprint(show(adaptive(t => \"premium\", {}, \"t\")))\nprint(show(adaptive(\"broken\", { default: \"b\" }, \"t\")))\nprint(show(adaptive(\"classifier\", { cheap: \"broken\" }, \"t\")))"),
    );
    assert_eq!(
        out,
        [
            "[\"cheap\", \"cheap answer\", 0.54, [\"classifier\", \"cheapo\"]]",
            "[\"cheap\", \"x\", 0.81, [\"classifier\", \"a\"]]",
            "[\"premium\", \"x\", 0.7, [null, \"b\"]]",
            "[\"premium\", null, 0, [null]]",
            "[null, null, 0, [\"broken\"]]",
            "[\"cheap\", null, 0, [\"classifier\", \"broken\"]]",
        ]
    );
}
