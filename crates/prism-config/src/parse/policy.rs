//! Policy keys (runtime §11.1), budgets (§11.5) and estimators (§10.1, §10.7), shared by
//! `[policy]`, `[budget]`, `[providers.NAME]` and `[agents.NAME]`.

use super::settings::owned;
use super::{set, set_some};
use crate::model::{Budget, Estimator, Jitter, Policy};
use crate::reader::{join, Reader};
use crate::toml_tree::{Entry, Node, NodeKind};

pub(crate) const POLICY_KEYS: &[&str] = &[
    "timeout_ms",
    "total_timeout_ms",
    "retries",
    "backoff_ms",
    "backoff_factor",
    "backoff_max_ms",
    "jitter",
    "retry_on",
    "min_confidence",
    "fallback",
];

pub(crate) const BUDGET_KEYS: &[&str] = &["calls", "tokens", "input_tokens", "output_tokens"];

/// The error kinds of runtime §8.3.
pub const ERROR_KINDS: &[&str] = &[
    "timeout",
    "rate_limited",
    "server",
    "network",
    "unavailable",
    "auth",
    "bad_request",
    "not_found",
    "content_filter",
    "protocol",
    "cancelled",
    "other",
];

/// What `retry_on` may contain: an error kind, `parse` or `low_confidence` (runtime §11.1).
const RETRY_REASONS: &[&str] = &[
    "timeout",
    "rate_limited",
    "server",
    "network",
    "unavailable",
    "auth",
    "bad_request",
    "not_found",
    "content_filter",
    "protocol",
    "cancelled",
    "other",
    "parse",
    "low_confidence",
];

pub(crate) const ESTIMATOR_NAMES: &[&str] = &["fixed", "self-report", "logprobs", "heuristic"];

/// Reads the policy keys of `table`, ignoring its other keys (the caller checks for unknown ones).
pub(crate) fn read_policy(reader: &mut Reader, prefix: &str, table: &[Entry]) -> Policy {
    let mut out = Policy::default();
    for entry in table {
        let path = join(prefix, &entry.key);
        let value = &entry.value;
        match entry.key.as_str() {
            "timeout_ms" => set_some(&mut out.timeout_ms, reader.count(&path, value)),
            "total_timeout_ms" => {
                set_some(&mut out.total_timeout_ms, reader.positive(&path, value))
            }
            "retries" => set_some(&mut out.retries, reader.count(&path, value)),
            "backoff_ms" => set_some(&mut out.backoff_ms, reader.count(&path, value)),
            "backoff_factor" => set_some(
                &mut out.backoff_factor,
                reader.number_at_least(&path, value, 0.0),
            ),
            "backoff_max_ms" => set_some(&mut out.backoff_max_ms, reader.count(&path, value)),
            "jitter" => {
                let jitter = reader.one_of(&path, value, &["full", "equal", "none"]);
                set_some(
                    &mut out.jitter,
                    jitter.map(|j| match j {
                        "equal" => Jitter::Equal,
                        "none" => Jitter::None,
                        _ => Jitter::Full,
                    }),
                );
            }
            "retry_on" => set_some(
                &mut out.retry_on,
                reader.choices_array(&path, value, RETRY_REASONS),
            ),
            "min_confidence" => set_some(
                &mut out.min_confidence,
                reader.number_in(&path, value, 0.0, 1.0),
            ),
            "fallback" => set_some(&mut out.fallback, reader.string_array(&path, value)),
            _ => {}
        }
    }
    out
}

/// A budget table with the keys in `allowed` (`[budget]` has four, an agent's `budget` two).
pub(crate) fn read_budget(
    reader: &mut Reader,
    path: &str,
    node: &Node,
    allowed: &[&str],
) -> Budget {
    let mut out = Budget::default();
    let Some(entries) = reader.table(path, node) else {
        return out;
    };
    reader.unknown_keys(path, entries, allowed);
    for entry in entries.iter().filter(|e| allowed.contains(&e.key.as_str())) {
        let value = reader.count(&join(path, &entry.key), &entry.value);
        match entry.key.as_str() {
            "calls" => out.calls = value,
            "tokens" => out.tokens = value,
            "input_tokens" => out.input_tokens = value,
            "output_tokens" => out.output_tokens = value,
            _ => {}
        }
    }
    out
}

/// An estimator: a name, or a table `{ name, value?, fallback?, strip_marker?, calibration? }`.
pub(crate) fn read_estimator(reader: &mut Reader, path: &str, node: &Node) -> Option<Estimator> {
    match &node.kind {
        NodeKind::String(_) => {
            let name = reader.one_of(path, node, ESTIMATOR_NAMES)?;
            Some(Estimator::named(name))
        }
        NodeKind::Table(entries) => read_estimator_table(reader, path, node, entries),
        _ => {
            reader.wrong_type(path, node, "an estimator name or table");
            None
        }
    }
}

fn read_estimator_table(
    reader: &mut Reader,
    path: &str,
    node: &Node,
    entries: &[Entry],
) -> Option<Estimator> {
    reader.unknown_keys(
        path,
        entries,
        &["name", "value", "fallback", "strip_marker", "calibration"],
    );
    let Some(name_entry) = entries.iter().find(|e| e.key == "name") else {
        reader.wrong_type(path, node, "an estimator table with a 'name'");
        return None;
    };
    let name = reader.one_of(&join(path, "name"), &name_entry.value, ESTIMATOR_NAMES)?;
    let mut out = Estimator::named(name);
    for entry in entries {
        let key_path = join(path, &entry.key);
        let value = &entry.value;
        match entry.key.as_str() {
            "value" => set_some(&mut out.value, reader.number_in(&key_path, value, 0.0, 1.0)),
            "fallback" => {
                out.fallback = read_estimator(reader, &key_path, value).map(Box::new);
            }
            "strip_marker" => set_some(&mut out.strip_marker, reader.bool(&key_path, value)),
            "calibration" => set_some(
                &mut out.calibration,
                read_calibration(reader, &key_path, value),
            ),
            _ => {}
        }
    }
    Some(out)
}

/// At least two `[in, out]` pairs of numbers in [0, 1] with strictly increasing `in` (builtins
/// §12); anything else is `E0702` (runtime §10.7).
fn read_calibration(reader: &mut Reader, path: &str, node: &Node) -> Option<Vec<(f64, f64)>> {
    let points = calibration_points(node);
    let increasing = points.as_ref().is_some_and(|points| {
        points.len() >= 2 && points.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0))
    });
    if !increasing {
        reader.wrong_type(
            path,
            node,
            "at least two [in, out] pairs of numbers in [0, 1] with strictly increasing 'in'",
        );
        return None;
    }
    points
}

fn calibration_points(node: &Node) -> Option<Vec<(f64, f64)>> {
    let NodeKind::Array(pairs) = &node.kind else {
        return None;
    };
    pairs
        .iter()
        .map(|pair| match &pair.kind {
            NodeKind::Array(numbers) => match numbers.as_slice() {
                [a, b] => Some((unit_number(a)?, unit_number(b)?)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn unit_number(node: &Node) -> Option<f64> {
    let number = match node.kind {
        NodeKind::Integer(n) => n as f64,
        NodeKind::Float(n) => n,
        _ => return None,
    };
    (0.0..=1.0).contains(&number).then_some(number)
}

/// Reads one of the listed names as an owned string (for settings kept as text).
pub(crate) fn read_choice(
    reader: &mut Reader,
    path: &str,
    node: &Node,
    choices: &[&str],
    slot: &mut String,
) {
    set(slot, owned(reader.one_of(path, node, choices)));
}
