//! Module specifiers (language §13.2): the files a relative or absolute specifier may name. One
//! definition for the driver, which compiles the first candidate that exists, and the language
//! server, which navigates to it (open editor buffers first, then the disk).

use std::path::{Component, Path, PathBuf};

/// The candidate files of `specifier` imported from a file in `directory`, in the order they are
/// tried: `X.prism` then `X/index.prism`, or just the path when it ends in `.prism`. Bare
/// specifiers and `std/` modules have none (they are not files beside the importer).
pub fn candidates(directory: &Path, specifier: &str) -> Vec<PathBuf> {
    let base = if specifier.starts_with("./") || specifier.starts_with("../") {
        directory.join(specifier)
    } else if specifier.starts_with('/') {
        PathBuf::from(specifier)
    } else {
        return Vec::new();
    };
    if specifier.ends_with(".prism") {
        vec![base]
    } else {
        let mut with_extension = base.clone().into_os_string();
        with_extension.push(".prism");
        vec![PathBuf::from(with_extension), base.join("index.prism")]
    }
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

    #[test]
    fn specifiers_have_the_candidates_of_language_13_2() {
        let dir = Path::new("/p/src");
        assert_eq!(
            candidates(dir, "./lib"),
            [
                PathBuf::from("/p/src/./lib.prism"),
                PathBuf::from("/p/src/./lib/index.prism")
            ]
        );
        assert_eq!(
            candidates(dir, "../a.prism"),
            [PathBuf::from("/p/src/../a.prism")]
        );
        assert_eq!(
            candidates(dir, "/abs/m"),
            [
                PathBuf::from("/abs/m.prism"),
                PathBuf::from("/abs/m/index.prism")
            ]
        );
        assert!(candidates(dir, "bare").is_empty());
        assert!(candidates(dir, "std/legacy").is_empty());
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
