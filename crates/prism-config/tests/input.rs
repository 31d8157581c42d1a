//! Inputs: `--input` sources (runtime §4.1), JSON parsing, defaults and validation (§4.3),
//! agent selection (§3.6) and the settings precedence of cli §4.1.

use std::path::{Path, PathBuf};

use prism_config::header::{read_header, Requirements, SortBy};
use prism_config::input::{
    cannot_read_input, parse_input_arg, parse_input_json, prepare_input, InputSource,
};
use prism_config::selection::{check_min_agents, select_agents, AgentFacts};
use prism_config::settings::{resolve_settings, CliOverrides};
use prism_config::{Backend, ClockKind, Config, Environment};
use prism_span::FileId;
use serde_json::{json, Value as Json};

#[test]
fn input_argument_forms() {
    assert_eq!(
        parse_input_arg("{\"a\":1}"),
        InputSource::Text("{\"a\":1}".to_owned())
    );
    assert_eq!(
        parse_input_arg("@data/in.json"),
        InputSource::File(PathBuf::from("data/in.json"))
    );
    assert_eq!(parse_input_arg("@-"), InputSource::Stdin);
}

#[test]
fn e0801_invalid_json_details() {
    for (text, message) in [
        (
            "{\"a\":",
            "--input is not valid JSON: unexpected end of input at line 1, column 6",
        ),
        (
            "{\"a\": 1} x",
            "--input is not valid JSON: unexpected text after the value at line 1, column 10",
        ),
        (
            "{'a': 1}",
            "--input is not valid JSON: unexpected character ''' at line 1, column 2",
        ),
        (
            "[1,\n  é]",
            "--input is not valid JSON: unexpected character 'é' at line 2, column 3",
        ),
    ] {
        let error = parse_input_json(text).expect_err(text);
        assert_eq!(
            (error.code, error.message.as_str()),
            ("E0801", message),
            "{text}"
        );
        assert!(error.labels.is_empty());
    }
    assert_eq!(
        parse_input_json(" {\"s\": \"${x}\"} ").expect("valid"),
        json!({"s": "${x}"})
    );
}

#[test]
fn e0802_cannot_read_input_file() {
    let error = cannot_read_input(Path::new("in.json"), "No such file or directory");
    assert_eq!(error.code, "E0802");
    assert_eq!(
        error.message,
        "cannot read input file 'in.json': No such file or directory"
    );
}

fn schema() -> Json {
    json!({"type": "object",
           "properties": {"question": {"type": "string"}, "target": {"type": "number", "default": 0.8}},
           "required": ["question"]})
}

#[test]
fn defaults_are_added_before_validation() {
    let input = prepare_input(Some(json!({"question": "why?"})), Some(&schema())).expect("valid");
    assert_eq!(input, json!({"question": "why?", "target": 0.8}));
    let keys: Vec<_> = input
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["question", "target"]);
    let root =
        json!({"type": "object", "default": {"a": 1}, "properties": {"b": {"default": [2]}}});
    assert_eq!(
        prepare_input(None, Some(&root)).expect("valid"),
        json!({"a": 1, "b": [2]})
    );
    let nested = json!({"properties": {"user": {"type": "object", "properties": {"age": {"default": 30}}}},
                        "items": {"properties": {"x": {"default": 0}}}});
    assert_eq!(
        prepare_input(Some(json!({"user": {}})), Some(&nested)).expect("valid"),
        json!({"user": {"age": 30}})
    );
    assert_eq!(prepare_input(None, None).expect("valid"), Json::Null);
}

fn violation(schema: Json, input: Json) -> (String, String) {
    let violation = prepare_input(Some(input), Some(&schema)).expect_err("invalid");
    (violation.path, violation.detail)
}

fn pair(path: &str, detail: &str) -> (String, String) {
    (path.to_owned(), detail.to_owned())
}

