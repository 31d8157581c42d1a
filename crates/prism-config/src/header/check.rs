//! Typing the tag values (runtime §3.1, §3.2) and the header diagnostics of runtime §3.3.

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use serde_json::Value as Json;

use super::tags::{RawHeader, RawTag};
use super::{Header, Requirements, SortBy};
use crate::input::schema::check_schema;
use crate::suggest;

/// Every tag of runtime §3.2.
pub const KNOWN_TAGS: &[&str] = &[
    "name",
    "version",
    "description",
    "input",
    "agents",
    "minAgents",
    "maxAgents",
    "timeout",
    "workspace",
    "threads",
    "metadata",
    "param",
    "returns",
    "example",
    "see",
    "author",
    "license",
    "deprecated",
];

/// Tags of type *text*: their value is the raw text (runtime §3.1).
const TEXT_TAGS: &[&str] = &["name", "version", "description"];

/// Documentation tags that are accepted and ignored. They are not checked for duplicates either:
/// several `@param` lines are the normal way to use them (decision).
const IGNORED_TAGS: &[&str] = &[
    "param",
    "returns",
    "example",
    "see",
    "author",
    "license",
    "deprecated",
];

struct Checker<'a> {
    file: FileId,
    source: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
}

pub(super) fn check_header(
    raw: RawHeader,
    span: Span,
    source: &str,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Header {
    let mut checker = Checker {
        file,
        source,
        diagnostics,
    };
    let mut header = Header {
        span,
        summary: raw.summary,
        ..Header::default()
    };
    for (index, tag) in raw.tags.iter().enumerate() {
        header.tags.insert(tag.name.clone(), parsed_value(tag));
        if !KNOWN_TAGS.contains(&tag.name.as_str()) {
            checker.unknown_tag(tag);
        } else if !IGNORED_TAGS.contains(&tag.name.as_str())
            && raw
                .tags
                .get(..index)
                .is_some_and(|earlier| earlier.iter().any(|t| t.name == tag.name))
        {
            checker.diagnostics.push(
                Diagnostic::warning(
                    "W0603",
                    format!("duplicate header tag @{}; the last one is used", tag.name),
                )
                .with_primary(file, tag.name_span, ""),
            );
        }
    }
    let last = |name: &str| raw.tags.iter().rev().find(|tag| tag.name == name);
    if let Some(tag) = last("name") {
        header.name = checker.name(tag);
    }
    if let Some(tag) = last("version") {
        header.version = checker.version(tag);
    }
    header.description = last("description").map(text_value);
    if let Some(tag) = last("input") {
        header.input = checker.input(tag);
    }
    if let Some(tag) = last("timeout") {
        header.timeout = checker.integer(tag, 1);
    }
    header.requirements =
        checker.requirements(last("agents"), last("minAgents"), last("maxAgents"));
    header
}

/// The value of a tag as exposed in `pattern.tags`: text for text tags (a fully quoted value is
/// decoded as a JSON string), JSON for the others, the raw text when it is not JSON.
fn parsed_value(tag: &RawTag) -> Json {
    if TEXT_TAGS.contains(&tag.name.as_str()) {
        return Json::String(text_value(tag));
    }
    serde_json::from_str(&tag.value).unwrap_or_else(|_| Json::String(tag.value.clone()))
}

fn text_value(tag: &RawTag) -> String {
    let value = &tag.value;
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        if let Ok(decoded) = serde_json::from_str::<String>(value) {
            return decoded;
        }
    }
    value.clone()
}

/// `MAJOR.MINOR.PATCH[-pre][+build]` of Semantic Versioning 2.0.0.
pub fn is_semver(text: &str) -> bool {
    let (rest, build) = match text.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (text, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numeric = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
    };
    let identifier = |part: &str| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let core_parts: Vec<&str> = core.split('.').collect();
    core_parts.len() == 3
        && core_parts.iter().all(|part| numeric(part))
        && pre.is_none_or(|pre| {
            pre.split('.').all(|part| {
                identifier(part) && (!part.bytes().all(|b| b.is_ascii_digit()) || numeric(part))
            })
        })
        && build.is_none_or(|build| build.split('.').all(identifier))
}

/// A JSON number that is a whole number ≥ `min`.
fn whole_number(value: &Json, min: u64) -> Option<u64> {
    let number = value.as_u64().or_else(|| {
        let float = value.as_f64()?;
        (float.fract() == 0.0 && float >= 0.0 && float <= u64::MAX as f64).then_some(float as u64)
    })?;
    (number >= min).then_some(number)
}

