//! `std/orchestrate` and `agent.status` (docs/stdlib.md) against scripted mock agents
//! (tests/std_support): normal paths, failures (agent errors, timeouts on the virtual clock,
//! misuse) and the confidence rules, with exact outcomes.

mod std_support;

use std_support::{lines, run, AGENTS};

const IMPORT: &str = "import { spawn, available, broadcast, awaitResponses, delegate, selectBest, checkpoint, rollback, negotiate } from \"std/orchestrate\"\n";

fn program(body: &str) -> String {
    format!("{IMPORT}{body}")
}

#[test]
fn spawn_registers_an_agent_built_at_run_time() {
    let out = lines(
        "spawn",
        &program("let s = spawn({ provider: \"mock\", system: \"You review.\", capabilities: [\"review\"] })\nprint([s.name, s.system, s.capabilities, agent(\"spawned-1\") == s, agents.length])\nlet h = spawn({ name: \"a2\", model: \"m2\" })\nprint([h.name, h.model, spawn({}).name])\nprint(s.call(\"t\"))"),
    );
    assert_eq!(
        out,
        [
            "[\"spawned-1\", \"You review.\", [\"review\"], true, 11]",
            "[\"a2\", \"m2\", \"spawned-2\"]",
            "Mock response for testing purposes. (~75.0%)",
        ]
    );
}

#[test]
fn spawn_rejects_bad_profiles_and_duplicate_names() {
    let out = lines(
        "spawn-fail",
        &program("for p in [{ name: \"a\" }, { bogus: 1 }, { provider: \"nowhere\" }, 5] {\n try { spawn(p) } catch (e) { print([e.kind, e.message]) }\n}"),
    );
    assert_eq!(
        out,
        [
            "[\"ConfigError\", \"agent 'a' is already registered\"]",
            "[\"ConfigError\", \"invalid agent 'spawned-1': unknown field 'bogus'\"]",
            "[\"ConfigError\", \"invalid agent 'spawned-2': unknown provider 'nowhere'\"]",
            "[\"TypeError\", \"spawn: argument 1 must be an object, got number\"]",
        ]
    );
}

#[test]
fn the_natives_are_private_to_their_module() {
    let ran = run("natives", AGENTS, "spawnAgent(\"x\", {})");
    assert_eq!(ran.codes, ["E0301"]);
}

#[test]
fn broadcast_and_await_collect_until_the_timeout() {
    let out = lines(
        "broadcast",
        &program("let t0 = now()\nlet r = awaitResponses(broadcast([\"a\", \"slow\", \"broken\"], \"t\"), { timeout: 1000 })\nprint([now() - t0, r.received, r.timedOut, r.complete])\nprint(r.responses)\nprint(agent(\"slow\").status)\nlet all = awaitResponses(broadcast([\"a\", \"slow\"], \"t\"))\nprint([now() - t0, all.received, all.complete, all.responses.map(x => x.value)])"),
    );
    assert_eq!(
        out,
        [
            "[1000, 1, 1, false]",
            "[{ agent: \"a\", ok: true, value: \"x\", confidence: 0.9 }, { agent: \"broken\", ok: false, value: null, confidence: 0, error: \"call to agent 'broken' failed (bad_request): no\" }]",
            "idle",
            "[6000, 2, true, [\"x\", \"late\"]]",
        ]
    );
}

#[test]
fn await_responses_takes_any_task_and_enforces_the_quorum() {
    let out = lines(
        "await",
        &program("let r = awaitResponses([delay(5, 1 ~> 0.5), timeout(() => { throw \"bad\" }, 1000), delay(20, 2)], { timeout: 10 })\nprint(r)\ntry { awaitResponses(broadcast([\"broken\"], \"t\"), { min: 1 }) } catch (e) { print([e.kind, e.message, e.data]) }"),
    );
    assert_eq!(
        out,
        [
            "{ responses: [{ agent: null, ok: true, value: 1, confidence: 0.5 }, { agent: null, ok: false, value: null, confidence: 0, error: \"bad\" }], received: 1, timedOut: 1, complete: false }",
            "[\"QuorumError\", \"awaitResponses: 0 of 1 required responses\", { received: 0, min: 1, timedOut: 0 }]",
        ]
    );
}

#[test]
fn delegate_returns_the_record_with_its_confidence() {
    let out = lines(
        "delegate",
        &program("print(delegate(\"a\", { sub: 1 }))\nprint(delegate(agent(\"broken\"), \"t\"))\nprint(delegate(\"slow\", \"t\", { timeout: 20 }).error)"),
    );
    assert_eq!(
        out,
        [
            "{ agent: \"a\", ok: true, value: \"x\", confidence: 0.9 } (~90.0%)",
            "{ agent: \"broken\", ok: false, value: null, confidence: 0, error: \"call to agent 'broken' failed (bad_request): no\" } (~0.0%)",
            "call to agent 'slow' timed out after 20 ms (~0.0%)",
        ]
    );
}

