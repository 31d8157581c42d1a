use prism_span::Span;

use crate::at;
use crate::navigation::apply;

/// Every action for the whole document: its title, then the document after applying it.
fn fixed(source: &str) -> String {
    let (analysis, _) = at(&format!("@@{source}"));
    let whole = Span::new(0, analysis.text().len() as u32);
    analysis
        .code_actions(whole)
        .iter()
        .map(|action| {
            format!(
                "{} [{}{}]\n{}",
                action.title,
                action.diagnostic_code,
                if action.preferred { ", preferred" } else { "" },
                apply(analysis.text(), &action.edits)
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

#[test]
fn did_you_mean() {
    insta::assert_snapshot!(fixed("let total = 1\nprint(totl)\n"));
}

#[test]
fn negated_power() {
    insta::assert_snapshot!(fixed("let x = 2\nprint(-x ** 2)\n"));
}

#[test]
fn continued_line() {
    insta::assert_snapshot!(fixed("let a = 1\nlet b = a\n(a + 1)\nprint(b)\n"));
}

#[test]
fn nan_and_undefined_comparisons() {
    insta::assert_snapshot!(fixed(
        "let x = 1\nprint(x != NaN, typeof x == \"undefined\")\n"
    ));
}

#[test]
fn return_value_on_the_next_line_and_unused_variable() {
    insta::assert_snapshot!(fixed(
        "function f() {\n  let unused = 1\n  return\n    2\n}\nprint(f())\n"
    ));
}

#[test]
fn needless_agent_word() {
    insta::assert_snapshot!(fixed(
        "agents {\n  r: Agent { model: \"m\" }\n}\nprint(r)\n"
    ));
}

#[test]
fn only_diagnostics_in_range() {
    let (analysis, _) = at("@@let total = 1\nprint(totl)\nprint(totl)\n");
    assert_eq!(analysis.code_actions(Span::new(0, 10)), []);
    assert_eq!(analysis.code_actions(Span::new(22, 22)).len(), 1);
}
