//! The `replay` provider (runtime §9.2): recording a mock's answers into a cassette, replaying
//! them (with and without their latencies), misses, recorded errors and redaction.
use super::*;

/// A fresh directory for one test's cassette.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("prism-replay-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn record_toml(cassette: &std::path::Path) -> String {
    format!(
        r#"
[providers.scripted]
type = "mock"
rules = [
  {{ contains = "hello", responses = [ {{ content = "hi there", confidence = 0.8, delay_ms = 120 }} ] }},
  {{ contains = "fail", responses = [ {{ error = {{ kind = "rate_limited", message = "slow down" }} }} ] }},
]

[providers.tape]
type = "replay"
mode = "record"
cassette = "{}"
target = "scripted"
"#,
        cassette.display()
    )
}

fn replay_toml(cassette: &std::path::Path, latency: bool) -> String {
    format!(
        "[providers.tape]\ntype = \"replay\"\ncassette = \"{}\"\nreplay_latency = {latency}\n",
        cassette.display()
    )
}

fn tape(machine: &mut dyn Machine, prompt: &str) -> Result<Value, Thrown> {
    llm(machine, prompt, &[("provider", Value::string("tape"))])
}

/// Records two greetings and one failure; returns the cassette's lines.
fn record(cassette: &std::path::Path) -> Vec<serde_json::Value> {
    let (result, elapsed) = run_virtual(&record_toml(cassette), |m| {
        let first = tape(m, "hello")?;
        let second = tape(m, "hello")?;
        let failed = tape(m, "fail").err().map(|e| crate::display(e.value()));
        Ok(Value::array(vec![
            first,
            second,
            Value::string(&failed.unwrap_or_default()),
        ]))
    });
    let shown = shown(&result);
    assert!(
        shown.starts_with(r#"["hi there" (~80.0%), "hi there" (~80.0%), "#),
        "{shown}"
    );
    assert!(shown.contains("rate_limited"), "{shown}");
    assert_eq!(elapsed, 240.0);
    std::fs::read_to_string(cassette)
        .expect("cassette")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

#[test]
fn recording_appends_one_line_per_answer_with_its_key_and_latency() {
    let cassette = temp_dir("record").join("tape.jsonl");
    let lines = record(&cassette);
    assert_eq!(lines.len(), 3);
    let first = &lines[0];
    assert_eq!(first["v"], 1);
    assert_eq!(first["latency_ms"], 120);
    assert_eq!(first["response"]["content"], "hi there");
    assert_eq!(first["error"], serde_json::Value::Null);
    assert_eq!(first["key"], lines[1]["key"]);
    let key = first["key"].as_str().unwrap_or_default();
    assert!(key.len() == 64 && key.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(first["request"]["messages"][0]["content"], "hello");
    assert_eq!(first["request"]["model"], "replay");
    assert_eq!(lines[2]["error"]["kind"], "rate_limited");
    // A second recording run empties the cassette first.
    assert_eq!(record(&cassette).len(), 3);
}

#[test]
fn replaying_answers_in_order_and_a_miss_is_not_found() {
    let cassette = temp_dir("replay").join("tape.jsonl");
    record(&cassette);
    let (result, elapsed) = run_virtual(&replay_toml(&cassette, false), |m| {
        let first = tape(m, "hello")?;
        let failed = tape(m, "fail").err().map(|e| crate::display(e.value()));
        let second = tape(m, "hello")?;
        let third = tape(m, "hello").err().map(|e| crate::display(e.value()));
        Ok(Value::array(vec![
            first,
            second,
            Value::string(&failed.unwrap_or_default()),
            Value::string(&third.unwrap_or_default()),
        ]))
    });
    let shown = shown(&result);
    assert!(
        shown.starts_with(r#"["hi there" (~80.0%), "hi there" (~80.0%), "#),
        "{shown}"
    );
    assert!(shown.contains("(rate_limited): slow down"), "{shown}");
    assert!(
        shown.contains("(not_found): no recorded interaction for request "),
        "{shown}"
    );
    assert_eq!(elapsed, 0.0, "answers come at once without replay_latency");
}

#[test]
fn replay_latency_delivers_after_the_recorded_latency_on_the_run_clock() {
    let cassette = temp_dir("latency").join("tape.jsonl");
    record(&cassette);
    let (result, elapsed) = run_virtual(&replay_toml(&cassette, true), |m| tape(m, "hello"));
    assert_eq!(shown(&result), "hi there (~80.0%)");
    assert_eq!(elapsed, 120.0);
}

#[test]
fn an_empty_or_missing_cassette_misses_and_garbage_lines_are_skipped() {
    let dir = temp_dir("missing");
    let (result, _) = run_virtual(&replay_toml(&dir.join("none.jsonl"), false), |m| {
        tape(m, "hello")
    });
    assert!(shown(&result).contains("not_found"), "{}", shown(&result));
    let garbage = dir.join("garbage.jsonl");
    std::fs::write(&garbage, "not json\n[1]\n{\"v\":1}\n").expect("write");
    let (result, _) = run_virtual(&replay_toml(&garbage, false), |m| tape(m, "hello"));
    assert!(shown(&result).contains("not_found"), "{}", shown(&result));
}

#[test]
fn secrets_are_redacted_before_the_cassette_is_written() {
    let cassette = temp_dir("redact").join("tape.jsonl");
    let toml = record_toml(&cassette).replace("hi there", "key sk-live-0123456789");
    crate::trace::install(crate::trace::TraceSetup {
        sink: None,
        redactor: crate::trace::Redactor::new(["sk-live-0123456789".to_owned()]),
        include_content: true,
        include_output: false,
        run_id: "r".into(),
        node: "ORG_1".into(),
    });
    let (result, _) = run_virtual(&toml, |m| tape(m, "hello"));
    let _ = crate::trace::finish();
    assert!(
        shown(&result).contains("sk-live-0123456789"),
        "the program sees the answer"
    );
    let text = std::fs::read_to_string(&cassette).expect("cassette");
    assert!(!text.contains("sk-live"), "{text}");
    assert!(text.contains("key [REDACTED]"), "{text}");
}
