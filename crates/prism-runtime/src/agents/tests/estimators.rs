//! The confidence estimators of runtime §10.
use prism_config::Estimator;
use serde_json::json;

use super::super::estimate::{calibrate, estimate, heuristic, Evidence, Source};
use super::super::provider::Response;

fn run(
    estimator: &Estimator,
    response: &Response,
    parsed: Option<&serde_json::Value>,
) -> (f64, Source, String) {
    let mut content = response.content.clone();
    let evidence = Evidence {
        response,
        parsed,
        fixed_default: 0.5,
    };
    let found = estimate(estimator, &evidence, &mut content);
    (found.value, found.source, content)
}

fn text(content: &str) -> Response {
    Response {
        content: content.to_owned(),
        ..Response::default()
    }
}

#[test]
fn self_report_prefers_the_reported_value_then_json_then_a_marker() {
    let self_report = Estimator::named("self-report");
    let reported = Response {
        confidence: Some(0.9),
        ..text("Confidence: 10%")
    };
    assert_eq!(run(&self_report, &reported, None).1, Source::Reported);
    let parsed = json!({ "value": 1, "confidence": 80 });
    let (value, source, _) = run(&self_report, &text("{}"), Some(&parsed));
    assert_eq!((value, source), (0.8, Source::Json));
    let marked = text("It is 4.\nconfidence = 0.25\nConfidence: 80%\n");
    let (value, source, content) = run(&self_report, &marked, None);
    assert_eq!((value, source), (0.8, Source::Marker));
    assert_eq!(content, "It is 4.\nconfidence = 0.25");
    let (value, source, content) = run(&self_report, &text("hmm"), None);
    assert_eq!(
        (value, source, content.as_str()),
        (0.5, Source::Fixed, "hmm")
    );
}

#[test]
fn markers_are_kept_without_strip_marker_and_large_numbers_are_percentages() {
    let keep = Estimator {
        strip_marker: Some(false),
        ..Estimator::named("self-report")
    };
    let (value, _, content) = run(&keep, &text("ok confidence:75"), None);
    assert_eq!((value, content.as_str()), (0.75, "ok confidence:75"));
}

#[test]
fn logprobs_fall_back_when_absent() {
    let logprobs = Estimator {
        fallback: Some(Box::new(Estimator {
            value: Some(0.3),
            ..Estimator::named("fixed")
        })),
        ..Estimator::named("logprobs")
    };
    let with = Response {
        logprobs: Some(vec![(0.5f64).ln(), (0.5f64).ln()]),
        ..text("x")
    };
    let (value, source, _) = run(&logprobs, &with, None);
    assert!((value - 0.5).abs() < 1e-12);
    assert_eq!(source, Source::Logprobs);
    assert_eq!(run(&logprobs, &text("x"), None).0, 0.3);
}

#[test]
fn heuristic_counts_hedges_refusals_and_certainty() {
    assert_eq!(heuristic("The answer is 4.", Some("stop")).value, 0.75);
    assert!((heuristic("I think maybe it is 4", None).value - 0.65).abs() < 1e-12);
    assert!((heuristic("I can't help. Clearly.", None).value - 0.5).abs() < 1e-12);
    assert_eq!(heuristic("   ", None).value, 0.05);
    assert_eq!(heuristic("x", Some("content_filter")).value, 0.05);
    // "mighty" is not the hedge "might".
    assert_eq!(heuristic("a mighty answer", None).value, 0.75);
}

#[test]
fn calibration_maps_through_the_points() {
    let points = [(0.0, 0.1), (0.5, 0.3), (1.0, 0.9)];
    assert!((calibrate(&points, 0.75) - 0.6).abs() < 1e-12);
    let calibrated = Estimator {
        value: Some(0.5),
        calibration: Some(points.to_vec()),
        ..Estimator::named("fixed")
    };
    assert!((run(&calibrated, &text("x"), None).0 - 0.3).abs() < 1e-12);
}
