use prism_ide::{CompletionItem, CompletionKind, ImportPaths, NoPaths, PathEntry};

use crate::{at, text};

struct FakeDir;

impl ImportPaths for FakeDir {
    fn entries(&self, dir: &str) -> Vec<PathEntry> {
        let entry = |name: &str, is_dir| PathEntry {
            name: name.to_string(),
            is_dir,
        };
        match dir {
            "./" => vec![
                entry("util.prism", false),
                entry("lib", true),
                entry("notes.txt", false),
                entry(".git", true),
            ],
            "./lib/" => vec![entry("math.prism", false)],
            _ => Vec::new(),
        }
    }
}

fn complete(marked: &str, paths: &dyn ImportPaths) -> (Vec<CompletionItem>, prism_ide::Analysis) {
    let (analysis, offset) = at(marked);
    (analysis.completion(offset, paths), analysis)
}

/// One line per item, leaving out the builtins and keywords that every name completion offers.
fn listing(marked: &str, paths: &dyn ImportPaths) -> String {
    let (items, analysis) = complete(marked, paths);
    items
        .iter()
        .filter(|item| {
            !matches!(
                item.kind,
                CompletionKind::Builtin | CompletionKind::Namespace | CompletionKind::Keyword
            )
        })
        .map(|item| {
            format!(
                "{:?} {} | {} | replaces {:?}",
                item.kind,
                item.label,
                item.detail.as_deref().unwrap_or(""),
                text(&analysis, item.edit.span)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn labels(marked: &str) -> Vec<String> {
    complete(marked, &NoPaths)
        .0
        .into_iter()
        .map(|item| item.label)
        .collect()
}

#[test]
fn names_in_scope_innermost_first() {
    insta::assert_snapshot!(listing(
        "/** The limit. */\nconst limit = 3\nfunction f(beta) {\n  let gamma = \"g\"\n  print(ga@@)\n  let later = 1\n}\nlet after = 2\n",
        &NoPaths
    ));
}

#[test]
fn builtins_and_keywords_are_offered() {
    let all = labels("let x = 1\n@@\n");
    for expected in [
        "len",
        "Math",
        "print",
        "agents",
        "input",
        "pattern",
        "uncertain",
        "match",
        "x",
    ] {
        assert!(all.contains(&expected.to_string()), "{expected} missing");
    }
    assert!(
        !all.contains(&"test".to_string()),
        "test is for test mode only"
    );
}

#[test]
fn a_local_shadows_a_builtin() {
    let all = labels("let len = 2\n@@\n");
    assert_eq!(all.iter().filter(|label| *label == "len").count(), 1);
}

#[test]
fn members_of_a_string_while_typing() {
    let items = complete("let s = \"abc\"\nprint(s.toU@@)\n", &NoPaths).0;
    let upper = items
        .iter()
        .find(|item| item.label == "toUpperCase")
        .expect("toUpperCase");
    assert_eq!(upper.kind, CompletionKind::Method);
    assert_eq!(
        upper.detail.as_deref(),
        Some("String.toUpperCase() -> string")
    );
    assert!(items.iter().all(|item| item.label != "push"));
}

#[test]
fn members_after_a_dot_on_a_broken_line() {
    let all = labels("let xs = [1, 2]\nxs.@@\nprint(xs)\n");
    assert!(all.contains(&"push".to_string()) && all.contains(&"length".to_string()));
    assert!(!all.contains(&"print".to_string()));
    let all = labels("Math~.@@\n");
    assert!(all.contains(&"sqrt".to_string()) && all.contains(&"PI".to_string()));
}

#[test]
fn members_of_objects_and_agents() {
    insta::assert_snapshot!(listing(
        "const o = { a: 1, b: \"x\" }\nprint(o?.@@)\n",
        &NoPaths
    ));
    let all = labels("agents {\n  reviewer: { model: \"m\" }\n}\nreviewer.@@\n");
    assert!(all.contains(&"ask".to_string()) && all.contains(&"capabilities".to_string()));
}

#[test]
fn import_paths() {
    insta::assert_snapshot!(listing("import { vote } from \"@@\"\n", &FakeDir));
    insta::assert_snapshot!(listing("import { vote } from \"std/pa@@\"\n", &FakeDir));
    insta::assert_snapshot!(listing("import { f } from \"./lib/@@\"\n", &FakeDir));
}

#[test]
fn header_tags() {
    insta::assert_snapshot!(listing(
        "/**\n * Summary.\n * @ti@@\n */\nprint(1)\n",
        &NoPaths
    ));
}

#[test]
fn nothing_in_comments_ordinary_strings_and_numbers() {
    assert!(labels("// pri@@\n").is_empty());
    assert!(labels("let s = \"pri@@\"\n").is_empty());
    assert!(labels("let n = 1.@@\n").is_empty());
    assert!(
        labels("let x = 1\n/**\n * @na@@\n */\n").is_empty(),
        "not the header"
    );
}

#[test]
fn nothing_while_a_new_name_is_written() {
    assert!(labels("let lim@@ = 3\n").is_empty());
    assert!(labels("function f(par@@) {}\n").is_empty());
}

#[test]
fn members_of_the_pattern_binding() {
    let all = labels("print(pattern.@@)\n");
    for expected in ["name", "version", "selectedAgents", "requirements", "depth"] {
        assert!(all.contains(&expected.to_string()), "{expected} missing");
    }
    let all = labels("for (let a of pattern.selectedAgents) { a.@@ }\n");
    assert!(
        all.is_empty() || all.contains(&"ask".to_string()),
        "{all:?}"
    );
}

#[test]
fn sort_text_keeps_locals_before_builtins_and_keywords() {
    let items = complete("let mine = 1\nfunction f(p) { @@ }\n", &NoPaths).0;
    let position = |label: &str| {
        let item = items.iter().find(|item| item.label == label).expect(label);
        item.sort_text.clone()
    };
    assert!(position("p") < position("mine"));
    assert!(position("mine") < position("len"));
    assert!(position("len") < position("while"));
}

#[test]
fn members_of_a_caught_error() {
    let all = labels("try { f() } catch (e) {\n  print(e.@@)\n}\n");
    assert_eq!(all, ["column", "data", "kind", "line", "message"]);
    let all = labels("let err = Error(\"x\")\nprint(err.@@)\n");
    assert!(all.contains(&"message".to_string()), "{all:?}");
}
