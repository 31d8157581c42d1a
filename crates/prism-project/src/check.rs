//! `prism check` (cli §5): the compile phases over files, without running them.
//!
//! [`compile_file`] runs lexing, parsing with its validation and name resolution; static checks join
//! it as they land, so `check` and `run` can report the same compile-time diagnostics. Headers
//! (runtime §3) are validated on every checked file.

use std::path::{Path, PathBuf};

use prism_diagnostics::{Diagnostic, Severity};
use prism_span::{FileId, SourceMap};

use crate::loader::{add_source, display_path, find_files, SourceLoader};
use crate::modules::ModuleRoots;
pub use crate::project::{check_project_config, editor_config_report, ProjectSettings};

/// How a file is compiled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompileMode {
    /// `*.test.prism` files see `test` and `mock` (builtins §17).
    pub test: bool,
    /// The legacy Parallax globals are defined (runtime §15).
    pub parallax: bool,
}

impl CompileMode {
    /// The mode of a file named `name`, as `prism check` decides it (cli §5).
    pub fn for_file(name: &str, parallax: bool) -> CompileMode {
        CompileMode {
            test: name.ends_with(".test.prism"),
            parallax,
        }
    }
}

/// The compile-time diagnostics of one file already in `files`, checked as a main program.
pub fn compile_file(files: &SourceMap, file: FileId, mode: CompileMode) -> Vec<Diagnostic> {
    check_main(files, file, mode).diagnostics
}

/// A main program parsed and checked once, kept for a caller that goes on to lower it (`prism
/// run`), so that it is not parsed and resolved a second time.
pub struct CheckedMain {
    pub program: prism_syntax::ast::Program,
    /// `None` when parsing found an error: a repaired tree is not checked. Its diagnostics have
    /// been moved to `diagnostics`.
    pub checked: Option<prism_checker::Checked>,
    /// The diagnostics of [`compile_file`]: the parse's, then the checker's.
    pub diagnostics: Vec<Diagnostic>,
}

/// [`compile_file`], keeping the tree and the checker's result.
pub fn check_main(files: &SourceMap, file: FileId, mode: CompileMode) -> CheckedMain {
    let parsed = prism_syntax::parse(files.text(file), file);
    let mut diagnostics = parsed.diagnostics;
    // Resolving a tree that parsing had to repair would report names the author never wrote.
    let checked = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        // Resolution and every static check of language §15.
        let env = resolve_env(mode);
        let mut checked = prism_checker::check(&parsed.program, files.text(file), file, &env);
        diagnostics.append(&mut checked.diagnostics);
        Some(checked)
    };
    CheckedMain {
        program: parsed.program,
        checked,
        diagnostics,
    }
}

/// The compile phases of one file at `path` (`None`: text without a file): those of
/// [`compile_file`], then module loading (language §13) through `loader`, with bare specifiers
/// looked up under `roots`.
pub fn check_file(
    loader: &dyn SourceLoader,
    files: &SourceMap,
    file: FileId,
    mode: CompileMode,
    path: Option<&Path>,
    roots: &ModuleRoots,
) -> Vec<Diagnostic> {
    check_file_and_imports(loader, files, file, mode, path, roots).0
}

/// [`check_file`], and the files the file imports (for `prism check` to follow), from one parse.
fn check_file_and_imports(
    loader: &dyn SourceLoader,
    files: &SourceMap,
    file: FileId,
    mode: CompileMode,
    path: Option<&Path>,
    roots: &ModuleRoots,
) -> (Vec<Diagnostic>, Vec<PathBuf>) {
    let parsed = prism_syntax::parse(files.text(file), file);
    let mut diagnostics = parsed.diagnostics;
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let env = resolve_env(mode);
        let checked = prism_checker::check(&parsed.program, files.text(file), file, &env);
        diagnostics.extend(checked.diagnostics);
    }
    add_module_diagnostics(loader, &parsed.program, file, path, roots, &mut diagnostics);
    let imports = path.map_or_else(Vec::new, |path| {
        crate::imports::imported_files(loader, &parsed.program, path, roots)
    });
    (diagnostics, imports)
}

/// Module loading (language §1.2 phase 5) follows phases 1–4 of a file only when they found no
/// error, as in `prism run`: the imports of a repaired or unresolved tree are not worth chasing.
/// The language server calls this with its own analysis, so both report the same.
pub fn add_module_diagnostics(
    loader: &dyn SourceLoader,
    program: &prism_syntax::ast::Program,
    file: FileId,
    path: Option<&Path>,
    roots: &ModuleRoots,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(crate::imports::module_diagnostics(
            loader, program, file, path, roots,
        ));
    }
}

