//! The embedding API (runtime §14.3): typed JSON input bound as `input`, the result of §14.1,
//! output through a callback, cancellation and the Parallax option.

use std::path::Path;

use prism_driver::embed::Pattern;
use prism_driver::run::Stream;
use serde_json::json;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/embed")
        .join(name)
}

#[test]
fn input_is_data_and_the_result_has_value_confidence_display_output_and_stats() {
    let code =
        r#"print("hello " + input.name); { greeting: input.name, n: len(input.items) } ~> 0.7"#;
    let pattern = Pattern::source("<embed>", code).virtual_clock(true);
    // Text that would be code if it were spliced into the source stays a string.
    let name = "x\"); throw Error(\"injected";
    let mut seen = Vec::new();
    let result = pattern.run_with_output(json!({ "name": name, "items": [1, 2] }), |line| {
        seen.push(line.text.clone())
    });
    assert!(result.error.is_none(), "{:?}", result.error);
    assert_eq!(result.value, json!({ "greeting": name, "n": 2 }));
    assert_eq!(result.confidence, Some(0.7));
    assert_eq!(seen, vec![format!("hello {name}")]);
    assert_eq!(result.output.len(), 1);
    assert_eq!(result.output[0].stream, Stream::Stdout);
    let stats = result.stats.as_ref().expect("stats");
    // The default backend, `auto`, is the JIT with the interpreter's fallback (docs/jit.md).
    assert_eq!((stats.calls, stats.backend), (0, "jit"));
    assert_eq!(result.to_json()["confidence"], json!(0.7));
}

#[test]
fn a_plain_null_has_no_display_and_no_confidence() {
    let result = Pattern::source("<embed>", "null").run(json!(null));
    assert_eq!(result.value, json!(null));
    assert_eq!(result.confidence, None);
    assert_eq!(result.display, None);
}

#[test]
fn compile_and_runtime_errors_are_diagnostics() {
    let compile = Pattern::source("<embed>", "let = 1").run(json!(null));
    let error = compile.error.expect("a compile error");
    assert!(error.code.starts_with('E'), "{}", error.code);
    assert_eq!(compile.value, json!(null));

    let runtime = Pattern::source("<embed>", "throw Error(\"no\")").run(json!(null));
    let error = runtime.error.expect("a runtime error");
    assert_eq!((error.code, error.message.as_str()), ("R0700", "no"));
}

#[test]
fn a_cancelled_run_ends_with_r0812() {
    let mut pattern = Pattern::source("<embed>", "await sleep(60000)\n1");
    let cancel = pattern.cancel_handle();
    cancel.request();
    let result = pattern.run(json!(null));
    assert_eq!(result.error.map(|error| error.code), Some("R0812"));
}

#[test]
fn parallax_mode_as_an_option() {
    let pattern = Pattern::file(fixture("vote.prism"))
        .parallax(true)
        .virtual_clock(true);
    let result = pattern.run(json!({ "question": "ship it?" }));
    assert!(result.error.is_none(), "{:?}", result.error);
    assert_eq!(result.value, json!("yes"));
    // A plain final value gets [compat.parallax] default_confidence (runtime §15.5).
    assert_eq!(result.confidence, Some(0.5));
    assert_eq!(result.output[0].text, "question: ship it?");
    let results = result.agent_results.expect("agent results");
    assert_eq!(results[0]["agentId"], json!("a"));
    assert_eq!(results[1]["confidence"], json!(0.6));
}
