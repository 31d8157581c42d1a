//! Feature tests over small Prism sources. `@@` in a source marks the cursor.

mod code_actions;
mod completion;
mod hover;
mod inlay_hints;
pub mod navigation;
mod semantic_tokens;
mod signature_help;
mod symbols;

use prism_ide::{Analysis, ResolveEnv};
use prism_span::FileId;

/// The analysis of `marked` without its `@@` marker, and the marker's offset.
pub fn at(marked: &str) -> (Analysis, u32) {
    let offset = marked.find("@@").expect("a @@ marker");
    let text = marked.replacen("@@", "", 1);
    (
        Analysis::new(&text, FileId(0), ResolveEnv::main()),
        offset as u32,
    )
}

/// The text of `span` in the analysed document.
pub fn text(analysis: &Analysis, span: prism_span::Span) -> &str {
    span.text(analysis.text())
}
