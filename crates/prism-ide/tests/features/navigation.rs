use prism_ide::{Analysis, ResolveEnv, TextEdit};
use prism_span::FileId;

use crate::{at, text};

fn spans(marked: &str, include_declaration: bool) -> Vec<String> {
    let (analysis, offset) = at(marked);
    analysis
        .references(offset, include_declaration)
        .into_iter()
        .map(|span| format!("{}@{}", text(&analysis, span), span.start))
        .collect()
}

/// The document after applying the rename's edits (or the refusal).
fn renamed(marked: &str, new_name: &str) -> String {
    let (analysis, offset) = at(marked);
    match analysis.rename(offset, new_name) {
        Ok(edits) => apply(analysis.text(), &edits),
        Err(error) => format!("refused: {}", error.message),
    }
}

pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut result = text.to_string();
    let mut edits = edits.to_vec();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    for edit in edits {
        result.replace_range(edit.span.range(), &edit.new_text);
    }
    result
}

#[test]
fn definition_of_a_use() {
    let (analysis, offset) = at("let total = 1\nfunction f() { return tot@@al }\n");
    let span = analysis.definition(offset).expect("definition");
    assert_eq!((text(&analysis, span), span.start), ("total", 4));
    let (analysis, offset) = at("print(le@@n([]))\n");
    assert_eq!(analysis.definition(offset), None);
}

#[test]
fn definition_of_a_shadowing_parameter() {
    let (analysis, offset) = at("let x = 1\nlet f = (x) => x@@ + 1\n");
    assert_eq!(analysis.definition(offset).map(|s| s.start), Some(19));
}

#[test]
fn references_in_source_order() {
    let source = "let n = 1\nn = n + 1\nfunction g(n) { n }\nprint(n@@)\n";
    assert_eq!(spans(source, true), ["n@4", "n@10", "n@14", "n@46"]);
    assert_eq!(spans(source, false), ["n@10", "n@14", "n@46"]);
}

#[test]
fn rename_every_use_and_keep_shorthand_keys() {
    insta::assert_snapshot!(renamed(
        "let cou@@nt = 1\nlet o = { count }\nlet { count: c2 } = o\nfunction f() { count += 1; return count }\nexport { count }\n",
        "total"
    ));
}

#[test]
fn rename_an_import_keeps_the_imported_name() {
    insta::assert_snapshot!(renamed(
        "import { vote } from \"std/patterns\"\nprint(vo@@te)\n",
        "decide"
    ));
}

#[test]
fn rename_refusals() {
    assert_eq!(
        renamed("print(1)\npri@@nt(2)\n", "say"),
        "refused: 'print' is a builtin and cannot be renamed"
    );
    assert_eq!(
        renamed("print(inp@@ut)\n", "data"),
        "refused: 'input' is provided by the host and cannot be renamed"
    );
    assert_eq!(renamed("let a@@ = 1\n", "if"), "refused: 'if' is a keyword");
    assert_eq!(
        renamed("let a@@ = 1\n", "high"),
        "refused: 'high' is a keyword"
    );
    assert_eq!(
        renamed("let a@@ = 1\n", "2x"),
        "refused: '2x' is not a valid name"
    );
    assert_eq!(
        renamed("let a@@ = 1\nlet b = 2\nprint(a, b)\n", "b"),
        "refused: 'b' is already declared in this scope"
    );
    assert_eq!(
        renamed("let a = 4@@2\n", "b"),
        "refused: only names can be renamed"
    );
}

#[test]
fn import_target_of_a_use_and_of_the_string() {
    let source = "import { vote as v } from \"std/patterns\"\nimport * as m from \"./m.prism\"\nprint(v@@, m)\n";
    let (analysis, offset) = at(source);
    let target = analysis.import_target(offset).expect("target");
    assert_eq!(target.source, "std/patterns");
    assert_eq!(target.imported.as_deref(), Some("vote"));
    let (analysis, offset) = at(&source.replace("v@@,", "v, ").replace("./m.p", "./m@@.p"));
    let target = analysis.import_target(offset).expect("target");
    assert_eq!(
        (target.source.as_str(), target.imported),
        ("./m.prism", None)
    );
}

#[test]
fn exported_declarations() {
    let source = "@@export function vote(xs) { xs }\nexport const limit = 3\nlet hidden = 1\nexport { hidden as shown }\nexport default limit + 1\nexport { other } from \"./m.prism\"\n";
    let (analysis, _) = at(source);
    let found = |name: &str| {
        analysis
            .exported_declaration(name)
            .map(|span| text(&analysis, span).to_string())
    };
    assert_eq!(found("vote").as_deref(), Some("vote"));
    assert_eq!(found("limit").as_deref(), Some("limit"));
    let shown = analysis
        .exported_declaration("shown")
        .map(|span| span.start);
    assert_eq!(shown, analysis.text().find("hidden").map(|i| i as u32));
    assert_eq!(found("default").as_deref(), Some("limit + 1"));
    assert_eq!(found("other"), None);
    assert_eq!(found("xs"), None);
}

