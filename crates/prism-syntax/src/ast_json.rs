//! The JSON form of the syntax tree printed by `prism ast` (cli §11).
//!
//! Every node is an object whose first keys are `"type"` and `"span"` (`[start, end]`), followed by
//! its fields in the order of the cli §11 table; absent fields are `null`, `[]` or `false`. Records
//! that are not nodes (declarators, branches, arms, import and export specifiers, pattern elements)
//! are objects with exactly their listed fields. Names are strings. `Paren` nodes are transparent:
//! the inner expression is printed in their place. `raw` fields need the source text: without it
//! ([`program_to_json`]) they are rebuilt from the values.

use prism_span::Span;
use serde_json::{json, Map, Value};

use crate::ast::*;

/// The cli §11 JSON of `program`, with `raw` fields rebuilt from the literal values.
pub fn program_to_json(program: &Program) -> Value {
    Printer { source: None }.program(program)
}

/// The cli §11 JSON of `program`, with `raw` fields taken from `source`.
pub fn program_to_json_with_source(program: &Program, source: &str) -> Value {
    Printer {
        source: Some(source),
    }
    .program(program)
}

struct Printer<'src> {
    source: Option<&'src str>,
}

/// A node under construction: `type` and `span` first, then the fields in order.
struct Node(Map<String, Value>);

impl Node {
    fn new(kind: &str, span: Span) -> Node {
        let mut map = Map::new();
        map.insert("type".into(), Value::from(kind));
        map.insert("span".into(), json!([span.start, span.end]));
        Node(map)
    }

