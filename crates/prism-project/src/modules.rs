//! Module specifiers (language §13.2): the files a specifier may name. One definition for the
//! driver, which compiles the first candidate that exists, `prism check`, and the language
//! server, which navigates to it (open editor buffers first, then the disk).

use std::path::{Component, Path, PathBuf};

/// Where bare specifiers (`helpers/math`) are looked up (language §13.2 rule 4): the project's
/// `[modules] paths`, then `prism_modules` directories from the importer's up to the project root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleRoots {
    /// `[modules] paths`, already resolved against the project root, in their order.
    pub paths: Vec<PathBuf>,
    /// The project root (runtime §2.1); `None` when unknown, as for an editor with no folder.
    pub project_root: Option<PathBuf>,
}

impl ModuleRoots {
    /// The roots of a loaded project configuration.
    pub fn of_project(config: &prism_config::Config, project_root: &Path) -> ModuleRoots {
        ModuleRoots {
            paths: config.modules.paths.clone(),
            project_root: Some(project_root.to_path_buf()),
        }
    }

    /// The base paths of a bare specifier imported from a file in `directory`, in lookup order.
    /// The `prism_modules` walk stops at the project root; when the importer is outside the
    /// project (or the root is unknown) it goes up to the file-system root (a decision: the spec
    /// names no other end, docs/modules.md).
    fn bare_bases(&self, directory: &Path, specifier: &str) -> Vec<PathBuf> {
        let mut bases: Vec<PathBuf> = self.paths.iter().map(|root| root.join(specifier)).collect();
        // The walk compares with the (absolute) project root, so it needs an absolute directory
        // (`prism run main.prism` gives the main file's directory as `""`).
        let directory = match std::env::current_dir() {
            Ok(cwd) if directory.is_relative() => normalise(&cwd.join(directory)),
            _ => normalise(directory),
        };
        let root = self.project_root.as_deref().map(normalise);
        let inside = root
            .as_deref()
            .is_some_and(|root| directory.starts_with(root));
        for ancestor in directory.ancestors() {
            bases.push(ancestor.join("prism_modules").join(specifier));
            if inside && Some(ancestor) == root.as_deref() {
                break;
            }
        }
        bases
    }
}

/// The candidate files of `specifier` imported from a file in `directory`, in the order they are
/// tried: for each base path, `X.prism` then `X/index.prism`, or just the path when it ends in
/// `.prism`. `std/` modules have none (they are not files).
pub fn candidates(directory: &Path, specifier: &str, roots: &ModuleRoots) -> Vec<PathBuf> {
    let bases = if specifier.starts_with("./") || specifier.starts_with("../") {
        vec![directory.join(specifier)]
    } else if specifier.starts_with('/') {
        vec![PathBuf::from(specifier)]
    } else if specifier.starts_with("std/") || specifier.is_empty() {
        return Vec::new();
    } else {
        roots.bare_bases(directory, specifier)
    };
    let mut tried = Vec::new();
    for base in bases {
        if specifier.ends_with(".prism") {
            tried.push(base);
        } else {
            let mut with_extension = base.clone().into_os_string();
            with_extension.push(".prism");
            tried.push(PathBuf::from(with_extension));
            tried.push(base.join("index.prism"));
        }
    }
    tried
}

/// The path without `.` components and with `dir/..` pairs folded, so one file has one path
/// (a leading `..` of a relative path stays).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_roots() -> ModuleRoots {
        ModuleRoots::default()
    }

    #[test]
    fn specifiers_have_the_candidates_of_language_13_2() {
        let dir = Path::new("/p/src");
        assert_eq!(
            candidates(dir, "./lib", &no_roots()),
            [
                PathBuf::from("/p/src/./lib.prism"),
                PathBuf::from("/p/src/./lib/index.prism")
            ]
        );
        assert_eq!(
            candidates(dir, "../a.prism", &no_roots()),
            [PathBuf::from("/p/src/../a.prism")]
        );
        assert_eq!(
            candidates(dir, "/abs/m", &no_roots()),
            [
                PathBuf::from("/abs/m.prism"),
                PathBuf::from("/abs/m/index.prism")
            ]
        );
        assert!(candidates(dir, "std/legacy", &no_roots()).is_empty());
    }

    #[test]
    fn bare_specifiers_try_module_paths_then_prism_modules_up_to_the_root() {
        let roots = ModuleRoots {
            paths: vec![PathBuf::from("/p/lib"), PathBuf::from("/vendor")],
            project_root: Some(PathBuf::from("/p")),
        };
        let tried = candidates(Path::new("/p/src/deep"), "helpers/math", &roots);
        let expected = [
            "/p/lib/helpers/math",
            "/vendor/helpers/math",
            "/p/src/deep/prism_modules/helpers/math",
            "/p/src/prism_modules/helpers/math",
            "/p/prism_modules/helpers/math",
        ];
        let mut want = Vec::new();
        for base in expected {
            want.push(PathBuf::from(format!("{base}.prism")));
            want.push(PathBuf::from(base).join("index.prism"));
        }
        assert_eq!(tried, want);
        // With `.prism` the base itself is the only candidate of each root.
        let tried = candidates(Path::new("/p"), "@acme/rules.prism", &roots);
        assert_eq!(
            tried,
            [
                PathBuf::from("/p/lib/@acme/rules.prism"),
                PathBuf::from("/vendor/@acme/rules.prism"),
                PathBuf::from("/p/prism_modules/@acme/rules.prism"),
            ]
        );
    }

    #[test]
    fn a_relative_importer_directory_walks_from_the_current_directory() {
        let cwd = std::env::current_dir().expect("a current directory");
        let roots = ModuleRoots {
            paths: Vec::new(),
            project_root: Some(cwd.clone()),
        };
        let tried = candidates(Path::new(""), "m.prism", &roots);
        assert_eq!(tried, [cwd.join("prism_modules/m.prism")]);
    }

    #[test]
    fn outside_the_project_the_walk_goes_to_the_file_system_root() {
        let roots = ModuleRoots {
            paths: Vec::new(),
            project_root: Some(PathBuf::from("/p")),
        };
        let tried = candidates(Path::new("/q/r"), "m.prism", &roots);
        assert_eq!(
            tried,
            [
                PathBuf::from("/q/r/prism_modules/m.prism"),
                PathBuf::from("/q/prism_modules/m.prism"),
                PathBuf::from("/prism_modules/m.prism"),
            ]
        );
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(
            normalise(Path::new("/p/src/../a.prism")),
            PathBuf::from("/p/a.prism")
        );
        assert_eq!(normalise(Path::new("./a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalise(Path::new("../x/../y")), PathBuf::from("../y"));
    }
}
