//! The guarantees of cli §6.2 over every file of the conformance corpus: formatting is idempotent,
//! keeps the syntax tree (spans and the optional header parentheses aside) and keeps every
//! comment's text.

use std::path::{Path, PathBuf};

mod common;

use common::check_guarantees;

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(directory) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "prism")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn corpus_formats_idempotently_and_keeps_trees_and_comments() {
    let files = corpus_files();
    assert!(files.len() > 100, "the corpus was not found");
    let mut failures = Vec::new();
    for path in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        if let Err(failure) = check_guarantees(&source) {
            failures.push(format!("{}: {failure}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// Every prefix of every corpus file cut at a line break: the formatter never panics, and when a
/// prefix parses, the guarantees hold for it too (a cheap source of unusual but valid programs).
#[test]
fn corpus_prefixes_never_panic_and_keep_the_guarantees() {
    let mut failures = Vec::new();
    for path in corpus_files() {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let cuts = source.match_indices('\n').map(|(index, _)| index);
        for cut in cuts {
            let prefix = &source[..cut];
            if let Err(failure) = check_guarantees(prefix) {
                failures.push(format!("{} (first {cut} bytes): {failure}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The corpus with comments added everywhere: at the end of every line, before the first token of
/// every line, after every comma and every opening bracket. Variants that still parse must keep
/// the guarantees (comments are where formatters go wrong).
#[test]
fn corpus_with_comments_everywhere_keeps_the_guarantees() {
    type Variant = fn(&str) -> String;
    let variants: [(&str, Variant); 7] = [
        ("every space", |source| source.replace(' ', " /* s */ ")),
        ("after operators", |source| {
            source
                .replace("= ", "= // after\n")
                .replace("? ", "?\n// own line\n")
                .replace("=> ", "=> /* arrow */\n")
        }),
        ("own lines", |source| {
            source.replace('\n', "\n// own line\n")
        }),
        ("line end", |source| source.replace('\n', " // end\n")),
        ("line start", |source| {
            source
                .lines()
                .map(|line| {
                    let body = line.trim_start();
                    let indent = &line[..line.len() - body.len()];
                    format!("{indent}/* start */ {body}\n")
                })
                .collect()
        }),
        ("comma", |source| source.replace(',', ", /* comma */")),
        ("bracket", |source| {
            source
                .replace('(', "( /* paren */")
                .replace('[', "[ // bracket\n")
        }),
    ];
    let mut failures = Vec::new();
    let mut formatted = 0;
    for path in corpus_files() {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (name, variant) in &variants {
            match check_guarantees(&variant(&source)) {
                Ok(parsed) => formatted += usize::from(parsed),
                Err(failure) => failures.push(format!("{} ({name}): {failure}", path.display())),
            }
        }
    }
    assert!(formatted > 400, "only {formatted} variants parse");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Programs where a careless layout would change the tree: tokens that would merge, statements
/// that would join, bodies that would capture an `else`, parentheses that must stay.
#[test]
fn tricky_programs_keep_the_guarantees() {
    let programs = [
        "let a = - -x\nlet b = -(-x)\nlet c = ~ -x\nlet d = ~ ~x\nlet e = ~ <~x\nlet f = <~ ~x\nlet g = - --x",
        "let a = !!x\nlet b = typeof typeof x\nlet c = await (x)\nlet d = - /* c */ x\nlet e = ~ /* c */ x",
        "a = b = c\nlet f = x => y => z\nlet g = async () => {}\n(function () {})()",
        "let o = x => ({ a: x })\nlet p = ({ a } = b)\n;({ a, b } = c)\n;[a, b] = [b, a]",
        "if (a) if (b) c(); else d()\nif (a) { if (b) c() } else d()",
        "function f() { if (a) return; else return\n}\nfunction g() { return; (x) }",
        "do x++; while (x < 3)\ndo return; while (false)",
        "while (x);\nfor (;;);\nif (a);\nelse b()",
        "let s = \"${a /* in */ + b}\" + ```\n  fenced ${x}\n```\nlet t = 'a\\n'",
        "let [a, , b, ,] = c\nlet [, x] = y\nlet { a: { b: [c = 1] }, ...rest } = o",
        "for (let [a, b] of pairs) {}\nfor (const k, i in obj) {}\nfor (x in xs) {}",
        "let m = match x { { a, ...r } => 1, [_, ..._] => 2, -1 => 3, undefined => 4 }",
        "x ~> 0.5 ~> 0.8\nlet y = (a ~> 0.5) + 1\nlet z = a ~> (0.5 + 0.1)",
        "let c = a ? b ? c : d : e ? f : g\nlet p = a |> (b |> c) |> d",
        "uncertain while (conf) { high { a() } }\nuncertain for (;;) { default { b() } }",
        "export { default as x, y as default } from \"m\"\nimport { default as z } from \"n\"",
        "let x = 1 // one\n\n\n// two\n\n/* three */ let y = 2 /* four */ ; /* five */ let z = 3",
        "f(a)(b)[c]?.d?.(e)~.f",
        "let a = 1\r\nlet b = [\r\n  1, // c\r\n  2]\r\n/* x\r\n   y */\r\nlet s = ```a\r\nb```\r\n",
        "#!/usr/bin/env prism\n\n// after the shebang\nprint(1)",
        "\u{feff}// after a byte order mark\nprint(1)",
        "\tif (a) {\n\t\tb()\t\n\t}\t\n",
    ];
    let mut failures = Vec::new();
    for program in programs {
        match check_guarantees(program) {
            Ok(true) => {}
            Ok(false) => failures.push(format!("does not parse: {program}")),
            Err(failure) => failures.push(format!("{program}\n{failure}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn output_has_line_feeds_only_and_no_trailing_whitespace() {
    let source =
        "let a = 1 \r\n\r\n\r\nlet b = [1,   // c   \r\n 2]\t\r\n/* x  \r\n y */  \r\n\r\n";
    let formatted = prism_fmt::format(source).expect("parses");
    assert_eq!(
        formatted,
        "let a = 1\n\nlet b = [\n  1, // c\n  2,\n]\n/* x\n y */\n"
    );
}

#[test]
fn files_with_errors_are_not_formatted() {
    let errors = prism_fmt::format("let = 1\nlet x = \"unterminated\n").expect_err("errors");
    assert!(errors.iter().any(|error| error.code == "E0202"));
    assert_eq!(prism_fmt::format(""), Ok(String::new()));
    assert_eq!(prism_fmt::format("\n\n  \n"), Ok(String::new()));
}

/// The deepest nesting the parser accepts formats without exhausting the stack of a test thread.
#[test]
fn deep_nesting_formats() {
    for depth in [50, 100, 200, 400] {
        let arrays = format!("let a = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
        let calls = format!("let b = {}x{}\n", "f(".repeat(depth), ")".repeat(depth));
        let blocks = format!("{}x{}\n", "if (a) { ".repeat(depth), " }".repeat(depth));
        let lambdas = format!("let c = {}x\n", "y => ".repeat(depth));
        for source in [arrays, calls, blocks, lambdas] {
            if let Err(failure) = check_guarantees(&source) {
                panic!("depth {depth}: {failure}");
            }
        }
    }
}