#[test]
fn select_best_by_confidence_function_or_weights() {
    let out = lines(
        "select",
        &program("print(selectBest([1 ~> 0.3, 2 ~> 0.8, 3 ~> 0.8]))\nprint(selectBest([\"aa\", \"b\", \"ccc\"], s => len(s)))\nprint(selectBest([{ confidence: 0.9, speed: 0.1 }, { confidence: 0.6, speed: 0.9 }], { confidence: 0.5, speed: 0.5 }))\nprint(selectBest([]))\ntry { selectBest([1], x => \"big\") } catch (e) { print([e.kind, e.message]) }"),
    );
    assert_eq!(
        out,
        [
            "{ value: 2 (~80.0%), index: 1, score: 0.8, scores: [0.3, 0.8, 0.8] } (~80.0%)",
            "{ value: \"ccc\", index: 2, score: 3, scores: [2, 1, 3] } (~100.0%)",
            "{ value: { confidence: 0.6, speed: 0.9 }, index: 1, score: 0.75, scores: [0.5, 0.75] } (~60.0%)",
            "{ value: null, index: -1, score: null, scores: [] } (~0.0%)",
            "[\"TypeError\", \"selectBest: the score of option 0 must be a number, got string\"]",
        ]
    );
}

#[test]
fn checkpoints_are_deep_copies_for_the_run() {
    let out = lines(
        "checkpoint",
        &program("let s = { items: [1 ~> 0.5] }\nprint(checkpoint(\"s\", s) == s)\ns.items.push(2)\nlet r = rollback(\"s\")\nr.items.push(3)\nprint([r, rollback(\"s\")])\ncheckpoint(\"s\", [s] ~> 0.4)\nprint(rollback(\"s\"))\ntry { rollback(\"none\") } catch (e) { print([e.kind, e.message]) }"),
    );
    assert_eq!(
        out,
        [
            "true",
            "[{ items: [1 (~50.0%), 3] }, { items: [1 (~50.0%)] }]",
            "[{ items: [1 (~50.0%), 2] }] (~40.0%)",
            "[\"CheckpointError\", \"rollback: no checkpoint named 'none'\"]",
        ]
    );
}

/// `[status, value, confidence, agreement, rounds, transcript length, attached confidence]`.
const SHOW: &str = "function show(o) { let p = ~o\n return [p.status, p.value, p.confidence, p.agreement, p.rounds, p.transcript.length, <~o] }\n";

#[test]
fn negotiate_stops_at_agreement() {
    let out = lines(
        "negotiate",
        &program(&format!("{SHOW}print(show(negotiate([\"a\", \"b\", \"c\"], \"topic\")))\nprint(show(negotiate([\"a\", \"b\", \"d\"], \"topic\", {{ threshold: 0.6 }})))")),
    );
    assert_eq!(
        out,
        [
            "[\"agreed\", \"x\", 0.8000000000000002, 1, 2, 6, 0.8000000000000002]",
            "[\"agreed\", \"x\", 0.5333333333333333, 0.6666666666666666, 1, 3, 0.5333333333333333]",
        ]
    );
}

#[test]
fn negotiate_without_agreement_asks_the_judge_or_keeps_the_largest_group() {
    let out = lines(
        "negotiate-judge",
        &program(&format!("{SHOW}print(show(negotiate([\"a\", \"d\"], \"topic\", {{ rounds: 2, judge: \"judge\" }})))\nprint(show(negotiate([\"a\", \"d\"], \"topic\", {{ rounds: 2 }})))\nprint(show(negotiate([\"broken\"], \"topic\", {{ rounds: 1 }})))\nlet seen = []\nnegotiate([inp => {{ seen.push(inp)\n \"p\" }}, \"d\"], \"topic\", {{ rounds: 2 }})\nprint(seen)")),
    );
    assert_eq!(
        out,
        [
            "[\"judged\", \"x\", 0.3, 0.5, 2, 5, 0.3]",
            "[\"no_agreement\", \"x\", 0.45, 0.5, 2, 4, 0.45]",
            "[\"failed\", null, 0, 0, 1, 1, 0]",
            "[{ topic: \"topic\", round: 1, own: null, proposals: [] }, { topic: \"topic\", round: 2, own: \"p\", proposals: [{ agent: \"d\", value: \"y\", confidence: 0.5 }] }]",
        ]
    );
}

#[test]
fn agent_status_goes_offline_after_failures_and_back_after_a_probe() {
    let out = lines(
        "status",
        &program("let f = agent(\"flaky\")\nlet seen = [f.status]\nfor i in range(3) { delegate(f, \"t\")\n seen.push(f.status) }\nprint(seen)\nprint(available([\"a\", \"flaky\"]).map(x => typeof x == \"string\" ? x : x.name))\nlet pending = broadcast([f], \"probe\")\nprint(f.status)\nprint(awaitResponses(pending).responses[0].value)\nprint([f.status, available([f]).length])"),
    );
    assert_eq!(
        out,
        [
            "[\"idle\", \"idle\", \"idle\", \"offline\"]",
            "[\"a\"]",
            "busy",
            "back",
            "[\"idle\", 1]",
        ]
    );
}
