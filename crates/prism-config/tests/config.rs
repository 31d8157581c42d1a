//! `prism.toml` validation: every rule of runtime §2.3 and every code of §2.6.

use prism_config::{
    parse_config, Backend, BuiltinProviderTypes, ClockKind, Compat, Config, ConfigContext,
    Environment, ParsedConfig, ProviderSettings, ProviderTypes,
};
use prism_diagnostics::Diagnostic;
use prism_span::FileId;

fn parse_with(text: &str, env: &Environment, types: &dyn ProviderTypes) -> ParsedConfig {
    parse_config(
        text,
        FileId(0),
        &ConfigContext {
            env,
            provider_types: types,
        },
    )
}

fn parse(text: &str) -> ParsedConfig {
    parse_with(text, &Environment::new(), &BuiltinProviderTypes)
}

fn codes(text: &str) -> Vec<&'static str> {
    parse(text).diagnostics.iter().map(|d| d.code).collect()
}

fn only(text: &str) -> Diagnostic {
    let parsed = parse(text);
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    parsed
        .diagnostics
        .into_iter()
        .next()
        .expect("one diagnostic")
}

/// The text under the primary label.
fn labelled<'a>(text: &'a str, diagnostic: &Diagnostic) -> &'a str {
    diagnostic
        .primary()
        .map_or("", |label| label.at.span.text(text))
}

const COMPLETE_EXAMPLE: &str = include_str!("data/complete-example.toml");

#[test]
fn complete_example_of_2_5_is_valid() {
    let parsed = parse(COMPLETE_EXAMPLE);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let config = parsed.config;
    assert_eq!(config.project.name.as_deref(), Some("review-bot"));
    assert_eq!(config.runtime.default_provider.as_deref(), Some("local"));
    assert_eq!(config.runtime.max_concurrency, 4);
    assert_eq!(config.runtime.timeout_ms, Some(300_000));
    assert_eq!(config.limits.max_pattern_depth, 2);
    assert_eq!(
        (config.confidence.high, config.confidence.medium),
        (0.75, 0.5)
    );
    assert_eq!(config.policy.retries, Some(2));
    assert_eq!(config.budget.tokens, Some(400_000));
    let names: Vec<_> = config.providers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["local", "claude", "scripted", "tools"]);
    let agents: Vec<_> = config.agents.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(agents, ["reviewer", "linter"]);
    let reviewer = &config.agents[0];
    assert_eq!(reviewer.expertise, Some(0.8));
    assert_eq!(reviewer.budget.calls, Some(20));
    assert_eq!(
        reviewer.policy.fallback.as_deref(),
        Some(&["local".to_owned()][..])
    );
    assert_eq!(
        config.agents[1]
            .metadata
            .get("team")
            .and_then(|v| v.as_str()),
        Some("platform")
    );
    let governance = config.governance.as_ref().expect("governance");
    assert_eq!(governance.mode, "enforce");
    assert!(config.trace.include_content);
    let local = config.provider("local").expect("local");
    assert_eq!(
        local.estimator.as_ref().map(|e| e.name.as_str()),
        Some("logprobs")
    );
    match &config.provider("scripted").expect("scripted").settings {
        ProviderSettings::Mock(mock) => assert_eq!(mock.rules.len(), 1),
        other => panic!("expected mock settings, got {other:?}"),
    }
}

#[test]
fn empty_file_gives_every_default() {
    let parsed = parse("");
    assert!(parsed.diagnostics.is_empty());
    let config = parsed.config;
    assert_eq!(config, Config::default());
    assert_eq!(config.runtime.backend, Backend::Auto);
    assert_eq!(config.runtime.clock_start_ms, 1_767_225_600_000);
    assert_eq!(config.runtime.max_concurrency, 8);
    assert_eq!(config.limits.max_call_depth, 1000);
    assert_eq!(config.limits.max_pattern_depth, 2);
    assert_eq!(config.patterns.root_node(), "ORG_1");
    assert_eq!(
        (
            config.confidence.high,
            config.confidence.medium,
            config.confidence.fixed
        ),
        (0.7, 0.5, 0.5)
    );
    assert_eq!(config.test.clock, ClockKind::Virtual);
    assert_eq!((config.test.seed, config.test.timeout_ms), (0, 10_000));
    assert_eq!(config.parallax.agent_timeout_ms, 30_000);
}

