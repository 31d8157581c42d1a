//! `[learn] path` (the database of `std/learn`; docs/stdlib.md): default, resolution against the
//! project root, and validation.

use std::path::{Path, PathBuf};

use prism_config::{parse_config, BuiltinProviderTypes, ConfigContext, Environment, ParsedConfig};
use prism_span::FileId;

fn parse(text: &str) -> ParsedConfig {
    let env = Environment::new();
    parse_config(
        text,
        FileId(0),
        &ConfigContext {
            env: &env,
            provider_types: &BuiltinProviderTypes,
        },
    )
}

fn codes(text: &str) -> Vec<&'static str> {
    parse(text).diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn the_default_path_is_in_the_project_root() {
    let mut config = parse("").config;
    assert_eq!(config.learn.path, PathBuf::from(".prism/learn.db"));
    config.resolve_paths(Path::new("/proj"));
    assert_eq!(config.learn.path, PathBuf::from("/proj/.prism/learn.db"));
}

#[test]
fn a_configured_path_is_relative_to_the_project_root() {
    let parsed = parse("[learn]\npath = \"data/l.db\"\n");
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let mut config = parsed.config;
    config.resolve_paths(Path::new("/proj"));
    assert_eq!(config.learn.path, PathBuf::from("/proj/data/l.db"));
}

#[test]
fn wrong_values_and_unknown_keys_are_reported() {
    assert_eq!(codes("[learn]\npath = 3\n"), ["E0702"]);
    assert_eq!(codes("[learn]\npath = \"\"\n"), ["E0702"]);
    assert_eq!(codes("[learn]\nfile = \"x\"\n"), ["W0701"]);
    assert_eq!(codes("learn = 1\n"), ["E0702"]);
    let config = parse("[learn]\npath = \"\"\n").config;
    assert_eq!(config.learn.path, PathBuf::from(".prism/learn.db"));
}
