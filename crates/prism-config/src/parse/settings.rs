//! The scalar tables of runtime §2.3: `[project]`, `[runtime]`, `[limits]`, `[patterns]`,
//! `[confidence]`, `[modules]`, plus `[governance]` (§12.2), `[trace]` (§13.1),
//! `[compat.parallax]` (§15.6) and `[test]` (cli §9.4).

use std::path::PathBuf;

use prism_diagnostics::Diagnostic;

use super::{set, set_some};
use crate::model::{
    Backend, ClockKind, Compat, ConfidenceLevels, Governance, Limits, ModuleSettings,
    ParallaxSettings, PatternIds, ProjectInfo, RuntimeSettings, TestSettings, TraceSettings,
};
use crate::reader::{join, Reader};
use crate::toml_tree::Node;

pub(super) fn read_project(reader: &mut Reader, node: &Node, out: &mut ProjectInfo) {
    let Some(entries) = reader.table("project", node) else {
        return;
    };
    reader.unknown_keys("project", entries, &["name", "version"]);
    for entry in entries {
        let path = join("project", &entry.key);
        match entry.key.as_str() {
            "name" => set_some(&mut out.name, reader.string(&path, &entry.value)),
            "version" => set_some(&mut out.version, reader.string(&path, &entry.value)),
            _ => {}
        }
    }
}

const RUNTIME_KEYS: &[&str] = &[
    "default_provider",
    "backend",
    "seed",
    "clock",
    "clock_start_ms",
    "timeout_ms",
    "max_concurrency",
    "compat",
];

pub(super) fn read_runtime(reader: &mut Reader, node: &Node, out: &mut RuntimeSettings) {
    let Some(entries) = reader.table("runtime", node) else {
        return;
    };
    reader.unknown_keys("runtime", entries, RUNTIME_KEYS);
    for entry in entries {
        let path = join("runtime", &entry.key);
        let value = &entry.value;
        match entry.key.as_str() {
            "default_provider" => set_some(&mut out.default_provider, reader.string(&path, value)),
            "backend" => set(&mut out.backend, read_backend(reader, &path, value)),
            "seed" => set_some(&mut out.seed, read_seed(reader, &path, value)),
            "clock" => set_some(&mut out.clock, read_clock(reader, &path, value)),
            "clock_start_ms" => set(&mut out.clock_start_ms, reader.integer(&path, value)),
            "timeout_ms" => set_some(&mut out.timeout_ms, reader.positive(&path, value)),
            "max_concurrency" => set(&mut out.max_concurrency, reader.positive(&path, value)),
            "compat" => {
                let compat = reader.one_of(&path, value, &["none", "parallax"]);
                set(
                    &mut out.compat,
                    compat.map(|c| {
                        if c == "parallax" {
                            Compat::Parallax
                        } else {
                            Compat::None
                        }
                    }),
                );
            }
            _ => {}
        }
    }
}

fn read_backend(reader: &mut Reader, path: &str, value: &Node) -> Option<Backend> {
    Some(
        match reader.one_of(path, value, &["auto", "interp", "jit"])? {
            "interp" => Backend::Interp,
            "jit" => Backend::Jit,
            _ => Backend::Auto,
        },
    )
}

fn read_clock(reader: &mut Reader, path: &str, value: &Node) -> Option<ClockKind> {
    Some(match reader.one_of(path, value, &["real", "virtual"])? {
        "virtual" => ClockKind::Virtual,
        _ => ClockKind::Real,
    })
}

/// A seed is 0…2^64−1 (runtime §2.3); TOML integers stop at 2^63−1, so only the low end can fail.
fn read_seed(reader: &mut Reader, path: &str, value: &Node) -> Option<u64> {
    if let crate::toml_tree::NodeKind::Integer(number) = value.kind {
        let seed = u64::try_from(number).ok();
        if seed.is_none() {
            reader.out_of_range(path, value, "0", &u64::MAX.to_string());
        }
        return seed;
    }
    reader.wrong_type(path, value, "an integer");
    None
}

