//! Writing to the standard streams without panicking (a closed pipe is not an error worth a
//! crash), the colour decision of cli §2.4, and the English plurals of the summary lines.

use std::io::{IsTerminal, Write};

use crate::args::ColorChoice;

pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

pub fn stderr(text: &str) {
    let mut out = std::io::stderr().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Whether text written to standard error (where diagnostics go) is coloured (cli §2.4).
pub fn stderr_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            !no_color && std::io::stderr().is_terminal()
        }
    }
}

/// `1 error`, `2 errors` (cli §3.2).
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A JSON document as cli §2.5 writes it: two-space indentation, then one line feed.
pub fn json_document(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    text.push('\n');
    text
}
