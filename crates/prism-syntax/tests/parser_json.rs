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

/// Every node's span lies inside its parent's span and is well formed, on the whole corpus.
#[test]
fn spans_nest_on_the_conformance_corpus() {
    fn check(value: &serde_json::Value, parent: (u64, u64), path: &str) {
        match value {
            serde_json::Value::Object(map) => {
                let mut bounds = parent;
                if let Some(span) = map.get("span").and_then(|span| span.as_array()) {
                    let start = span.first().and_then(|v| v.as_u64()).unwrap_or(0);
                    let end = span.get(1).and_then(|v| v.as_u64()).unwrap_or(0);
                    assert!(start <= end, "{path}: reversed span {start}..{end}");
                    assert!(
                        parent.0 <= start && end <= parent.1,
                        "{path}: {start}..{end} outside its parent {}..{}",
                        parent.0,
                        parent.1
                    );
                    bounds = (start, end);
                }
                for (key, field) in map {
                    check(field, bounds, &format!("{path}.{key}"));
                }
            }
            serde_json::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    check(item, parent, &format!("{path}[{index}]"));
                }
            }
            _ => {}
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut stack = vec![root];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "prism") {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                let parsed = parse(&source, FileId(0));
                let value = program_to_json(&parsed.program);
                check(
                    &value,
                    (0, source.len() as u64),
                    &path.display().to_string(),
                );
                files += 1;
            }
        }
    }
    assert!(files > 100);
}
