//! Inputs for the tests that compare the split lexer and parser with the one-thread ones: every
//! `.prism` file of the repository, and variants of each with a token removed or a brace added,
//! so that errors on either side of a cut are covered too.

use std::path::Path;

use prism_span::FileId;

/// The texts of the repository's `.prism` files and their variants.
pub(crate) fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["tests", "examples", "stdlib"] {
        collect(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "the corpus was not found under {root:?}");
    let mut texts = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        texts.extend(variants(&text));
        texts.push(text);
    }
    texts
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "prism") {
            files.push(path);
        }
    }
}

/// The text without its middle token, and with a `{` inserted before it.
fn variants(text: &str) -> Vec<String> {
    let tokens = crate::lex_on_one_thread(text, FileId(0)).tokens;
    let Some((_, span)) = tokens.get(tokens.len() / 2) else {
        return Vec::new();
    };
    let (start, end) = (span.start as usize, span.end as usize);
    vec![
        format!("{}{}", &text[..start], &text[end..]),
        format!("{}{{{}", &text[..start], &text[start..]),
    ]
}
