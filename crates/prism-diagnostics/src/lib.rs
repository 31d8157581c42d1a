//! The one owned diagnostic type (cli §3.1). Every phase — lexer, parser, checker, module loader,
//! configuration, runtime — reports through [`Diagnostic`]; the CLI renders it as text (cli §3.2)
//! or JSON (cli §3.3), the language server converts it in one function.
#![forbid(unsafe_code)]

pub mod json;
pub mod render;

pub use json::to_json;
pub use render::render;

use prism_span::{FileId, FileSpan, Span};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A labelled span. The primary label locates the diagnostic; secondary labels add context,
/// possibly in another file.
#[derive(Clone, PartialEq, Debug)]
pub struct Label {
    pub at: FileSpan,
    pub message: String,
    pub primary: bool,
}

/// One frame of a Prism call stack (cli §3.4), innermost first in [`Diagnostic::stack`].
#[derive(Clone, PartialEq, Debug)]
pub struct StackFrame {
    /// The function's name, `lambda`, `<main>` or `<module>`.
    pub function: String,
    pub at: FileSpan,
}

/// A diagnostic (cli §3.1). Codes are stable: `E…`/`W…`/`I…` at compile time, `R…` at run time.
#[derive(Clone, PartialEq, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Vec<String>,
    /// The runtime error kind (`TypeError`, …) for `R` codes.
    pub kind: Option<String>,
    pub stack: Vec<StackFrame>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: Vec::new(),
            kind: None,
            stack: Vec::new(),
        }
    }

    #[cold]
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    #[cold]
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    #[cold]
    pub fn info(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, message)
    }

    /// Sets the primary label (there is at most one; a later call replaces it).
    pub fn with_primary(
        mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.labels.retain(|label| !label.primary);
        self.labels.insert(
            0,
            Label {
                at: span.in_file(file),
                message: message.into(),
                primary: true,
            },
        );
        self
    }

    pub fn with_secondary(
        mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.labels.push(Label {
            at: span.in_file(file),
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    pub fn with_kind(mut self, kind: impl Into<String>) -> Diagnostic {
        self.kind = Some(kind.into());
        self
    }

    pub fn primary(&self) -> Option<&Label> {
        self.labels.iter().find(|label| label.primary)
    }

    /// The file of the primary label, if the diagnostic has one.
    pub fn file(&self) -> Option<FileId> {
        self.primary().map(|label| label.at.file)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key of cli §5: file, then start offset, then code.
    pub fn sort_key(&self) -> (Option<FileId>, u32, &'static str) {
        (
            self.file(),
            self.primary().map_or(0, |label| label.at.span.start),
            self.code,
        )
    }
}
