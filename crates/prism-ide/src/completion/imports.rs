//! Completion inside import strings (cli §8): the bundled `std/` modules (builtins §18) and
//! relative paths. The file system is reached through [`ImportPaths`], so the core does no I/O.

use prism_span::Span;
use prism_syntax::token::{Keyword, Token};

use crate::{Analysis, CompletionItem, CompletionKind, TextEdit};

/// The bundled standard modules with what they hold.
pub const STD_MODULES: &[(&str, &str)] = &[
    (
        "std/patterns",
        "orchestration patterns: fanout, cascade, race, vote, route, retry, escalate, mapReduce (builtins §18.1)",
    ),
    (
        "std/legacy",
        "Parallax helpers: average, synthesize, majorityVote (builtins §18.2)",
    ),
];

/// One entry of a directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathEntry {
    pub name: String,
    pub is_dir: bool,
}

/// Lists directories for relative import paths.
pub trait ImportPaths {
    /// The entries of `dir`, a path relative to the document's directory as typed so far
    /// (`"./"`, `"../lib/"`). Unreadable directories give no entries.
    fn entries(&self, dir: &str) -> Vec<PathEntry>;
}

/// No file system: only `std/` modules are completed.
pub struct NoPaths;

impl ImportPaths for NoPaths {
    fn entries(&self, _dir: &str) -> Vec<PathEntry> {
        Vec::new()
    }
}

impl Analysis {
    pub(super) fn complete_import_path(
        &self,
        index: usize,
        offset: u32,
        paths: &dyn ImportPaths,
    ) -> Vec<CompletionItem> {
        let Some((Token::Str { .. }, span)) = self.tokens().get(index) else {
            return Vec::new();
        };
        let previous = index.checked_sub(1).and_then(|i| self.tokens().get(i));
        let is_source = match previous {
            Some((Token::Ident(word), _)) => word == "from",
            Some((Token::Keyword(Keyword::Import), _)) => true,
            _ => false,
        };
        if !is_source {
            return Vec::new();
        }
        // The text between the opening quote and the cursor (import paths have no escapes that
        // matter here).
        let typed = self.slice(Span::new(span.start + 1, offset));
        let end_of_string = if self.unterminated(*span) {
            span.end
        } else {
            span.end - 1
        };
        let mut items = Vec::new();
        if "std/".starts_with(typed) || typed.starts_with("std/") {
            let whole = Span::new(span.start + 1, end_of_string.max(offset));
            for (name, meaning) in STD_MODULES {
                items.push(item(name, CompletionKind::Module, meaning, whole));
            }
        }
        let relative = typed.is_empty() || typed.starts_with("./") || typed.starts_with("../");
        if relative {
            let dir_length = typed.rfind('/').map_or(0, |slash| slash + 1);
            let dir = if dir_length == 0 {
                "./"
            } else {
                &typed[..dir_length]
            };
            let prefix = if dir_length == 0 { "./" } else { "" };
            let start = span.start + 1 + dir_length as u32;
            let replace = Span::new(start, end_of_string.max(offset));
            let mut entries = paths.entries(dir);
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            for entry in entries {
                if entry.name.starts_with('.') {
                    continue;
                }
                let (kind, detail, text) = if entry.is_dir {
                    (
                        CompletionKind::Folder,
                        "directory",
                        format!("{prefix}{}/", entry.name),
                    )
                } else if entry.name.ends_with(".prism") {
                    (
                        CompletionKind::File,
                        "Prism module",
                        format!("{prefix}{}", entry.name),
                    )
                } else {
                    continue;
                };
                items.push(item(&text, kind, detail, replace));
            }
        }
        items
    }
}

fn item(text: &str, kind: CompletionKind, detail: &str, span: Span) -> CompletionItem {
    CompletionItem {
        label: text.to_string(),
        kind,
        detail: Some(detail.to_string()),
        documentation: None,
        sort_text: String::new(),
        edit: TextEdit {
            span,
            new_text: text.to_string(),
        },
    }
}
