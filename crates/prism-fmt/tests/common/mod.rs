//! Checks shared by the formatter's tests: the guarantees of cli §6.2 on one source.
#![allow(dead_code)]

use prism_span::FileId;

/// The tree's Debug form without spans (`12..15`) and with header parentheses normalised.
fn tree_shape(source: &str) -> String {
    let parsed = prism_syntax::parse(source, FileId(0));
    let debug = format!("{:?}", parsed.program);
    let mut shape = String::with_capacity(debug.len());
    let bytes = debug.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        // A span is digits, `..`, digits; numbers in the tree never contain `..`.
        if byte.is_ascii_digit() && (index == 0 || !bytes[index - 1].is_ascii_alphanumeric()) {
            let mut end = index;
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            if bytes.get(end) == Some(&b'.') && bytes.get(end + 1) == Some(&b'.') {
                let mut after = end + 2;
                while bytes.get(after).is_some_and(u8::is_ascii_digit) {
                    after += 1;
                }
                shape.push('_');
                index = after;
                continue;
            }
        }
        shape.push(byte as char);
        index += 1;
    }
    // Empty statements are removed (cli §6.3); where one is a body it is kept on both sides.
    shape
        .replace("parenthesized: false", "parenthesized: true")
        .replace(", Stmt { kind: Empty, span: _ }", "")
        .replace("Stmt { kind: Empty, span: _ }, ", "")
        .replace("[Stmt { kind: Empty, span: _ }]", "[]")
}

/// Every comment's text, line breaks as line feeds and trailing whitespace of lines removed.
fn comment_texts(source: &str) -> Vec<String> {
    let parsed = prism_syntax::parse(source, FileId(0));
    parsed
        .comments
        .iter()
        .map(|comment| {
            let raw = &source[comment.span.range()];
            raw.replace("\r\n", "\n")
                .replace('\r', "\n")
                .split('\n')
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// Checks the guarantees on one source; returns whether it was formatted (it parses), or a
/// description of the first failure.
pub fn check_guarantees(source: &str) -> Result<bool, String> {
    let Ok(once) = prism_fmt::format(source) else {
        return Ok(false);
    };
    let twice = prism_fmt::format(&once)
        .map_err(|errors| format!("the formatted text does not parse: {errors:?}\n{once}"))?;
    if once != twice {
        return Err(format!(
            "not idempotent:\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    if tree_shape(source) != tree_shape(&once) {
        return Err(format!("the tree changed:\n{once}"));
    }
    if comment_texts(source) != comment_texts(&once) {
        return Err(format!("comments changed:\n{once}"));
    }
    if !once.is_empty() && (!once.ends_with('\n') || once.ends_with("\n\n")) {
        return Err("the text must end with exactly one line feed".to_string());
    }
    Ok(true)
}
