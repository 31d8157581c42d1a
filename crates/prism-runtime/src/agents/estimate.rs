//! Confidence estimators (runtime §10): `fixed`, `self-report`, `logprobs`, `heuristic`, and
//! calibration. Extractors (§10.6) call Prism code and live in the pipeline. Every estimate
//! records its **source** (§10.1).
use prism_config::Estimator;
use serde_json::Value as Json;

use super::provider::Response;

/// Where an estimate came from (runtime §10.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Reported,
    Json,
    Marker,
    Logprobs,
    Heuristic,
    Fixed,
    Extractor,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Reported => "reported",
            Source::Json => "json",
            Source::Marker => "marker",
            Source::Logprobs => "logprobs",
            Source::Heuristic => "heuristic",
            Source::Fixed => "fixed",
            Source::Extractor => "extractor",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub source: Source,
}

/// What an estimator sees of one attempt.
pub struct Evidence<'a> {
    pub response: &'a Response,
    /// The parsed structured value when JSON output was requested (§10.3 step 2).
    pub parsed: Option<&'a Json>,
    /// `[confidence] fixed` (§10.2).
    pub fixed_default: f64,
}

/// Runs `estimator` on `evidence`. `content` is the response text; `self-report` may strip its
/// marker line from it (§10.3), which is why it is separate and mutable.
pub fn estimate(estimator: &Estimator, evidence: &Evidence<'_>, content: &mut String) -> Estimate {
    let found = match estimator.name.as_str() {
        "self-report" => self_report(estimator, evidence, content),
        "logprobs" => logprobs(evidence.response),
        "heuristic" => Some(heuristic(
            content,
            evidence.response.finish_reason.as_deref(),
        )),
        _ => Some(Estimate {
            value: estimator.value.unwrap_or(evidence.fixed_default),
            source: Source::Fixed,
        }),
    };
    let mut estimate = found.unwrap_or_else(|| match &estimator.fallback {
        Some(fallback) => estimate(fallback, evidence, content),
        None => Estimate {
            value: evidence.fixed_default,
            source: Source::Fixed,
        },
    });
    if let Some(points) = &estimator.calibration {
        estimate.value = calibrate(points, estimate.value);
    }
    estimate.value = clamp_unit(estimate.value);
    estimate
}

fn clamp_unit(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value.clamp(0.0, 1.0)
    }
}

/// §10.3: reported, then the JSON `confidence` key, then a text marker.
fn self_report(
    estimator: &Estimator,
    evidence: &Evidence<'_>,
    content: &mut String,
) -> Option<Estimate> {
    if let Some(value) = evidence.response.confidence {
        return Some(Estimate {
            value,
            source: Source::Reported,
        });
    }
    let from_json = evidence
        .parsed
        .and_then(|parsed| parsed.get("confidence"))
        .and_then(Json::as_f64);
    if let Some(value) = from_json {
        let value = if value > 1.0 { value / 100.0 } else { value };
        return Some(Estimate {
            value,
            source: Source::Json,
        });
    }
    let (value, line) = find_marker(content)?;
    if estimator.strip_marker.unwrap_or(true) {
        content.replace_range(line, "");
        content.truncate(content.trim_end().len());
    }
    Some(Estimate {
        value,
        source: Source::Marker,
    })
}

/// The last `confidence` marker in `text`: its value and the byte range of its whole line
/// (with the line terminator).
fn find_marker(text: &str) -> Option<(f64, std::ops::Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let mut found = None;
    let mut from = 0;
    while let Some(offset) = lower.get(from..).and_then(|rest| rest.find("confidence")) {
        let start = from + offset;
        from = start + "confidence".len();
        if let Some(value) = lower.get(from..).and_then(marker_value) {
            found = Some((start, value));
        }
    }
    let (start, value) = found?;
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i + 1);
    Some((value, line_start..line_end))
}

/// After the word: spaces, `:` or `=`, spaces, `digits[.digits]`, optional `%`.
fn marker_value(rest: &str) -> Option<f64> {
    let rest = rest.trim_start_matches(' ');
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
    let rest = rest.trim_start_matches(' ');
    let whole = rest.bytes().take_while(u8::is_ascii_digit).count();
    if whole == 0 {
        return None;
    }
    let mut end = whole;
    if let Some(after) = rest.get(whole..).and_then(|r| r.strip_prefix('.')) {
        let fraction = after.bytes().take_while(u8::is_ascii_digit).count();
        if fraction > 0 {
            end = whole + 1 + fraction;
        }
    }
    let number: f64 = rest.get(..end)?.parse().ok()?;
    let percent = rest.get(end..).is_some_and(|r| r.starts_with('%'));
    Some(if percent || number > 1.0 {
        number / 100.0
    } else {
        number
    })
}

/// §10.4: the geometric mean of the token probabilities.
fn logprobs(response: &Response) -> Option<Estimate> {
    let values = response.logprobs.as_ref().filter(|l| !l.is_empty())?;
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    Some(Estimate {
        value: mean.exp(),
        source: Source::Logprobs,
    })
}

const HEDGES: &[&str] = &[
    "i think",
    "i believe",
    "maybe",
    "perhaps",
    "possibly",
    "probably",
    "might",
    "may be",
    "not sure",
    "unsure",
    "uncertain",
    "it seems",
    "appears to",
    "likely",
    "unclear",
    "i guess",
    "could be",
];
const REFUSALS: &[&str] = &[
    "i can't",
    "i cannot",
    "i'm unable",
    "i am unable",
    "as an ai",
];
const CERTAINTY: &[&str] = &["definitely", "certainly", "clearly", "without a doubt"];

/// §10.5: the deterministic text heuristic.
pub fn heuristic(content: &str, finish_reason: Option<&str>) -> Estimate {
    let done = |value: f64| Estimate {
        value,
        source: Source::Heuristic,
    };
    if finish_reason == Some("content_filter") || content.trim().is_empty() {
        return done(0.05);
    }
    let text = content.to_lowercase().replace('\u{2019}', "'");
    let mut score = 0.75;
    if finish_reason == Some("length") {
        score -= 0.2;
    }
    let count = |phrases: &[&str]| phrases.iter().map(|p| occurrences(&text, p)).sum::<usize>();
    score -= 0.05 * count(HEDGES).min(6) as f64;
    if count(REFUSALS) > 0 {
        score -= 0.3;
    }
    score += 0.05 * count(CERTAINTY).min(2) as f64;
    done(score.clamp(0.05, 0.95))
}

/// Occurrences of `phrase` not preceded or followed by a letter.
fn occurrences(text: &str, phrase: &str) -> usize {
    text.match_indices(phrase)
        .filter(|(start, _)| {
            let before = text.get(..*start).and_then(|t| t.chars().next_back());
            let after = text
                .get(start + phrase.len()..)
                .and_then(|t| t.chars().next());
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
        })
        .count()
}

/// Maps `c` through calibration points as `calibrate` does (builtins §12): linear between
/// points, flat outside them.
pub fn calibrate(points: &[(f64, f64)], c: f64) -> f64 {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return c;
    };
    if c <= first.0 {
        return first.1;
    }
    if c >= last.0 {
        return last.1;
    }
    for pair in points.windows(2) {
        if let [(x0, y0), (x1, y1)] = pair {
            if c <= *x1 {
                return y0 + (y1 - y0) * (c - x0) / (x1 - x0);
            }
        }
    }
    last.1
}
