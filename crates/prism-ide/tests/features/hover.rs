use crate::{at, text};

fn hover(marked: &str) -> String {
    let (analysis, offset) = at(marked);
    match analysis.hover(offset) {
        Some(hover) => format!("[{}]\n{}", text(&analysis, hover.range), hover.markdown),
        None => "no hover".to_string(),
    }
}

#[test]
fn variable_with_type_kind_and_doc_comment() {
    insta::assert_snapshot!(hover(
        "/** How sure the reviewer is. */\nlet score = 0.8 ~> 0.9\nprint(sco@@re)\n"
    ));
}

#[test]
fn plain_constant_at_its_declaration() {
    insta::assert_snapshot!(hover("const li@@mit = 3\nprint(limit)\n"));
}

#[test]
fn user_function_with_parameters() {
    insta::assert_snapshot!(hover(
        "/**\n * Adds the tax.\n */\nfunction withTax(price, rate = 0.2) { return price * (1 + rate) }\nprint(with@@Tax(10))\n"
    ));
}

#[test]
fn parameter() {
    insta::assert_snapshot!(hover("let f = (a@@, b) => a + b\nprint(f(1, 2))\n"));
}

#[test]
fn builtin_function_quotes_builtins_md() {
    insta::assert_snapshot!(hover("print(le@@n([1, 2]))\n"));
}

#[test]
fn builtin_namespace() {
    insta::assert_snapshot!(hover("print(Ma@@th.PI)\n"));
}

#[test]
fn method_on_inferred_string() {
    insta::assert_snapshot!(hover("let s = \"abc\"\nprint(s.toUpp@@erCase())\n"));
}

#[test]
fn object_field() {
    insta::assert_snapshot!(hover("const o = { a: 1, b: \"x\" }\nprint(o.b@@)\n"));
}

#[test]
fn agent_binding_and_method() {
    insta::assert_snapshot!(hover(
        "agents {\n  reviewer: { model: \"m\" }\n}\nprint(reviewer.as@@k(\"hi\"))\n"
    ));
    insta::assert_snapshot!(hover("agents {\n  revi@@ewer: { model: \"m\" }\n}\n"));
}

#[test]
fn pattern_shows_the_header() {
    insta::assert_snapshot!(hover(
        "/**\n * Routes a question.\n * @name cheap-first\n * @version 1.2.0\n * @input {\"type\": \"object\",\n *   \"required\": [\"question\"]}\n */\nprint(patt@@ern.name, input)\n"
    ));
}

#[test]
fn input_shows_the_schema() {
    insta::assert_snapshot!(hover(
        "/**\n * @input {\"type\": \"object\"}\n */\nprint(inp@@ut)\n"
    ));
    insta::assert_snapshot!(hover("print(inp@@ut)\n"));
}

#[test]
fn nothing_on_literals_and_keywords() {
    assert_eq!(hover("let x = 4@@2\n"), "no hover");
    assert_eq!(hover("le@@t x = 42\n"), "no hover");
}

#[test]
fn header_tag() {
    assert_eq!(
        hover("/**\n * @time@@out 5000\n */\nprint(1)\n"),
        "[@timeout]\nheader tag `@timeout`: run deadline in ms (integer ≥ 1) (runtime §3.2)"
    );
    assert_eq!(
        hover("/**\n * @unknownTag@@ 1\n */\nprint(1)\n"),
        "no hover"
    );
}

#[test]
fn member_of_the_pattern_binding() {
    assert_eq!(
        hover("print(pattern.selected@@Agents)\n"),
        "[selectedAgents]\n```prism\n(property) selectedAgents: array<agent>\n```"
    );
}

#[test]
fn confidence_operators() {
    insta::assert_snapshot!(hover("let a = 1 ~> 0.9\nlet b = a ~@@?? 2\n"));
    assert!(hover("let c = <@@~a\n").contains("as a plain number"));
    assert_eq!(hover("let d = 1 +@@ 2\n"), "no hover");
}

#[test]
fn imported_names_show_their_module() {
    let markdown = hover("import { vote as v } from \"std/patterns\"\nprint(v@@)\n");
    assert!(
        markdown.starts_with("[v]\n```prism\nimport v"),
        "{markdown}"
    );
    assert!(
        markdown.ends_with("imported: `vote` from `\"std/patterns\"`"),
        "{markdown}"
    );
    let markdown = hover("import * as m from \"./m.prism\"\nprint(m@@)\n");
    assert!(
        markdown.ends_with("imported: `the module namespace` from `\"./m.prism\"`"),
        "{markdown}"
    );
}
