//! `prism test` (cli §9, builtins §17): discovery of `*.test.prism` files, running each in test
//! mode, and the report the CLI renders. The configuration is found per test file, from the
//! file's directory upwards (as `prism run FILE` finds it), unless `--config` names one.

mod cases;
mod file;
mod natives;
mod report;

use std::path::{Path, PathBuf};

use prism_diagnostics::Diagnostic;

use crate::loader::{display_path, find_files, FsLoader, SourceLoader};

pub use report::{CaseResult, CaseStatus, FileResult, Summary, TestReport};

/// The options of `prism test` (cli §9.1).
#[derive(Clone, Debug, Default)]
pub struct TestOptions {
    /// Files and directories to search; empty: `[test] paths`, else the project root.
    pub paths: Vec<PathBuf>,
    /// `--filter TEXT`.
    pub filter: Option<String>,
    pub seed: Option<u64>,
    pub provider: Option<String>,
    /// `--clock virtual|real` (`Some(true)` is virtual); `None`: `[test] clock`.
    pub virtual_clock: Option<bool>,
    pub config: Option<PathBuf>,
    /// `--compat parallax` (runtime §15).
    pub parallax: bool,
}

/// A PATH argument that cannot be read (a usage error, cli §2.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadablePath {
    pub path: String,
    pub reason: String,
}

/// The stack of the thread the test files run on (see `run::run_program`).
const RUN_STACK_BYTES: usize = 256 << 20;

/// Discovers and runs the test files, relative to the current directory.
pub fn run_tests(options: &TestOptions) -> Result<TestReport, UnreadablePath> {
    let options = options.clone();
    let worker = std::thread::Builder::new()
        .name("prism-test".into())
        .stack_size(RUN_STACK_BYTES)
        .spawn(move || run_tests_here(&options, &FsLoader));
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(_) => Err(UnreadablePath {
            path: String::new(),
            reason: "internal error: the test thread failed".into(),
        }),
    }
}

/// The whole of `prism test` on the current thread (which must have a large stack).
pub fn run_tests_here(
    options: &TestOptions,
    loader: &dyn SourceLoader,
) -> Result<TestReport, UnreadablePath> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut report = TestReport::default();
    let roots = if options.paths.is_empty() {
        match default_roots(options, &cwd, &mut report) {
            Some(roots) => roots,
            None => return Ok(report),
        }
    } else {
        options.paths.iter().map(|path| cwd.join(path)).collect()
    };
    for path in discover(loader, &roots, &cwd)? {
        let shown = display_path(&path, &cwd);
        report
            .files
            .push(file::run_file(&path, shown, options, loader));
    }
    Ok(report)
}

/// `[test] paths` of the project found from the current directory, else its root (cli §9.1).
fn default_roots(
    options: &TestOptions,
    cwd: &Path,
    report: &mut TestReport,
) -> Option<Vec<PathBuf>> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let settings = crate::run_config::load_settings(
        options.config.as_deref(),
        cwd,
        &mut report.config_files,
        &mut diagnostics,
    );
    report.config_diagnostics = diagnostics;
    let settings = settings?;
    let root = cwd.join(&settings.project_root);
    Some(match &settings.agents.config.test.paths {
        Some(paths) => paths.iter().map(|path| root.join(path)).collect(),
        None => vec![root],
    })
}

/// The test files of `roots` in path order (cli §2.2): a directory contributes its
/// `*.test.prism` files, sorted; a file is taken as named. Each file runs once.
fn discover(
    loader: &dyn SourceLoader,
    roots: &[PathBuf],
    cwd: &Path,
) -> Result<Vec<PathBuf>, UnreadablePath> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for root in roots {
        let unreadable = |error: std::io::Error| UnreadablePath {
            path: display_path(root, cwd),
            reason: crate::check::io_reason(&error),
        };
        let files = if loader.is_dir(root) {
            find_files(loader, root, ".test.prism").map_err(unreadable)?
        } else {
            loader.read(root).map_err(unreadable)?;
            vec![root.clone()]
        };
        for path in files {
            let key = display_path(&path, cwd);
            if !seen.contains(&key) {
                seen.push(key);
                found.push(path);
            }
        }
    }
    Ok(found)
}
