//! Pattern headers: tags (runtime §3.1, §3.2), diagnostics (§3.3), the `header` object of
//! `prism check --format json` (cli §5) and the `pattern` binding (§3.5).

use prism_config::header::{
    pattern_binding, read_header, Header, HeaderResult, PatternPlace, SortBy,
};
use prism_span::FileId;
use serde_json::json;

fn read(source: &str) -> HeaderResult {
    read_header(source, FileId(3))
}

fn header(source: &str) -> Header {
    let result = read(source);
    assert!(result.diagnostics.is_empty(), "{:#?}", result.diagnostics);
    result.header.expect("a header")
}

/// `(code, message, labelled text)` of every diagnostic.
fn found(source: &str) -> Vec<(&'static str, String, String)> {
    read(source)
        .diagnostics
        .into_iter()
        .map(|d| {
            let text = d
                .primary()
                .map_or("", |l| l.at.span.text(source))
                .to_owned();
            assert_eq!(d.file(), Some(FileId(3)));
            (d.code, d.message, text)
        })
        .collect()
}

const EXAMPLE: &str = r#"/**
 * Routes a question to the cheapest agent that is confident enough.
 * @name cheap-first
 * @version 1.2.0
 * @input {"type": "object",
 *         "properties": {"question": {"type": "string"},
 *                        "target": {"type": "number", "default": 0.8}},
 *         "required": ["question"]}
 * @agents {"capabilities": ["qa"], "minAgents": 2, "sortBy": "expertise"}
 * @timeout 120000
 */
let x = 1
"#;

#[test]
fn example_of_3_1() {
    let header = header(EXAMPLE);
    assert_eq!(
        header.summary,
        "Routes a question to the cheapest agent that is confident enough."
    );
    assert_eq!(header.name.as_deref(), Some("cheap-first"));
    assert_eq!(header.version.as_deref(), Some("1.2.0"));
    assert_eq!(header.timeout, Some(120_000));
    let requirements = header.requirements.as_ref().expect("requirements");
    assert_eq!(requirements.capabilities, ["qa"]);
    assert_eq!(
        (requirements.min_agents, requirements.max_agents),
        (Some(2), None)
    );
    assert_eq!(requirements.sort_by, SortBy::Expertise);
    assert_eq!(
        header.input.as_ref().and_then(|s| s.get("required")),
        Some(&json!(["question"]))
    );
}

#[test]
fn check_json_header_of_cli_5() {
    let value = header(EXAMPLE).to_json("dir/cheap.prism");
    let expected = json!({
        "name": "cheap-first",
        "version": "1.2.0",
        "description": "Routes a question to the cheapest agent that is confident enough.",
        "input": {"type": "object",
                  "properties": {"question": {"type": "string"},
                                 "target": {"type": "number", "default": 0.8}},
                  "required": ["question"]},
        "requirements": {"capabilities": ["qa"], "minAgents": 2, "maxAgents": null,
                         "minConfidence": null, "sortBy": "expertise"},
        "timeout": 120000,
        "tags": {
            "name": "cheap-first",
            "version": "1.2.0",
            "input": {"type": "object",
                      "properties": {"question": {"type": "string"},
                                     "target": {"type": "number", "default": 0.8}},
                      "required": ["question"]},
            "agents": {"capabilities": ["qa"], "minAgents": 2, "sortBy": "expertise"},
            "timeout": 120000
        }
    });
    assert_eq!(value, expected);
    let keys: Vec<_> = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "name",
            "version",
            "description",
            "input",
            "requirements",
            "timeout",
            "tags"
        ]
    );
}