impl Checker<'_> {
    fn error(&mut self, code: &'static str, message: String, at: Span) {
        self.diagnostics
            .push(Diagnostic::error(code, message).with_primary(self.file, at, ""));
    }

    /// `E0601`: "invalid value for @{tag}: expected {type}".
    fn invalid(&mut self, tag: &RawTag, expected: &str) {
        let message = format!("invalid value for @{}: expected {expected}", tag.name);
        self.error("E0601", message, value_or_name(tag));
    }

    fn unknown_tag(&mut self, tag: &RawTag) {
        let mut warning = Diagnostic::warning("W0601", format!("unknown header tag @{}", tag.name))
            .with_primary(self.file, tag.name_span, "");
        if let Some(best) = suggest::closest(&tag.name, KNOWN_TAGS.iter().copied()) {
            warning = warning.with_help(format!("did you mean @{best}?"));
        }
        self.diagnostics.push(warning);
    }

    fn name(&mut self, tag: &RawTag) -> Option<String> {
        let name = text_value(tag);
        if name.is_empty() || name.chars().any(char::is_whitespace) {
            self.invalid(tag, "text without whitespace");
            return None;
        }
        Some(name)
    }

    fn version(&mut self, tag: &RawTag) -> Option<String> {
        let version = text_value(tag);
        if is_semver(&version) {
            return Some(version);
        }
        let message = format!("@version '{version}' is not a semantic version");
        self.diagnostics.push(
            Diagnostic::error("E0602", message)
                .with_primary(self.file, value_or_name(tag), "")
                .with_help("write MAJOR.MINOR.PATCH, for example 1.0.0"),
        );
        None
    }

    fn integer(&mut self, tag: &RawTag, min: u64) -> Option<u64> {
        let number = serde_json::from_str::<Json>(&tag.value)
            .ok()
            .and_then(|v| whole_number(&v, min));
        if number.is_none() {
            self.invalid(tag, &format!("an integer ≥ {min}"));
        }
        number
    }

    /// `@input`: a JSON Schema object of the subset of runtime §4.3 (`E0601`, `E0603`, `W0604`).
    fn input(&mut self, tag: &RawTag) -> Option<Json> {
        let Ok(schema @ Json::Object(_)) = serde_json::from_str::<Json>(&tag.value) else {
            self.invalid(tag, "a JSON Schema object");
            return None;
        };
        let report = check_schema(&schema);
        for keyword in &report.unsupported {
            let at = self.locate_in_value(tag, &format!("\"{keyword}\""));
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0604",
                    format!("unsupported schema keyword '{keyword}' is ignored"),
                )
                .with_primary(self.file, at, ""),
            );
        }
        if let Some(problem) = report.errors.first() {
            self.error(
                "E0603",
                format!("@input is not a valid schema: {problem}"),
                value_or_name(tag),
            );
            return None;
        }
        Some(schema)
    }

    /// The span of the first occurrence of `needle` in the tag's value, else the whole value.
    fn locate_in_value(&self, tag: &RawTag, needle: &str) -> Span {
        let value_text = tag.value_span.text(self.source);
        value_text.find(needle).map_or(tag.value_span, |offset| {
            let start = tag.value_span.start as usize + offset;
            Span::from_range(start..start + needle.len())
        })
    }

    fn requirements(
        &mut self,
        agents: Option<&RawTag>,
        min_tag: Option<&RawTag>,
        max_tag: Option<&RawTag>,
    ) -> Option<Requirements> {
        if agents.is_none() && min_tag.is_none() && max_tag.is_none() {
            return None;
        }
        let mut requirements = Requirements {
            from_agents_tag: agents.is_some(),
            ..Requirements::default()
        };
        if let Some(tag) = agents {
            self.agents_object(tag, &mut requirements);
        }
        if let Some(tag) = min_tag {
            requirements.min_agents = self.integer(tag, 0).or(requirements.min_agents);
        }
        if let Some(tag) = max_tag {
            requirements.max_agents = self.integer(tag, 0).or(requirements.max_agents);
        }
        if let (Some(min), Some(max)) = (requirements.min_agents, requirements.max_agents) {
            if min > max {
                let at = max_tag
                    .or(min_tag)
                    .or(agents)
                    .map_or(Span::default(), value_or_name);
                let message =
                    format!("@agents: minAgents ({min}) is greater than maxAgents ({max})");
                self.error("E0605", message, at);
            }
        }
        Some(requirements)
    }

    /// The fields of `@agents` (runtime §3.2); other keys are ignored.
    fn agents_object(&mut self, tag: &RawTag, out: &mut Requirements) {
        let Ok(Json::Object(object)) = serde_json::from_str::<Json>(&tag.value) else {
            self.invalid(tag, "an object");
            return;
        };
        for (key, value) in &object {
            let ok = match key.as_str() {
                "capabilities" => match value.as_array().map(|items| {
                    items
                        .iter()
                        .map(|item| item.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                }) {
                    Some(Some(capabilities)) => {
                        out.capabilities = capabilities;
                        true
                    }
                    _ => false,
                },
                "minAgents" => whole_number(value, 0)
                    .map(|n| out.min_agents = Some(n))
                    .is_some(),
                "maxAgents" => whole_number(value, 0)
                    .map(|n| out.max_agents = Some(n))
                    .is_some(),
                "minConfidence" => value
                    .as_f64()
                    .filter(|c| (0.0..=1.0).contains(c))
                    .map(|c| out.min_confidence = Some(c))
                    .is_some(),
                "sortBy" => value
                    .as_str()
                    .and_then(SortBy::parse)
                    .map(|s| out.sort_by = s)
                    .is_some(),
                _ => true,
            };
            if !ok {
                let expected = match key.as_str() {
                    "capabilities" => "an array of strings",
                    "minConfidence" => "a number in [0, 1]",
                    "sortBy" => "\"registry\", \"expertise\" or \"historicalConfidence\"",
                    _ => "an integer ≥ 0",
                };
                self.invalid(tag, &format!("'{key}' to be {expected}"));
            }
        }
    }
}

/// Where to point for a tag: its value, or its name when the value is empty.
fn value_or_name(tag: &RawTag) -> Span {
    if tag.value_span.is_empty() {
        tag.name_span
    } else {
        tag.value_span
    }
}
