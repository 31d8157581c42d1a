//! The `command` provider (runtime §9.6) against small Python agents: the long-lived and
//! per-call protocols, a process that crashes, one that writes garbage, one that never says
//! `ready`, one that never answers (cancelled by the attempt timeout), and restarts.
use super::*;
use crate::agents::external_events;

/// Writes `script` (Python) into a fresh directory; returns the directory.
fn agent_dir(name: &str, script: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("prism-command-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("agent.py"), script).expect("script");
    dir
}

/// The spec's minimal long-lived agent, answering with the request count and the prompt, and
/// logging each `cancel` to `cancels.txt`.
const ECHO: &str = r#"
import json, sys
count = 0
for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol": "prism.command/1",
                          "concurrent": False, "stream": False}), flush=True)
    elif msg["type"] == "request":
        count += 1
        prompt = msg["request"]["messages"][0]["content"]
        if prompt == "hang":
            continue
        print("working on " + msg["id"], file=sys.stderr, flush=True)
        print(json.dumps({"type": "log", "level": "info", "message": "seen " + prompt}), flush=True)
        print(json.dumps({"type": "response", "id": msg["id"],
                          "response": {"content": "%d: %s" % (count, prompt), "confidence": 0.9}}), flush=True)
    elif msg["type"] == "cancel":
        open("cancels.txt", "a").write(msg["id"] + "\n")
    elif msg["type"] == "shutdown":
        break
"#;

fn toml(dir: &std::path::Path, extra: &str) -> String {
    format!(
        "[providers.tools]\ntype = \"command\"\ncommand = [\"python3\", \"agent.py\"]\ncwd = \"{}\"\n{extra}\n",
        dir.display()
    )
}

/// Runs `body` as the main task on the real clock, with the inbox connected.
fn run_real(
    toml: &str,
    body: impl FnOnce(&mut TestMachine<'_, '_>) -> Result<Value, Thrown> + 'static,
) -> Result<Value, Thrown> {
    let config = config(toml);
    crate::agents::install(&crate::agents::AgentSetup::new(&config));
    let scheduler = Scheduler::new(SchedulerConfig {
        clock: ClockKind::Real,
        deadline: Some(crate::tasks::Deadline::after(20_000.0)),
        stack_size: 1 << 20,
        interrupt: None,
    });
    scheduler.set_external(external_events());
    let end = scheduler.run(Box::new(move |cx: &TaskContext<'_>| {
        let mut machine = TestMachine {
            cx: Some(cx),
            random: RandomStreams::new(3),
            output: NoOutput,
        };
        body(&mut machine)
    }));
    // The end of the run shuts the processes down.
    crate::agents::uninstall();
    end.result
}

fn tools(machine: &mut dyn Machine, prompt: &str) -> Result<Value, Thrown> {
    llm(machine, prompt, &[("provider", Value::string("tools"))])
}

fn failure(result: Result<Value, Thrown>) -> String {
    match result {
        Ok(value) => format!("unexpected success: {}", crate::display(&value)),
        Err(thrown) => format!("{} {}", thrown.code(), crate::display(thrown.value())),
    }
}