#[test]
fn pattern_binding_with_and_without_header() {
    let source = "/**\n * Sorts incoming tickets.\n * @name triage\n * @version 2.1.0\n * @timeout 60000\n * @metadata {\"owner\": \"ops\"}\n */\n";
    let place = PatternPlace {
        file: "pattern-binding.prism".to_owned(),
        node: "ORG_1".to_owned(),
        depth: 0,
        selected_agents: vec![],
        parallax: false,
    };
    let binding = pattern_binding(Some(&header(source)), &place);
    assert_eq!(
        binding,
        json!({
            "name": "triage", "version": "2.1.0", "description": "Sorts incoming tickets.",
            "input": null, "requirements": null, "timeout": 60000,
            "tags": {"name": "triage", "version": "2.1.0", "timeout": 60000, "metadata": {"owner": "ops"}},
            "file": "pattern-binding.prism", "node": "ORG_1", "depth": 0, "selectedAgents": []
        })
    );
    let bare = pattern_binding(
        None,
        &PatternPlace {
            file: "sub/plain.prism".to_owned(),
            ..place
        },
    );
    assert_eq!(bare["name"], "plain");
    assert_eq!(bare["version"], "1.0.0");
    assert_eq!(
        (bare["description"].clone(), bare["timeout"].clone()),
        (json!(null), json!(null))
    );
    assert_eq!(bare["tags"], json!({}));
}

#[test]
fn no_header_without_a_leading_doc_comment() {
    assert!(read("let a = 1\n/** @name x */").header.is_none());
    assert!(read("").header.is_none());
}

#[test]
fn text_tags_keep_raw_text_and_decode_quoted_values() {
    let header =
        header("/**\n * @name \"quoted\"\n * @description Two\n *   lines {not json}\n */");
    assert_eq!(header.name.as_deref(), Some("quoted"));
    assert_eq!(
        header.description.as_deref(),
        Some("Two\n  lines {not json}")
    );
}

#[test]
fn requirements_overrides_and_defaults() {
    let header = header("/**\n * @agents {\"capabilities\": [\"a\"], \"minAgents\": 1}\n * @maxAgents 3\n * @minAgents 2\n */");
    let requirements = header.requirements.expect("requirements");
    assert_eq!(
        (requirements.min_agents, requirements.max_agents),
        (Some(2), Some(3))
    );
    let only_min = self::header("/** @minAgents 1 */")
        .requirements
        .expect("requirements");
    assert_eq!(
        only_min.to_json(false),
        json!({"capabilities": [], "minAgents": 1, "maxAgents": null, "minConfidence": null, "sortBy": "registry"})
    );
    let parallax = self::header("/** @agents {} */")
        .requirements
        .expect("requirements");
    assert_eq!(
        (
            parallax.min_agents_or_default(false),
            parallax.min_agents_or_default(true)
        ),
        (0, 1)
    );
}

#[test]
fn e0601_invalid_tag_values() {
    let cases = [
        ("/** @name two words */", "invalid value for @name: expected text without whitespace", "two words"),
        ("/** @name */", "invalid value for @name: expected text without whitespace", "@name"),
        ("/** @timeout 0 */", "invalid value for @timeout: expected an integer ≥ 1", "0"),
        ("/** @timeout soon */", "invalid value for @timeout: expected an integer ≥ 1", "soon"),
        ("/** @minAgents -1 */", "invalid value for @minAgents: expected an integer ≥ 0", "-1"),
        ("/** @maxAgents 1.5 */", "invalid value for @maxAgents: expected an integer ≥ 0", "1.5"),
        ("/** @input [1] */", "invalid value for @input: expected a JSON Schema object", "[1]"),
        ("/** @input {bad */", "invalid value for @input: expected a JSON Schema object", "{bad"),
        ("/** @agents 3 */", "invalid value for @agents: expected an object", "3"),
        ("/** @agents {\"capabilities\": \"qa\"} */", "invalid value for @agents: expected 'capabilities' to be an array of strings", "{\"capabilities\": \"qa\"}"),
        ("/** @agents {\"minConfidence\": 2} */", "invalid value for @agents: expected 'minConfidence' to be a number in [0, 1]", "{\"minConfidence\": 2}"),
        ("/** @agents {\"sortBy\": \"age\"} */", "invalid value for @agents: expected 'sortBy' to be \"registry\", \"expertise\" or \"historicalConfidence\"", "{\"sortBy\": \"age\"}"),
        ("/** @agents {\"maxAgents\": -2} */", "invalid value for @agents: expected 'maxAgents' to be an integer ≥ 0", "{\"maxAgents\": -2}"),
    ];
    for (source, message, text) in cases {
        assert_eq!(
            found(source),
            [("E0601", message.to_owned(), text.to_owned())],
            "{source}"
        );
    }
}

