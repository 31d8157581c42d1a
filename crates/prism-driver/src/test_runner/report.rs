//! What `prism test` found (cli §9.3): per file its compile diagnostics, the error of its top
//! level, and the outcome of each case. The CLI renders these as text or JSON.

use prism_diagnostics::Diagnostic;
use prism_span::SourceMap;

use crate::run::Stream;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseStatus {
    Passed,
    Failed,
    Skipped,
}

impl CaseStatus {
    /// The word of the JSON form (cli §9.3).
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Passed => "passed",
            CaseStatus::Failed => "failed",
            CaseStatus::Skipped => "skipped",
        }
    }
}

/// One test case (cli §9.2).
#[derive(Clone, Debug)]
pub struct CaseResult {
    pub name: String,
    pub status: CaseStatus,
    /// On the run clock (virtual milliseconds under the virtual clock).
    pub duration_ms: u64,
    pub error: Option<Diagnostic>,
    /// The lines the case wrote, captured.
    pub output: Vec<(Stream, String)>,
}

/// One test file.
#[derive(Debug, Default)]
pub struct FileResult {
    /// As written in output (cli §2.2).
    pub path: String,
    /// Every file loaded for this test file, to render its diagnostics.
    pub files: SourceMap,
    /// Compile-time diagnostics; an error among them means no case ran (exit code 2).
    pub compile_diagnostics: Vec<Diagnostic>,
    /// The runtime error of the file's top level (no case ran), or of the run as a whole.
    pub error: Option<Diagnostic>,
    /// Output of the top level, shown when it fails.
    pub output: Vec<(Stream, String)>,
    pub cases: Vec<CaseResult>,
}

impl FileResult {
    pub fn has_compile_errors(&self) -> bool {
        self.compile_diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The file passed: it compiled, its top level ran, and no case failed.
    pub fn ok(&self) -> bool {
        !self.has_compile_errors()
            && self.error.is_none()
            && self.cases.iter().all(|c| c.status != CaseStatus::Failed)
    }
}

/// Everything `prism test` reports.
#[derive(Debug, Default)]
pub struct TestReport {
    /// Diagnostics of the configuration (`prism.toml`); an error means nothing ran.
    pub config_diagnostics: Vec<Diagnostic>,
    /// The files those diagnostics point into.
    pub config_files: SourceMap,
    pub files: Vec<FileResult>,
}

/// The counts of the summary line (cli §9.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl TestReport {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for case in self.files.iter().flat_map(|file| &file.cases) {
            match case.status {
                CaseStatus::Passed => summary.passed += 1,
                CaseStatus::Failed => summary.failed += 1,
                CaseStatus::Skipped => summary.skipped += 1,
            }
        }
        summary
    }

    pub fn has_compile_errors(&self) -> bool {
        self.config_diagnostics.iter().any(Diagnostic::is_error)
            || self.files.iter().any(FileResult::has_compile_errors)
    }

    /// Every case passed and every file ran.
    pub fn ok(&self) -> bool {
        !self.has_compile_errors() && self.files.iter().all(FileResult::ok)
    }

    /// cli §9.3: 2 for compile-time errors, 1 for a failed case or top level, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.has_compile_errors() {
            2
        } else if self.ok() {
            0
        } else {
            1
        }
    }
}
