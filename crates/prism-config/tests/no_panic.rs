//! No input makes the crate panic: arbitrary `prism.toml` text, header comments, `--input`
//! text, and schema/value pairs.

use prism_config::header::read_header;
use prism_config::input::{parse_input_json, prepare_input};
use prism_config::{parse_config, BuiltinProviderTypes, ConfigContext, Environment};
use prism_span::FileId;
use proptest::prelude::*;
use serde_json::Value as Json;

/// Fragments that steer random text towards the interesting parts of the grammars.
fn toml_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[runtime]\n",
        "[agents.a]\n",
        "[providers.p]\n",
        "[confidence]\n",
        "type = \"mock\"\n",
        "type = \"replay\"\n",
        "type = \"command\"\n",
        "seed = -1\n",
        "high = 0.2\n",
        "medium = 0.9\n",
        "fallback = [\"x\"]\n",
        "provider = \"q\"\n",
        "rules = [ { responses = [ {} ] } ]\n",
        "estimator = { name = \"fixed\", calibration = [[0, 0], [1]] }\n",
        "x = [1, \"a\"]\n",
        "\"é\" = 1\n",
        "[[agents]]\n",
        "=",
        "\"",
        "\n",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|parts| parts.concat())
}

fn header_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "/**",
        "*/",
        "\n * ",
        "@name ",
        "@version ",
        "@input ",
        "@agents ",
        "@minAgents ",
        "@maxAgents ",
        "@timeout ",
        "@x ",
        "{\"type\": ",
        "\"object\"",
        "}",
        "[",
        "]",
        "-1",
        "1.0.0",
        "é",
        "\r",
        "\"",
        "{\"minAgents\": 3, \"maxAgents\": 1}",
        "#!",
        "//",
        " ",
    ]);
    prop::collection::vec(pieces, 0..16).prop_map(|parts| parts.concat())
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        (-5i64..5).prop_map(Json::from),
        (-2.0f64..2.0).prop_map(Json::from),
        prop::sample::select(vec![
            "type",
            "object",
            "string",
            "integer",
            "properties",
            "required",
            "default",
            "a"
        ])
        .prop_map(Json::from),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "type",
                        "properties",
                        "required",
                        "items",
                        "enum",
                        "const",
                        "minimum",
                        "maxLength",
                        "minItems",
                        "anyOf",
                        "allOf",
                        "oneOf",
                        "default",
                        "additionalProperties",
                        "a",
                    ]),
                    inner,
                ),
                0..4,
            )
            .prop_map(|pairs| Json::Object(
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #[test]
    fn configuration_never_panics(text in prop_oneof![toml_like(), any::<String>()]) {
        let env = Environment::new();
        let context = ConfigContext { env: &env, provider_types: &BuiltinProviderTypes };
        let _ = parse_config(&text, FileId(0), &context);
    }

    #[test]
    fn headers_never_panic(text in prop_oneof![header_like(), any::<String>()]) {
        let result = read_header(&text, FileId(0));
        for diagnostic in &result.diagnostics {
            let span = diagnostic.primary().map(|l| l.at.span).unwrap_or_default();
            prop_assert!(span.end as usize <= text.len());
            prop_assert!(text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize));
        }
    }

    #[test]
    fn inputs_never_panic(text in any::<String>(), schema in json_value(), value in json_value()) {
        let _ = parse_input_json(&text);
        let _ = prepare_input(Some(value), Some(&schema));
    }
}
