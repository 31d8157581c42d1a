//! `prism lsp` in a real editor (issue 7): headless Neovim, its built-in LSP client configured by
//! editors/nvim/lua/prism.lua, opens a file with an error, waits for the diagnostic, asks for hover
//! and definition, and writes what it received (editors/nvim/test/e2e.lua). This test checks it.
//! Skipped, with a message, only when `nvim` is not installed (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The whole editor session, server start included.
const SESSION_LIMIT: Duration = Duration::from_secs(90);

/// A non-ASCII string before the error on its line, so utf-16 columns differ from byte columns.
const SOURCE: &str = r#"/** Scores a review. */
function score(text) {
  return text.length
}
let note = "🙂 fine"; print(score(note)); print(scroe)
"#;

fn editors_nvim() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../editors/nvim")
}

/// (line, byte column) of the `nth` occurrence of `needle`.
fn line_and_column(needle: &str, nth: usize) -> (usize, usize) {
    let offset = SOURCE
        .match_indices(needle)
        .nth(nth)
        .map(|(offset, _)| offset)
        .expect("in the source");
    let line = SOURCE[..offset].matches('\n').count();
    let line_start = SOURCE[..offset]
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    (line, offset - line_start)
}

fn utf16_column(line: usize, byte_column: usize) -> usize {
    let text = SOURCE.lines().nth(line).expect("line");
    text[..byte_column].encode_utf16().count()
}

fn nvim_is_installed() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Runs the editor session and returns what the script wrote.
fn run_session(directory: &Path) -> Value {
    let file = directory.join("review.prism");
    std::fs::write(&file, SOURCE).expect("write the source");
    let out = directory.join("received.json");
    let (hover_line, hover_column) = line_and_column("score(note)", 0);
    let (definition_line, definition_column) = line_and_column("score(note)", 0);
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            editors_nvim().join("test/e2e.lua").display()
        ))
        .env("PRISM_BIN", env!("CARGO_BIN_EXE_prism"))
        .env("PRISM_NVIM_DIR", editors_nvim())
        .env("PRISM_FILE", &file)
        .env("PRISM_OUT", &out)
        .env(
            "PRISM_HOVER_AT",
            format!("{hover_line}:{}", hover_column + 2),
        )
        .env(
            "PRISM_DEFINITION_AT",
            format!("{definition_line}:{definition_column}"),
        )
        .env("PRISM_WAIT_MS", "30000")
        // Neovim's log and state stay in the test directory.
        .env("XDG_CACHE_HOME", directory.join("cache"))
        .env("XDG_STATE_HOME", directory.join("state"))
        .env("XDG_DATA_HOME", directory.join("data"))
        .env("XDG_CONFIG_HOME", directory.join("config"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for nvim") {
            break status;
        }
        if started.elapsed() > SESSION_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nvim did not finish within {SESSION_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let written = std::fs::read_to_string(&out).unwrap_or_else(|error| {
        panic!(
            "nvim ({status}) wrote no result to {}: {error}",
            out.display()
        )
    });
    let received: Value = serde_json::from_str(&written).expect("the script writes JSON");
    assert!(
        status.success() && received["error"].is_null(),
        "nvim ({status}) failed: {}\nreceived: {received:#}",
        received["error"]
    );
    received
}

#[test]
fn neovim_shows_the_diagnostic_and_gets_hover_and_definition() {
    if !nvim_is_installed() {
        println!("SKIPPED: `nvim` is not installed, so prism lsp was not tested in Neovim (.ci/run installs Debian's neovim)");
        return;
    }
    let directory = std::env::temp_dir().join(format!("prism-nvim-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("a test directory");
    let received = run_session(&directory);
    assert_eq!(received["filetype"], "prism", "{received:#}");

    // The diagnostic as the server published it: code, utf-16 range, did-you-mean help.
    let published = received["published"].as_array().expect("published");
    let last = published.last().expect("diagnostics were published");
    let diagnostics = last["diagnostics"].as_array().expect("an array");
    assert_eq!(diagnostics.len(), 1, "{last:#}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], "E0301", "{diagnostic:#}");
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "prism");
    let (line, column) = line_and_column("scroe", 0);
    let start = utf16_column(line, column);
    assert_eq!(diagnostic["range"]["start"]["line"], line);
    assert_eq!(diagnostic["range"]["start"]["character"], start);
    assert_eq!(diagnostic["range"]["end"]["line"], line);
    assert_eq!(
        diagnostic["range"]["end"]["character"],
        start + "scroe".len()
    );
    let message = diagnostic["message"].as_str().expect("a message");
    assert!(message.contains("scroe"), "{message}");
    assert!(message.contains("score"), "did-you-mean help: {message}");

    // What Neovim shows: the same diagnostic, converted back to byte columns.
    let shown = &received["shown"][0];
    assert_eq!(shown["lnum"], line);
    assert_eq!(shown["col"], column, "{shown:#}");
    assert_eq!(shown["end_col"], column + "scroe".len());
    assert_eq!(shown["severity"], 1);

    // Hover on the call of `score`: its kind, type and doc comment.
    let hover = received["hover"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("markdown hover: {received:#}"));
    assert!(hover.contains("function"), "{hover}");
    assert!(hover.contains("score"), "{hover}");
    assert!(hover.contains("Scores a review."), "{hover}");
    let (call_line, call_column) = line_and_column("score(note)", 0);
    let hover_range = &received["hover"]["range"];
    assert_eq!(hover_range["start"]["line"], call_line, "{hover_range}");
    assert_eq!(
        hover_range["start"]["character"],
        utf16_column(call_line, call_column)
    );

    // Definition of the call: the declaring identifier on line 1, in the same file.
    let definition = &received["definition"];
    let location = if definition.is_array() {
        &definition[0]
    } else {
        definition
    };
    let uri = location["uri"].as_str().expect("a location");
    assert!(uri.ends_with("/review.prism"), "{definition:#}");
    let (declared_line, declared_column) = line_and_column("score(text)", 0);
    assert_eq!(location["range"]["start"]["line"], declared_line);
    assert_eq!(location["range"]["start"]["character"], declared_column);
    assert_eq!(
        location["range"]["end"]["character"],
        declared_column + "score".len()
    );
    let _ = std::fs::remove_dir_all(&directory);
}
