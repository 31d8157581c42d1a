//! Text (cli §3.2) and JSON (cli §3.3) forms of diagnostics. The two examples of the spec are
//! reproduced byte for byte; the other cases are snapshots holding the source and its rendering.

use prism_diagnostics::{render, to_json, Diagnostic, StackFrame};
use prism_span::{FileId, SourceMap, Span};

/// The source of cli §3.2's example: line 3 starts at byte 17.
const REVIEW: &str = "let x = 12\nx = 2\nlet s = x ~> 0.5 + 0.1\n";

fn spec_example_3_2() -> (SourceMap, Diagnostic) {
    let mut files = SourceMap::new();
    let file = files.add("review.prism", REVIEW);
    let diagnostic = Diagnostic::error(
        "E0208",
        "operator `+` after a confidence annotation needs parentheses",
    )
    .with_primary(file, Span::new(34, 35), "this operator")
    .with_secondary(file, Span::new(30, 33), "the confidence annotation")
    .with_help("write `x ~> (0.5 + 0.1)` or `(x ~> 0.5) + 0.1`");
    (files, diagnostic)
}

/// Formats the source and the rendered diagnostics as one snapshot document.
fn document(files: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (_, file) in files.iter() {
        out.push_str(&format!("--- SOURCE {} ---\n{}\n", file.name, file.text));
    }
    out.push_str("--- DIAGNOSTICS ---\n");
    for diagnostic in diagnostics {
        out.push_str(&render(diagnostic, files, false));
    }
    out
}

macro_rules! assert_rendered {
    ($files:expr, $($diagnostic:expr),+ $(,)?) => {
        insta::assert_snapshot!(document(&$files, &[$($diagnostic),+]))
    };
}

#[test]
fn spec_3_2_example_byte_for_byte() {
    let (files, diagnostic) = spec_example_3_2();
    let expected = "\
error[E0208]: operator `+` after a confidence annotation needs parentheses
 --> review.prism:3:18
  |
3 | let s = x ~> 0.5 + 0.1
  |              --- ^ this operator
  |              |
  |              the confidence annotation
  |
  = help: write `x ~> (0.5 + 0.1)` or `(x ~> 0.5) + 0.1`

";
    assert_eq!(render(&diagnostic, &files, false), expected);
    assert_rendered!(files, diagnostic);
}

#[test]
fn spec_3_4_runtime_error_byte_for_byte() {
    let source = "function pick(items) {\n  let best = null\n  for (let item of items) {\n    if (false) { best = item }\n  }\n  // no candidate was chosen\n  let s = best.score\n  return s\n}\n\nlet items = []\npick(items)\n";
    let mut files = SourceMap::new();
    let file = files.add("review.prism", source);
    let offset = |line: usize, column: usize| {
        let start: usize = source
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        (start + column - 1) as u32
    };
    let mut diagnostic = Diagnostic::error("R0201", "cannot read property 'score' of null")
        .with_primary(file, Span::new(offset(7, 11), offset(7, 21)), "TypeError")
        .with_kind("TypeError");
    diagnostic.stack = vec![
        StackFrame {
            function: "pick".into(),
            at: Span::at(offset(7, 11)).in_file(file),
        },
        StackFrame {
            function: "<main>".into(),
            at: Span::at(offset(12, 1)).in_file(file),
        },
    ];
    let expected = "\
error[R0201]: cannot read property 'score' of null
 --> review.prism:7:11
  |
7 |   let s = best.score
  |           ^^^^^^^^^^ TypeError
  |
  = note: at pick (review.prism:7:11)
  = note: at <main> (review.prism:12:1)

";
    assert_eq!(render(&diagnostic, &files, false), expected);
    insta::assert_json_snapshot!(to_json(&diagnostic, &files));
}

#[test]
fn spec_3_3_json_form() {
    let (files, diagnostic) = spec_example_3_2();
    let expected = serde_json::json!({
        "severity": "error",
        "code": "E0208",
        "kind": null,
        "message": "operator `+` after a confidence annotation needs parentheses",
        "file": "review.prism",
        "range": { "start": 34, "end": 35, "start_line": 3, "start_column": 18, "end_line": 3, "end_column": 19 },
        "labels": [
            { "primary": true, "message": "this operator", "file": "review.prism",
              "range": { "start": 34, "end": 35, "start_line": 3, "start_column": 18, "end_line": 3, "end_column": 19 } },
            { "primary": false, "message": "the confidence annotation", "file": "review.prism",
              "range": { "start": 30, "end": 33, "start_line": 3, "start_column": 14, "end_line": 3, "end_column": 17 } }
        ],
        "notes": [],
        "help": ["write `x ~> (0.5 + 0.1)` or `(x ~> 0.5) + 0.1`"],
        "stack": []
    });
    let actual = to_json(&diagnostic, &files);
    assert_eq!(actual, expected);
    // Equality ignores key order, so compare the serialised text as well.
    assert_eq!(actual.to_string(), expected.to_string());
}

