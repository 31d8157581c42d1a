//! Schema defaults and validation (runtime §4.3).

use serde_json::{Map, Value as Json};

use super::schema::properties;

/// The first failure found, with its JSON-pointer-like path (`/`, `/user/age`, `/items/2`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub detail: String,
}

/// Applies the schema's defaults to `value` (runtime §4.3): a `null` input becomes a copy of the
/// root `default`; in every object checked against a schema with `properties`, each missing
/// property whose schema has a `default` is appended (in `properties` order), recursively.
pub fn apply_defaults(schema: &Json, value: &mut Json) {
    let Json::Object(schema) = schema else { return };
    if value.is_null() {
        if let Some(default) = schema.get("default") {
            *value = default.clone();
        }
    }
    fill_defaults(schema, value);
}

fn fill_defaults(schema: &Map<String, Json>, value: &mut Json) {
    match value {
        Json::Object(object) => {
            if let Some(properties) = properties(schema) {
                for (name, property) in properties {
                    if object.contains_key(name) {
                        continue;
                    }
                    if let Some(default) = property.get("default") {
                        object.insert(name.clone(), default.clone());
                    }
                }
                for (name, property) in properties {
                    if let (Some(child), Json::Object(property)) = (object.get_mut(name), property)
                    {
                        fill_defaults(property, child);
                    }
                }
            }
        }
        Json::Array(items) => {
            if let Some(Json::Object(item_schema)) = schema.get("items") {
                items
                    .iter_mut()
                    .for_each(|item| fill_defaults(item_schema, item));
            }
        }
        _ => {}
    }
    if let Some(Json::Array(all)) = schema.get("allOf") {
        for sub in all.iter().filter_map(Json::as_object) {
            fill_defaults(sub, value);
        }
    }
}

/// Validates `value` against `schema` in the order of runtime §4.3 and returns the first failure.
pub fn validate(schema: &Json, value: &Json) -> Result<(), Violation> {
    check(schema, value, "")
}

fn fail(path: &str, detail: String) -> Result<(), Violation> {
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        path.to_owned()
    };
    Err(Violation { path, detail })
}

fn check(schema: &Json, value: &Json, path: &str) -> Result<(), Violation> {
    let Json::Object(schema) = schema else {
        return Ok(());
    };
    check_type(schema, value, path)?;
    check_enum_const(schema, value, path)?;
    check_numeric(schema, value, path)?;
    check_length(schema, value, path)?;
    match value {
        Json::Array(items) => check_array(schema, items, path)?,
        Json::Object(object) => check_object(schema, object, path)?,
        _ => {}
    }
    check_combinators(schema, value, path)
}

/// The type name of a JSON value as it appears in "got {type}".
pub fn type_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn has_type(value: &Json, name: &str) -> bool {
    match name {
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        other => type_name(value) == other,
    }
}

fn check_type(schema: &Map<String, Json>, value: &Json, path: &str) -> Result<(), Violation> {
    let names: Vec<&str> = match schema.get("type") {
        Some(Json::String(name)) => vec![name.as_str()],
        Some(Json::Array(names)) => names.iter().filter_map(Json::as_str).collect(),
        _ => return Ok(()),
    };
    if names.iter().any(|name| has_type(value, name)) {
        return Ok(());
    }
    fail(
        path,
        format!("expected {}, got {}", names.join(" or "), type_name(value)),
    )
}

/// Compact JSON text, for `must be one of …` and `must be equal to …`.
fn compact(value: &Json) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn check_enum_const(schema: &Map<String, Json>, value: &Json, path: &str) -> Result<(), Violation> {
    if let Some(Json::Array(choices)) = schema.get("enum") {
        if !choices.iter().any(|choice| same(choice, value)) {
            let listed: Vec<String> = choices.iter().map(compact).collect();
            return fail(path, format!("must be one of {}", listed.join(", ")));
        }
    }
    if let Some(expected) = schema.get("const") {
        if !same(expected, value) {
            return fail(path, format!("must be equal to {}", compact(expected)));
        }
    }
    Ok(())
}

