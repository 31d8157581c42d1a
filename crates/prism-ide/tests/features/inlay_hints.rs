use prism_span::Span;

use crate::at;

/// The document with each hint written in at its offset.
fn hinted(source: &str, range: Option<Span>) -> String {
    let (analysis, _) = at(&format!("@@{source}"));
    let range = range.unwrap_or(Span::new(0, analysis.text().len() as u32));
    let mut text = analysis.text().to_string();
    let mut hints = analysis.inlay_hints(range);
    hints.sort_by_key(|hint| std::cmp::Reverse(hint.offset));
    for hint in hints {
        text.insert_str(hint.offset as usize, &format!("⟨{}⟩", hint.label));
    }
    text
}

#[test]
fn kinds_of_let_bindings() {
    insta::assert_snapshot!(hinted(
        "let plain = 1 + 2\nlet sure = llm(\"q\")\nlet mixed = sure + plain\nconst fixed = 3\nlet [a, b] = [1, 2]\nfunction f(p) {\n  let copy = p\n  for (let i = 0; i < 2; i++) {}\n  for (let item of [1 ~> 0.5]) {}\n}\n",
        None
    ));
}

#[test]
fn only_inside_the_range() {
    assert_eq!(
        hinted("let a = 1\nlet b = 2\n", Some(Span::new(10, 20))),
        "let a = 1\nlet b⟨: plain⟩ = 2\n"
    );
}
