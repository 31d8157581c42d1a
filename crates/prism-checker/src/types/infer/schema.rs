//! Types of model and agent results (language §15.5): `llm(…)`, `agent.ask(…)` and `agent.call(…)`
//! are `unknown` unless the call names a `schema` (runtime §6.1), whose value the result must
//! satisfy (runtime §6.5). The schema must be written as an object literal in the options
//! argument; options that can replace the result (`full`, `fallback`) or spreads keep it `unknown`.

use std::sync::Arc;

use prism_syntax::ast::{ArrayElem, Expr, ExprKind, PropKeyKind, Property, PropertyKind};
use smol_str::SmolStr;

use crate::types::ty::{ObjectType, Type};

/// The result type of a model call whose options argument is `options`.
pub(super) fn model_result(options: Option<&ArrayElem>) -> Type {
    let Some(options) = options.filter(|options| !options.spread) else {
        return Type::Unknown;
    };
    let ExprKind::Object(properties) = &options.expr.unparenthesized().kind else {
        return Type::Unknown;
    };
    let mut schema = None;
    for property in properties {
        match &property.kind {
            PropertyKind::KeyValue { key, value } => match key_text(&key.kind) {
                Some("schema") => schema = Some(value),
                Some("full" | "fallback") | None => return Type::Unknown,
                Some(_) => {}
            },
            PropertyKind::Shorthand(name) if name.text == "schema" => return Type::Unknown,
            PropertyKind::Shorthand(name) if matches!(name.text.as_str(), "full" | "fallback") => {
                return Type::Unknown
            }
            PropertyKind::Shorthand(_) => {}
            PropertyKind::Spread(_) | PropertyKind::ShorthandPattern { .. } => {
                return Type::Unknown
            }
        }
    }
    schema.map_or(Type::Unknown, schema_type)
}

fn key_text(key: &PropKeyKind) -> Option<&str> {
    match key {
        PropKeyKind::Name(text) | PropKeyKind::String(text) => Some(text.as_str()),
        PropKeyKind::Number(_) | PropKeyKind::Computed(_) => None,
    }
}

fn field<'e>(properties: &'e [Property], name: &str) -> Option<&'e Expr> {
    properties
        .iter()
        .rev()
        .find_map(|property| match &property.kind {
            PropertyKind::KeyValue { key, value } if key_text(&key.kind) == Some(name) => {
                Some(value)
            }
            _ => None,
        })
}

fn strings(expr: &Expr) -> Vec<SmolStr> {
    match &expr.unparenthesized().kind {
        ExprKind::String(text) => vec![text.value.clone()],
        ExprKind::Array(elements) => elements
            .iter()
            .filter_map(|element| match &element.expr.kind {
                ExprKind::String(text) if !element.spread => Some(text.value.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The type of the values a schema literal (runtime §4.3) accepts; `unknown` for anything the
/// checker does not follow (combinators, computed parts).
fn schema_type(schema: &Expr) -> Type {
    let ExprKind::Object(properties) = &schema.unparenthesized().kind else {
        return Type::Unknown;
    };
    let Some(types) = field(properties, "type") else {
        return Type::Unknown;
    };
    let names = strings(types);
    if names.is_empty() {
        return Type::Unknown;
    }
    let mut result = Type::Never;
    for name in names {
        let member = match name.as_str() {
            "string" => Type::String,
            "number" | "integer" => Type::Number,
            "boolean" => Type::Boolean,
            "null" => Type::Null,
            "array" => Type::array(field(properties, "items").map_or(Type::Unknown, schema_type)),
            "object" => object_type(properties),
            _ => return Type::Unknown,
        };
        result = result.union(&member);
    }
    result
}

fn object_type(properties: &[Property]) -> Type {
    let required = field(properties, "required")
        .map(strings)
        .unwrap_or_default();
    let mut fields = Vec::new();
    if let Some(declared) = field(properties, "properties") {
        let ExprKind::Object(declared) = &declared.unparenthesized().kind else {
            return Type::open_object();
        };
        for property in declared {
            let PropertyKind::KeyValue { key, value } = &property.kind else {
                return Type::open_object();
            };
            let Some(name) = key_text(&key.kind) else {
                return Type::open_object();
            };
            let mut ty = schema_type(value);
            // A property that is not required may be missing, and a missing key reads null.
            if !required.iter().any(|required| required == name) {
                ty = ty.union(&Type::Null);
            }
            fields.push((SmolStr::new(name), ty));
        }
    }
    let closed = field(properties, "additionalProperties")
        .is_some_and(|extra| matches!(extra.unparenthesized().kind, ExprKind::Bool(false)));
    Type::Object(Arc::new(ObjectType { fields, closed }))
}
