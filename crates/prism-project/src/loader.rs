//! File access behind a trait (STYLE rule 1): the command line reads the file system, the language
//! server layers unsaved buffers on top, tests use [`MemoryLoader`]. Also the rules every command
//! shares for turning bytes into source text (language §2.1), finding `.prism` files in
//! directories and writing paths in output (cli §2.2).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, SourceMap, Span};

/// Reads files and lists directories.
pub trait SourceLoader {
    /// The raw bytes of a file; decoding is [`add_source`]'s job so every loader reports
    /// invalid UTF-8 the same way.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    fn is_dir(&self, path: &Path) -> bool;
    /// The entries of a directory, as `(name, is_dir)`, in any order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, bool)>>;
    /// Whether `path` is a file that can be read; module resolution asks this of every
    /// candidate path, so loaders answer without reading the file where they can.
    fn is_file(&self, path: &Path) -> bool {
        !self.is_dir(path) && self.read(path).is_ok()
    }
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct FsLoader;

impl SourceLoader for FsLoader {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn is_file(&self, path: &Path) -> bool {
        std::fs::File::open(path).is_ok_and(|file| file.metadata().is_ok_and(|meta| meta.is_file()))
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, bool)>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            // Follow symbolic links the way `Path::is_dir` does.
            let is_dir = entry.path().is_dir();
            entries.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        Ok(entries)
    }
}

/// The configuration loader (runtime §2.1) finds and reads `prism.toml` and `.env` through the
/// same file system access as the sources.
impl prism_config::ConfigFiles for FsLoader {
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}

impl prism_config::ProjectFiles for FsLoader {
    fn read_to_string(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|error| crate::check::io_reason(&error))
    }
}

/// Another loader, with the bytes of standard input answered for the path `-` (cli §2.2), so that
/// `prism check -` checks what was piped in while its imports come from `files`.
pub struct WithStdin<'a> {
    pub stdin: Vec<u8>,
    pub files: &'a dyn SourceLoader,
}

impl WithStdin<'_> {
    fn is_stdin(path: &Path) -> bool {
        path.as_os_str() == crate::check::STDIN_PATH
    }
}

impl SourceLoader for WithStdin<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if WithStdin::is_stdin(path) {
            return Ok(self.stdin.clone());
        }
        self.files.read(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        !WithStdin::is_stdin(path) && self.files.is_dir(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        WithStdin::is_stdin(path) || self.files.is_file(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, bool)>> {
        self.files.read_dir(path)
    }
}

/// Files held in memory, keyed by path; directories are implied by the files under them.
#[derive(Clone, Debug, Default)]
pub struct MemoryLoader {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryLoader {
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }
}

impl SourceLoader for MemoryLoader {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.files
            .keys()
            .any(|file| file != path && file.starts_with(path))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, bool)>> {
        if !self.is_dir(path) {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
        let mut entries: Vec<(String, bool)> = Vec::new();
        for file in self.files.keys() {
            let Ok(rest) = file.strip_prefix(path) else {
                continue;
            };
            let mut parts = rest.components();
            let Some(first) = parts.next() else { continue };
            let name = first.as_os_str().to_string_lossy().into_owned();
            let is_dir = parts.next().is_some();
            if !entries.iter().any(|(known, _)| *known == name) {
                entries.push((name, is_dir));
            }
        }
        Ok(entries)
    }
}

/// Adds a file to `files`. Text that is not valid UTF-8 is stored with replacement characters (so
/// it can still be shown) and yields `E0111` at the first invalid byte; nothing else of such a
/// file may be processed (language §2.1).
pub fn add_source(
    files: &mut SourceMap,
    name: impl Into<String>,
    bytes: Vec<u8>,
) -> (FileId, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (files.add(name, text), None),
        Err(error) => {
            let utf8 = error.utf8_error();
            let start = utf8.valid_up_to();
            let end = start + utf8.error_len().unwrap_or(1);
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = files.add(name, text);
            // The valid prefix is unchanged by the lossy conversion, so `start` is the same byte
            // offset in the stored text and in the file.
            let span = Span::from_range(start..end);
            let diagnostic = Diagnostic::error("E0111", "source is not valid UTF-8")
                .with_primary(file, span, "");
            (file, Some(diagnostic))
        }
    }
}