#[test]
fn runtime_settings_are_read() {
    let text = "[runtime]\nbackend = \"interp\"\nseed = 7\nclock = \"virtual\"\nclock_start_ms = 5\ncompat = \"parallax\"\n[patterns]\nid_prefix = \"TEAM_A\"\nroot_id = \"42\"\n[modules]\npaths = [\"lib\"]\n";
    let parsed = parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let runtime = &parsed.config.runtime;
    assert_eq!(runtime.backend, Backend::Interp);
    assert_eq!(
        (runtime.seed, runtime.clock, runtime.clock_start_ms),
        (Some(7), Some(ClockKind::Virtual), 5)
    );
    assert_eq!(runtime.compat, Compat::Parallax);
    assert_eq!(parsed.config.patterns.root_node(), "TEAM_A_42");
    assert_eq!(
        parsed.config.modules.paths,
        [std::path::PathBuf::from("lib")]
    );
}

#[test]
fn e0701_invalid_toml() {
    let error = only("[runtime\nseed = 1");
    assert_eq!(error.code, "E0701");
    assert!(
        error.message.starts_with("invalid TOML: "),
        "{}",
        error.message
    );
}

#[test]
fn e0702_wrong_type_points_at_the_value() {
    let text = "[runtime]\ntimeout_ms = \"soon\"\n";
    let error = only(text);
    assert_eq!(error.code, "E0702");
    assert_eq!(
        error.message,
        "invalid value for 'runtime.timeout_ms': expected an integer ≥ 1"
    );
    assert_eq!(labelled(text, &error), "\"soon\"");
}

#[test]
fn e0702_for_every_kind_of_bad_value() {
    for (text, message) in [
        ("[runtime]\nbackend = \"fast\"", "invalid value for 'runtime.backend': expected \"auto\", \"interp\" or \"jit\""),
        ("[runtime]\nclock = 1", "invalid value for 'runtime.clock': expected \"real\" or \"virtual\""),
        ("[runtime]\nmax_concurrency = 0", "invalid value for 'runtime.max_concurrency': expected an integer ≥ 1"),
        ("[limits]\nmax_call_depth = 0", "invalid value for 'limits.max_call_depth': expected an integer ≥ 1"),
        ("[limits]\nmax_pattern_depth = -1", "invalid value for 'limits.max_pattern_depth': expected an integer ≥ 0"),
        ("[patterns]\nid_prefix = \"A-B\"", "invalid value for 'patterns.id_prefix': expected a string of letters, digits and '_'"),
        ("[patterns]\nroot_id = \"1a\"", "invalid value for 'patterns.root_id': expected a string of digits"),
        ("[modules]\npaths = [\"a\", 1]", "invalid value for 'modules.paths': expected an array of strings"),
        ("[policy]\njitter = \"some\"", "invalid value for 'policy.jitter': expected \"full\", \"equal\" or \"none\""),
        ("[policy]\nretry_on = [\"timeout\", \"later\"]", "invalid value for 'policy.retry_on': expected \"timeout\", \"rate_limited\", \"server\", \"network\", \"unavailable\", \"auth\", \"bad_request\", \"not_found\", \"content_filter\", \"protocol\", \"cancelled\", \"other\", \"parse\" or \"low_confidence\""),
        ("[budget]\ncalls = -1", "invalid value for 'budget.calls': expected an integer ≥ 0"),
        ("[trace]\ninclude_content = \"yes\"", "invalid value for 'trace.include_content': expected a boolean"),
        ("[governance]\nmode = \"loud\"", "invalid value for 'governance.mode': expected \"enforce\" or \"shadow\""),
        ("[test]\nclock = \"fast\"", "invalid value for 'test.clock': expected \"real\" or \"virtual\""),
        ("[agents.a]\ncapabilities = \"x\"", "invalid value for 'agents.a.capabilities': expected an array of strings"),
        ("[agents.a]\nestimator = \"guess\"", "invalid value for 'agents.a.estimator': expected \"fixed\", \"self-report\", \"logprobs\" or \"heuristic\""),
        ("[agents.a]\nestimator = { name = \"fixed\", calibration = [[0.5, 0.1], [0.2, 0.9]] }", "invalid value for 'agents.a.estimator.calibration': expected at least two [in, out] pairs of numbers in [0, 1] with strictly increasing 'in'"),
        ("[providers.x]\nmodel = \"m\"", "invalid value for 'providers.x.type': expected a provider type"),
        ("[providers.\"a b\"]\ntype = \"mock\"", "invalid value for 'providers.a b': expected a provider name of letters, digits, '_' and '-'"),
        ("[providers.mock]\nrules = [ { responses = [ { delay_ms = \"1\" } ] } ]", "invalid value for 'providers.mock.rules[0].responses[0].delay_ms': expected an integer ≥ 0"),
        ("runtime = 3", "invalid value for 'runtime': expected a table"),
    ] {
        let error = only(text);
        assert_eq!((error.code, error.message.as_str()), ("E0702", message), "{text}");
    }
}

