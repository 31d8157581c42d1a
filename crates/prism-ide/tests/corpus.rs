//! Every feature on every conformance program never panics: at every token start of every file,
//! at every byte offset of a few files, on each file cut in half (code being typed), and after each
//! of 300 random edits of a realistic file.

use std::path::{Path, PathBuf};

use prism_ide::{Analysis, ImportPaths, PathEntry, ResolveEnv};
use prism_span::{FileId, Span};

struct SomeFiles;

impl ImportPaths for SomeFiles {
    fn entries(&self, _dir: &str) -> Vec<PathEntry> {
        vec![PathEntry {
            name: "util.prism".to_string(),
            is_dir: false,
        }]
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "prism") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Runs every offset-based feature at `offset` and checks what can be checked cheaply.
fn query(analysis: &Analysis, offset: u32) {
    let length = analysis.text().len() as u32;
    if let Some(hover) = analysis.hover(offset) {
        assert!(hover.range.end <= length && !hover.markdown.is_empty());
    }
    if let Some(definition) = analysis.definition(offset) {
        assert!(definition.end <= length);
    }
    let _ = analysis.import_target(offset);
    for reference in analysis.references(offset, true) {
        assert!(reference.end <= length);
    }
    if analysis.prepare_rename(offset).is_ok() {
        let edits = analysis.rename(offset, "renamed_name").unwrap_or_default();
        assert!(edits.iter().all(|edit| edit.span.end <= length));
    }
    for item in analysis.completion(offset, &SomeFiles) {
        assert!(item.edit.span.start <= item.edit.span.end && item.edit.span.end <= length);
    }
    if let Some(help) = analysis.signature_help(offset) {
        for parameter in &help.signature.parameters {
            assert!(parameter.label.1 as usize <= help.signature.label.len());
        }
    }
}

fn whole_document(analysis: &Analysis) {
    let whole = Span::new(0, analysis.text().len() as u32);
    let _ = analysis.document_symbols();
    let tokens = analysis.semantic_tokens();
    for pair in tokens.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
    let _ = analysis.code_actions(whole);
    let _ = analysis.inlay_hints(whole);
    let _ = analysis.header();
}

fn analyse(text: &str, path: &Path) -> Analysis {
    let mut env = ResolveEnv::main();
    env.test_mode = path.to_string_lossy().ends_with(".test.prism");
    Analysis::new(text, FileId(0), env)
}

#[test]
fn every_feature_at_every_token_of_the_corpus() {
    let files = corpus();
    assert!(files.len() > 100, "the corpus is missing: {}", files.len());
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable corpus file");
        let analysis = analyse(&text, path);
        whole_document(&analysis);
        for (_, span) in analysis.tokens() {
            query(&analysis, span.start);
        }
        query(&analysis, u32::MAX);

        let mut half = text.len() / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        let cut = analyse(&text[..half], path);
        whole_document(&cut);
        for (_, span) in cut.tokens().iter().step_by(5) {
            query(&cut, span.end);
        }
    }
}

#[test]
fn every_feature_at_every_byte_of_a_few_files() {
    let files = corpus();
    let chosen = [
        "vote-example.prism",
        "runtime-error-messages.prism",
        "confident-value-and-output.prism",
    ];
    let mut seen = 0;
    for path in files.iter().filter(|path| {
        chosen
            .iter()
            .any(|name| path.file_name().is_some_and(|file| file == *name))
    }) {
        seen += 1;
        let text = std::fs::read_to_string(path).expect("readable corpus file");
        let analysis = analyse(&text, path);
        for offset in 0..=text.len() as u32 + 1 {
            query(&analysis, offset);
        }
    }
    assert_eq!(seen, chosen.len());
}

/// A small deterministic generator (xorshift64), so a failure replays.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
}

#[test]
fn every_feature_survives_random_edits() {
    const PIECES: &[&str] = &[
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ".",
        "?.",
        "~.",
        ",",
        "~>",
        "<~",
        "\"",
        "`",
        "/**",
        "*/",
        "//",
        "\n",
        " ",
        "let ",
        "x",
        "é",
        "🙂",
        "${",
        "@name ",
        "import ",
        "from ",
        "=> ",
        "uncertain if ",
        "high ",
        "match ",
        "_",
        "0.5",
        "agents { a: { } }",
    ];
    let path = corpus()
        .into_iter()
        .find(|path| path.ends_with("agents/vote-example.prism"))
        .expect("vote-example.prism");
    let mut text = std::fs::read_to_string(&path).expect("readable corpus file");
    let mut random = Random(0x5eed_1de5);
    for _ in 0..300 {
        let mut at = random.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if random.below(3) == 0 && at < text.len() {
            let mut end = at + 1 + random.below(8);
            end = end.min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, "");
        } else {
            text.insert_str(at, PIECES[random.below(PIECES.len())]);
        }
        let analysis = analyse(&text, &path);
        whole_document(&analysis);
        for _ in 0..4 {
            query(&analysis, random.below(text.len() + 2) as u32);
        }
    }
}