#[test]
fn e0803_every_detail_of_4_3() {
    let cases = [
        (
            json!({"type": "string"}),
            json!(1),
            pair("/", "expected string, got number"),
        ),
        (
            json!({"type": ["string", "null"]}),
            json!(true),
            pair("/", "expected string or null, got boolean"),
        ),
        (
            json!({"type": "integer"}),
            json!(1.5),
            pair("/", "expected integer, got number"),
        ),
        (
            json!({"enum": ["a", 2]}),
            json!("b"),
            pair("/", "must be one of \"a\", 2"),
        ),
        (
            json!({"const": {"k": 1}}),
            json!({"k": 2}),
            pair("/", "must be equal to {\"k\":1}"),
        ),
        (json!({"minimum": 3}), json!(2), pair("/", "must be ≥ 3")),
        (json!({"maximum": 3}), json!(4), pair("/", "must be ≤ 3")),
        (
            json!({"exclusiveMinimum": 3}),
            json!(3),
            pair("/", "must be > 3"),
        ),
        (
            json!({"exclusiveMaximum": 2.5}),
            json!(2.5),
            pair("/", "must be < 2.5"),
        ),
        (
            json!({"minLength": 2}),
            json!("é"),
            pair("/", "must have at least 2 characters"),
        ),
        (
            json!({"maxLength": 1}),
            json!("ab"),
            pair("/", "must have at most 1 characters"),
        ),
        (
            json!({"minItems": 1}),
            json!([]),
            pair("/", "must have at least 1 items"),
        ),
        (
            json!({"maxItems": 1}),
            json!([1, 2]),
            pair("/", "must have at most 1 items"),
        ),
        (
            json!({"items": {"type": "number"}}),
            json!([1, "x", true]),
            pair("/1", "expected number, got string"),
        ),
        (
            json!({"required": ["a", "b"]}),
            json!({"b": 1}),
            pair("/", "missing required property 'a'"),
        ),
        (
            json!({"properties": {"user": {"properties": {"age": {"type": "integer"}}}}}),
            json!({"user": {"age": "x"}}),
            pair("/user/age", "expected integer, got string"),
        ),
        (
            json!({"properties": {"a": {}}, "additionalProperties": false}),
            json!({"a": 1, "z": 2}),
            pair("/", "unexpected property 'z'"),
        ),
        (
            json!({"additionalProperties": {"type": "string"}}),
            json!({"z": 2}),
            pair("/z", "expected string, got number"),
        ),
        (
            json!({"allOf": [{"minimum": 0}, {"maximum": 1}]}),
            json!(2),
            pair("/", "must be ≤ 1"),
        ),
        (
            json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
            json!(1),
            pair("/", "does not match any of the allowed schemas"),
        ),
        (
            json!({"oneOf": [{"type": "string"}]}),
            json!(1),
            pair("/", "does not match any of the allowed schemas"),
        ),
        (
            json!({"oneOf": [{"type": "number"}, {"minimum": 0}]}),
            json!(1),
            pair("/", "matches more than one of the schemas"),
        ),
    ];
    for (schema, input, expected) in cases {
        assert_eq!(
            violation(schema.clone(), input.clone()),
            expected,
            "{schema} {input}"
        );
    }
    assert!(prepare_input(Some(json!(3.0)), Some(&json!({"type": "integer"}))).is_ok());
}

#[test]
fn validation_order_of_4_3() {
    // type before enum, required before properties, properties before additional ones.
    assert_eq!(
        violation(json!({"type": "string", "enum": [1]}), json!(1)),
        pair("/", "expected string, got number")
    );
    let schema = json!({"required": ["b"], "properties": {"a": {"type": "string"}}, "additionalProperties": false});
    assert_eq!(
        violation(schema.clone(), json!({"a": 1})),
        pair("/", "missing required property 'b'")
    );
    assert_eq!(
        violation(schema, json!({"z": 0, "b": 1, "a": 1})),
        pair("/a", "expected string, got number")
    );
}

#[test]
fn e0803_and_r0810_messages() {
    let violation =
        prepare_input(Some(json!({"question": 1})), Some(&schema())).expect_err("invalid");
    let diagnostic = violation.to_diagnostic();
    assert_eq!(diagnostic.code, "E0803");
    assert_eq!(
        diagnostic.message,
        "input does not match @input at /question: expected string, got number"
    );
    assert!(diagnostic.labels.is_empty());
    assert_eq!(
        violation.runtime_message("child"),
        "input does not match the schema of pattern 'child': expected string, got number at /question"
    );
}

fn facts<'a>(name: &'a str, capabilities: &'a [String], expertise: Option<f64>) -> AgentFacts<'a> {
    AgentFacts {
        name,
        capabilities,
        expertise,
        historical_confidence: None,
    }
}