#[test]
fn rename_refuses_capture_and_shadowing() {
    assert_eq!(
        renamed(
            "let a@@ = 1\nfunction f(b) { return a + b }\nprint(f(2))\n",
            "b"
        ),
        "refused: another 'b' is visible at a use of this name"
    );
    assert_eq!(
        renamed(
            "let b = 1\nfunction f() {\n  let a@@ = 2\n  return a + b\n}\nprint(f())\n",
            "b"
        ),
        "refused: 'b' is used in this scope and would refer to the renamed binding"
    );
    assert_eq!(
        renamed(
            "let b = 1\nfunction f() {\n  let a@@ = 2\n  return a\n}\nprint(f(), b)\n",
            "b"
        ),
        "let b = 1\nfunction f() {\n  let b = 2\n  return b\n}\nprint(f(), b)\n"
    );
}

#[test]
fn rename_allows_an_unrelated_inner_name_and_refuses_hiding_a_host_name() {
    assert_eq!(
        renamed(
            "let a@@ = 1\nfunction f() { let b = 2; return b }\nprint(a, f())\n",
            "b"
        ),
        "let b = 1\nfunction f() { let b = 2; return b }\nprint(b, f())\n"
    );
    assert_eq!(
        renamed("let a@@ = 1\nprint(a, input)\n", "input"),
        "refused: 'input' is used in this scope and would refer to the renamed binding"
    );
}

#[test]
fn definition_of_a_key_of_a_constant_object() {
    let source = "const settings = { retries: 3, \"limit\": 0.7 }\nprint(settings.lim@@it, settings.retries)\n";
    let (analysis, offset) = at(source);
    let span = analysis.definition(offset).expect("the key");
    assert_eq!(text(&analysis, span), "\"limit\"");
    let (analysis, offset) = at("let o = { a: 1 }\nprint(o.a@@)\n");
    assert_eq!(analysis.definition(offset), None, "a let may be replaced");
    let (analysis, offset) = at("const o = { a: 1 }\nprint(o.b@@)\n");
    assert_eq!(analysis.definition(offset), None);
}

/// What the server does for go-to-definition on an imported name: `import_target` in the importing
/// file names the module and export, `exported_declaration` in the module finds its declaration.
fn definition_across_an_import(main: &str, module: &str, specifier: &str) -> Option<String> {
    let (importer, offset) = at(main);
    let target = importer.import_target(offset)?;
    assert_eq!(target.source, specifier);
    let exporter = Analysis::new(module, FileId(1), ResolveEnv::module());
    let span = exporter.exported_declaration(target.imported.as_deref()?)?;
    let line = module[..span.start as usize].matches('\n').count() + 1;
    Some(format!("{}@{line}", text(&exporter, span)))
}

#[test]
fn definition_across_an_import_of_a_renamed_function() {
    let module = "let unused = 0\nexport function helper(x) { x * 2 }\n";
    let main = "import { helper as double } from \"./util.prism\"\nprint(dou@@ble(21))\n";
    assert_eq!(
        definition_across_an_import(main, module, "./util.prism").as_deref(),
        Some("helper@2")
    );
    // The cursor on the imported name inside the braces leads to the same declaration.
    let on_imported = main
        .replace("dou@@ble(21)", "double(21)")
        .replace("hel", "h@@el");
    assert_eq!(
        definition_across_an_import(&on_imported, module, "./util.prism").as_deref(),
        Some("helper@2")
    );
}

#[test]
fn definition_across_an_import_of_a_local_export_and_a_default() {
    let module = "let limit = 3\nexport { limit as maximum }\nexport default limit + 1\n";
    let named = "import { maximum } from \"./limits.prism\"\nprint(maxi@@mum)\n";
    assert_eq!(
        definition_across_an_import(named, module, "./limits.prism").as_deref(),
        Some("limit@1")
    );
    let default = "import cap from \"./limits.prism\"\nprint(c@@ap)\n";
    assert_eq!(
        definition_across_an_import(default, module, "./limits.prism").as_deref(),
        Some("limit + 1@3")
    );
    // A name the module does not export has no definition (the checker reports E0502 there).
    let missing = "import { absent } from \"./limits.prism\"\nprint(abs@@ent)\n";
    assert_eq!(
        definition_across_an_import(missing, module, "./limits.prism"),
        None
    );
}
