//! Snapshots of `prism tokens` output (cli §10) for representative files: each snapshot holds the
//! source, the token listing and the rendered diagnostics in one document.

use prism_diagnostics::render;
use prism_span::SourceMap;
use prism_syntax::lex;
use prism_syntax::lexer::render_tokens;

fn document(source: &str, with_comments: bool, json: bool) -> String {
    let mut files = SourceMap::new();
    let file = files.add("input.prism", source);
    let lexed = lex(source, file);
    let mut out = format!("--- SOURCE ---\n{source}\n--- TOKENS ---\n");
    out.push_str(&render_tokens(source, &lexed, with_comments, json));
    if !lexed.diagnostics.is_empty() {
        out.push_str("--- DIAGNOSTICS ---\n");
        for diagnostic in &lexed.diagnostics {
            out.push_str(&render(diagnostic, &files, false));
        }
    }
    out
}

#[test]
fn agent_script() {
    let source = r#"#!/usr/bin/env prism
/** Triage incoming tickets. */
agents {
  triage: { provider: "mock", system: 'You sort tickets.' }
}
let ticket = input ?? "printer on fire"
let verdict = triage.ask("Classify: ${ticket}") ~> 0.8 // assumed
uncertain if (verdict ~>= 0.7) {
  high { verdict ~|> route |> log }
  default { x-->0; a<~b; _ }
}
"#;
    insta::assert_snapshot!(document(source, true, false));
}

#[test]
fn strings_and_interpolation() {
    let source = "let a = \"tab\\t ${ {k: \"in ${n}\"}.k } \\${lit}\"\n\
                  let b = '${not} \\u{1F600}'\n\
                  let c = ```\r\nline ${ f(1) /* } */ }\r\n\\` done```\n";
    insta::assert_snapshot!(document(source, true, false));
}

#[test]
fn numbers_and_operators() {
    let source = "1_000 0.000_1 1e1_0 007 2.5e-3 1.toFixed(2) a?.b ~?? c ~||> d ~@> e **= 2";
    insta::assert_snapshot!(document(source, false, false));
}

#[test]
fn errors_and_recovery() {
    let source = "let x = 1 # note\nlet y = .5 + 0x1F + 3px\nlet s = \"bad \\q and \\u{110000}\nlet t = \"${}\" | @dec\n/* open";
    insta::assert_snapshot!(document(source, false, false));
}

#[test]
fn json_form() {
    let source = "let s = \"é ${x}!\" // c\n";
    insta::assert_snapshot!(document(source, true, true));
}
