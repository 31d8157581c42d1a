//! Validation rules checked on the finished tree that the snapshot suites do not cover.

use prism_span::FileId;

fn codes(source: &str) -> Vec<&'static str> {
    let parsed = prism_syntax::parse(source, FileId(0));
    parsed.diagnostics.iter().map(|d| d.code).collect()
}

/// Language §6.13: a placeholder inside a lambda written in a pipeline's right side belongs to
/// that pipeline.
#[test]
fn placeholder_in_a_lambda_inside_a_pipeline_right_side_is_valid() {
    assert_eq!(
        codes("let r = 5 |> [1, 2].map(x => x + _)"),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes("let r = 5 |> (function () { return _ })()"),
        Vec::<&str>::new()
    );
}

#[test]
fn placeholder_in_a_lambda_outside_any_pipeline_is_e0215() {
    assert_eq!(codes("let f = x => x + _"), vec!["E0215"]);
}

/// A placeholder in the left side of a pipeline belongs to an outer pipeline, if any.
#[test]
fn placeholder_in_a_left_side_needs_an_outer_pipeline() {
    assert_eq!(codes("let r = _ |> f"), vec!["E0215"]);
    assert_eq!(codes("let r = 1 |> (_ |> f)"), Vec::<&str>::new());
}
