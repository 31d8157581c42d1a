//! Run inputs (runtime §4): the `--input` argument, JSON parsing, schema defaults and validation.
//!
//! Diagnostics about the input are about a command-line value, so they have no file and no
//! labels (cli §3.1). The input stays JSON here; the driver converts it to a runtime value exactly
//! as `JSON.parse` would (runtime §4.2): strings are data, never evaluated.

pub mod schema;
pub mod validate;

use std::path::{Path, PathBuf};

use prism_diagnostics::Diagnostic;
use serde_json::Value as Json;

pub use validate::{apply_defaults, Violation};

/// Where `--input` takes the input from (runtime §4.1, cli §4.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputSource {
    /// `--input TEXT`: the JSON text itself.
    Text(String),
    /// `--input @PATH`: a file, read by the CLI.
    File(PathBuf),
    /// `--input @-`: standard input, read by the CLI.
    Stdin,
}

/// Classifies the value of `--input`.
pub fn parse_input_arg(argument: &str) -> InputSource {
    match argument.strip_prefix('@') {
        Some("-") => InputSource::Stdin,
        Some(path) => InputSource::File(PathBuf::from(path)),
        None => InputSource::Text(argument.to_owned()),
    }
}

/// Parses input text as JSON (builtins §9.1); a syntax error is `E0801`.
pub fn parse_input_json(text: &str) -> Result<Json, Box<Diagnostic>> {
    serde_json::from_str(text).map_err(|error| {
        Box::new(Diagnostic::error(
            "E0801",
            format!(
                "--input is not valid JSON: {}",
                json_error_detail(text, &error)
            ),
        ))
    })
}

/// `E0802`: "cannot read input file '{path}': {detail}", for the CLI when reading fails.
pub fn cannot_read_input(path: &Path, detail: &str) -> Diagnostic {
    Diagnostic::error(
        "E0802",
        format!("cannot read input file '{}': {detail}", path.display()),
    )
}

/// The details of builtins §9.1 with a 1-based line and column in characters.
fn json_error_detail(text: &str, error: &serde_json::Error) -> String {
    let line = error.line();
    let byte_column = error.column();
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    // serde_json counts the column in bytes and points at the last byte read.
    let before = line_text
        .get(..byte_column.saturating_sub(1))
        .unwrap_or(line_text);
    let mut column = before.chars().count() + 1;
    let found = line_text
        .get(before.len()..)
        .and_then(|rest| rest.chars().next());
    let message = error.to_string();
    let detail = if error.classify() == serde_json::error::Category::Eof {
        // The end of input lies just after the last character.
        column = line_text.chars().count() + 1;
        "unexpected end of input".to_owned()
    } else if message.contains("trailing characters") {
        "unexpected text after the value".to_owned()
    } else if message.contains("escape") {
        "invalid escape".to_owned()
    } else if message.contains("number") {
        "invalid number".to_owned()
    } else {
        found.map_or("unexpected end of input".to_owned(), |c| {
            format!("unexpected character '{c}'")
        })
    };
    format!("{detail} at line {line}, column {column}")
}

/// Step 5 of the run lifecycle (runtime §1.2): the input (`None` is `null`) with the schema's
/// defaults applied, validated against the `@input` schema if there is one.
pub fn prepare_input(input: Option<Json>, schema: Option<&Json>) -> Result<Json, Violation> {
    let mut input = input.unwrap_or(Json::Null);
    if let Some(schema) = schema {
        apply_defaults(schema, &mut input);
        validate::validate(schema, &input)?;
    }
    Ok(input)
}

impl Violation {
    /// `E0803` for the main program (a compile-time failure, runtime §1.2).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(
            "E0803",
            format!(
                "input does not match @input at {}: {}",
                self.path, self.detail
            ),
        )
    }

    /// The message of InputError `R0810` for a child pattern (runtime §11.6, language §12.5).
    pub fn runtime_message(&self, pattern: &str) -> String {
        format!(
            "input does not match the schema of pattern '{pattern}': {} at {}",
            self.detail, self.path
        )
    }
}