#[test]
fn e0703_ranges_and_level_order() {
    for (text, message) in [
        (
            "[confidence]\nhigh = 1.5",
            "'confidence.high' must be between 0 and 1",
        ),
        (
            "[agents.a]\nexpertise = -0.1",
            "'agents.a.expertise' must be between 0 and 1",
        ),
        (
            "[policy]\nmin_confidence = 2",
            "'policy.min_confidence' must be between 0 and 1",
        ),
        (
            "[runtime]\nseed = -1",
            "'runtime.seed' must be between 0 and 18446744073709551615",
        ),
        (
            "[providers.mock]\nfailure_rate = 1.5",
            "'providers.mock.failure_rate' must be between 0 and 1",
        ),
        (
            "[confidence]\nhigh = 0.6\nmedium = 0.8",
            "'confidence.medium' must be between 0 and 0.6",
        ),
        (
            "[confidence]\nhigh = 0.4",
            "'confidence.high' must be between 0.5 and 1",
        ),
        (
            "[compat.parallax]\ndefault_confidence = 3",
            "'compat.parallax.default_confidence' must be between 0 and 1",
        ),
    ] {
        let error = only(text);
        assert_eq!(
            (error.code, error.message.as_str()),
            ("E0703", message),
            "{text}"
        );
    }
    // A level-order violation leaves the default levels in place.
    let parsed = parse("[confidence]\nhigh = 0.6\nmedium = 0.8");
    assert_eq!(
        (
            parsed.config.confidence.high,
            parsed.config.confidence.medium
        ),
        (0.7, 0.5)
    );
}

#[test]
fn e0704_unknown_provider_type() {
    let text = "[providers.x]\ntype = \"opnai\"\n";
    let error = only(text);
    assert_eq!(
        (error.code, error.message.as_str()),
        ("E0704", "unknown provider type 'opnai'")
    );
    assert_eq!(labelled(text, &error), "\"opnai\"");
    assert_eq!(error.help, ["did you mean 'openai'?"]);
}

struct HostTypes;

impl ProviderTypes for HostTypes {
    fn is_host_type(&self, type_name: &str) -> bool {
        type_name == "bedrock"
    }

    fn check_host_provider(
        &self,
        _name: &str,
        _type_name: &str,
        table: &serde_json::Map<String, serde_json::Value>,
    ) -> Vec<(String, String)> {
        match table.get("region") {
            Some(serde_json::Value::String(_)) => Vec::new(),
            _ => vec![("region".to_owned(), "a region name".to_owned())],
        }
    }
}

#[test]
fn host_provider_types_use_the_hook() {
    let text = "[providers.b]\ntype = \"bedrock\"\nregion = 3\nanything = true\n";
    let parsed = parse_with(text, &Environment::new(), &HostTypes);
    let messages: Vec<_> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["invalid value for 'providers.b.region': expected a region name"]
    );
    assert!(matches!(
        parsed.config.providers[0].settings,
        ProviderSettings::Host(_)
    ));
}

#[test]
fn e0705_unknown_provider_of_an_agent() {
    let text = "[providers.local]\ntype = \"openai\"\n[agents.a]\nprovider = \"locl\"\n";
    let error = only(text);
    assert_eq!(
        (error.code, error.message.as_str()),
        ("E0705", "agent 'a' uses unknown provider 'locl'")
    );
    assert_eq!(labelled(text, &error), "\"locl\"");
    assert_eq!(error.help, ["did you mean 'local'?"]);
}

