//! `prism run --trace` end to end (runtime §13, §12, cli §4.1): a run with retries, a fallback,
//! a governance denial, a spent budget, a command provider that logs, program output and an
//! unawaited failure writes the events of §13.2 with their common fields in order, and a fake API
//! key set in the environment appears nowhere: not in the trace, not on stdout, not on stderr.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

const KEY: &str = "sk-fake-0123456789abcdef";

const CONFIG: &str = r#"
[runtime]
default_provider = "flaky"

[providers.flaky]
type = "mock"
retries = 2
backoff_ms = 1
rules = [
  { contains = "retry me", responses = [ { error = { kind = "server", message = "boom" } }, { content = "recovered" } ] },
  { contains = "leak", responses = [ { error = { kind = "auth", message = "rejected key sk-fake-0123456789abcdef" } } ] },
]

[providers.broken]
type = "mock"
default_response = { error = { kind = "auth", message = "no credentials" } }

[providers.good]
type = "mock"

[providers.tools]
type = "command"
command = ["python3", "agent.py"]

[agents.forbidden]
provider = "good"

[agents.limited]
provider = "good"
budget = { calls = 1 }

[governance]
policy = "policy.rego"

[trace]
include_output = true
"#;

const POLICY: &str = r#"
package prism

default decision := {"allow": true}

decision := {"allow": false, "reasons": ["forbidden agent"], "audit": true} if {
    input.target.name == "forbidden"
}
"#;

/// A long-lived command agent that also writes the key it inherited to its standard error.
const AGENT: &str = r#"
import json, os, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol": "prism.command/1"}), flush=True)
    elif msg["type"] == "request":
        print("my key is " + os.environ.get("OPENAI_API_KEY", ""), file=sys.stderr, flush=True)
        print(json.dumps({"type": "log", "level": "warn", "message": "key " + os.environ.get("OPENAI_API_KEY", "")}), flush=True)
        print(json.dumps({"type": "response", "id": msg["id"], "response": {"content": "tooled", "confidence": 0.7}}), flush=True)
    elif msg["type"] == "shutdown":
        break
"#;

const PROGRAM: &str = r#"
print("starting")
let first = llm("retry me")
let second = llm("fallback me", { provider: "broken", fallback: ["good"] })
let denied = "allowed"
try { agent("forbidden").ask("hello") } catch (e) { denied = e.kind }
let spent = "unspent"
try {
  agent("limited").ask("one")
  agent("limited").ask("two")
} catch (e) { spent = e.kind }
let tool = llm("tool me", { provider: "tools" })
uncertain if (first) { high { print("sure") } medium { print("fairly sure") } }
let child = runPattern("./child.prism", { n: 2 })
let winner = await Promise.race([delay(5, "fast"), delay(50, "slow")])
spawn(() => { throw "never awaited" })
print(denied, spent, first, tool, child, winner)
llm("leak")
"#;

/// A fresh project directory; `tag` keeps the tests of this binary, which run in parallel, apart.
/// A child pattern (runtime §11.6) for `pattern_start` and `pattern_end`.
const CHILD: &str = "input.n * 21 ~> 0.9\n";