pub(super) fn read_limits(reader: &mut Reader, node: &Node, out: &mut Limits) {
    let Some(entries) = reader.table("limits", node) else {
        return;
    };
    reader.unknown_keys("limits", entries, &["max_call_depth", "max_pattern_depth"]);
    for entry in entries {
        let path = join("limits", &entry.key);
        match entry.key.as_str() {
            "max_call_depth" => set(
                &mut out.max_call_depth,
                reader.positive(&path, &entry.value),
            ),
            "max_pattern_depth" => set(
                &mut out.max_pattern_depth,
                reader.count(&path, &entry.value),
            ),
            _ => {}
        }
    }
}

pub(super) fn read_patterns(reader: &mut Reader, node: &Node, out: &mut PatternIds) {
    let Some(entries) = reader.table("patterns", node) else {
        return;
    };
    reader.unknown_keys("patterns", entries, &["id_prefix", "root_id"]);
    for entry in entries {
        let path = join("patterns", &entry.key);
        let value = &entry.value;
        match entry.key.as_str() {
            "id_prefix" => {
                let valid = |c: char| c.is_ascii_alphanumeric() || c == '_';
                let text = checked_text(
                    reader,
                    &path,
                    value,
                    valid,
                    "a string of letters, digits and '_'",
                );
                set(&mut out.id_prefix, text);
            }
            "root_id" => {
                let text = checked_text(
                    reader,
                    &path,
                    value,
                    |c| c.is_ascii_digit(),
                    "a string of digits",
                );
                set(&mut out.root_id, text);
            }
            _ => {}
        }
    }
}

/// A non-empty string whose characters all satisfy `valid`.
fn checked_text(
    reader: &mut Reader,
    path: &str,
    value: &Node,
    valid: impl Fn(char) -> bool,
    expected: &str,
) -> Option<String> {
    match value.as_str() {
        Some(text) if !text.is_empty() && text.chars().all(valid) => Some(text.to_owned()),
        _ => {
            reader.wrong_type(path, value, expected);
            None
        }
    }
}

/// `[confidence]`: each value in [0, 1], and `medium ≤ high` (`E0703`, runtime §2.3).
pub(super) fn read_confidence(reader: &mut Reader, node: &Node, out: &mut ConfidenceLevels) {
    let Some(entries) = reader.table("confidence", node) else {
        return;
    };
    reader.unknown_keys("confidence", entries, &["high", "medium", "fixed"]);
    let mut medium_node = None;
    let mut high_node = None;
    for entry in entries {
        let path = join("confidence", &entry.key);
        let value = reader.number_in(&path, &entry.value, 0.0, 1.0);
        match entry.key.as_str() {
            "high" => {
                set(&mut out.high, value);
                high_node = value.map(|_| &entry.value);
            }
            "medium" => {
                set(&mut out.medium, value);
                medium_node = value.map(|_| &entry.value);
            }
            "fixed" => set(&mut out.fixed, value),
            _ => {}
        }
    }
    if out.medium > out.high {
        // Report at the value the user wrote (medium if given, else high), naming the other bound.
        let (path, at, lo, hi) = match (medium_node, high_node) {
            (Some(medium), _) => (
                "confidence.medium",
                medium,
                "0".to_owned(),
                out.high.to_string(),
            ),
            (None, Some(high)) => (
                "confidence.high",
                high,
                out.medium.to_string(),
                "1".to_owned(),
            ),
            (None, None) => return,
        };
        let mut error =
            Diagnostic::error("E0703", format!("'{path}' must be between {lo} and {hi}"))
                .with_primary(reader.file, at.span, "")
                .with_note("the levels must satisfy 0 ≤ medium ≤ high ≤ 1");
        if let (Some(_), Some(high)) = (medium_node, high_node) {
            error = error.with_secondary(reader.file, high.span, "high is set here");
        }
        reader.diagnostics.push(error);
        *out = ConfidenceLevels {
            fixed: out.fixed,
            ..ConfidenceLevels::default()
        };
    }
}

pub(super) fn read_modules(reader: &mut Reader, node: &Node, out: &mut ModuleSettings) {
    let Some(entries) = reader.table("modules", node) else {
        return;
    };
    reader.unknown_keys("modules", entries, &["paths"]);
    if let Some(entry) = entries.iter().find(|e| e.key == "paths") {
        let paths = reader.string_array("modules.paths", &entry.value);
        set(&mut out.paths, paths.map(to_paths));
    }
}

fn to_paths(strings: Vec<String>) -> Vec<PathBuf> {
    strings.into_iter().map(PathBuf::from).collect()
}

