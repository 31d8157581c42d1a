//! Exceptions in flight: the thrown value with the Prism call stack collected while it unwinds
//! (cli §3.4), and its conversion to a diagnostic.

use prism_diagnostics::{Diagnostic, StackFrame};
use prism_runtime::Thrown;
use prism_span::{FileId, FileSpan, Span};
use smol_str::SmolStr;

/// Frames collected while unwinding (innermost first) and the primary position.
pub type Trace = (Vec<(SmolStr, FileSpan)>, Option<FileSpan>);

/// A thrown value on its way out, boxed so that `Result<_, Unwind>` stays one word.
pub struct Unwind(Box<UnwindData>);

struct UnwindData {
    thrown: Thrown,
    /// Where the error arose (the failing instruction, or the `throw`).
    primary: Option<FileSpan>,
    /// The frames it has left or is in, innermost first: function name and position.
    frames: Vec<(SmolStr, FileSpan)>,
}

impl Unwind {
    #[cold]
    pub fn new(thrown: Thrown) -> Unwind {
        Unwind(Box::new(UnwindData {
            thrown,
            primary: None,
            frames: Vec::new(),
        }))
    }

    pub fn thrown(&self) -> &Thrown {
        &self.0.thrown
    }

    pub fn thrown_mut(&mut self) -> &mut Thrown {
        &mut self.0.thrown
    }

    pub fn into_thrown(self) -> Thrown {
        self.0.thrown
    }

    pub fn has_primary(&self) -> bool {
        self.0.primary.is_some()
    }

    /// Records that the exception passes through a frame of `function`, executing at `span`. The
    /// first call also fixes the primary position.
    #[cold]
    pub fn pass_frame(&mut self, function: &SmolStr, file: FileId, span: Span) {
        let at = span.in_file(file);
        if self.0.primary.is_none() {
            self.0.primary = Some(at);
        }
        self.0.frames.push((function.clone(), at));
    }

    /// Adds frames collected elsewhere (inside callbacks of a builtin) before this frame's own.
    pub fn prepend_frames(&mut self, frames: Vec<(SmolStr, FileSpan)>, primary: Option<FileSpan>) {
        if self.0.primary.is_none() {
            self.0.primary = primary;
        }
        let own = std::mem::take(&mut self.0.frames);
        self.0.frames = frames;
        self.0.frames.extend(own);
    }

    pub fn take_frames(&mut self) -> Trace {
        (std::mem::take(&mut self.0.frames), self.0.primary.take())
    }

    /// The diagnostic of an exception that escaped the program (language §12.1, cli §3.4).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut diagnostic = self.0.thrown.to_diagnostic();
        let kind = diagnostic.kind.clone().unwrap_or_default();
        if let Some(at) = self.0.primary {
            diagnostic = diagnostic.with_primary(at.file, at.span, kind);
        }
        diagnostic.stack = self
            .0
            .frames
            .iter()
            .map(|(function, at)| StackFrame {
                function: function.to_string(),
                at: *at,
            })
            .collect();
        diagnostic
    }
}

impl std::fmt::Debug for Unwind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Unwind({:?})", self.0.thrown)
    }
}
