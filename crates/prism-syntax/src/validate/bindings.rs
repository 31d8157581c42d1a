//! Names bound by patterns and parameter lists: E0207 (reserved words) and E0217 (duplicates).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use prism_diagnostics::Diagnostic;
use prism_span::Span;

use super::walk::Validator;
use crate::ast::{Name, Param, Pattern, PatternKind};
use crate::token::Keyword;

/// Binding lists up to this length are checked for repeats by scanning.
const SCAN_LIMIT: usize = 16;

impl Validator<'_> {
    /// E0207 when `name` is a reserved word (language §2.7).
    pub(super) fn check_name(&mut self, name: &Name) {
        if Keyword::from_str(&name.text).is_some() {
            let message = format!(
                "`{}` is a reserved word and cannot be used as a name",
                name.text
            );
            self.error("E0207", message, name.span, "reserved word");
        }
    }

    /// The names bound by one parameter list: E0207 for reserved words, E0217 for repeats.
    pub(super) fn check_params(&mut self, params: &[Param]) {
        let mut seen = Vec::new();
        for (position, param) in params.iter().enumerate() {
            if param.rest && position + 1 != params.len() {
                self.error(
                    "E0205",
                    "rest element must be last".to_string(),
                    param.span,
                    "this rest parameter is not last",
                );
            }
            self.collect(&param.target, &mut seen);
        }
        self.report_duplicates(&seen);
    }

    /// The names bound by one pattern.
    pub(super) fn check_pattern(&mut self, pattern: &Pattern) {
        // Most patterns are one name, which cannot repeat.
        if let PatternKind::Ident(name) = &pattern.kind {
            self.check_name(name);
            return;
        }
        let mut seen = Vec::new();
        self.collect(pattern, &mut seen);
        self.report_duplicates(&seen);
    }

    /// The names bound by a `for` target and its index binding, which form one binding list.
    pub(super) fn check_patterns(&mut self, patterns: &[&Pattern]) {
        let mut seen = Vec::new();
        for pattern in patterns {
            self.collect(pattern, &mut seen);
        }
        self.report_duplicates(&seen);
    }

    fn collect<'a>(&mut self, pattern: &'a Pattern, seen: &mut Vec<(&'a str, Span)>) {
        match &pattern.kind {
            PatternKind::Ident(name) => {
                self.check_name(name);
                seen.push((name.text.as_str(), name.span));
            }
            PatternKind::Array { elements, rest } => {
                for element in elements.iter().flatten() {
                    self.collect(&element.target, seen);
                }
                if let Some(rest) = rest {
                    self.collect(rest, seen);
                }
            }
            PatternKind::Object { properties, rest } => {
                for property in properties {
                    self.collect(&property.target, seen);
                }
                if let Some(rest) = rest {
                    self.collect(rest, seen);
                }
            }
            PatternKind::Threshold { pattern, .. } => self.collect(pattern, seen),
            PatternKind::Discard | PatternKind::Target(_) | PatternKind::Error => {}
        }
    }

    fn report_duplicates(&mut self, seen: &[(&str, Span)]) {
        // Binding lists are mostly a few names, which a scan checks without building a map; a
        // map keeps long lists linear.
        if seen.len() <= SCAN_LIMIT {
            for (position, &(text, span)) in seen.iter().enumerate() {
                let earlier = seen.get(..position).unwrap_or_default();
                if let Some(&(_, first)) = earlier.iter().find(|(other, _)| *other == text) {
                    self.report_duplicate(text, span, first);
                }
            }
            return;
        }
        let mut first: HashMap<&str, Span> = HashMap::with_capacity(seen.len());
        for &(text, span) in seen {
            match first.entry(text) {
                Entry::Vacant(entry) => {
                    entry.insert(span);
                }
                Entry::Occupied(entry) => self.report_duplicate(text, span, *entry.get()),
            }
        }
    }

    #[cold]
    fn report_duplicate(&mut self, text: &str, span: Span, first: Span) {
        let diagnostic = Diagnostic::error("E0217", format!("duplicate binding `{text}`"))
            .with_primary(self.file, span, "bound again here")
            .with_secondary(self.file, first, "first bound here");
        self.diagnostics.push(diagnostic);
    }
}
