//! The exact `prism ast` JSON (cli §11): key order, spans, `raw` texts, `null`/`[]`/`false` for
//! absent fields, transparent parentheses.

use prism_span::FileId;
use prism_syntax::ast_json::{program_to_json, program_to_json_with_source};
use prism_syntax::parse;

fn json(source: &str) -> String {
    let parsed = parse(source, FileId(0));
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let value = program_to_json_with_source(&parsed.program, source);
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    format!("--- SOURCE ---\n{source}\n--- AST ---\n{text}")
}

#[test]
fn declaration_with_annotation_and_paren() {
    insta::assert_snapshot!(json("let x = ([1, 'a', null] ~> 0.5)"));
}

#[test]
fn function_with_defaults_and_optional_access() {
    insta::assert_snapshot!(json(
        "async fn f(a, { b } = {}) ~> 0.9 { return a?.b ?? b }"
    ));
}

#[test]
fn match_and_template() {
    insta::assert_snapshot!(json(
        "match \"v ${x}\" { [h, ...t] ~> 0.5 if h => h, _ => undefined }"
    ));
}

#[test]
fn error_nodes_where_recovery_skipped_input() {
    let source = "let a = ;\nlet b = 1";
    let parsed = parse(source, FileId(0));
    let value = program_to_json(&parsed.program);
    assert_eq!(value["body"][0]["type"], "Error");
    assert_eq!(value["body"][0]["span"], serde_json::json!([0, 9]));
    assert_eq!(value["body"][1]["type"], "VarDecl");
}

#[test]
fn every_node_starts_with_type_and_span() {
    let source = "for (let i = 0; i < 3; i++) { uncertain if x { high { g(i) } } }";
    let parsed = parse(source, FileId(0));
    let value = program_to_json(&parsed.program);
    fn check(value: &serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if map.contains_key("type") {
                    let keys: Vec<&String> = map.keys().take(2).collect();
                    assert_eq!(keys, ["type", "span"]);
                }
                map.values().for_each(check);
            }
            serde_json::Value::Array(items) => items.iter().for_each(check),
            _ => {}
        }
    }
    check(&value);
}
