//! Rendering never panics and keeps the shape of cli §3.2, whatever the text and the spans.

use prism_diagnostics::{render, to_json, Diagnostic};
use prism_span::{SourceMap, Span};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Line terminators of every kind, tabs, trailing spaces and multi-byte characters.
    proptest::collection::vec(
        prop_oneof![
            Just("\n"),
            Just("\r\n"),
            Just("\r"),
            Just("\t"),
            Just(" "),
            Just("é"),
            Just("😀"),
            Just("ab")
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn any_spans_render(source in text(), spans in proptest::collection::vec((0u32..200, 0u32..200), 1..5)) {
        let mut files = SourceMap::new();
        let file = files.add("p.prism", source);
        let other = files.add("q.prism", "x\n\ty\n");
        let mut diagnostic = Diagnostic::error("E0000", "m").with_note("n").with_help("h");
        for (index, (start, end)) in spans.iter().enumerate() {
            let span = Span::new(*start, *end);
            diagnostic = match index {
                0 => diagnostic.with_primary(file, span, "primary"),
                1 => diagnostic.with_secondary(other, span, ""),
                _ => diagnostic.with_secondary(file, span, "secondary"),
            };
        }
        let rendered = render(&diagnostic, &files, false);
        prop_assert!(rendered.starts_with("error[E0000]: m\n"));
        prop_assert!(rendered.ends_with("\n\n"));
        prop_assert!(rendered.lines().all(|line| line == line.trim_end()));
        prop_assert!(rendered.contains("^"));
        let _ = to_json(&diagnostic, &files);
    }
}
