//! Finding `prism.toml` (runtime §2.1) as a pure function over a file-existence check.

use std::path::{Path, PathBuf};

use prism_diagnostics::Diagnostic;

use crate::env::Environment;

/// The one question discovery asks the file system. The CLI implements it with `Path::is_file`;
/// the language server may layer unsaved buffers on top; tests use a set of paths.
pub trait ConfigFiles {
    fn is_file(&self, path: &Path) -> bool;
}

/// Where the configuration path came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigOrigin {
    /// `--config PATH`.
    Flag,
    /// `PRISM_CONFIG`.
    Environment,
    /// The first `prism.toml` in the start directory or one of its ancestors.
    Search,
}

/// The outcome of discovery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovered {
    /// The configuration file to read, if any.
    pub path: Option<PathBuf>,
    pub origin: Option<ConfigOrigin>,
    /// The directory of the configuration file, else the start directory (runtime §2.1).
    pub project_root: PathBuf,
}

/// Finds the configuration file (runtime §2.1): `--config` (`flag`), then `PRISM_CONFIG`, then
/// the first `prism.toml` in `start_dir` (the main program's directory; the current directory for
/// the REPL, `-e` and `prism test` without paths) and its ancestors. Relative paths are taken
/// relative to `cwd`. A named file that does not exist is `E0708` (a diagnostic without a file,
/// cli §3.1: it is about a command-line or environment value).
pub fn discover(
    flag: Option<&Path>,
    env: &Environment,
    start_dir: &Path,
    cwd: &Path,
    files: &dyn ConfigFiles,
) -> Result<Discovered, Box<Diagnostic>> {
    let named = flag
        .map(|path| (path.to_path_buf(), ConfigOrigin::Flag))
        .or_else(|| {
            env.settings()
                .config
                .map(|path| (PathBuf::from(path), ConfigOrigin::Environment))
        });
    if let Some((path, origin)) = named {
        let absolute = cwd.join(&path);
        if !files.is_file(&absolute) {
            return Err(Box::new(cannot_read(&path, "no such file")));
        }
        let project_root = absolute
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        return Ok(Discovered {
            path: Some(absolute),
            origin: Some(origin),
            project_root,
        });
    }
    let start = cwd.join(start_dir);
    for directory in start.ancestors() {
        let candidate = directory.join("prism.toml");
        if files.is_file(&candidate) {
            return Ok(Discovered {
                path: Some(candidate),
                origin: Some(ConfigOrigin::Search),
                project_root: directory.to_path_buf(),
            });
        }
    }
    Ok(Discovered {
        path: None,
        origin: None,
        project_root: start,
    })
}

/// `E0708`: "cannot read '{path}': {detail}" (runtime §2.6), for a configuration file, a
/// governance policy or data file the driver fails to read.
pub fn cannot_read(path: &Path, detail: &str) -> Diagnostic {
    Diagnostic::error(
        "E0708",
        format!("cannot read '{}': {detail}", path.display()),
    )
}

/// `E0710`: "governance policy failed to compile: {detail}" (runtime §2.6, §12.2), for the
/// governance work, which compiles the Rego policy.
pub fn governance_policy_failed(detail: &str) -> Diagnostic {
    Diagnostic::error(
        "E0710",
        format!("governance policy failed to compile: {detail}"),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    struct Files(BTreeSet<PathBuf>);

    impl ConfigFiles for Files {
        fn is_file(&self, path: &Path) -> bool {
            self.0.contains(path)
        }
    }

    fn files(paths: &[&str]) -> Files {
        Files(paths.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn flag_wins_over_environment_and_search() {
        let fs = files(&["/w/a.toml", "/w/b.toml", "/w/p/prism.toml"]);
        let env: Environment = [("PRISM_CONFIG", "b.toml")].into_iter().collect();
        let found = discover(
            Some(Path::new("a.toml")),
            &env,
            Path::new("p"),
            Path::new("/w"),
            &fs,
        );
        let found = found.expect("found");
        assert_eq!(found.path, Some(PathBuf::from("/w/a.toml")));
        assert_eq!(found.origin, Some(ConfigOrigin::Flag));
        assert_eq!(found.project_root, PathBuf::from("/w"));
        let found = discover(None, &env, Path::new("p"), Path::new("/w"), &fs).expect("found");
        assert_eq!(found.origin, Some(ConfigOrigin::Environment));
    }

    #[test]
    fn search_walks_up_to_the_root() {
        let fs = files(&["/w/prism.toml"]);
        let found = discover(
            None,
            &Environment::new(),
            Path::new("/w/a/b"),
            Path::new("/"),
            &fs,
        );
        let found = found.expect("found");
        assert_eq!(found.path, Some(PathBuf::from("/w/prism.toml")));
        assert_eq!(found.project_root, PathBuf::from("/w"));
    }

    #[test]
    fn without_a_file_the_start_directory_is_the_root() {
        let found = discover(
            None,
            &Environment::new(),
            Path::new("/x/y"),
            Path::new("/"),
            &files(&[]),
        );
        let found = found.expect("ok");
        assert_eq!(
            (found.path, found.project_root),
            (None, PathBuf::from("/x/y"))
        );
    }

    #[test]
    fn missing_named_file_is_e0708() {
        let error = discover(
            Some(Path::new("nope.toml")),
            &Environment::new(),
            Path::new("."),
            Path::new("/w"),
            &files(&[]),
        );
        let error = error.expect_err("missing");
        assert_eq!(error.code, "E0708");
        assert_eq!(error.message, "cannot read 'nope.toml': no such file");
    }
}
