//! The bundled module `std/patterns` (builtins §18.1) run against the mock provider scripted by a
//! `prism.toml` written to a temporary directory.

mod std_support;

const CONFIG: &str = r#"
[providers.mock]
rules = [
  { agent = "low", responses = [ { value = "guess", confidence = 0.3 }, { value = "better", confidence = 0.5 } ] },
  { agent = "mid", responses = [ { value = "fair", confidence = 0.5 }, { value = "improved", confidence = 0.85 } ] },
  { agent = "high", responses = [ { value = "sure", confidence = 0.9 } ] },
  { agent = "broken", responses = [ { error = { kind = "bad_request", message = "no" } } ] },
]
[agents.low]
provider = "mock"
[agents.mid]
provider = "mock"
[agents.high]
provider = "mock"
[agents.broken]
provider = "mock"
"#;

/// Runs `program` as `/project/main.prism` with [`CONFIG`] as its configuration; returns the
/// printed lines, the final display and the codes of error diagnostics.
fn run(test: &str, program: &str) -> (Vec<String>, Option<String>, Vec<&'static str>) {
    let ran = std_support::run(&format!("patterns-{test}"), CONFIG, program);
    (ran.lines, ran.value, ran.codes)
}

#[test]
fn fanout_returns_records_in_target_order_and_never_throws() {
    let (_, value, codes) = run(
        "fanout",
        "import { fanout } from \"std/patterns\"\nfanout([\"broken\", agent(\"high\")], \"q\", { limit: 1 }).map(r => [r.agent, r.ok, r.value, r.confidence])",
    );
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(
        value.as_deref(),
        Some("[[\"broken\", false, null, 0], [\"high\", true, \"sure\", 0.9]]")
    );
}

#[test]
fn vote_groups_by_key_and_fails_without_successes() {
    let (lines, _, codes) = run(
        "vote",
        "import { vote } from \"std/patterns\"\nprint(vote([\"high\", \"broken\"], \"q\"))\nprint(vote([\"broken\"], \"q\"))\nprint(vote([\"high\", \"mid\"], \"q\"))",
    );
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(
        lines,
        vec![
            "{ status: \"unanimous\", value: \"sure\", confidence: 0.9, agreement: 1, votes: { sure: 1 }, total: 1 } (~90.0%)".to_owned(),
            "{ status: \"failed\", value: null, confidence: 0, agreement: 0, votes: {}, total: 0 } (~0.0%)".to_owned(),
            "{ status: \"split\", value: null, confidence: 0, agreement: 0.5, votes: { sure: 1, fair: 1 }, total: 2 } (~0.0%)".to_owned(),
        ]
    );
}

#[test]
fn cascade_stops_early_or_falls_back_to_the_best_record() {
    let (lines, _, codes) = run(
        "cascade",
        "import { cascade } from \"std/patterns\"\nprint(cascade([\"low\", \"high\", \"mid\"], \"q\"))\nprint(cascade([\"broken\", \"mid\"], \"q\", { minConfidence: 0.95 }))\nprint(cascade([\"broken\"], \"q\"))",
    );
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(
        lines,
        vec![
            "{ status: \"target_achieved\", value: \"sure\", confidence: 0.9, agent: \"high\", attempts: 2, confidences: [0.3, 0.9] } (~90.0%)".to_owned(),
            "{ status: \"best_effort\", value: \"fair\", confidence: 0.5, agent: \"mid\", attempts: 2, confidences: [0, 0.5] } (~50.0%)".to_owned(),
            "{ status: \"failed\", value: null, confidence: 0, agent: null, attempts: 1, confidences: [0] } (~0.0%)".to_owned(),
        ]
    );
}

#[test]
fn retry_returns_the_first_good_result_the_best_or_rethrows() {
    let (lines, _, codes) = run(
        "retry",
        "import { retry } from \"std/patterns\"\nprint(retry(n => n ~> (n * 0.3)))\nprint(retry(n => n ~> (0.5 - n * 0.1), { attempts: 2, delayMs: 10 }))\ntry { retry(n => { throw \"fail ${n}\" }) } catch (e) { print(e) }",
    );
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(
        lines,
        vec![
            "3 (~90.0%)".to_owned(),
            "1 (~40.0%)".to_owned(),
            "fail 3".to_owned()
        ]
    );
}

#[test]
fn escalate_applies_the_confidence_policy() {
    let (lines, _, codes) = run(
        "escalate",
        "import { escalate } from \"std/patterns\"\nprint(escalate([\"high\"], \"t\"))\nprint(escalate([\"mid\"], \"t\"))\nprint(escalate([\"low\", \"high\"], \"t\"))\nprint(escalate([\"broken\"], \"t\"))",
    );
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(
        lines,
        vec![
            "{ action: \"accept\", value: \"sure\", confidence: 0.9, agent: \"high\", calls: 1 } (~90.0%)".to_owned(),
            "{ action: \"accept\", value: \"improved\", confidence: 0.85, agent: \"mid\", calls: 2 } (~85.0%)".to_owned(),
            "{ action: \"escalated\", value: \"sure\", confidence: 0.9, agent: \"high\", calls: 2 } (~90.0%)".to_owned(),
            "{ action: \"escalation_unrouted\", value: null, confidence: 0, agent: \"broken\", calls: 1 } (~0.0%)".to_owned(),
        ]
    );
}

#[test]
fn map_reduce_and_route() {
    let (_, value, codes) = run(
        "mapreduce",
        "import { mapReduce, route } from \"std/patterns\"\n[mapReduce([1, 2, 3], x => x * 2, xs => xs.reduce((a, b) => a + b, 0), { limit: 2 }), route(1 ~> 0.95, { high: x => \"h\", default: x => \"d\" }), route(1 ~> 0.1, { high: x => \"h\" })]",
    );
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(value.as_deref(), Some("[12, \"h\", null]"));
}

#[test]
fn race_takes_the_first_qualifying_success_and_cancels_the_rest() {
    let (lines, _, codes) = run(
        "race",
        "import { race } from \"std/patterns\"\nprint(race([\"broken\", \"low\", \"high\"], \"q\"))\nprint(race([\"broken\", \"mid\", \"high\"], \"q\", { minConfidence: 0.95 }))\nprint(race([\"broken\"], \"q\"))",
    );
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(
        lines,
        vec![
            "{ status: \"target_achieved\", value: \"guess\", confidence: 0.3, agent: \"low\", attempts: 2, confidences: [0, 0.3, null] } (~30.0%)".to_owned(),
            "{ status: \"best_effort\", value: \"sure\", confidence: 0.9, agent: \"high\", attempts: 3, confidences: [0, 0.5, 0.9] } (~90.0%)".to_owned(),
            "{ status: \"failed\", value: null, confidence: 0, agent: null, attempts: 1, confidences: [0] } (~0.0%)".to_owned(),
        ]
    );
}