#[test]
fn mock_and_automatic_providers_always_resolve() {
    assert!(codes("[agents.a]\nprovider = \"mock\"").is_empty());
    let text = "[agents.a]\nprovider = \"anthropic\"";
    assert_eq!(codes(text), ["E0705"]);
    let env: Environment = [("ANTHROPIC_API_KEY", "k")].into_iter().collect();
    assert!(parse_with(text, &env, &BuiltinProviderTypes)
        .diagnostics
        .is_empty());
}

#[test]
fn e0706_fallback_neither_agent_nor_provider() {
    let text = "[policy]\nfallback = [\"ghost\"]\n[providers.p]\ntype = \"mock\"\nfallback = [\"a\", \"mock\", \"nobody\"]\n[agents.a]\nfallback = [\"p\"]\n";
    let messages: Vec<_> = parse(text)
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "E0706",
                "fallback 'ghost' of 'policy' is neither an agent nor a provider".to_owned()
            ),
            (
                "E0706",
                "fallback 'nobody' of 'p' is neither an agent nor a provider".to_owned()
            ),
        ]
    );
}

#[test]
fn e0709_command_provider_needs_a_command() {
    for text in [
        "[providers.t]\ntype = \"command\"\n",
        "[providers.t]\ntype = \"command\"\ncommand = []\n",
        "[providers.t]\ntype = \"command\"\ncommand = \"python3 x.py\"\n",
    ] {
        let error = only(text);
        assert_eq!(error.code, "E0709", "{text}");
        assert_eq!(
            error.message,
            "provider 't' of type command needs a non-empty 'command'"
        );
    }
    let parsed = parse(
        "[providers.t]\ntype = \"command\"\ncommand = [\"python3\", \"a.py\"]\nper_call = true\n",
    );
    assert!(parsed.diagnostics.is_empty());
    match &parsed.config.providers[0].settings {
        ProviderSettings::Command(command) => {
            assert_eq!(command.command, ["python3", "a.py"]);
            assert!(command.per_call);
            assert_eq!(
                (
                    command.startup_timeout_ms,
                    command.shutdown_timeout_ms,
                    command.max_restarts
                ),
                (10_000, 2_000, 3)
            );
        }
        other => panic!("expected a command provider, got {other:?}"),
    }
}

#[test]
fn e0711_replay_needs_cassette_and_target() {
    let message =
        "provider 'r' of type replay needs 'cassette' (and 'target' in record or auto mode)";
    for text in [
        "[providers.r]\ntype = \"replay\"\n",
        "[providers.r]\ntype = \"replay\"\ncassette = \"c.jsonl\"\nmode = \"record\"\n",
        "[providers.r]\ntype = \"replay\"\ncassette = \"c.jsonl\"\nmode = \"auto\"\n",
    ] {
        let error = only(text);
        assert_eq!(
            (error.code, error.message.as_str()),
            ("E0711", message),
            "{text}"
        );
        assert_eq!(labelled(text, &error), "r");
    }
    assert!(codes("[providers.r]\ntype = \"replay\"\ncassette = \"c.jsonl\"\n").is_empty());
    assert!(codes("[providers.r]\ntype = \"replay\"\ncassette = \"c\"\nmode = \"record\"\ntarget = \"mock\"\n").is_empty());
}

#[test]
fn w0701_unknown_keys_with_suggestions() {
    let text = "[runtime]\ntimout_ms = 5\n[agents.a]\ncapabilites = []\n[colour]\n";
    let parsed = parse(text);
    let found: Vec<_> = parsed
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code,
                d.message.as_str(),
                d.help.clone(),
                labelled(text, d),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("W0701", "unknown key 'colour'", vec![], "colour"),
            (
                "W0701",
                "unknown key 'runtime.timout_ms'",
                vec!["did you mean 'runtime.timeout_ms'?".to_owned()],
                "timout_ms"
            ),
            (
                "W0701",
                "unknown key 'agents.a.capabilites'",
                vec!["did you mean 'agents.a.capabilities'?".to_owned()],
                "capabilites"
            ),
        ]
    );
    assert!(!parsed.has_errors());
}