const GOVERNANCE_KEYS: &[&str] = &[
    "policy",
    "data",
    "query",
    "default",
    "mode",
    "include_content",
    "actions",
];

pub(super) fn read_governance(reader: &mut Reader, node: &Node) -> Option<Governance> {
    let entries = reader.table("governance", node)?;
    reader.unknown_keys("governance", entries, GOVERNANCE_KEYS);
    let mut out = Governance::default();
    for entry in entries {
        let path = join("governance", &entry.key);
        let value = &entry.value;
        match entry.key.as_str() {
            "policy" => set(
                &mut out.policy,
                reader.string_or_strings(&path, value).map(to_paths),
            ),
            "data" => set(
                &mut out.data,
                reader.string_or_strings(&path, value).map(to_paths),
            ),
            "query" => set(&mut out.query, reader.string(&path, value)),
            "default" => set(
                &mut out.default,
                owned(reader.one_of(&path, value, &["deny", "allow"])),
            ),
            "mode" => set(
                &mut out.mode,
                owned(reader.one_of(&path, value, &["enforce", "shadow"])),
            ),
            "include_content" => set(&mut out.include_content, reader.bool(&path, value)),
            "actions" => {
                let actions = ["llm", "ask", "call", "run_pattern"];
                set(
                    &mut out.actions,
                    reader.choices_array(&path, value, &actions),
                );
            }
            _ => {}
        }
    }
    Some(out)
}

pub(super) fn owned(text: Option<&str>) -> Option<String> {
    text.map(str::to_owned)
}

pub(super) fn read_trace(reader: &mut Reader, node: &Node, out: &mut TraceSettings) {
    let Some(entries) = reader.table("trace", node) else {
        return;
    };
    reader.unknown_keys(
        "trace",
        entries,
        &["path", "include_content", "include_output", "redact"],
    );
    for entry in entries {
        let path = join("trace", &entry.key);
        let value = &entry.value;
        match entry.key.as_str() {
            "path" => set_some(
                &mut out.path,
                reader.string(&path, value).map(PathBuf::from),
            ),
            "include_content" => set(&mut out.include_content, reader.bool(&path, value)),
            "include_output" => set(&mut out.include_output, reader.bool(&path, value)),
            "redact" => set(&mut out.redact, reader.string_array(&path, value)),
            _ => {}
        }
    }
}

/// `[compat]` holds only the `[compat.parallax]` table (runtime §15.6).
pub(super) fn read_compat(reader: &mut Reader, node: &Node, out: &mut ParallaxSettings) {
    let Some(entries) = reader.table("compat", node) else {
        return;
    };
    reader.unknown_keys("compat", entries, &["parallax"]);
    let Some(parallax) = entries.iter().find(|e| e.key == "parallax") else {
        return;
    };
    let Some(entries) = reader.table("compat.parallax", &parallax.value) else {
        return;
    };
    reader.unknown_keys(
        "compat.parallax",
        entries,
        &["agent_timeout_ms", "default_confidence"],
    );
    for entry in entries {
        let path = join("compat.parallax", &entry.key);
        match entry.key.as_str() {
            "agent_timeout_ms" => set(
                &mut out.agent_timeout_ms,
                reader.positive(&path, &entry.value),
            ),
            "default_confidence" => set(
                &mut out.default_confidence,
                reader.number_in(&path, &entry.value, 0.0, 1.0),
            ),
            _ => {}
        }
    }
}

pub(super) fn read_test(reader: &mut Reader, node: &Node, out: &mut TestSettings) {
    let Some(entries) = reader.table("test", node) else {
        return;
    };
    reader.unknown_keys(
        "test",
        entries,
        &["paths", "clock", "seed", "default_provider", "timeout_ms"],
    );
    for entry in entries {
        let path = join("test", &entry.key);
        let value = &entry.value;
        match entry.key.as_str() {
            "paths" => set_some(
                &mut out.paths,
                reader.string_array(&path, value).map(to_paths),
            ),
            "clock" => set(&mut out.clock, read_clock(reader, &path, value)),
            "seed" => set(&mut out.seed, read_seed(reader, &path, value)),
            "default_provider" => set(&mut out.default_provider, reader.string(&path, value)),
            "timeout_ms" => set(&mut out.timeout_ms, reader.positive(&path, value)),
            _ => {}
        }
    }
}
