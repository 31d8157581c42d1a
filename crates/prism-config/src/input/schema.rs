//! Checking that a schema uses the JSON Schema subset of runtime §4.3 correctly: `E0603` details
//! for malformed keywords, and the unsupported keywords that `W0604` reports.

use serde_json::{Map, Value as Json};

/// The type names a schema's `type` may use.
pub const TYPE_NAMES: &[&str] = &[
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// Keywords that only annotate and are ignored by validation.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "examples",
    "format",
    "$schema",
    "$id",
];

/// The problems found in a schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaReport {
    /// `E0603` details, e.g. `at /properties/age: 'minimum' must be a number`.
    pub errors: Vec<String>,
    /// Keywords outside the subset, each once, in the order found (`W0604`).
    pub unsupported: Vec<String>,
}

/// Checks `schema` (an `@input` tag or the `schema` option of `llm`, runtime §6.1).
pub fn check_schema(schema: &Json) -> SchemaReport {
    let mut report = SchemaReport::default();
    check(schema, "", &mut report);
    report
}

fn location(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

fn check(schema: &Json, path: &str, report: &mut SchemaReport) {
    let Json::Object(object) = schema else {
        report
            .errors
            .push(format!("at {}: a schema must be an object", location(path)));
        return;
    };
    for (keyword, value) in object {
        let problem = check_keyword(keyword, value, path, report);
        if let Some(problem) = problem {
            report.errors.push(format!(
                "at {}: '{keyword}' must be {problem}",
                location(path)
            ));
        }
    }
}

/// Checks one keyword; returns what it must be when it is malformed.
fn check_keyword(
    keyword: &str,
    value: &Json,
    path: &str,
    report: &mut SchemaReport,
) -> Option<&'static str> {
    let non_negative = |value: &Json| value.as_u64().is_some();
    match keyword {
        "type" => (!valid_type(value)).then_some("a type name or an array of type names"),
        "properties" => match value {
            Json::Object(properties) => {
                for (name, schema) in properties {
                    check(schema, &format!("{path}/properties/{name}"), report);
                }
                None
            }
            _ => Some("an object of schemas"),
        },
        "required" => (!value
            .as_array()
            .is_some_and(|items| items.iter().all(Json::is_string)))
        .then_some("an array of strings"),
        "additionalProperties" => match value {
            Json::Bool(_) => None,
            Json::Object(_) => {
                check(value, &format!("{path}/additionalProperties"), report);
                None
            }
            _ => Some("a boolean or a schema"),
        },
        "items" => match value {
            Json::Object(_) => {
                check(value, &format!("{path}/items"), report);
                None
            }
            _ => Some("a schema"),
        },
        "minItems" | "maxItems" | "minLength" | "maxLength" => {
            (!non_negative(value)).then_some("an integer ≥ 0")
        }
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
            (!value.is_number()).then_some("a number")
        }
        "enum" => (!value.is_array()).then_some("an array"),
        "anyOf" | "allOf" | "oneOf" => match value {
            Json::Array(schemas) if !schemas.is_empty() => {
                for (index, schema) in schemas.iter().enumerate() {
                    check(schema, &format!("{path}/{keyword}/{index}"), report);
                }
                None
            }
            _ => Some("a non-empty array of schemas"),
        },
        "const" | "default" => None,
        _ if ANNOTATIONS.contains(&keyword) => None,
        _ => {
            if !report.unsupported.iter().any(|known| known == keyword) {
                report.unsupported.push(keyword.to_owned());
            }
            None
        }
    }
}

fn valid_type(value: &Json) -> bool {
    let name_ok = |name: &Json| name.as_str().is_some_and(|name| TYPE_NAMES.contains(&name));
    match value {
        Json::String(_) => name_ok(value),
        Json::Array(names) => !names.is_empty() && names.iter().all(name_ok),
        _ => false,
    }
}

/// The schema's `properties`, if it has them as an object.
pub(crate) fn properties(schema: &Map<String, Json>) -> Option<&Map<String, Json>> {
    schema.get("properties").and_then(Json::as_object)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn valid_subset_has_no_problems() {
        let schema = json!({"type": "object", "properties": {"q": {"type": ["string", "null"], "minLength": 1}},
            "required": ["q"], "additionalProperties": false, "title": "t", "anyOf": [{}]});
        assert_eq!(check_schema(&schema), SchemaReport::default());
    }

    #[test]
    fn malformed_keywords_are_errors_with_locations() {
        let schema = json!({"properties": {"age": {"minimum": "3"}}, "type": "text"});
        let report = check_schema(&schema);
        assert_eq!(
            report.errors,
            [
                "at /properties/age: 'minimum' must be a number",
                "at /: 'type' must be a type name or an array of type names"
            ]
        );
    }

    #[test]
    fn unsupported_keywords_are_listed_once() {
        let schema = json!({"pattern": "x", "properties": {"a": {"pattern": "y", "$ref": "#"}}});
        assert_eq!(check_schema(&schema).unsupported, ["pattern", "$ref"]);
    }
}
