//! One emitter per event type of runtime §13.2, with the fields in the table's order. Fields
//! marked † go through [`super::content`] (recorded only with `include_content`).
use serde_json::{json, Map, Value as Json};

use super::{content, emit};

fn fields(value: Json) -> Map<String, Json> {
    match value {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

/// What `run_start` records about the run.
pub struct RunStart<'a> {
    pub file: &'a str,
    pub name: Option<&'a str>,
    pub version: Option<&'a str>,
    pub backend: &'a str,
    pub seed: u64,
    /// `"real"` or `"virtual"`.
    pub clock: &'a str,
    /// `"none"` or `"parallax"`.
    pub compat: &'a str,
    pub input: &'a Json,
}

pub fn run_start(start: &RunStart<'_>) {
    let input = content(|| start.input.clone());
    emit(
        "run_start",
        fields(json!({
            "file": start.file,
            "pattern": { "name": start.name, "version": start.version },
            "backend": start.backend,
            "seed": start.seed,
            "clock": start.clock,
            "compat": start.compat,
            "input": input,
        })),
    );
}

/// `error` is `{code, kind, message}` or `null`; `stats` the statistics of §14.1.
pub fn run_end(ok: bool, value: &Json, confidence: Option<f64>, error: Json, stats: Json) {
    let value = content(|| value.clone());
    emit(
        "run_end",
        fields(json!({
            "ok": ok, "value": value, "confidence": confidence, "error": error, "stats": stats,
        })),
    );
}

/// A governance decision (§12.4); `mode` is `"enforce"` or `"shadow"`.
pub struct Policy<'a> {
    pub call: Option<&'a str>,
    pub action: &'a str,
    pub target: &'a str,
    pub allow: bool,
    pub reasons: &'a [String],
    pub audit: bool,
    pub mode: &'a str,
}

pub fn policy(decision: &Policy<'_>) {
    emit(
        "policy",
        fields(json!({
            "call": decision.call,
            "action": decision.action,
            "target": decision.target,
            "allow": decision.allow,
            "reasons": decision.reasons,
            "audit": decision.audit,
            "mode": decision.mode,
        })),
    );
}

/// One uncertain decision of an `if`, `while` or `for` (language §7.8); `taken` is the branch
/// that runs, `None` when there is none for the level.
pub fn branch(
    form: &str,
    line: u32,
    column: u32,
    confidence: f64,
    level: &str,
    taken: Option<&str>,
) {
    emit(
        "branch",
        fields(json!({
            "form": form, "line": line, "column": column, "confidence": confidence,
            "level": level, "branch": taken,
        })),
    );
}

pub fn pattern_start(child: &str, path: &str, name: &str, version: Json, depth: u32, input: &Json) {
    let input = content(|| input.clone());
    emit(
        "pattern_start",
        fields(json!({
            "child": child, "path": path, "name": name, "version": version, "depth": depth,
            "input": input,
        })),
    );
}

pub fn pattern_end(child: &str, ok: bool, confidence: Option<f64>, error: Json) {
    emit(
        "pattern_end",
        fields(json!({ "child": child, "ok": ok, "confidence": confidence, "error": error })),
    );
}

/// Task `cancelled` was cancelled; `reason` is one of §13.2's (`"timeout"`, `"race"`, …).
pub fn cancel(cancelled: u64, reason: &str) {
    emit(
        "cancel",
        fields(json!({ "cancelled": cancelled, "reason": reason })),
    );
}

/// A line of program output; recorded only with `include_output`.
pub fn output(stream: &str, text: &str) {
    if super::include_output() {
        emit("output", fields(json!({ "stream": stream, "text": text })));
    }
}

/// A provider's log line (a command provider's standard error or `log` message, §9.6).
pub fn log(source: &str, level: &str, message: &str) {
    emit(
        "log",
        fields(json!({ "source": source, "level": level, "message": message })),
    );
}

pub fn warning(code: &str, message: &str) {
    emit(
        "warning",
        fields(json!({ "code": code, "message": message })),
    );
}
