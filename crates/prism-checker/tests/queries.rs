//! The language-server queries (cli §8): hover types and kinds from [`prism_checker::check`],
//! go-to-definition, references with shadowing and the names in scope inside nested lambdas from
//! the resolution, and document symbols.

use prism_checker::{check, Checked, ConfidenceKind, ResolveEnv, SymbolKind};
use prism_span::FileId;

fn checked(source: &str) -> Checked {
    let parsed = prism_syntax::parse(source, FileId(0));
    check(&parsed.program, source, FileId(0), &ResolveEnv::main())
}

fn offset(source: &str, needle: &str, nth: usize) -> u32 {
    let mut from = 0;
    let mut found = 0;
    for _ in 0..=nth {
        found = from + source[from..].find(needle).expect("needle");
        from = found + 1;
    }
    u32::try_from(found).expect("small")
}

fn hover(source: &str, needle: &str, nth: usize) -> (String, ConfidenceKind) {
    let checked = checked(source);
    let at = offset(source, needle, nth);
    let ty = checked
        .type_at(at)
        .map(ToString::to_string)
        .unwrap_or_default();
    (ty, checked.kind_at(at).expect("kind"))
}

#[test]
fn hover_shows_the_type_and_kind_of_a_variable() {
    let source = "let score = 0.9 ~> 0.8\nlet label = \"s\" + score\nprint(label)\n";
    assert_eq!(
        hover(source, "score", 0),
        ("number".into(), ConfidenceKind::Confident)
    );
    assert_eq!(
        hover(source, "label", 1),
        ("string".into(), ConfidenceKind::Confident)
    );
}

#[test]
fn hover_shows_function_and_container_types() {
    let source = "function twice(x, y = 1) { return x * 2 }\nconst point = { x: 1, y: \"a\" }\nlet xs = [1, 2]\nprint(twice(1), point.y, xs)\n";
    assert_eq!(
        hover(source, "twice", 0).0,
        "function(unknown, unknown?) -> number"
    );
    assert_eq!(hover(source, "point", 0).0, "object{x: number, y: string}");
    assert_eq!(hover(source, "y", 2).0, "string");
    assert_eq!(hover(source, "xs", 0).0, "array<number>");
    assert_eq!(
        hover(source, "twice(1)", 0).0,
        "function(unknown, unknown?) -> number"
    );
}

#[test]
fn hover_shows_narrowed_types() {
    let source = "let v = input.v\nif (typeof v == \"string\") {\n  print(v)\n}\nif (v != null) {\n  print(v)\n}\n";
    assert_eq!(hover(source, "v", 0).0, "unknown");
    assert_eq!(hover(source, "v)", 0).0, "string");
    let source = "let v = null ?? 2\nlet w = v ~> 0.5\nprint(w)\n";
    assert_eq!(
        hover(source, "v", 0),
        ("number".into(), ConfidenceKind::Unknown)
    );
    assert_eq!(
        hover(source, "w", 0),
        ("number".into(), ConfidenceKind::Confident)
    );
}

#[test]
fn definition_and_references_respect_shadowing() {
    let source = "let x = 1\nfunction f(x) {\n  return x + 1\n}\nprint(x, f(x))\n";
    let checked = checked(source);
    let resolution = &checked.resolution;
    let (_, outer) = resolution
        .identifier_at(offset(source, "x, f", 0))
        .expect("use");
    let (_, inner) = resolution
        .identifier_at(offset(source, "x + 1", 0))
        .expect("use");
    assert_ne!(outer, inner);
    let outer_decl: Vec<_> = resolution.declarations_of(outer).collect();
    assert_eq!(outer_decl[0].start, offset(source, "x = 1", 0));
    let outer_refs = resolution.references(outer);
    assert_eq!(outer_refs.len(), 3, "{outer_refs:?}");
    let inner_refs = resolution.references(inner);
    assert_eq!(inner_refs.len(), 2, "{inner_refs:?}");
}

#[test]
fn names_in_scope_inside_nested_lambdas() {
    let source = "let base = 1\nlet outer = a => {\n  let mid = 2\n  return b => a + b + mid + base\n}\nprint(outer)\n";
    let checked = checked(source);
    let resolution = &checked.resolution;
    let scope = resolution
        .innermost_scope_at(offset(source, "a + b", 0))
        .expect("scope");
    let names: Vec<_> = resolution
        .visible_bindings(scope)
        .into_iter()
        .filter_map(|binding| resolution.binding(binding))
        .map(|binding| binding.name.to_string())
        .collect();
    for name in ["b", "a", "mid", "base", "outer"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
}

#[test]
fn document_symbols_list_top_level_declarations() {
    let source = "function main() { let inner = 1 }\nconst limit = 3\nlet [a, b] = [1, 2]\nagents {\n  helper: { model: \"m\" }\n}\nexport function shared() {}\n";
    let checked = checked(source);
    let symbols: Vec<_> = checked
        .symbols
        .iter()
        .map(|symbol| (symbol.name.to_string(), symbol.kind))
        .collect();
    assert_eq!(
        symbols,
        [
            ("main".to_string(), SymbolKind::Function),
            ("limit".to_string(), SymbolKind::Constant),
            ("a".to_string(), SymbolKind::Variable),
            ("b".to_string(), SymbolKind::Variable),
            ("helper".to_string(), SymbolKind::Agent),
            ("shared".to_string(), SymbolKind::Function),
        ]
    );
}

#[test]
fn hover_shows_types_derived_from_a_schema() {
    let source = "let answer = llm(\"rate\", { schema: { type: \"object\", properties: { score: { type: \"number\" }, tags: { type: \"array\", items: { type: \"string\" } } }, required: [\"score\"] } })\nlet plain = llm(\"hi\")\nprint(answer, plain)\n";
    assert_eq!(
        hover(source, "answer", 0).0,
        "object{score: number, tags: array<string> | null, …}"
    );
    assert_eq!(
        hover(source, "plain", 0),
        ("unknown".into(), ConfidenceKind::Confident)
    );
}

#[test]
fn hover_shows_the_union_of_assigned_values() {
    let source = "let v = null\nv = 5\nfunction set() { v = \"s\" }\nprint(v)\n";
    assert_eq!(hover(source, "v)", 0).0, "null | number | string");
    assert_eq!(hover(source, "v", 0).0, "null");
}
