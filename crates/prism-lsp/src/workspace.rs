//! The files around the open documents: the project root (from `initialize`), modules found by
//! import specifiers (language §13.2) — open documents first, then the disk — and the bundled
//! `std/` modules, written once to a cache directory so editors can open them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use lsp_types::InitializeParams;
use prism_ide::{ImportPaths, PathEntry};
use prism_project::loader::{find_files, FsLoader, SourceLoader};
use prism_project::modules::{candidates, normalise};
use prism_project::std_modules::{std_module, STD_MODULES};

use crate::document::Document;
use crate::features::Snapshot;

/// At most this many project files are read for cross-file references and rename.
const MAX_PROJECT_FILES: usize = 2000;

pub struct Workspace {
    /// The folder the client opened, if any.
    pub root: Option<PathBuf>,
    std_dir: OnceLock<Option<PathBuf>>,
    /// Files read from disk (not open in the editor), by path, with the analysed text.
    disk: Mutex<HashMap<PathBuf, Document>>,
    /// The configuration the server was started with ([`crate::Options::config`]).
    pub config: Option<Arc<Path>>,
}

impl Workspace {
    pub fn new(params: &InitializeParams, config: Option<PathBuf>) -> Workspace {
        let folder = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.clone());
        #[allow(deprecated)] // `rootUri` is still what many clients send.
        let root = folder.or_else(|| params.root_uri.clone());
        Workspace {
            root: root.as_ref().and_then(crate::uri::to_path),
            std_dir: OnceLock::new(),
            disk: Mutex::default(),
            config: config.map(Arc::from),
        }
    }

    /// The document a path names: the open one, else the file on disk.
    pub fn file(&self, snapshot: &Snapshot, path: &Path) -> Option<Document> {
        if let Some(open) = snapshot
            .documents
            .values()
            .find(|document| document.path.as_deref() == Some(path))
        {
            return Some(open.clone());
        }
        let text = std::fs::read_to_string(path).ok()?;
        let mut disk = self.disk.lock().ok()?;
        if let Some(known) = disk.get(path) {
            if *known.text == *text {
                return Some(known.clone());
            }
        }
        let uri = crate::uri::from_path(path)?;
        let document = Document::new(uri, 0, text, self.config.clone());
        disk.insert(path.to_path_buf(), document.clone());
        Some(document)
    }

    /// The module `specifier` names from `from` (language §13.2): `std/NAME`, or a relative or
    /// absolute path with the `.prism` and `/index.prism` candidates.
    pub fn module(
        &self,
        snapshot: &Snapshot,
        from: &Document,
        specifier: &str,
    ) -> Option<Document> {
        if let Some(name) = specifier.strip_prefix("std/") {
            let path = self.std_file(name)?;
            return self.file(snapshot, &path);
        }
        let directory = from.path.as_deref()?.parent()?;
        candidates(directory, specifier, &from.project().roots)
            .into_iter()
            .find_map(|path| self.file(snapshot, &normalise(&path)))
    }

    /// The bundled source of `std/NAME` as a file (written on first use).
    fn std_file(&self, name: &str) -> Option<PathBuf> {
        std_module(name)?;
        let directory = self.std_dir.get_or_init(write_std_modules).as_ref()?;
        Some(directory.join(format!("{name}.prism")))
    }

    /// Every `.prism` file of the project (under the root) and every open document's path.
    pub fn project_files(&self, snapshot: &Snapshot) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = snapshot
            .documents
            .values()
            .filter_map(|document| document.path.clone())
            .collect();
        if let Some(root) = &self.root {
            if let Ok(found) = find_files(&FsLoader, root, ".prism") {
                paths.extend(found.into_iter().take(MAX_PROJECT_FILES));
            }
        }
        paths.sort();
        paths.dedup();
        paths
    }
}

/// Writes the bundled modules to `<temp>/prism-std-<version>/` so that definitions can point into
/// them; an existing identical file is left alone.
fn write_std_modules() -> Option<PathBuf> {
    let directory = std::env::temp_dir().join(format!("prism-std-{}", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&directory).ok()?;
    let names = STD_MODULES.iter().copied().chain(["_shared"]);
    for name in names {
        let Some(source) = std_module(name) else {
            continue;
        };
        let path = directory.join(format!("{name}.prism"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(source) {
            std::fs::write(&path, source).ok()?;
        }
    }
    Some(directory)
}

/// The files module loading reads for diagnostics: an open document's text (saved or not) by its
/// path, else the disk.
pub struct EditorFiles<'a> {
    pub documents: &'a HashMap<String, Document>,
}

impl EditorFiles<'_> {
    fn open(&self, path: &Path) -> Option<&Document> {
        self.documents
            .values()
            .find(|document| document.path.as_deref() == Some(path))
    }
}

impl SourceLoader for EditorFiles<'_> {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.open(path) {
            Some(document) => Ok(document.text.as_bytes().to_vec()),
            None => FsLoader.read(path),
        }
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.open(path).is_none() && FsLoader.is_dir(path)
    }

    fn read_dir(&self, path: &Path) -> std::io::Result<Vec<(String, bool)>> {
        FsLoader.read_dir(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.open(path).is_some() || FsLoader.is_file(path)
    }
}

/// Directory listings for completing relative import paths, from the document's directory.
pub struct DiskPaths<'a> {
    directory: Option<&'a Path>,
}

impl<'a> DiskPaths<'a> {
    pub fn beside(document: Option<&'a Path>) -> DiskPaths<'a> {
        DiskPaths {
            directory: document.and_then(Path::parent),
        }
    }
}

impl ImportPaths for DiskPaths<'_> {
    fn entries(&self, dir: &str) -> Vec<PathEntry> {
        let Some(directory) = self.directory else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(directory.join(dir)) else {
            return Vec::new();
        };
        let mut found: Vec<PathEntry> = entries
            .flatten()
            .map(|entry| PathEntry {
                name: entry.file_name().to_string_lossy().into_owned(),
                is_dir: entry.path().is_dir(),
            })
            .filter(|entry| !entry.name.starts_with('.'))
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        found
    }
}
