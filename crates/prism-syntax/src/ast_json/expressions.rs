//! JSON of expressions (cli §11): literals, operators, calls, lambdas; `Paren` is transparent.

use prism_span::Span;
use serde_json::{json, Value};

use super::{name, number, record, Node, Printer};
use crate::ast::*;

impl Printer<'_> {
    pub(super) fn lambda_body(&self, body: &LambdaBody) -> Value {
        match body {
            LambdaBody::Block(block) => self.block(block),
            LambdaBody::Expr(expr) => self.expr(expr),
        }
    }

    pub(super) fn raw(&self, span: Span) -> Option<&str> {
        self.source.map(|source| span.text(source))
    }

    pub(super) fn elements(&self, elements: &[ArrayElem]) -> Value {
        let elements = elements
            .iter()
            .map(|element| {
                if element.spread {
                    Node::new("Spread", element.span)
                        .field("argument", self.expr(&element.expr))
                        .done()
                } else {
                    self.expr(&element.expr)
                }
            })
            .collect();
        Value::Array(elements)
    }

    pub(crate) fn expr(&self, expr: &Expr) -> Value {
        let span = expr.span;
        match &expr.kind {
            ExprKind::Number(value) => {
                let raw = self
                    .raw(span)
                    .map_or_else(|| number_text(*value), str::to_string);
                Node::new("Number", span)
                    .field("value", number(*value))
                    .field("raw", raw)
                    .done()
            }
            ExprKind::String(literal) => self.string(literal),
            ExprKind::Template(template) => Node::new("Template", span)
                .field("quote", template.quote.as_str())
                .field(
                    "quasis",
                    template
                        .quasis
                        .iter()
                        .map(|quasi| Value::from(quasi.as_str()))
                        .collect::<Vec<_>>(),
                )
                .field(
                    "expressions",
                    template
                        .expressions
                        .iter()
                        .map(|expr| self.expr(expr))
                        .collect::<Vec<_>>(),
                )
                .done(),
            ExprKind::Bool(value) => Node::new("Bool", span).field("value", *value).done(),
            ExprKind::Null { undefined } => Node::new("Null", span)
                .field("raw", if *undefined { "undefined" } else { "null" })
                .done(),
            ExprKind::Placeholder => Node::new("Placeholder", span).done(),
            ExprKind::Ident(text) => Node::new("Ident", span).field("name", text.as_str()).done(),
            ExprKind::Array(elements) => Node::new("Array", span)
                .field("elements", self.elements(elements))
                .done(),
            ExprKind::Object(properties) => Node::new("Object", span)
                .field(
                    "properties",
                    properties
                        .iter()
                        .map(|property| self.property(property))
                        .collect::<Vec<_>>(),
                )
                .done(),
            ExprKind::Unary { op, argument } => Node::new("Unary", span)
                .field("op", op.as_str())
                .field("argument", self.expr(argument))
                .done(),
            ExprKind::Update {
                op,
                prefix,
                argument,
            } => Node::new("Update", span)
                .field("op", op.as_str())
                .field("prefix", *prefix)
                .field("argument", self.expr(argument))
                .done(),
            ExprKind::Binary { op, left, right } => Node::new("Binary", span)
                .field("op", op.as_str())
                .field("left", self.expr(left))
                .field("right", self.expr(right))
                .done(),
            ExprKind::Pipeline { op, left, right } => Node::new("Pipeline", span)
                .field("op", op.as_str())
                .field("left", self.expr(left))
                .field("right", self.expr(right))
                .done(),
            ExprKind::Conditional {
                confident,
                test,
                consequent,
                alternate,
            } => Node::new("Conditional", span)
                .field("confident", *confident)
                .field("test", self.expr(test))
                .field("consequent", self.expr(consequent))
                .field("alternate", self.expr(alternate))
                .done(),
            ExprKind::Assign { op, target, value } => Node::new("Assign", span)
                .field("op", op.as_str())
                .field("target", self.pattern(target))
                .field("value", self.expr(value))
                .done(),
            ExprKind::Member {
                object,
                access,
                property,
            } => Node::new("Member", span)
                .field("object", self.expr(object))
                .field("access", access.as_str())
                .field("property", name(property))
                .done(),
            ExprKind::Index {
                object,
                optional,
                index,
            } => Node::new("Index", span)
                .field("object", self.expr(object))
                .field("optional", *optional)
                .field("index", self.expr(index))
                .done(),
            ExprKind::Call {
                callee,
                optional,
                arguments,
            } => Node::new("Call", span)
                .field("callee", self.expr(callee))
                .field("optional", *optional)
                .field("arguments", self.elements(arguments))
                .done(),
            ExprKind::Lambda(lambda) => Node::new("Lambda", span)
                .field("async", lambda.is_async)
                .field("params", self.params(&lambda.params))
                .field("body", self.lambda_body(&lambda.body))
                .done(),
            ExprKind::Function(function) => self.function("Function", function),
            ExprKind::Match(match_expr) => self.match_expr(match_expr, span),
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Error => Node::new("Error", span).done(),
        }
    }

    pub(super) fn string(&self, literal: &StrLit) -> Value {
        let raw = self
            .raw(literal.span)
            .map_or_else(|| quoted(literal), str::to_string);
        Node::new("String", literal.span)
            .field("value", literal.value.as_str())
            .field("raw", raw)
            .field("quote", literal.quote.as_str())
            .done()
    }

    pub(super) fn property(&self, property: &Property) -> Value {
        let span = property.span;
        match &property.kind {
            PropertyKind::KeyValue { key, value } => Node::new("Property", span)
                .field("key", self.prop_key(key))
                .field("value", self.expr(value))
                .field("shorthand", false)
                .done(),
            PropertyKind::Shorthand(shorthand)
            | PropertyKind::ShorthandPattern {
                name: shorthand, ..
            } => Node::new("Property", span)
                .field(
                    "key",
                    json!({ "kind": "name", "value": shorthand.text.as_str() }),
                )
                .field(
                    "value",
                    Node::new("Ident", shorthand.span)
                        .field("name", shorthand.text.as_str())
                        .done(),
                )
                .field("shorthand", true)
                .done(),
            PropertyKind::Spread(argument) => Node::new("Spread", span)
                .field("argument", self.expr(argument))
                .done(),
        }
    }

    pub(super) fn prop_key(&self, key: &PropKey) -> Value {
        let (kind, value) = match &key.kind {
            PropKeyKind::Name(text) => ("name", Value::from(text.as_str())),
            PropKeyKind::String(text) => ("string", Value::from(text.as_str())),
            PropKeyKind::Number(value) => ("number", number(*value)),
            PropKeyKind::Computed(expr) => ("computed", self.expr(expr)),
        };
        record(vec![("kind", Value::from(kind)), ("value", value)])
    }
}

/// A number's text when the source is not at hand: integers without a fraction, others in Rust's
/// shortest round-trip form.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e21 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A string literal's text when the source is not at hand.
fn quoted(literal: &StrLit) -> String {
    let quote = literal.quote.as_str();
    format!("{quote}{}{quote}", literal.value)
}
