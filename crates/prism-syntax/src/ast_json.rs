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

mod expressions;
mod patterns;

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
}
