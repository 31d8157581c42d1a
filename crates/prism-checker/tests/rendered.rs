//! Rendered resolution diagnostics (cli §3.2): each snapshot holds the source and the text form of
//! every diagnostic the resolver reports for it, colour off.

use prism_checker::{resolve, ResolveEnv};
use prism_diagnostics::render;
use prism_span::SourceMap;

fn document(source: &str, env: &ResolveEnv) -> String {
    let mut files = SourceMap::new();
    let file = files.add("test.prism", source);
    let parsed = prism_syntax::parse(source, file);
    let resolution = resolve(&parsed.program, file, env);
    let mut out = format!("--- SOURCE ---\n{source}\n--- DIAGNOSTICS ---\n");
    for diagnostic in parsed.diagnostics.iter().chain(&resolution.diagnostics) {
        out.push_str(&render(diagnostic, &files, false));
    }
    out
}

macro_rules! assert_resolution {
    ($source:expr) => {
        insta::assert_snapshot!(document($source, &ResolveEnv::main()))
    };
    ($source:expr, $env:expr) => {
        insta::assert_snapshot!(document($source, &$env))
    };
}

#[test]
fn unresolved_with_suggestion() {
    assert_resolution!("let score = 0.9\nprint(scroe)\n");
}

#[test]
fn unresolved_javascript_word() {
    assert_resolution!("let e = new Error(\"bad\")\n");
}

#[test]
fn duplicate_declaration() {
    assert_resolution!("let a = 1\nprint(a)\nlet a = 2\n");
}

#[test]
fn assignment_to_constant_and_builtin() {
    assert_resolution!("const limit = 3\nlimit += 1\nprint = 5\n");
}

#[test]
fn assignment_to_import() {
    assert_resolution!("import { counter } from \"./lib\"\ncounter = 5\n");
}

#[test]
fn used_before_declaration() {
    assert_resolution!("print(x)\nlet x = 1\n");
}

#[test]
fn implicit_declarations() {
    assert_resolution!("total = 0\nfunction f() {\n  hits = 1\n  hits\n}\n");
}

#[test]
fn module_does_not_see_host_names() {
    assert_resolution!("print(input)\n", ResolveEnv::module());
}

/// The whole scope tree of a program exercising every scope kind.
#[test]
fn scope_tree() {
    let source = "let total = 0\nfunction add(x) {\n  count = 1\n  return (y) => total + x + y\n}\nfor (let i = 0; i < 2; i++) {\n  try { add(i) } catch (e) { print(e) }\n}\nfor v, n in [1] { total += match v { [a] => a, b => b } }\nlet named = function self(k) { self }\n";
    let parsed = prism_syntax::parse(source, prism_span::FileId(0));
    let resolution = resolve(&parsed.program, prism_span::FileId(0), &ResolveEnv::main());
    insta::assert_snapshot!(format!(
        "--- SOURCE ---\n{source}--- RESOLUTION ---\n{}",
        resolution.dump(source)
    ));
}