#[test]
fn e0602_version_is_not_semver() {
    assert_eq!(
        found("/**\n * @version 1.0\n */"),
        [(
            "E0602",
            "@version '1.0' is not a semantic version".to_owned(),
            "1.0".to_owned()
        )]
    );
    for bad in [
        "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "v1.0.0", "1.0.0.0", "1..0",
    ] {
        assert!(!prism_config::header::is_semver(bad), "{bad}");
    }
    for good in [
        "0.0.0",
        "1.2.3-alpha.1",
        "1.2.3+build.5",
        "1.2.3-rc.1+sha.abc",
        "10.20.30-0a",
    ] {
        assert!(prism_config::header::is_semver(good), "{good}");
    }
}

#[test]
fn e0603_invalid_schema() {
    let source =
        "/** @input {\"type\": \"object\", \"properties\": {\"n\": {\"minimum\": \"1\"}}} */";
    assert_eq!(
        found(source),
        [(
            "E0603",
            "@input is not a valid schema: at /properties/n: 'minimum' must be a number".to_owned(),
            "{\"type\": \"object\", \"properties\": {\"n\": {\"minimum\": \"1\"}}}".to_owned()
        )]
    );
}

#[test]
fn e0605_min_greater_than_max() {
    assert_eq!(
        found("/**\n * @agents {\"minAgents\": 3, \"maxAgents\": 1}\n */"),
        [(
            "E0605",
            "@agents: minAgents (3) is greater than maxAgents (1)".to_owned(),
            "{\"minAgents\": 3, \"maxAgents\": 1}".to_owned()
        )]
    );
    assert_eq!(
        found("/**\n * @minAgents 4\n * @maxAgents 2\n */")[0].0,
        "E0605"
    );
}

#[test]
fn w0601_unknown_tag_with_suggestion() {
    let result = read("/** @timeuot 5 */");
    let warning = &result.diagnostics[0];
    assert_eq!(
        (warning.code, warning.message.as_str()),
        ("W0601", "unknown header tag @timeuot")
    );
    assert_eq!(warning.help, ["did you mean @timeout?"]);
    // Unknown tags are still exposed in `tags`.
    assert_eq!(result.header.expect("header").tags["timeuot"], json!(5));
}

#[test]
fn w0603_duplicate_tag_last_wins() {
    let source = "/**\n * @name a\n * @name b\n * @param x\n * @param y\n */";
    let result = read(source);
    let codes: Vec<_> = result
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert_eq!(
        codes,
        [("W0603", "duplicate header tag @name; the last one is used")]
    );
    let header = result.header.expect("header");
    assert_eq!(header.name.as_deref(), Some("b"));
    assert_eq!(header.tags["name"], "b");
}

#[test]
fn w0604_unsupported_keyword_points_at_it() {
    let source = "/** @input {\"type\": \"string\", \"pattern\": \"^a\"} */";
    assert_eq!(
        found(source),
        [(
            "W0604",
            "unsupported schema keyword 'pattern' is ignored".to_owned(),
            "\"pattern\"".to_owned()
        )]
    );
    assert!(read(source).header.expect("header").input.is_some());
}

#[test]
fn ignored_and_exposed_tags() {
    let header = header("/**\n * @workspace {\"root\": \".\"}\n * @threads 4\n * @author someone\n * @deprecated\n */");
    assert_eq!(header.tags["workspace"], json!({"root": "."}));
    assert_eq!(header.tags["threads"], json!(4));
    assert_eq!(header.tags["author"], json!("someone"));
    assert_eq!(header.tags["deprecated"], json!(""));
}

#[test]
fn select_queries_of_5_3() {
    use prism_config::header::Requirements;
    let query = Requirements::from_query(&json!(["qa", "lint"])).expect("shorthand");
    assert_eq!(query.capabilities, ["qa", "lint"]);
    let query = Requirements::from_query(
        &json!({"capabilities": ["qa"], "maxAgents": 2, "sortBy": "expertise", "minAgents": null}),
    )
    .expect("object");
    assert_eq!(
        (query.max_agents, query.min_agents, query.sort_by),
        (Some(2), None, SortBy::Expertise)
    );
    assert_eq!(
        Requirements::from_query(&json!({"maxAgents": -1})).expect_err("bad"),
        "'maxAgents' must be an integer ≥ 0"
    );
    assert!(Requirements::from_query(&json!("qa")).is_err());
}