#[test]
fn selection_of_3_6_and_e0804() {
    let review = vec!["review".to_owned()];
    let both = vec!["review".to_owned(), "lint".to_owned()];
    let lint = vec!["lint".to_owned()];
    let agents = [
        facts("low", &review, Some(0.5)),
        facts("top", &both, Some(0.9)),
        facts("unrated", &review, None),
        facts("other", &lint, Some(0.99)),
    ];
    let requirements = Requirements {
        capabilities: review.clone(),
        min_agents: Some(2),
        sort_by: SortBy::Expertise,
        from_agents_tag: true,
        ..Requirements::default()
    };
    let names = |indices: Vec<usize>| {
        indices
            .into_iter()
            .map(|i| agents[i].name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(select_agents(Some(&requirements), &agents)),
        ["top", "low", "unrated"]
    );
    assert_eq!(
        names(select_agents(None, &agents)),
        ["low", "top", "unrated", "other"]
    );
    let capped = Requirements {
        max_agents: Some(1),
        ..requirements.clone()
    };
    assert_eq!(names(select_agents(Some(&capped), &agents)), ["top"]);
    let error = check_min_agents("p", Some(&capped), 1, false).expect_err("too few");
    assert_eq!(
        (error.code, error.message.as_str()),
        (
            "E0804",
            "not enough agents for pattern 'p': required 2, available 1"
        )
    );
    assert!(check_min_agents("p", None, 0, true).is_ok());
    let parallax = Requirements {
        from_agents_tag: true,
        ..Requirements::default()
    };
    assert!(check_min_agents("p", Some(&parallax), 0, false).is_ok());
    assert!(check_min_agents("p", Some(&parallax), 0, true).is_err());
}

#[test]
fn settings_precedence_of_cli_4_1() {
    let text = "[runtime]\nbackend = \"interp\"\ntimeout_ms = 10\ndefault_provider = \"file\"\nseed = 5\n[trace]\npath = \"file.jsonl\"\n";
    let config = prism_config::parse_config(
        text,
        FileId(0),
        &prism_config::ConfigContext {
            env: &Environment::new(),
            provider_types: &prism_config::BuiltinProviderTypes,
        },
    )
    .config;
    let header = read_header("/** @timeout 20 */", FileId(1)).header;
    let env: Environment = [
        ("PRISM_BACKEND", "jit"),
        ("PRISM_PROVIDER", "env"),
        ("PRISM_TRACE", "env.jsonl"),
    ]
    .into_iter()
    .collect();
    let settings = resolve_settings(
        &config,
        &env.settings(),
        &CliOverrides::default(),
        header.as_ref(),
        false,
    )
    .expect("ok");
    assert_eq!(settings.backend, Backend::Jit);
    assert_eq!(settings.timeout_ms, Some(20));
    assert_eq!(settings.default_provider, "env");
    assert_eq!(settings.trace, Some(PathBuf::from("env.jsonl")));
    assert_eq!((settings.seed, settings.clock), (Some(5), ClockKind::Real));
    let cli = CliOverrides {
        backend: Some(Backend::Interp),
        timeout_ms: Some(30),
        provider: Some("cli".to_owned()),
        ..CliOverrides::default()
    };
    let settings =
        resolve_settings(&config, &env.settings(), &cli, header.as_ref(), false).expect("ok");
    assert_eq!(
        (
            settings.backend,
            settings.timeout_ms,
            settings.default_provider.as_str()
        ),
        (Backend::Interp, Some(30), "cli")
    );
    let none = resolve_settings(
        &config,
        &Environment::new().settings(),
        &CliOverrides::default(),
        None,
        false,
    )
    .expect("ok");
    assert_eq!(
        (
            none.backend,
            none.timeout_ms,
            none.default_provider.as_str()
        ),
        (Backend::Interp, Some(10), "file")
    );
    let testing = resolve_settings(
        &Config::default(),
        &Environment::new().settings(),
        &CliOverrides::default(),
        None,
        true,
    )
    .expect("ok");
    assert_eq!(
        (
            testing.seed,
            testing.clock,
            testing.default_provider.as_str()
        ),
        (Some(0), ClockKind::Virtual, "mock")
    );
    let bad: Environment = [("PRISM_BACKEND", "fast")].into_iter().collect();
    assert!(resolve_settings(
        &config,
        &bad.settings(),
        &CliOverrides::default(),
        None,
        false
    )
    .is_err());
}
