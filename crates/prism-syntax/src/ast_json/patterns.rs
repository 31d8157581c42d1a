//! JSON of binding/assignment patterns and match patterns (cli §11).

use prism_span::Span;
use serde_json::Value;

use super::{name, opt_name, record, Node, Printer};
use crate::ast::*;

impl Printer<'_> {
    pub(super) fn pattern(&self, pattern: &Pattern) -> Value {
        let span = pattern.span;
        match &pattern.kind {
            PatternKind::Ident(ident) => Node::new("IdentPattern", span)
                .field("name", name(ident))
                .done(),
            PatternKind::Discard => Node::new("IdentPattern", span).field("name", "_").done(),
            PatternKind::Array { elements, rest } => {
                let elements = elements
                    .iter()
                    .map(|element| {
                        element.as_ref().map_or(Value::Null, |element| {
                            record(vec![
                                ("target", self.pattern(&element.target)),
                                ("threshold", self.opt_expr(&element.threshold)),
                                ("default", self.opt_expr(&element.default)),
                            ])
                        })
                    })
                    .collect::<Vec<_>>();
                Node::new("ArrayPattern", span)
                    .field("elements", elements)
                    .field("rest", self.rest(rest))
                    .done()
            }
            PatternKind::Object { properties, rest } => {
                let properties = properties
                    .iter()
                    .map(|property| {
                        record(vec![
                            ("key", self.prop_key(&property.key)),
                            ("target", self.pattern(&property.target)),
                            ("threshold", self.opt_expr(&property.threshold)),
                            ("default", self.opt_expr(&property.default)),
                            ("shorthand", Value::from(property.shorthand)),
                        ])
                    })
                    .collect::<Vec<_>>();
                Node::new("ObjectPattern", span)
                    .field("properties", properties)
                    .field("rest", self.rest(rest))
                    .done()
            }
            PatternKind::Threshold { pattern, threshold } => Node::new("ThresholdPattern", span)
                .field("pattern", self.pattern(pattern))
                .field("threshold", self.expr(threshold))
                .done(),
            PatternKind::Target(expr) => self.expr(expr),
            PatternKind::Error => Node::new("Error", span).done(),
        }
    }

    pub(super) fn rest(&self, rest: &Option<Box<Pattern>>) -> Value {
        rest.as_ref().map_or(Value::Null, |rest| self.pattern(rest))
    }

    pub(super) fn match_expr(&self, match_expr: &Match, span: Span) -> Value {
        let arms = match_expr
            .arms
            .iter()
            .map(|arm| {
                record(vec![
                    ("pattern", self.match_pattern(&arm.pattern)),
                    ("threshold", self.opt_expr(&arm.threshold)),
                    ("guard", self.opt_expr(&arm.guard)),
                    ("body", self.lambda_body(&arm.body)),
                ])
            })
            .collect::<Vec<_>>();
        Node::new("Match", span)
            .field("scrutinee", self.expr(&match_expr.scrutinee))
            .field("arms", arms)
            .done()
    }

    pub(super) fn match_pattern(&self, pattern: &MatchPattern) -> Value {
        let span = pattern.span;
        match &pattern.kind {
            MatchPatternKind::Wildcard => Node::new("MatchWildcard", span).done(),
            MatchPatternKind::Bind(bound) => Node::new("MatchBind", span)
                .field("name", name(bound))
                .done(),
            MatchPatternKind::Literal(value) => Node::new("MatchLiteral", span)
                .field("value", self.expr(value))
                .done(),
            MatchPatternKind::Array { elements, rest } => {
                let elements = elements
                    .iter()
                    .map(|element| {
                        record(vec![
                            ("pattern", self.match_pattern(&element.pattern)),
                            ("threshold", self.opt_expr(&element.threshold)),
                        ])
                    })
                    .collect::<Vec<_>>();
                let rest = match rest {
                    Some(MatchRest::Bind(bound)) => name(bound),
                    Some(MatchRest::Discard(_)) => Value::from("_"),
                    None => Value::Null,
                };
                Node::new("MatchArray", span)
                    .field("elements", elements)
                    .field("rest", rest)
                    .done()
            }
            MatchPatternKind::Object { properties, rest } => {
                let properties = properties
                    .iter()
                    .map(|property| {
                        let pattern = property
                            .pattern
                            .as_ref()
                            .map_or(Value::Null, |pattern| self.match_pattern(pattern));
                        record(vec![
                            ("key", self.prop_key(&property.key)),
                            ("pattern", pattern),
                            ("threshold", self.opt_expr(&property.threshold)),
                        ])
                    })
                    .collect::<Vec<_>>();
                Node::new("MatchObject", span)
                    .field("properties", properties)
                    .field("rest", opt_name(rest))
                    .done()
            }
            MatchPatternKind::Error => Node::new("Error", span).done(),
        }
    }
}