/// Directory names never searched (cli §2.2), besides those starting with `.`.
const SKIPPED_DIRECTORIES: [&str; 3] = ["prism_modules", "node_modules", "target"];

/// The files under `root` whose names end with `suffix` (`.prism`, `.test.prism` for tests),
/// searched recursively and sorted by path, by code point with `/` as separator (cli §2.2).
pub fn find_files(
    loader: &dyn SourceLoader,
    root: &Path,
    suffix: &str,
) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for (name, is_dir) in loader.read_dir(&directory)? {
            if is_dir {
                if !name.starts_with('.') && !SKIPPED_DIRECTORIES.contains(&name.as_str()) {
                    pending.push(directory.join(&name));
                }
            } else if name.ends_with(suffix) {
                found.push(directory.join(&name));
            }
        }
    }
    found.sort_by_cached_key(|path| slash_path(path));
    Ok(found)
}

/// How a path is written in output (cli §2.2): relative to `cwd` when inside it, otherwise
/// absolute, always with `/`. `path` may be relative to `cwd`; `.` and `..` are resolved
/// lexically, without touching the file system.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = normalize(&cwd.join(path));
    let cwd = normalize(cwd);
    match absolute.strip_prefix(&cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => slash_path(relative),
        _ => slash_path(&absolute),
    }
}

/// A path with `/` between its components.
fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_at_the_first_invalid_byte() {
        let mut files = SourceMap::new();
        let (file, diagnostic) =
            add_source(&mut files, "bad.prism", b"let x = \"\xff\xfe\"".to_vec());
        let diagnostic = diagnostic.expect("an E0111 diagnostic");
        assert_eq!(diagnostic.code, "E0111");
        assert_eq!(
            diagnostic.primary().map(|label| label.at.span),
            Some(Span::new(9, 10))
        );
        assert!(files.text(file).starts_with("let x = \""));
    }

    #[test]
    fn valid_text_has_no_diagnostic() {
        let mut files = SourceMap::new();
        assert!(add_source(&mut files, "ok.prism", "print(\"é\")".into())
            .1
            .is_none());
    }

    #[test]
    fn directories_are_searched_in_path_order_skipping_hidden_and_vendor_directories() {
        let mut loader = MemoryLoader::new();
        for path in [
            "/p/b.prism",
            "/p/a/z.prism",
            "/p/a-b.prism",
            "/p/.git/x.prism",
            "/p/target/x.prism",
            "/p/node_modules/x.prism",
            "/p/prism_modules/x.prism",
            "/p/notes.txt",
            "/p/t/one.test.prism",
        ] {
            loader.insert(path, "");
        }
        let found = find_files(&loader, Path::new("/p"), ".prism").expect("listing");
        let found: Vec<_> = found.iter().map(|path| slash_path(path)).collect();
        // `-` (U+002D) sorts before `/` (U+002F): paths compare as strings.
        assert_eq!(
            found,
            [
                "/p/a-b.prism",
                "/p/a/z.prism",
                "/p/b.prism",
                "/p/t/one.test.prism"
            ]
        );
        let tests = find_files(&loader, Path::new("/p"), ".test.prism").expect("listing");
        assert_eq!(tests, [PathBuf::from("/p/t/one.test.prism")]);
    }

    #[test]
    fn paths_inside_the_current_directory_are_relative() {
        let cwd = Path::new("/work/project");
        assert_eq!(display_path(Path::new("src/./a.prism"), cwd), "src/a.prism");
        assert_eq!(
            display_path(Path::new("/work/project/b.prism"), cwd),
            "b.prism"
        );
        assert_eq!(
            display_path(Path::new("../other/c.prism"), cwd),
            "/work/other/c.prism"
        );
        assert_eq!(display_path(Path::new("."), cwd), "/work/project");
    }
}