/// The environment a file is checked in as a main program: test mode adds `test` and `mock`,
/// Parallax mode its legacy globals. The language server checks open documents in the same one.
pub fn resolve_env(mode: CompileMode) -> prism_checker::ResolveEnv {
    let mut env = prism_checker::ResolveEnv::main();
    env.test_mode = mode.test;
    if mode.parallax {
        env.extra_host_names = prism_checker::prelude::PARALLAX_HOST
            .iter()
            .map(|name| (*name).into())
            .collect();
    }
    env
}

/// One checked file, as listed in the JSON form (cli §5).
#[derive(Debug)]
pub struct CheckedFile {
    pub file: FileId,
    /// The path as written in output (cli §2.2).
    pub path: String,
    /// The parsed header (runtime §3.5), `None` for a file without one.
    pub header: Option<serde_json::Value>,
}

/// Everything `prism check` reports.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub files: SourceMap,
    pub checked: Vec<CheckedFile>,
    /// Every diagnostic, information included, sorted as cli §5 says.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    }

    /// Exit code 2 if there is an error, or a warning with `deny_warnings` (cli §5).
    pub fn failed(&self, deny_warnings: bool) -> bool {
        self.count(Severity::Error) > 0 || (deny_warnings && self.count(Severity::Warning) > 0)
    }
}

/// A PATH argument that cannot be read: a usage error (cli §2.3, exit 64).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadablePath {
    pub path: String,
    pub reason: String,
}

/// The PATH argument that means standard input (cli §2.2); the loader is asked for it under this
/// path, so the caller's loader decides where its bytes come from ([`crate::loader::WithStdin`]).
pub const STDIN_PATH: &str = "-";
/// How standard input is displayed (cli §2.2).
pub const STDIN_NAME: &str = "<stdin>";

/// Checks every PATH argument: files as given, `-` as standard input, directories searched for
/// `.prism` files (cli §2.2), then the files they import, transitively (cli §5). Each file is
/// checked once, under its own path, even when named twice or reached by several imports. Bare
/// specifiers are looked up under `roots`.
pub fn check_paths(
    loader: &dyn SourceLoader,
    paths: &[PathBuf],
    cwd: &Path,
    parallax: bool,
    roots: &ModuleRoots,
) -> Result<CheckReport, UnreadablePath> {
    check_paths_in(CheckReport::default(), loader, paths, cwd, parallax, roots)
}

/// [`check_paths`] adding to `report`, which may already hold the project's `prism.toml`.
pub fn check_paths_in(
    mut report: CheckReport,
    loader: &dyn SourceLoader,
    paths: &[PathBuf],
    cwd: &Path,
    parallax: bool,
    roots: &ModuleRoots,
) -> Result<CheckReport, UnreadablePath> {
    let unreadable = |path: &Path, error: std::io::Error| UnreadablePath {
        path: display_path(path, cwd),
        reason: io_reason(&error),
    };
    let mut targets = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN_PATH {
            targets.push(path.clone());
            continue;
        }
        let path = cwd.join(path);
        if loader.is_dir(&path) {
            targets.extend(
                find_files(loader, &path, ".prism").map_err(|error| unreadable(&path, error))?,
            );
        } else {
            targets.push(path);
        }
    }

    let mut seen = std::collections::HashSet::new();
    let mut pending = std::collections::VecDeque::from(targets);
    while let Some(path) = pending.pop_front() {
        let from_stdin = path.as_os_str() == STDIN_PATH;
        let name = if from_stdin {
            STDIN_NAME.to_string()
        } else {
            display_path(&path, cwd)
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        let bytes = loader
            .read(&path)
            .map_err(|error| unreadable(&path, error))?;
        let (file, invalid) = add_source(&mut report.files, name.clone(), bytes);
        match invalid {
            Some(diagnostic) => report.diagnostics.push(diagnostic),
            None => {
                let mode = CompileMode::for_file(&name, parallax);
                // Relative imports of standard input are resolved from the current directory.
                let module_path = if from_stdin {
                    cwd.join(STDIN_NAME)
                } else {
                    path.clone()
                };
                let (diagnostics, imports) = check_file_and_imports(
                    loader,
                    &report.files,
                    file,
                    mode,
                    Some(&module_path),
                    roots,
                );
                report.diagnostics.extend(diagnostics);
                pending.extend(imports);
            }
        }
        // Headers are validated on every file, modules included (runtime §3.3).
        let header = prism_config::header::read_header(report.files.text(file), file);
        report.diagnostics.extend(header.diagnostics);
        report.checked.push(CheckedFile {
            file,
            header: header.header.map(|header| header.to_json(&name)),
            path: name,
        });
    }
    sort_diagnostics(&mut report.diagnostics, &report.files);
    Ok(report)
}