/// A number as JavaScript displays it: `3`, not `3.0` (language §5.1).
fn display_number(value: &Json) -> String {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e21 => format!("{}", n as i64),
        Some(n) => n.to_string(),
        None => compact(value),
    }
}

fn check_numeric(schema: &Map<String, Json>, value: &Json, path: &str) -> Result<(), Violation> {
    let Some(number) = value.as_f64() else {
        return Ok(());
    };
    type Holds = fn(f64, f64) -> bool;
    let limits: [(&str, &str, Holds); 4] = [
        ("minimum", "≥", |n, l| n >= l),
        ("maximum", "≤", |n, l| n <= l),
        ("exclusiveMinimum", ">", |n, l| n > l),
        ("exclusiveMaximum", "<", |n, l| n < l),
    ];
    for (keyword, symbol, holds) in limits {
        if let Some(limit) = schema.get(keyword) {
            if let Some(bound) = limit.as_f64() {
                if !holds(number, bound) {
                    return fail(path, format!("must be {symbol} {}", display_number(limit)));
                }
            }
        }
    }
    Ok(())
}

fn check_length(schema: &Map<String, Json>, value: &Json, path: &str) -> Result<(), Violation> {
    let Some(text) = value.as_str() else {
        return Ok(());
    };
    let length = text.chars().count() as u64;
    if let Some(min) = schema.get("minLength").and_then(Json::as_u64) {
        if length < min {
            return fail(path, format!("must have at least {min} characters"));
        }
    }
    if let Some(max) = schema.get("maxLength").and_then(Json::as_u64) {
        if length > max {
            return fail(path, format!("must have at most {max} characters"));
        }
    }
    Ok(())
}

fn check_array(schema: &Map<String, Json>, items: &[Json], path: &str) -> Result<(), Violation> {
    let count = items.len() as u64;
    if let Some(min) = schema.get("minItems").and_then(Json::as_u64) {
        if count < min {
            return fail(path, format!("must have at least {min} items"));
        }
    }
    if let Some(max) = schema.get("maxItems").and_then(Json::as_u64) {
        if count > max {
            return fail(path, format!("must have at most {max} items"));
        }
    }
    if let Some(item_schema) = schema.get("items") {
        for (index, item) in items.iter().enumerate() {
            check(item_schema, item, &format!("{path}/{index}"))?;
        }
    }
    Ok(())
}

fn check_object(
    schema: &Map<String, Json>,
    object: &Map<String, Json>,
    path: &str,
) -> Result<(), Violation> {
    if let Some(Json::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Json::as_str) {
            if !object.contains_key(name) {
                return fail(path, format!("missing required property '{name}'"));
            }
        }
    }
    let declared = properties(schema);
    if let Some(declared) = declared {
        for (name, property) in declared {
            if let Some(child) = object.get(name) {
                check(property, child, &format!("{path}/{name}"))?;
            }
        }
    }
    let is_declared = |name: &str| declared.is_some_and(|d| d.contains_key(name));
    match schema.get("additionalProperties") {
        Some(Json::Bool(false)) => {
            if let Some(name) = object.keys().find(|name| !is_declared(name)) {
                return fail(path, format!("unexpected property '{name}'"));
            }
        }
        Some(extra @ Json::Object(_)) => {
            for (name, child) in object.iter().filter(|(name, _)| !is_declared(name)) {
                check(extra, child, &format!("{path}/{name}"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_combinators(
    schema: &Map<String, Json>,
    value: &Json,
    path: &str,
) -> Result<(), Violation> {
    if let Some(Json::Array(all)) = schema.get("allOf") {
        for sub in all {
            check(sub, value, path)?;
        }
    }
    if let Some(Json::Array(any)) = schema.get("anyOf") {
        if !any.iter().any(|sub| check(sub, value, path).is_ok()) {
            return fail(path, "does not match any of the allowed schemas".to_owned());
        }
    }
    if let Some(Json::Array(one)) = schema.get("oneOf") {
        match one
            .iter()
            .filter(|sub| check(sub, value, path).is_ok())
            .count()
        {
            0 => return fail(path, "does not match any of the allowed schemas".to_owned()),
            1 => {}
            _ => return fail(path, "matches more than one of the schemas".to_owned()),
        }
    }
    Ok(())
}