#[test]
fn a_long_lived_process_answers_every_request_in_turn() {
    let dir = agent_dir("echo", ECHO);
    let result = run_real(&toml(&dir, ""), |m| {
        let first = tools(m, "one")?;
        let second = tools(m, "two")?;
        Ok(Value::array(vec![first, second]))
    });
    assert_eq!(shown(&result), r#"["1: one" (~90.0%), "2: two" (~90.0%)]"#);
}

#[test]
fn per_call_mode_starts_one_process_per_request() {
    let dir = agent_dir("per-call", ECHO.replace("\"hello\"", "\"never\"").as_str());
    let script = r#"
import json, sys
msg = json.loads(sys.stdin.readline())
print(json.dumps({"type": "chunk", "id": msg["id"], "text": "x"}), flush=True)
print(json.dumps({"type": "response", "id": msg["id"], "response": {"content": None, "value": {"echo": msg["request"]["messages"][0]["content"]}, "confidence": 0.6}}), flush=True)
print("trailing garbage is ignored", flush=True)
"#;
    std::fs::write(dir.join("agent.py"), script).expect("script");
    let result = run_real(&toml(&dir, "per_call = true"), |m| {
        let first = tools(m, "a")?;
        let second = tools(m, "b")?;
        Ok(Value::array(vec![first, second]))
    });
    assert_eq!(
        shown(&result),
        r#"["{\"echo\":\"a\"}" (~60.0%), "{\"echo\":\"b\"}" (~60.0%)]"#
    );
}

#[test]
fn a_process_that_crashes_fails_the_attempt_as_unavailable() {
    let dir = agent_dir("crash", &ECHO.replace("count += 1", "sys.exit(3)"));
    let message = failure(run_real(&toml(&dir, "max_restarts = 1"), |m| {
        let first = failure(tools(m, "one"));
        let second = failure(tools(m, "two"));
        let third = failure(tools(m, "three"));
        Ok(Value::string(&format!("{first}\n{second}\n{third}")))
    }));
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 3, "{message}");
    assert!(
        lines[0].contains("(unavailable): process exited with status 3"),
        "{message}"
    );
    assert!(
        lines[1].contains("process exited with status 3"),
        "{message}"
    );
    assert!(lines[2].contains("no more restarts"), "{message}");
}

#[test]
fn garbage_on_standard_output_is_a_protocol_failure() {
    let dir = agent_dir(
        "garbage",
        &ECHO.replace("count += 1", "print('oops, not json', flush=True)"),
    );
    let message = failure(run_real(&toml(&dir, ""), |m| tools(m, "one")));
    assert!(message.starts_with("R0804"), "{message}");
    assert!(
        message.contains("(protocol): protocol failure: a line is not JSON"),
        "{message}"
    );
}

#[test]
fn a_missing_ready_or_a_wrong_protocol_is_a_protocol_failure() {
    let dir = agent_dir("silent", "import sys\nfor line in sys.stdin:\n    pass\n");
    let message = failure(run_real(&toml(&dir, "startup_timeout_ms = 150"), |m| {
        tools(m, "one")
    }));
    assert!(
        message.contains("(protocol): the process sent no 'ready'"),
        "{message}"
    );
    let dir = agent_dir("wrong", &ECHO.replace("prism.command/1", "other/9"));
    let message = failure(run_real(&toml(&dir, ""), |m| tools(m, "one")));
    assert!(
        message.contains("'ready' names protocol 'other/9'"),
        "{message}"
    );
}

#[test]
fn an_attempt_timeout_cancels_the_request_and_the_process_serves_the_next() {
    let dir = agent_dir("hang", ECHO);
    let result = run_real(&toml(&dir, ""), |m| {
        let options = [
            ("provider", Value::string("tools")),
            ("timeout", Value::number(300.0)),
        ];
        // Started and answering first, so that the timeout measures only the hang.
        tools(m, "warm")?;
        let hung = failure(llm(m, "hang", &options));
        let next = tools(m, "next")?;
        Ok(Value::array(vec![Value::string(&hung), next]))
    });
    let shown = shown(&result);
    assert!(shown.contains("R0801"), "{shown}");
    assert!(shown.contains(r#""3: next" (~90.0%)"#), "{shown}");
    let cancels = std::fs::read_to_string(dir.join("cancels.txt")).unwrap_or_default();
    assert_eq!(cancels, "c2.1\n");
}

#[test]
fn a_program_that_cannot_start_is_unavailable() {
    let dir = agent_dir("missing", ECHO);
    let toml = toml(&dir, "").replace("python3", "/nonexistent/prism-agent");
    let message = failure(run_real(&toml, |m| tools(m, "one")));
    assert!(message.contains("(unavailable): cannot start"), "{message}");
}