    fn field(mut self, name: &str, value: impl Into<Value>) -> Node {
        self.0.insert(name.into(), value.into());
        self
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

fn record(fields: Vec<(&str, Value)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

fn name(name: &Name) -> Value {
    Value::from(name.text.as_str())
}

fn opt_name(value: &Option<Name>) -> Value {
    value.as_ref().map_or(Value::Null, name)
}

/// A number value: integral values print without a fraction (`1`, not `1.0`); values JSON cannot
/// hold (infinite literals) are `null`.
fn number(value: f64) -> Value {
    const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0
        && value.abs() <= EXACT_INTEGERS
        && !(value == 0.0 && value.is_sign_negative())
    {
        return Value::from(value as i64);
    }
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

impl Printer<'_> {
    fn program(&self, program: &Program) -> Value {
        Node::new("Program", program.span)
            .field("body", self.stmts(&program.body))
            .done()
    }

    fn stmts(&self, stmts: &[Stmt]) -> Value {
        Value::Array(stmts.iter().map(|stmt| self.stmt(stmt)).collect())
    }

    fn block(&self, block: &Block) -> Value {
        Node::new("Block", block.span)
            .field("body", self.stmts(&block.body))
            .done()
    }

    fn opt_block(&self, block: &Option<Block>) -> Value {
        block
            .as_ref()
            .map_or(Value::Null, |block| self.block(block))
    }

    fn opt_expr(&self, expr: &Option<Expr>) -> Value {
        expr.as_ref().map_or(Value::Null, |expr| self.expr(expr))
    }

    fn opt_pattern(&self, pattern: &Option<Pattern>) -> Value {
        pattern
            .as_ref()
            .map_or(Value::Null, |pattern| self.pattern(pattern))
    }

    fn stmt(&self, stmt: &Stmt) -> Value {
        let span = stmt.span;
        match &stmt.kind {
            StmtKind::VarDecl(decl) => self.var_decl(decl),
            StmtKind::FunctionDecl(function) => self.function("FunctionDecl", function),
            StmtKind::If {
                test,
                consequent,
                alternate,
                parenthesized,
            } => Node::new("If", span)
                .field("test", self.expr(test))
                .field("consequent", self.stmt(consequent))
                .field(
                    "alternate",
                    alternate
                        .as_ref()
                        .map_or(Value::Null, |stmt| self.stmt(stmt)),
                )
                .field("parenthesized", *parenthesized)
                .done(),
            StmtKind::While {
                test,
                body,
                parenthesized,
            } => Node::new("While", span)
                .field("test", self.expr(test))
                .field("body", self.stmt(body))
                .field("parenthesized", *parenthesized)
                .done(),
            StmtKind::DoWhile { body, test } => Node::new("DoWhile", span)
                .field("body", self.stmt(body))
                .field("test", self.expr(test))
                .done(),
            StmtKind::For(for_stmt) => Node::new("For", span)
                .field("init", self.for_init(&for_stmt.init))
                .field("test", self.opt_expr(&for_stmt.test))
                .field("update", self.opt_expr(&for_stmt.update))
                .field("body", self.stmt(&for_stmt.body))
                .field("parenthesized", for_stmt.parenthesized)
                .done(),
            StmtKind::ForIn(for_in) => Node::new("ForIn", span)
                .field(
                    "declKind",
                    for_in
                        .decl_kind
                        .map_or(Value::Null, |kind| Value::from(kind.as_str())),
                )
                .field("target", self.pattern(&for_in.target))
                .field("index", self.opt_pattern(&for_in.index))
                .field(
                    "keyword",
                    if for_in.keyword == ForInKeyword::In {
                        "in"
                    } else {
                        "of"
                    },
                )
                .field("iterable", self.expr(&for_in.iterable))
                .field("body", self.stmt(&for_in.body))
                .field("parenthesized", for_in.parenthesized)
                .done(),
            StmtKind::Uncertain(uncertain) => self.uncertain(uncertain, span),
            StmtKind::Return(argument) => Node::new("Return", span)
                .field("argument", self.opt_expr(argument))
                .done(),
            StmtKind::Throw(argument) => Node::new("Throw", span)
                .field("argument", self.expr(argument))
                .done(),
            StmtKind::Break => Node::new("Break", span).done(),
            StmtKind::Continue => Node::new("Continue", span).done(),
            StmtKind::Empty => Node::new("Empty", span).done(),
            StmtKind::Try(try_stmt) => Node::new("Try", span)
                .field("block", self.block(&try_stmt.block))
                .field("param", self.opt_pattern(&try_stmt.param))
                .field("handler", self.opt_block(&try_stmt.handler))
                .field("finalizer", self.opt_block(&try_stmt.finalizer))
                .done(),
            StmtKind::Context(context) => Node::new("Context", span)
                .field("name", context.name.text.as_str())
                .field("body", self.block(&context.body))
                .field(
                    "shift",
                    context
                        .shift
                        .as_ref()
                        .map_or(Value::Null, |shift| Value::from(shift.text.as_str())),
                )
                .done(),
            StmtKind::Agents(agents) => Node::new("Agents", span)
                .field("agents", self.agents(agents))
                .done(),
            StmtKind::Import(import) => self.import(import, span),
            StmtKind::Export(export) => self.export(export, span),
            StmtKind::Block(block) => Node::new("Block", span)
                .field("body", self.stmts(&block.body))
                .done(),
            StmtKind::Expr(expr) => Node::new("ExprStmt", span)
                .field("expression", self.expr(expr))
                .done(),
            StmtKind::Error => Node::new("Error", span).done(),
        }
    }

    fn var_decl(&self, decl: &VarDecl) -> Value {
        let declarators = decl
            .declarators
            .iter()
            .map(|declarator| {
                record(vec![
                    ("target", self.pattern(&declarator.target)),
                    ("threshold", self.opt_expr(&declarator.threshold)),
                    ("init", self.opt_expr(&declarator.init)),
                ])
            })
            .collect();
        Node::new("VarDecl", decl.span)
            .field("kind", decl.kind.as_str())
            .field("declarators", Value::Array(declarators))
            .done()
    }

    fn for_init(&self, init: &Option<ForInit>) -> Value {
        match init {
            None => Value::Null,
            Some(ForInit::VarDecl(decl)) => self.var_decl(decl),
            Some(ForInit::Expr(expr)) => self.expr(expr),
        }
    }

    fn uncertain(&self, uncertain: &Uncertain, span: Span) -> Value {
        let form = match uncertain.form {
            UncertainForm::If => "if",
            UncertainForm::While => "while",
            UncertainForm::For => "for",
        };
        let branches = uncertain
            .branches
            .iter()
            .map(|branch| {
                record(vec![
                    ("name", Value::from(branch.name.as_str())),
                    ("body", self.block(&branch.body)),
                ])
            })
            .collect();
        Node::new("Uncertain", span)
            .field("form", form)
            .field("init", self.for_init(&uncertain.init))
            .field("test", self.opt_expr(&uncertain.test))
            .field("update", self.opt_expr(&uncertain.update))
            .field("branches", Value::Array(branches))
            .done()
    }

    fn agents(&self, agents: &[AgentDecl]) -> Value {
        let agents = agents
            .iter()
            .map(|agent| {
                record(vec![
                    ("name", name(&agent.name)),
                    ("object", self.expr(&agent.object)),
                ])
            })
            .collect();
        Value::Array(agents)
    }

    fn import(&self, import: &Import, span: Span) -> Value {
        let names = import
            .names
            .iter()
            .map(|spec| {
                record(vec![
                    ("imported", name(&spec.imported)),
                    ("local", name(&spec.local)),
                ])
            })
            .collect();
        Node::new("Import", span)
            .field("source", import.source.value.as_str())
            .field("default", opt_name(&import.default))
            .field("namespace", opt_name(&import.namespace))
            .field("names", Value::Array(names))
            .done()
    }

    fn export(&self, export: &Export, span: Span) -> Value {
        let specifiers = export
            .specifiers
            .iter()
            .map(|spec| {
                record(vec![
                    ("local", name(&spec.local)),
                    ("exported", name(&spec.exported)),
                ])
            })
            .collect();
        Node::new("Export", span)
            .field(
                "declaration",
                export
                    .declaration
                    .as_ref()
                    .map_or(Value::Null, |stmt| self.stmt(stmt)),
            )
            .field("default", self.opt_expr(&export.default))
            .field("specifiers", Value::Array(specifiers))
            .field(
                "source",
                export
                    .source
                    .as_ref()
                    .map_or(Value::Null, |source| Value::from(source.value.as_str())),
            )
            .field("all", export.all)
            .done()
    }

    fn function(&self, kind: &str, function: &Function) -> Value {
        Node::new(kind, function.span)
            .field("name", opt_name(&function.name))
            .field("async", function.is_async)
            .field(
                "keyword",
                if function.keyword == FnKeyword::Function {
                    "function"
                } else {
                    "fn"
                },
            )
            .field("params", self.params(&function.params))
            .field("confidence", self.opt_expr(&function.confidence))
            .field("body", self.block(&function.body))
            .done()
    }

    fn params(&self, params: &[Param]) -> Value {
        let params = params
            .iter()
            .map(|param| {
                Node::new("Param", param.span)
                    .field("rest", param.rest)
                    .field("target", self.pattern(&param.target))
                    .field("threshold", self.opt_expr(&param.threshold))
                    .field("default", self.opt_expr(&param.default))
                    .done()
            })
            .collect();
        Value::Array(params)
    }

    fn lambda_body(&self, body: &LambdaBody) -> Value {
        match body {
            LambdaBody::Block(block) => self.block(block),
            LambdaBody::Expr(expr) => self.expr(expr),
        }
    }

    fn raw(&self, span: Span) -> Option<&str> {
        self.source.map(|source| span.text(source))
    }

    fn elements(&self, elements: &[ArrayElem]) -> Value {
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

    fn string(&self, literal: &StrLit) -> Value {
        let raw = self
            .raw(literal.span)
            .map_or_else(|| quoted(literal), str::to_string);
        Node::new("String", literal.span)
            .field("value", literal.value.as_str())
            .field("raw", raw)
            .field("quote", literal.quote.as_str())
            .done()
    }

    fn property(&self, property: &Property) -> Value {
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

    fn prop_key(&self, key: &PropKey) -> Value {
        let (kind, value) = match &key.kind {
            PropKeyKind::Name(text) => ("name", Value::from(text.as_str())),
            PropKeyKind::String(text) => ("string", Value::from(text.as_str())),
            PropKeyKind::Number(value) => ("number", number(*value)),
            PropKeyKind::Computed(expr) => ("computed", self.expr(expr)),
        };
        record(vec![("kind", Value::from(kind)), ("value", value)])
    }

    fn pattern(&self, pattern: &Pattern) -> Value {
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

    fn rest(&self, rest: &Option<Box<Pattern>>) -> Value {
        rest.as_ref().map_or(Value::Null, |rest| self.pattern(rest))
    }

    fn match_expr(&self, match_expr: &Match, span: Span) -> Value {
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

    fn match_pattern(&self, pattern: &MatchPattern) -> Value {
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