#[test]
fn without_a_file_only_the_first_line() {
    let files = SourceMap::new();
    let diagnostic =
        Diagnostic::error("E0702", "invalid --input: expected a JSON value").with_note("ignored");
    assert_eq!(
        render(&diagnostic, &files, false),
        "error[E0702]: invalid --input: expected a JSON value\n\n"
    );
    let json = to_json(&diagnostic, &files);
    assert_eq!(json["file"], serde_json::Value::Null);
    assert_eq!(json["range"], serde_json::Value::Null);
}

#[test]
fn lines_far_apart_are_separated_and_gutter_widens() {
    let source = (1..=12)
        .map(|n| format!("let v{n} = {n}\n"))
        .collect::<String>();
    let mut files = SourceMap::new();
    let file = files.add("far.prism", source.as_str());
    let at = |needle: &str| source.find(needle).unwrap_or(0) as u32;
    let diagnostic = Diagnostic::error("E0302", "`v2` is already declared in this scope")
        .with_primary(
            file,
            Span::new(at("v12"), at("v12") + 3),
            "declared again here",
        )
        .with_secondary(
            file,
            Span::new(at("v2 "), at("v2 ") + 2),
            "first declared here",
        )
        .with_secondary(file, Span::new(at("v11"), at("v11") + 3), "");
    assert_rendered!(files, diagnostic);
}

#[test]
fn tabs_are_four_spaces_and_spans_run_to_the_end_of_the_line() {
    let source = "if (x) {\n\tlet s = \"open\n}   \n";
    let mut files = SourceMap::new();
    let file = files.add("tabs.prism", source);
    let start = source.find('"').unwrap_or(0) as u32;
    let diagnostic = Diagnostic::error("E0103", "line break in string literal")
        .with_primary(file, Span::new(start, start + 8), "")
        .with_note("strings may not span lines");
    let warning = Diagnostic::warning("W0403", "`x` is never reassigned")
        .with_primary(file, Span::new(4, 5), "declared here")
        .with_secondary(file, Span::new(0, 8), "in this condition");
    assert_rendered!(files, diagnostic, warning);
}

#[test]
fn three_labels_on_one_line_and_a_label_in_another_file() {
    let mut files = SourceMap::new();
    let main = files.add(
        "main.prism",
        "import { f } from \"./lib.prism\"\nlet y = f(1, 2, 3)\n",
    );
    let lib = files.add("lib.prism", "// helpers\n\nexport fn f(a) { a }\n");
    let diagnostic = Diagnostic::error("E0501", "`f` takes 1 argument but 3 were given")
        .with_primary(main, Span::new(42, 49), "3 arguments")
        .with_secondary(main, Span::new(40, 41), "this function")
        .with_secondary(main, Span::new(36, 37), "`y`")
        .with_secondary(lib, Span::new(23, 24), "declared with 1 parameter")
        .with_help("remove the extra arguments");
    assert_rendered!(files, diagnostic);
}

#[test]
fn end_of_file_and_invalid_offsets_do_not_panic() {
    let mut files = SourceMap::new();
    let file = files.add("eof.prism", "let x = (1 + \n");
    let diagnostic =
        Diagnostic::error("E0201", "unexpected end of file").with_primary(file, Span::at(14), "");
    let wild = Diagnostic::info("I0301", "far away")
        .with_primary(file, Span::new(900, 3), "reversed and out of range")
        .with_secondary(FileId(7), Span::new(1, 2), "unknown file");
    assert_rendered!(files, diagnostic, wild);
}

#[test]
fn colour_only_adds_escape_sequences() {
    let (files, diagnostic) = spec_example_3_2();
    let coloured = render(&diagnostic, &files, true);
    assert!(coloured.contains("\x1b[1;31merror[E0208]\x1b[0m"));
    assert!(coloured.contains("\x1b[1;34m---\x1b[0m"));
    assert!(coloured.contains("\x1b[1;31m^\x1b[0m"));
    let mut stripped = String::new();
    let mut in_escape = false;
    for ch in coloured.chars() {
        match (in_escape, ch) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (false, _) => stripped.push(ch),
            (true, _) => {}
        }
    }
    assert_eq!(stripped, render(&diagnostic, &files, false));
}

#[test]
fn long_stacks_are_cut_at_sixteen_frames() {
    let mut files = SourceMap::new();
    let file = files.add("deep.prism", "fn f(n) { f(n + 1) }\nf(0)\n");
    let mut diagnostic = Diagnostic::error("R0303", "maximum call depth exceeded")
        .with_primary(file, Span::new(10, 18), "RangeError")
        .with_kind("RangeError");
    diagnostic.stack = (0..20)
        .map(|_| StackFrame {
            function: "f".into(),
            at: Span::at(10).in_file(file),
        })
        .collect();
    let text = render(&diagnostic, &files, false);
    assert_eq!(text.matches("= note: at f (deep.prism:1:11)").count(), 16);
    assert!(text.contains("  = note: … 4 more frames\n"));
    assert_eq!(
        to_json(&diagnostic, &files)["stack"]
            .as_array()
            .map(Vec::len),
        Some(20)
    );
}
