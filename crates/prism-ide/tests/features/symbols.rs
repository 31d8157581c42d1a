use prism_ide::DocumentSymbol;

use crate::at;

fn outline(symbols: &[DocumentSymbol], depth: usize, text: &str, out: &mut String) {
    for symbol in symbols {
        out.push_str(&format!(
            "{}{:?} {} | {} | selection {:?} | range starts {:?}\n",
            "  ".repeat(depth),
            symbol.kind,
            symbol.name,
            symbol.detail.as_deref().unwrap_or("-"),
            symbol.selection.text(text),
            symbol.range.text(text).lines().next().unwrap_or(""),
        ));
        outline(&symbol.children, depth + 1, text, out);
    }
}

#[test]
fn hierarchical_outline() {
    let source = "@@const limit = 3\nlet [first, ...rest] = [1, 2, 3]\nagents {\n  reviewer: { model: \"m\" }\n}\nexport function review(diff, depth = 1) {\n  let notes = []\n  function note(text) { notes.push(text) }\n  if (depth > 0) {\n    const deeper = depth - 1\n  }\n  return notes\n}\nconst score = (x) => {\n  let doubled = x * 2\n  return doubled\n}\nprint(limit)\n";
    let (analysis, _) = at(source);
    let mut out = String::new();
    outline(&analysis.document_symbols(), 0, analysis.text(), &mut out);
    insta::assert_snapshot!(out);
}
