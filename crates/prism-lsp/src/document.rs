//! An open document: its text and version, and the analysis of that version, built at most once
//! and shared by every request and the diagnostics that need it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use lsp_types::{TextDocumentContentChangeEvent, Uri};
use prism_ide::Analysis;
use prism_project::project::{editor_project_settings, ProjectSettings};
use prism_span::{FileId, LineIndex};

use crate::convert::{Encoding, LineMap};

/// One version of a document. Cloning is cheap (shared parts), so requests take their own copy.
#[derive(Clone)]
pub struct Document {
    pub uri: Uri,
    /// The file behind the URI, for relative imports; `None` for unsaved `untitled:` buffers.
    pub path: Option<PathBuf>,
    pub version: i32,
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
    analysis: Arc<OnceLock<Arc<Analysis>>>,
    /// The settings of the file's project, read once per version (so an edited `prism.toml` is
    /// seen at the next change).
    project: Arc<OnceLock<ProjectSettings>>,
    /// The configuration the server was started with, if any ([`crate::Options::config`]).
    config: Option<Arc<Path>>,
}

/// The file id of every analysed document: each analysis holds one file.
pub const DOCUMENT_FILE: FileId = FileId(0);

impl Document {
    pub fn new(uri: Uri, version: i32, text: String, config: Option<Arc<Path>>) -> Document {
        let path = crate::uri::to_path(&uri);
        Document {
            uri,
            path,
            version,
            lines: Arc::new(LineIndex::new(&text)),
            text: text.into(),
            analysis: Arc::default(),
            project: Arc::default(),
            config,
        }
    }

    /// The name `prism check` would give the file: it decides test mode (`*.test.prism`).
    pub fn name(&self) -> String {
        match &self.path {
            Some(path) => path.to_string_lossy().into_owned(),
            None => self.uri.as_str().to_string(),
        }
    }

    pub fn map(&self, encoding: Encoding) -> LineMap<'_> {
        LineMap {
            text: &self.text,
            lines: &self.lines,
            encoding,
        }
    }

    /// The settings of the project the file belongs to (cli §8: the Parallax mode and the module
    /// paths of its `prism.toml`); the defaults for a buffer without a file.
    pub fn project(&self) -> &ProjectSettings {
        self.project.get_or_init(|| {
            let config = self.config.as_deref();
            match self.path.as_deref().and_then(Path::parent) {
                Some(directory) => editor_project_settings(directory, config),
                None => match config {
                    Some(config) => editor_project_settings(Path::new("/"), Some(config)),
                    None => ProjectSettings::default(),
                },
            }
        })
    }

    /// The analysis of this version, built on first use by the thread that asks (others asking at
    /// the same time wait for it rather than building it again).
    pub fn analysis(&self) -> Arc<Analysis> {
        self.analysis
            .get_or_init(|| {
                let parallax = self.project().parallax;
                let env = crate::diagnostics::environment(&self.name(), parallax);
                Arc::new(Analysis::new(&self.text, DOCUMENT_FILE, env))
            })
            .clone()
    }

    /// The next version after `changes`, applied in order (full replacements and ranges).
    pub fn changed(
        &self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Document {
        let mut text = self.text.to_string();
        let mut lines = LineIndex::new(&text);
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let map = LineMap {
                        text: &text,
                        lines: &lines,
                        encoding,
                    };
                    let span = map.span(range);
                    text.replace_range(span.range(), &change.text);
                }
            }
            lines = LineIndex::new(&text);
        }
        Document {
            uri: self.uri.clone(),
            path: self.path.clone(),
            version,
            text: text.into(),
            lines: Arc::new(lines),
            analysis: Arc::default(),
            project: Arc::default(),
            config: self.config.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};
    use std::str::FromStr;

    fn edit(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(range.0 .0, range.0 .1),
                Position::new(range.1 .0, range.1 .1),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_in_utf16() {
        let uri = Uri::from_str("file:///w/a.prism").expect("uri");
        let document = Document::new(uri, 1, "let 🙂 = 1\nprint(x)\n".into(), None);
        let changes = vec![
            edit(((1, 6), (1, 7)), "y"),
            edit(((0, 0), (0, 0)), "// hi\n"),
            // After the first two edits line 1 is the `let` line; column 6 follows the emoji.
            edit(((1, 6), (1, 6)), "_"),
        ];
        let next = document.changed(2, changes, Encoding::Utf16);
        assert_eq!(&*next.text, "// hi\nlet 🙂_ = 1\nprint(y)\n");
        assert_eq!(next.version, 2);
        assert_eq!(next.path, Some(PathBuf::from("/w/a.prism")));
    }

    #[test]
    fn ranges_past_the_end_are_clamped() {
        let uri = Uri::from_str("untitled:one").expect("uri");
        let document = Document::new(uri, 1, "ab".into(), None);
        let next = document.changed(2, vec![edit(((5, 0), (9, 9)), "!")], Encoding::Utf8);
        assert_eq!(&*next.text, "ab!");
        assert_eq!(next.path, None);
    }
}
