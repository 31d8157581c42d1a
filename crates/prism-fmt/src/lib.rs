//! `prism fmt`: the canonical layout of Prism source (cli §6).
//!
//! [`format`] parses the file (language §2–§3), lays the tree out as a [`doc::Doc`] (one module per
//! kind of node: `statements`, `expressions`, `patterns`, with the shared list shapes in `lists`
//! and the comment placement in `comments`) and prints it with the flat-if-fits rule of cli §6.3
//! (`printer`). The tree is the only input besides the source text, which is read back for what
//! cli §6.3 preserves as written: literal texts and comments.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::indexing_slicing)]

mod comments;
mod doc;
mod expressions;
mod leading_token;
mod lists;
mod modules;
mod patterns;
mod printer;
mod statements;

use prism_diagnostics::{Diagnostic, Severity};
use prism_span::{FileId, Span};

use crate::comments::Comments;
use crate::doc::{concat, text, Doc};

/// Formats a whole file (cli §6.3). A file with lexical or parse errors is not formatted: its
/// error diagnostics are returned instead (cli §6.1). Diagnostics refer to `FileId(0)`.
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(source, FileId(0))
}

/// [`format`], with diagnostics that refer to `file`.
pub fn format_file(source: &str, file: FileId) -> Result<String, Vec<Diagnostic>> {
    let parsed = prism_syntax::parse(source, file);
    let errors: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut formatter = Formatter {
        source,
        comments: Comments::new(source, parsed.comments),
        first_comment_start: None,
    };
    let doc = formatter.program(&parsed.program);
    let printed = printer::print(&doc);
    let body = printed.trim_end();
    Ok(if body.is_empty() {
        String::new()
    } else {
        format!("{body}\n")
    })
}

/// Lays out one file; holds the source (for texts preserved as written) and the comment cursor.
pub(crate) struct Formatter<'s> {
    source: &'s str,
    comments: Comments<'s>,
    /// Where the first comment of the file starts (for the blank line after a shebang).
    first_comment_start: Option<u32>,
}

impl Formatter<'_> {
    /// The source text of `span`, as written.
    fn source_text(&self, span: Span) -> &str {
        self.source.get(span.range()).unwrap_or("")
    }

    /// The program: the shebang line (language §2.1) as written, then the statements.
    fn program(&mut self, program: &prism_syntax::ast::Program) -> Doc {
        let shebang = self
            .source
            .strip_prefix('\u{feff}')
            .unwrap_or(self.source)
            .starts_with("#!")
            .then(|| {
                let offset = self.source.len() - self.source.trim_start_matches('\u{feff}').len();
                let line_end = self
                    .source
                    .get(offset..)
                    .and_then(|rest| rest.find(['\n', '\r']))
                    .map_or(self.source.len(), |end| offset + end);
                (offset, line_end)
            });
        let end = self.source.len() as u32;
        self.first_comment_start = self.comments.next_start();
        let lines = self.statement_lines(&program.body, end);
        let mut parts = Vec::new();
        if let Some((start, line_end)) = shebang {
            let line = self.source.get(start..line_end).unwrap_or("").trim_end();
            parts.push(text(line));
            parts.push(Doc::HardLine);
            let first_statement = program
                .body
                .first()
                .map_or(end, |statement| statement.span.start);
            let first = self.first_comment_start.unwrap_or(end).min(first_statement);
            if self.comments.blank_line_between(line_end as u32, first) {
                parts.push(Doc::HardLine);
            }
        }
        // Comments before the first statement that are not first on their line (after an empty
        // statement's `;`) have no code to trail: they start the file's first line.
        for (index, comment) in lines.after_open.iter().enumerate() {
            parts.push(if index == 0 { Doc::Nil } else { text(" ") });
            parts.push(self.comments.doc(comment));
        }
        if !lines.after_open.is_empty() && !lines.is_empty {
            parts.push(Doc::HardLine);
        }
        parts.push(lines.body);
        concat(parts)
    }
}