fn project(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prism-trace-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in [
        ("prism.toml", CONFIG),
        ("policy.rego", POLICY),
        ("agent.py", AGENT),
        ("pattern.prism", PROGRAM),
        ("child.prism", CHILD),
    ] {
        std::fs::write(dir.join(name), text).expect("write");
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_prism"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("OPENAI_API_KEY", KEY)
        .env_remove("PRISM_TRACE")
        .env_remove("PRISM_PROVIDER")
        .output()
        .expect("prism runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_traced_run_records_every_event_and_never_the_key() {
    let dir = project("events");
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "run",
            "pattern.prism",
            "--trace",
            "run.jsonl",
            "--run-id",
            "run-1",
            "--seed",
            "5",
        ],
    );
    assert_eq!(code, Some(1), "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stdout.contains("PolicyDenied BudgetExceeded recovered"),
        "{stdout}"
    );
    assert!(stderr.contains("error[R0804]"), "{stderr}");
    assert!(stderr.contains("rejected key [REDACTED]"), "{stderr}");
    assert!(stderr.contains("[tools] my key is [REDACTED]"), "{stderr}");
    let text = std::fs::read_to_string(dir.join("run.jsonl")).expect("trace file");
    for (name, output) in [("trace", &text), ("stdout", &stdout), ("stderr", &stderr)] {
        assert!(
            !output.contains(KEY),
            "the key leaked into {name}:\n{output}"
        );
    }
    let events: Vec<Json> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    for (seq, event) in events.iter().enumerate() {
        let keys: Vec<&str> = event
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .take(7)
            .collect();
        assert_eq!(keys, ["v", "seq", "t_ms", "run_id", "node", "task", "type"]);
        assert_eq!(event["seq"], seq);
        assert_eq!(event["run_id"], "run-1");
        assert_eq!(event["node"], "ORG_1");
    }
    // One clock for the whole file, a child pattern's events included.
    let times: Vec<u64> = events.iter().filter_map(|e| e["t_ms"].as_u64()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    for kind in [
        "run_start",
        "call_start",
        "call_end",
        "retry",
        "fallback",
        "policy",
        "budget",
        "branch",
        "pattern_start",
        "pattern_end",
        "cancel",
        "log",
        "output",
        "warning",
        "run_end",
    ] {
        assert!(kinds.contains(&kind), "no {kind} event in {kinds:?}");
    }
    assert_eq!(kinds.first(), Some(&"run_start"));
    assert_eq!(kinds.last(), Some(&"run_end"));
    let of = |kind: &str| {
        events
            .iter()
            .find(|e| e["type"] == kind)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(of("retry")["reason"], "server");
    assert_eq!(of("retry")["attempt"], 2);
    assert_eq!(of("fallback")["from"], "broken");
    assert_eq!(of("fallback")["to"], "good");
    let policy = events
        .iter()
        .find(|e| e["type"] == "policy" && e["allow"] == false)
        .expect("a denial");
    assert_eq!(policy["target"], "forbidden");
    assert_eq!(policy["reasons"][0], "forbidden agent");
    assert_eq!(policy["mode"], "enforce");
    assert_eq!(of("budget")["scope"], "agent 'limited'");
    let branch = of("branch");
    assert_eq!(branch["form"], "if");
    assert_eq!(branch["level"], "medium");
    assert_eq!(branch["branch"], "medium");
    assert_eq!(branch["line"], 13);
    assert_eq!(branch["confidence"], 0.5);
    assert_eq!(of("pattern_start")["child"], "ORG_1.1");
    assert_eq!(of("pattern_start")["path"], "child.prism");
    assert_eq!(of("pattern_start")["depth"], 1);
    assert_eq!(of("pattern_end")["ok"], true);
    assert_eq!(of("pattern_end")["confidence"], 0.9);
    assert_eq!(of("cancel")["reason"], "race");
    assert_eq!(of("warning")["code"], "W0901");
    assert_eq!(of("output")["text"], "starting");
    let end = of("run_end");
    assert_eq!(end["ok"], false);
    assert_eq!(end["error"]["code"], "R0804");
    assert_eq!(end["stats"]["retries"], 1);
    let start = of("run_start");
    assert_eq!(start["file"], "pattern.prism");
    assert_eq!(start["seed"], 5);
    let call_end = of("call_end");
    let fields: Vec<&str> = call_end
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .skip(7)
        .collect();
    assert_eq!(
        fields,
        [
            "call",
            "attempt",
            "ok",
            "cancelled",
            "latency_ms",
            "usage",
            "finish_reason",
            "confidence",
            "estimator",
            "source",
            "response",
            "error"
        ]
    );
}

#[test]
fn an_unknown_provider_is_a_usage_error() {
    let dir = project("provider");
    let (code, stdout, stderr) = run(&dir, &["run", "pattern.prism", "--provider", "nope"]);
    assert_eq!(code, Some(64), "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stderr.contains("error: unknown provider 'nope'"),
        "{stderr}"
    );
    assert_eq!(stdout, "");
    let (code, _, stderr) = run(&dir, &["run", "-e", "1", "--provider", "good"]);
    assert_eq!(code, Some(0), "{stderr}");
}