#[test]
fn type_specific_keys_depend_on_the_type() {
    assert_eq!(
        codes("[providers.o]\ntype = \"openai\"\ncassette = \"x\"\n"),
        ["W0701"]
    );
    assert!(codes("[providers.o]\ntype = \"openai\"\nbase_url = \"http://127.0.0.1\"\nheaders = { x = \"y\" }\nretries = 1\n").is_empty());
    assert!(codes(
        "[providers.a]\ntype = \"anthropic\"\nanthropic_version = \"v\"\nmax_tokens = 10\n"
    )
    .is_empty());
    assert!(codes("[providers.g]\ntype = \"gemini\"\napi_version = \"v1\"\n").is_empty());
}

#[test]
fn secrets_never_reach_diagnostics_or_debug() {
    let secret = "sk-live-0123456789abcdef";
    let env: Environment = [("OPENAI_API_KEY", secret)].into_iter().collect();
    let text = "[providers.openai]\napi_key_env = 3\n[trace]\nredact = [\"hunter2-password\"]\n";
    let parsed = parse_with(text, &env, &BuiltinProviderTypes);
    let everything = format!("{parsed:?}{env:?}");
    assert!(!everything.contains(secret));
    assert!(!everything.contains("hunter2"));
}

#[test]
fn relative_paths_resolve_against_the_project_root() {
    let text = "[modules]\npaths = [\"lib\", \"/abs\"]\n[trace]\npath = \"t.jsonl\"\n[providers.m]\ntype = \"mock\"\nscript = \"s.json\"\n";
    let mut config = parse(text).config;
    config.resolve_paths(std::path::Path::new("/proj"));
    assert_eq!(
        config.modules.paths,
        ["/proj/lib", "/abs"].map(std::path::PathBuf::from)
    );
    assert_eq!(config.trace.path, Some("/proj/t.jsonl".into()));
    match &config.providers[0].settings {
        ProviderSettings::Mock(mock) => assert_eq!(mock.script, Some("/proj/s.json".into())),
        other => panic!("expected mock, got {other:?}"),
    }
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "[[agents]]\nname = 1",
        "agents = [1, 2]",
        "[providers]\nmock = 3",
        "[providers.mock]\nrules = 5\ndefault_response = []",
        "[agents.a.budget]\ncalls = 1.5\nextra = 1",
        "[agents.a]\nestimator = { value = 0.3 }",
        "[agents.a]\nestimator = { name = \"fixed\", fallback = { name = \"nope\" } }",
        "[compat]\nparallax = 1",
        "x = 1979-05-27T07:32:00Z",
        "\u{feff}",
    ] {
        let _ = parse(text);
    }
}

#[test]
fn header_and_env_values_are_hidden_from_debug() {
    let text = "[providers.o]\ntype = \"openai\"\nheaders = { Authorization = \"Bearer sk-abcdefgh\" }\n[providers.t]\ntype = \"command\"\ncommand = [\"x\"]\nenv = { TOKEN = \"tok-12345678\" }\n";
    let parsed = parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let shown = format!("{:?}", parsed.config);
    assert!(shown.contains("Authorization") && shown.contains("TOKEN"));
    assert!(!shown.contains("sk-abcdefgh") && !shown.contains("tok-12345678"));
}

#[test]
fn e0708_and_e0710_constructors() {
    let error = prism_config::cannot_read(std::path::Path::new("policies/a.rego"), "not found");
    assert_eq!(
        (error.code, error.message.as_str()),
        ("E0708", "cannot read 'policies/a.rego': not found")
    );
    let error = prism_config::governance_policy_failed("rego_parse_error: unexpected token");
    assert_eq!(
        (error.code, error.message.as_str()),
        (
            "E0710",
            "governance policy failed to compile: rego_parse_error: unexpected token"
        )
    );
}

#[test]
fn a_broken_provider_is_reported_once() {
    let text = "[providers.tools]\ntype = \"command\"\n[agents.a]\nprovider = \"tools\"\nfallback = [\"tools\"]\n";
    assert_eq!(codes(text), ["E0709"]);
}
