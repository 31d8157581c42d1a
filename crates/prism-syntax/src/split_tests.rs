use super::*;
use crate::lexer::lex_on_one_thread;
use crate::parse_on_one_thread;

fn cuts(source: &str, chunks: usize) -> Vec<usize> {
    declaration_cuts(source, first_code(source), chunks)
}

fn assert_one_thread_result(split: &(Vec<Tok>, Parsed), text: &str) {
    let lexed = lex_on_one_thread(text, FileId(0));
    let whole = parse_on_one_thread(text, FileId(0));
    assert_eq!(split.0, lexed.tokens, "{text}");
    assert_eq!(split.1.program, whole.program, "{text}");
    assert_eq!(split.1.comments, whole.comments, "{text}");
    assert_eq!(split.1.diagnostics, whole.diagnostics, "{text}");
}

/// The parts of `text` cut before each line that starts with `marker`.
fn parts_at(text: &str, marker: &str) -> Vec<Part> {
    let mut bounds = vec![first_code(text)];
    // Just after the newline that begins the marker.
    bounds.extend(text.match_indices(marker).map(|(at, _)| at + 1));
    bounds.push(text.len());
    assert!(bounds.len() > 2, "no {marker} in {text}");
    (0..bounds.len() - 1)
        .map(|index| make_part(text, FileId(0), &bounds, index, Vec::new()))
        .collect()
}

/// The verdict on cutting `text` before each line that starts with `marker`, after checking
/// that the joined result (if any) is the one-thread result.
fn verdict_at(text: &str, marker: &str) -> Verdict {
    let parts = parts_at(text, marker);
    let verdict = verdict(&parts);
    match join(text, FileId(0), parts) {
        Some(split) => assert_one_thread_result(&split, text),
        None => assert_eq!(verdict, Verdict::Relex),
    }
    verdict
}

#[test]
fn cuts_fall_at_line_starts_that_begin_a_declaration() {
    let source = "x = 1\nlet a = 1\nconst b = 2\nletter = 3\nlet[c] = d\n";
    assert_eq!(cuts(source, 2), vec![39]);
    assert_eq!(cuts(source, 4), vec![16, 39]);
    assert_eq!(cuts(source, 8), vec![16, 39]);
    assert_eq!(cuts("let a = 1\n", 2), Vec::<usize>::new());
    assert_eq!(cuts("  let a = 1\n  let b = 2\n", 2), Vec::<usize>::new());
    assert_eq!(cuts("#!/bin/prism\nlet a\nlet b", 8), vec![13, 19]);
}

#[test]
fn a_clean_program_is_kept_in_one_pass() {
    let text = "let a = 1\nfunction f() { return 2 }\nlet b = f()\nconst c = [a, b]\nlet d = c\n";
    assert_eq!(verdict_at(text, "\nlet b"), Verdict::Keep);
    assert_eq!(verdict_at(text, "\nconst"), Verdict::Keep);
    assert_eq!(verdict_at(text, "\nl"), Verdict::Keep);
}

/// Asserts that `text` is a program without errors, so that a cut at a statement boundary is
/// kept.
fn assert_clean(text: &str) {
    let whole = parse_on_one_thread(text, FileId(0));
    assert!(
        whole.diagnostics.is_empty(),
        "{text}: {:?}",
        whole.diagnostics
    );
}

#[test]
fn cuts_inside_comments_templates_and_interpolations_are_relexed() {
    for text in [
        "let a = 0\n/* a\nlet b = 1 */\nlet d = 3\n",
        "let t = ```\nlet b = 1\n```\nlet d = 3\n",
        "let u = \"${ g(() => {\nlet b = 1\nreturn b\n}) }\"\nlet d = 3\n",
    ] {
        assert_clean(text);
        assert_eq!(verdict_at(text, "\nlet b"), Verdict::Relex, "{text}");
        assert_eq!(verdict_at(text, "\nlet d"), Verdict::Keep, "{text}");
    }
    // A plain string cannot hold a newline: the file has an error whatever the cut.
    let text = "let s = \"a\nlet b = 1\" + x\nlet d = 3\n";
    assert_eq!(verdict_at(text, "\nlet b"), Verdict::Relex, "{text}");
}

#[test]
fn cuts_inside_brackets_or_after_a_reserved_word_are_reparsed() {
    for text in [
        "function f() {\nlet b = 1\n}\nlet d = 3\n",
        "g(() => {\nlet b = 1\n})\nlet d = 3\n",
        "let v = [() => {\nlet b = 1\n}]\nlet d = 3\n",
        "export\nlet b = 1\nlet d = 3\n",
    ] {
        assert_clean(text);
        assert_eq!(verdict_at(text, "\nlet b"), Verdict::Reparse, "{text}");
        assert_eq!(verdict_at(text, "\nlet d"), Verdict::Keep, "{text}");
    }
}

#[test]
fn a_chunk_that_begins_inside_brackets_is_not_parsed() {
    let text = "let a = 0\nfunction f() {\nlet b = 1\n}\n";
    let parts = parts_at(text, "\nlet b");
    assert!(parts[1].parsed.is_none());
    assert_eq!(verdict(&parts), Verdict::Reparse);
}

#[test]
fn errors_on_either_side_of_a_cut_give_the_one_thread_result() {
    for text in [
        "let a = (\nlet b = 1\nlet c = 2\n",
        "let a = 1\nlet b = )\nlet c = 2\n",
        "let a = 1\nlet b = 2\nlet c = #\n",
        "let a = 1\nlet b = 2\nlet c = \"open\n",
        "let a = 1\nlet b = 2\nlet c = 1 +\n",
        "let a = 1\nlet b = 2\nlet c = f(\n",
    ] {
        assert_ne!(verdict_at(text, "\nlet"), Verdict::Keep, "{text}");
    }
}

#[test]
fn chunks_lex_and_parse_like_one_thread_on_the_corpus() {
    let mut kept = 0;
    for text in crate::test_corpus::texts() {
        for chunks in 2..=4 {
            if let Some(split) = lex_and_parse_in(&text, FileId(0), chunks) {
                assert_one_thread_result(&split, &text);
                kept += 1;
            }
        }
    }
    // Most files have top-level declarations at line starts: a vacuous pass fails.
    assert!(kept > 1000, "only {kept} split parses were kept");
}

mod fragments {
    use proptest::prelude::*;

    use super::*;

    /// Lines that begin with `let` inside a comment, a template, an interpolation and brackets,
    /// where a cut must not be kept.
    const ENCLOSING: &[&str] = &[
        "/* c\nlet q = 1 */",
        "let t = ```\nlet q = 1\n```",
        "let u = \"${ g(() => {\nlet q = 1\nreturn q\n}) }\"",
        "f(() => {\nlet q = 1\n})",
        "export\nlet q = 1",
        "let open = (",
        "let s = \"open",
    ];

    fn program() -> impl Strategy<Value = String> {
        let enclosing = (0..ENCLOSING.len()).prop_map(|index| ENCLOSING[index].to_string());
        let piece = prop_oneof![
            8 => crate::parser::split::fragment_tests::program(),
            1 => enclosing,
        ];
        prop::collection::vec(piece, 1..6).prop_map(|pieces| pieces.join("\n"))
    }

    proptest! {
        #[test]
        fn a_fused_split_is_the_one_thread_result_or_nothing(text in program(), chunks in 2usize..5) {
            if let Some(split) = lex_and_parse_in(&text, FileId(0), chunks) {
                assert_one_thread_result(&split, &text);
            }
        }
    }
}
