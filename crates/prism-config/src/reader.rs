//! Typed reads of `prism.toml` values with the diagnostics of runtime §2.6.
//!
//! Every getter takes the dotted key path (`runtime.timeout_ms`) used in messages and the value's
//! [`Node`]; on a wrong type it reports `E0702` ("expected {type}"), on a value outside a two-sided
//! range `E0703`, both at the span of the offending value (runtime §2.2), and returns `None` so that
//! the setting keeps its default. A one-sided bound ("integer ≥ 1") has no `{hi}` to fill `E0703`'s
//! template, so it is reported as `E0702` with the bound in the expected type (decision).

use prism_diagnostics::Diagnostic;
use prism_span::FileId;

use crate::suggest;
use crate::toml_tree::{Entry, Node, NodeKind};

/// Collects the diagnostics of one `prism.toml`.
pub(crate) struct Reader {
    pub file: FileId,
    pub diagnostics: Vec<Diagnostic>,
}

/// Joins a table path and a key: `join("runtime", "seed") == "runtime.seed"`.
pub(crate) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

impl Reader {
    pub fn new(file: FileId) -> Reader {
        Reader {
            file,
            diagnostics: Vec::new(),
        }
    }

    /// `W0701` for every key of `table` not in `known`, with a did-you-mean help line.
    pub fn unknown_keys(&mut self, prefix: &str, table: &[Entry], known: &[&str]) {
        for entry in table {
            if known.contains(&entry.key.as_str()) {
                continue;
            }
            let path = join(prefix, &entry.key);
            let mut warning = Diagnostic::warning("W0701", format!("unknown key '{path}'"))
                .with_primary(self.file, entry.key_span, "");
            if let Some(best) = suggest::closest(&entry.key, known.iter().copied()) {
                warning = warning.with_help(format!("did you mean '{}'?", join(prefix, best)));
            }
            self.diagnostics.push(warning);
        }
    }

    /// `E0702`: "invalid value for '{key}': expected {type}".
    pub fn wrong_type(&mut self, path: &str, node: &Node, expected: &str) {
        // "found an integer" only helps when the type itself is wrong, not the range.
        let label = if expected.starts_with(node.type_name()) {
            String::new()
        } else {
            format!("found {}", node.type_name())
        };
        self.invalid_value(path, node, expected, label);
    }

    fn invalid_value(&mut self, path: &str, node: &Node, expected: &str, label: String) {
        self.diagnostics.push(
            Diagnostic::error(
                "E0702",
                format!("invalid value for '{path}': expected {expected}"),
            )
            .with_primary(self.file, node.span, label),
        );
    }

    /// `E0703`: "'{key}' must be between {lo} and {hi}".
    pub fn out_of_range(&mut self, path: &str, node: &Node, lo: &str, hi: &str) {
        self.diagnostics.push(
            Diagnostic::error("E0703", format!("'{path}' must be between {lo} and {hi}"))
                .with_primary(self.file, node.span, ""),
        );
    }

    pub fn string(&mut self, path: &str, node: &Node) -> Option<String> {
        match &node.kind {
            NodeKind::String(text) => Some(text.clone()),
            _ => {
                self.wrong_type(path, node, "a string");
                None
            }
        }
    }

    pub fn bool(&mut self, path: &str, node: &Node) -> Option<bool> {
        match node.kind {
            NodeKind::Bool(flag) => Some(flag),
            _ => {
                self.wrong_type(path, node, "a boolean");
                None
            }
        }
    }

    /// Any integer.
    pub fn integer(&mut self, path: &str, node: &Node) -> Option<i64> {
        match node.kind {
            NodeKind::Integer(number) => Some(number),
            _ => {
                self.wrong_type(path, node, "an integer");
                None
            }
        }
    }

    /// An integer `≥ min` (TOML integers are 64-bit, so there is no upper bound to check).
    pub fn integer_at_least(&mut self, path: &str, node: &Node, min: i64) -> Option<i64> {
        match node.kind {
            NodeKind::Integer(number) if number >= min => Some(number),
            _ => {
                self.wrong_type(path, node, &format!("an integer ≥ {min}"));
                None
            }
        }
    }

