//! The conformance corpus as far as this crate decides it: every `tests/conformance/**/*.toml`
//! validates, and every `header/` case produces exactly the header, input and selection codes
//! (`E06xx`, `W06xx`, `E08xx`) its `//! error:` lines expect.

use std::fs;
use std::path::{Path, PathBuf};

use prism_config::header::read_header;
use prism_config::input::{parse_input_json, prepare_input};
use prism_config::selection::{check_min_agents, select_agents, AgentFacts};
use prism_config::{parse_config, BuiltinProviderTypes, Config, ConfigContext, Environment};
use prism_span::FileId;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

fn files_with_extension(directory: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_with_extension(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    out.sort();
}

fn load_config(path: &Path) -> Config {
    let text = fs::read_to_string(path).expect("readable configuration");
    let context = ConfigContext {
        env: &Environment::new(),
        provider_types: &BuiltinProviderTypes,
    };
    let parsed = parse_config(&text, FileId(0), &context);
    assert!(
        parsed.diagnostics.is_empty(),
        "{}: {:#?}",
        path.display(),
        parsed.diagnostics
    );
    parsed.config
}

#[test]
fn every_conformance_configuration_validates() {
    let mut tomls = Vec::new();
    files_with_extension(&corpus(), "toml", &mut tomls);
    assert!(tomls.len() >= 8, "the corpus has its configuration files");
    for path in tomls {
        load_config(&path);
    }
}

/// The `//!` directives of a case: expected codes, extra arguments and the configuration file.
struct Case {
    errors: Vec<String>,
    args: Vec<String>,
    config: Option<String>,
}

fn directives(source: &str) -> Case {
    let mut case = Case {
        errors: Vec::new(),
        args: Vec::new(),
        config: None,
    };
    for line in source.lines().filter_map(|line| line.strip_prefix("//! ")) {
        if let Some(code) = line.strip_prefix("error: ") {
            case.errors.push(code.trim().to_owned());
        } else if let Some(arg) = line.strip_prefix("arg: ") {
            case.args.push(arg.to_owned());
        } else if let Some(args) = line.strip_prefix("args: ") {
            case.args.extend(args.split_whitespace().map(str::to_owned));
        } else if let Some(config) = line.strip_prefix("config: ") {
            case.config = Some(config.trim().to_owned());
        }
    }
    case
}

/// The codes this crate produces for a case, in lifecycle order (runtime §1.2 steps 2, 5, 6).
fn produced_codes(path: &Path, source: &str, case: &Case) -> Vec<String> {
    let result = read_header(source, FileId(1));
    let mut codes: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| d.code.to_owned())
        .collect();
    let header = result.header;
    let input_text = case
        .args
        .iter()
        .position(|a| a == "--input")
        .and_then(|i| case.args.get(i + 1));
    let input = match input_text.map(|text| parse_input_json(text)) {
        Some(Err(error)) => {
            codes.push(error.code.to_owned());
            return codes;
        }
        Some(Ok(value)) => Some(value),
        None => None,
    };
    let schema = header.as_ref().and_then(|h| h.input.as_ref());
    if let Err(violation) = prepare_input(input, schema) {
        codes.push(violation.to_diagnostic().code.to_owned());
        return codes;
    }
    let config = case
        .config
        .as_ref()
        .map(|name| load_config(&path.with_file_name(name)))
        .unwrap_or_default();
    let facts: Vec<AgentFacts<'_>> = config.agents.iter().map(AgentFacts::from).collect();
    let requirements = header.as_ref().and_then(|h| h.requirements.as_ref());
    let selected = select_agents(requirements, &facts);
    if let Err(error) = check_min_agents("case", requirements, selected.len(), false) {
        codes.push(error.code.to_owned());
    }
    codes
}

#[test]
fn header_cases_produce_exactly_the_expected_codes() {
    let mut cases = Vec::new();
    files_with_extension(&corpus().join("header"), "prism", &mut cases);
    assert!(!cases.is_empty(), "the header cases are present");
    for path in cases {
        let source = fs::read_to_string(&path).expect("readable case");
        let case = directives(&source);
        let ours = |code: &String| {
            ["E06", "W06", "E080"]
                .iter()
                .any(|prefix| code.starts_with(prefix))
        };
        let expected: Vec<String> = case.errors.iter().filter(|c| ours(c)).cloned().collect();
        assert_eq!(
            produced_codes(&path, &source, &case),
            expected,
            "{}",
            path.display()
        );
    }
}

#[test]
fn selected_agents_case_orders_by_expertise() {
    let config = load_config(&corpus().join("header/agents-by-expertise.toml"));
    let source = fs::read_to_string(corpus().join("header/selected-agents.prism")).expect("case");
    let header = read_header(&source, FileId(1)).header.expect("header");
    let facts: Vec<AgentFacts<'_>> = config.agents.iter().map(AgentFacts::from).collect();
    let selected = select_agents(header.requirements.as_ref(), &facts);
    let names: Vec<&str> = selected
        .iter()
        .filter_map(|i| facts.get(*i))
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["top", "low", "unrated"]);
}