/// Sorts by file path, then start offset, then code (cli §5); diagnostics without a file first.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic], files: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let key = |diagnostic: &Diagnostic| {
            let (file, start, code) = diagnostic.sort_key();
            (file.map(|file| files.name(file).to_string()), start, code)
        };
        key(a).cmp(&key(b))
    });
}

/// The reason of an I/O error without the "(os error N)" suffix Rust adds.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text.get(..cut).unwrap_or(&text).to_lowercase(),
                None => text.to_lowercase(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::MemoryLoader;

    /// `check_paths` from `/w`, not in Parallax mode, with no module roots.
    fn check_in_w(loader: &MemoryLoader, paths: &[PathBuf]) -> Result<CheckReport, UnreadablePath> {
        check_paths(
            loader,
            paths,
            Path::new("/w"),
            false,
            &ModuleRoots::default(),
        )
    }

    #[test]
    fn files_are_named_relative_to_the_current_directory_and_checked_once() {
        let mut loader = MemoryLoader::new();
        loader.insert("/w/b.prism", "print(1)");
        loader.insert("/w/a/c.prism", "print(2)");
        let paths = [PathBuf::from("."), PathBuf::from("b.prism")];
        let report = check_in_w(&loader, &paths).expect("readable");
        let names: Vec<_> = report
            .checked
            .iter()
            .map(|checked| checked.path.as_str())
            .collect();
        assert_eq!(names, ["a/c.prism", "b.prism"]);
    }

    #[test]
    fn imported_files_are_checked_once_under_their_own_path() {
        let mut loader = MemoryLoader::new();
        loader.insert(
            "/w/main.prism",
            "import { twice } from \"./lib/util.prism\"\nimport { vote } from \"std/patterns\"\nprint(twice(2))",
        );
        // A cycle back to main must not check anything twice.
        loader.insert(
            "/w/lib/util.prism",
            "import * as m from \"../main.prism\"\nexport function twice(x) { x * tw0 }",
        );
        let report = check_in_w(&loader, &[PathBuf::from("main.prism")]).expect("readable");
        let names: Vec<_> = report.checked.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(names, ["main.prism", "lib/util.prism"]);
        let undefined: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "E0301")
            .map(|d| d.file().map(|file| report.files.name(file).to_string()))
            .collect();
        assert_eq!(undefined, [Some("lib/util.prism".to_string())]);
    }

    #[test]
    fn a_missing_path_is_unreadable() {
        let loader = MemoryLoader::new();
        let error = check_in_w(&loader, &[PathBuf::from("nope.prism")]).err();
        assert_eq!(
            error,
            Some(UnreadablePath {
                path: "nope.prism".into(),
                reason: "no such file or directory".into()
            })
        );
    }

    #[test]
    fn headers_are_parsed_and_validated() {
        let mut loader = MemoryLoader::new();
        let source = "/**\n * Reviews.\n * @name review-bot\n * @version 0.3\n */\nprint(1)\n";
        loader.insert("/w/review.prism", source);
        let paths = [PathBuf::from("review.prism")];
        let report = check_in_w(&loader, &paths).expect("readable");
        let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0602"]);
        let header = report.checked[0].header.as_ref().expect("a header");
        assert_eq!(header["name"], "review-bot");
        assert_eq!(header["description"], "Reviews.");
    }

    #[test]
    fn invalid_utf8_stops_at_e0111() {
        let mut loader = MemoryLoader::new();
        loader.insert("/w/bad.prism", b"\xc3(".to_vec());
        let report = check_in_w(&loader, &[PathBuf::from("bad.prism")]).expect("readable");
        let codes: Vec<_> = report
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code)
            .collect();
        assert_eq!(codes, ["E0111"]);
        assert!(report.failed(false));
    }
}