    /// A non-negative integer as `u64`.
    pub fn count(&mut self, path: &str, node: &Node) -> Option<u64> {
        self.integer_at_least(path, node, 0)
            .and_then(|n| u64::try_from(n).ok())
    }

    /// A positive integer as `u64`.
    pub fn positive(&mut self, path: &str, node: &Node) -> Option<u64> {
        self.integer_at_least(path, node, 1)
            .and_then(|n| u64::try_from(n).ok())
    }

    /// Any number (integer or float).
    pub fn number(&mut self, path: &str, node: &Node) -> Option<f64> {
        match node.kind {
            NodeKind::Integer(number) => Some(number as f64),
            NodeKind::Float(number) => Some(number),
            _ => {
                self.wrong_type(path, node, "a number");
                None
            }
        }
    }

    /// A number in `[lo, hi]`; NaN is out of every range.
    pub fn number_in(&mut self, path: &str, node: &Node, lo: f64, hi: f64) -> Option<f64> {
        let number = self.number(path, node)?;
        if number >= lo && number <= hi {
            Some(number)
        } else {
            self.out_of_range(path, node, &lo.to_string(), &hi.to_string());
            None
        }
    }

    /// A number `≥ min` (one-sided, so `E0702`).
    pub fn number_at_least(&mut self, path: &str, node: &Node, min: f64) -> Option<f64> {
        let number = self.number(path, node)?;
        if number >= min {
            Some(number)
        } else {
            self.wrong_type(path, node, &format!("a number ≥ {min}"));
            None
        }
    }

    /// One of the listed strings.
    pub fn one_of<'c>(&mut self, path: &str, node: &Node, choices: &[&'c str]) -> Option<&'c str> {
        let found = node
            .as_str()
            .and_then(|text| choices.iter().find(|c| **c == text));
        if found.is_none() {
            let label = match node.as_str() {
                Some(_) => String::new(),
                None => format!("found {}", node.type_name()),
            };
            self.invalid_value(path, node, &quoted_choices(choices), label);
        }
        found.copied()
    }

    pub fn string_array(&mut self, path: &str, node: &Node) -> Option<Vec<String>> {
        let NodeKind::Array(items) = &node.kind else {
            self.wrong_type(path, node, "an array of strings");
            return None;
        };
        let mut strings = Vec::with_capacity(items.len());
        for item in items {
            match item.as_str() {
                Some(text) => strings.push(text.to_owned()),
                None => {
                    self.wrong_type(path, item, "an array of strings");
                    return None;
                }
            }
        }
        Some(strings)
    }

    /// A string or an array of strings (for example `[governance] policy`).
    pub fn string_or_strings(&mut self, path: &str, node: &Node) -> Option<Vec<String>> {
        match &node.kind {
            NodeKind::String(text) => Some(vec![text.clone()]),
            NodeKind::Array(_) => self.string_array(path, node),
            _ => {
                self.wrong_type(path, node, "a string or an array of strings");
                None
            }
        }
    }

    /// An array of strings each of which is one of `choices`.
    pub fn choices_array(
        &mut self,
        path: &str,
        node: &Node,
        choices: &[&str],
    ) -> Option<Vec<String>> {
        let NodeKind::Array(items) = &node.kind else {
            self.wrong_type(
                path,
                node,
                &format!("an array of {}", quoted_choices(choices)),
            );
            return None;
        };
        let mut picked = Vec::with_capacity(items.len());
        for item in items {
            picked.push(self.one_of(path, item, choices)?.to_owned());
        }
        Some(picked)
    }

    pub fn table<'n>(&mut self, path: &str, node: &'n Node) -> Option<&'n [Entry]> {
        let entries = node.entries();
        if entries.is_none() {
            self.wrong_type(path, node, "a table");
        }
        entries
    }

    /// A table whose values are all strings (`headers`, `env`).
    pub fn string_table(&mut self, path: &str, node: &Node) -> Option<Vec<(String, String)>> {
        let entries = self.table(path, node)?;
        let mut pairs = Vec::with_capacity(entries.len());
        for entry in entries {
            let value = self.string(&join(path, &entry.key), &entry.value)?;
            pairs.push((entry.key.clone(), value));
        }
        Some(pairs)
    }
}

/// `"a", "b" or "c"`.
pub(crate) fn quoted_choices(choices: &[&str]) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "nothing".to_owned(),
    }
}
