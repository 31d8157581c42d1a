//! Rendered diagnostics (cli §3.2) for representative configuration and header errors, with the
//! source and its diagnostics in one snapshot.

use prism_config::header::read_header;
use prism_config::{parse_config, BuiltinProviderTypes, ConfigContext, Environment};
use prism_diagnostics::{render, Diagnostic};
use prism_span::SourceMap;

fn document(source: &str, diagnostics: &[Diagnostic], files: &SourceMap) -> String {
    let rendered: String = diagnostics
        .iter()
        .map(|d| render(d, files, false))
        .collect();
    format!("--- SOURCE ---\n{source}\n--- DIAGNOSTICS ---\n{rendered}")
}

macro_rules! assert_config_diagnostics {
    ($name:literal, $source:expr) => {{
        let source: &str = $source;
        let mut files = SourceMap::new();
        let file = files.add("prism.toml", source);
        let env = Environment::new();
        let context = ConfigContext {
            env: &env,
            provider_types: &BuiltinProviderTypes,
        };
        let mut diagnostics = parse_config(source, file, &context).diagnostics;
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        insta::assert_snapshot!($name, document(source, &diagnostics, &files));
    }};
}

macro_rules! assert_header_diagnostics {
    ($name:literal, $source:expr) => {{
        let source: &str = $source;
        let mut files = SourceMap::new();
        let file = files.add("review.prism", source);
        let diagnostics = read_header(source, file).diagnostics;
        insta::assert_snapshot!($name, document(source, &diagnostics, &files));
    }};
}

#[test]
fn config_unknown_key_and_wrong_type() {
    assert_config_diagnostics!(
        "config_unknown_key_and_wrong_type",
        "[runtime]\nmax_concurency = 4\nbackend = \"fast\"\n"
    );
}

#[test]
fn config_level_order() {
    assert_config_diagnostics!(
        "config_level_order",
        "[confidence]\nhigh = 0.6\nmedium = 0.8\n"
    );
}

#[test]
fn config_unknown_provider_and_fallback() {
    assert_config_diagnostics!(
        "config_unknown_provider_and_fallback",
        "[providers.local]\ntype = \"openai\"\n\n[agents.reviewer]\nprovider = \"lokal\"\nfallback = [\"local\", \"nobody\"]\n"
    );
}

#[test]
fn config_invalid_toml() {
    assert_config_diagnostics!("config_invalid_toml", "[runtime]\nseed = = 3\n");
}

#[test]
fn header_bad_version_and_schema_keyword() {
    assert_header_diagnostics!(
        "header_bad_version_and_schema_keyword",
        "/**\n * Reviews a diff.\n * @version 1.0\n * @input {\"type\": \"string\",\n *         \"pattern\": \"^diff\"}\n * @timout 5\n */\nprint(input)\n"
    );
}
