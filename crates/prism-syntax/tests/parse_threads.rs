//! `parse` and `lex` spread a large file over several threads; their results must be exactly
//! those of the one-thread functions, with and without errors. (The unit tests beside
//! `lexer/split.rs` and `parser/split.rs` force the chunks on every file of the repository; these
//! go through the public functions, which split only large files on a machine with several cores.)

use prism_span::FileId;
use prism_syntax::{lex, lex_and_parse, lex_on_one_thread, parse, parse_on_one_thread};

/// A few hundred kilobytes of varied code: large enough to be split into chunks.
fn large_program() -> String {
    let mut text = String::from("#!/usr/bin/env prism\n");
    for n in 0..300 {
        text.push_str(&format!(
            r#"/** Section {n}. */
let items{n} = [1, 2.5e3, 1_000, "a", 'b']
const total{n} = items{n}.filter(x => x != null).map((x, i) => x * i ~> 0.8)
function score{n}(doc, weight = 1, ...rest) {{
  let {{ title, meta: {{ author }} }} = doc
  /* a block
     comment */
  let text = "score ${{title}} by ${{author ?? "?"}}: ${{ {{ a: 1 }}.a }}"
  uncertain if (weight) {{ high {{ return 1 }} medium {{ return 0.5 }} low {{ return 0 }} }}
  for (let i = 0; i < rest.length; i += 1) {{ if rest[i] == "x" {{ break }} }}
  return match doc.verdict {{ "ok" => weight, [a, ...b] => a, _ => null }}
}}
agents {{ reviewer{n}: {{ model: "m", temperature: 0.2 }} }}
let fenced{n} = ```
  text with "quotes" and ${{n}}
```
"#
        ));
    }
    text
}

fn assert_same(text: &str) {
    assert_eq!(lex(text, FileId(0)), lex_on_one_thread(text, FileId(0)));
    let split = parse(text, FileId(0));
    let whole = parse_on_one_thread(text, FileId(0));
    assert_eq!(split.program, whole.program);
    assert_eq!(split.comments, whole.comments);
    assert_eq!(split.diagnostics, whole.diagnostics);
    // The fused pass, which `parse` uses too, gives the one-thread tokens.
    let (tokens, fused) = lex_and_parse(text, FileId(0));
    assert_eq!(tokens, lex_on_one_thread(text, FileId(0)).tokens);
    assert_eq!(fused.program, whole.program);
    assert_eq!(fused.diagnostics, whole.diagnostics);
}

#[test]
fn a_large_program_parses_the_same_on_several_threads() {
    let text = large_program();
    assert!(text.len() > 150_000);
    assert_same(&text);
    assert!(parse(&text, FileId(0)).diagnostics.is_empty());
}

#[test]
fn errors_anywhere_in_a_large_program_give_the_same_result() {
    let text = large_program();
    let middle = text.len() / 2;
    let cut = middle + text[middle..].find('\n').unwrap_or(0) + 1;
    // An unterminated block comment or string across the middle, a stray character, and a
    // statement missing its operand on either side.
    for inserted in [
        "/* never closed\n",
        "let s = \"open\n",
        "#\n",
        "let x = \n",
        "```\n",
    ] {
        let mut broken = text.clone();
        broken.insert_str(cut, inserted);
        assert_same(&broken);
        assert!(!parse(&broken, FileId(0)).diagnostics.is_empty());
    }
    let mut broken = text.clone();
    broken.push_str("let y = (\n");
    assert_same(&broken);
}

#[test]
fn parses_on_a_thread_declared_large_enough_give_the_same_result() {
    use prism_syntax::parser::{parse_on_this_thread, PARSER_STACK};
    // Nesting near the parser's limit needs the whole parser stack in an unoptimised build.
    let depth = 95;
    let text = format!(
        "let deep = {}1{}\n{}",
        "[".repeat(depth),
        "]".repeat(depth),
        large_program()
    );
    let expected = parse_on_one_thread(&text, FileId(0));
    let here = std::thread::Builder::new()
        .stack_size(2 * PARSER_STACK)
        .spawn(move || parse_on_this_thread(|| parse(&text, FileId(0))))
        .expect("a thread")
        .join()
        .expect("no panic");
    assert_eq!(here.program, expected.program);
    assert_eq!(here.diagnostics, expected.diagnostics);
}
