//! Statements (language §8) and function bodies (§10): which scopes they open and in which scope
//! each part is resolved.

use prism_syntax::ast::{
    Block, DeclKind, Export, ForInStmt, ForInit, ForStmt, LambdaBody, Param, Stmt, StmtKind,
    TryStmt, Uncertain, UncertainForm,
};

use super::walker::{PendingNode, Resolver};
use super::{BindingKind, FunctionKind, ScopeKind};

impl<'a> Resolver<'a> {
    /// Resolves a statement list in the current scope, after declaring its bindings (§9.2, §9.4).
    pub(super) fn walk_statements(&mut self, statements: &'a [Stmt]) {
        self.declare_statements(statements);
        for statement in statements {
            self.walk_statement(statement);
        }
    }

    /// A block with its own scope (language §9.1).
    pub(super) fn walk_block(&mut self, block: &'a Block) {
        self.in_scope(ScopeKind::Block, block.span, |this| {
            this.walk_statements(&block.body)
        });
    }

    pub(super) fn walk_statement(&mut self, statement: &'a Stmt) {
        match &statement.kind {
            StmtKind::VarDecl(declaration) => {
                // Declared already unless error recovery put it where no list declares it.
                self.declare_var(declaration);
                for declarator in &declaration.declarators {
                    self.resolve_binding_pattern(&declarator.target);
                    self.resolve_optional(declarator.threshold.as_ref());
                    self.resolve_optional(declarator.init.as_ref());
                }
            }
            StmtKind::FunctionDecl(function) => {
                if let Some(name) = &function.name {
                    self.declare(name, BindingKind::Function, None);
                }
                // The confidence is evaluated when the function is hoisted, in this scope (§9.4).
                self.resolve_optional(function.confidence.as_ref());
                self.queue_function(PendingNode::Function(function, FunctionKind::Declaration));
            }
            StmtKind::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.resolve_expr(test);
                self.walk_statement(consequent);
                if let Some(alternate) = alternate {
                    self.walk_statement(alternate);
                }
            }
            StmtKind::While { test, body, .. } => {
                self.resolve_expr(test);
                self.walk_statement(body);
            }
            StmtKind::DoWhile { body, test } => {
                self.walk_statement(body);
                self.resolve_expr(test);
            }
            StmtKind::For(for_stmt) => self.walk_for(statement, for_stmt),
            StmtKind::ForIn(for_in) => self.walk_for_in(statement, for_in),
            StmtKind::Uncertain(uncertain) => self.walk_uncertain(statement, uncertain),
            StmtKind::Return(value) => self.resolve_optional(value.as_ref()),
            StmtKind::Throw(value) | StmtKind::Expr(value) => self.resolve_expr(value),
            StmtKind::Try(try_stmt) => self.walk_try(try_stmt),
            StmtKind::Context(context) => self.walk_block(&context.body),
            StmtKind::Agents(agents) => {
                for agent in agents {
                    self.declare(&agent.name, BindingKind::Agent, Some(agent.object.span));
                    self.resolve_expr(&agent.object);
                }
            }
            StmtKind::Import(import) => {
                let names = import.names.iter().map(|spec| &spec.local);
                for name in import
                    .default
                    .iter()
                    .chain(import.namespace.iter())
                    .chain(names)
                {
                    self.declare(name, BindingKind::Import, None);
                }
            }
            StmtKind::Export(export) => self.walk_export(export),
            StmtKind::Block(block) => self.walk_block(block),
            StmtKind::Break | StmtKind::Continue | StmtKind::Empty | StmtKind::Error => {}
        }
    }

    /// C-style `for` (language §8.5.1): the header has its own scope, the body is inside it.
    fn walk_for(&mut self, statement: &'a Stmt, for_stmt: &'a ForStmt) {
        self.in_scope(ScopeKind::ForHeader, statement.span, |this| {
            this.walk_for_init(for_stmt.init.as_ref());
            this.resolve_optional(for_stmt.test.as_ref());
            this.resolve_optional(for_stmt.update.as_ref());
            this.walk_statement(&for_stmt.body);
        });
    }

    fn walk_for_init(&mut self, init: Option<&'a ForInit>) {
        match init {
            Some(ForInit::VarDecl(declaration)) => {
                self.declare_var(declaration);
                for declarator in &declaration.declarators {
                    self.resolve_binding_pattern(&declarator.target);
                    self.resolve_optional(declarator.threshold.as_ref());
                    self.resolve_optional(declarator.init.as_ref());
                }
            }
            Some(ForInit::Expr(expr)) => self.resolve_expr(expr),
            None => {}
        }
    }

    /// `for … in`/`for … of` (language §8.5.2): the iterable is evaluated outside; the loop
    /// variables are always fresh bindings of the iteration scope.
    fn walk_for_in(&mut self, statement: &'a Stmt, for_in: &'a ForInStmt) {
        self.resolve_expr(&for_in.iterable);
        let kind = BindingKind::LoopVar {
            constant: for_in.decl_kind == Some(DeclKind::Const),
        };
        self.in_scope(ScopeKind::ForIteration, statement.span, |this| {
            this.in_pattern(|this| {
                this.declare_pattern(&for_in.target, kind, None);
                if let Some(index) = &for_in.index {
                    this.declare_pattern(index, kind, None);
                }
            });
            this.resolve_binding_pattern(&for_in.target);
            if let Some(index) = &for_in.index {
                this.resolve_binding_pattern(index);
            }
            this.walk_statement(&for_in.body);
        });
    }

    /// `uncertain if/while/for` (language §8.7): each branch body is a block.
    fn walk_uncertain(&mut self, statement: &'a Stmt, uncertain: &'a Uncertain) {
        let walk_parts = |this: &mut Self| {
            this.walk_for_init(uncertain.init.as_ref());
            this.resolve_optional(uncertain.test.as_ref());
            this.resolve_optional(uncertain.update.as_ref());
            for branch in &uncertain.branches {
                this.walk_block(&branch.body);
            }
        };
        if uncertain.form == UncertainForm::For {
            self.in_scope(ScopeKind::ForHeader, statement.span, walk_parts);
        } else {
            walk_parts(self);
        }
    }

    /// `try`/`catch`/`finally` (language §12.3): the catch parameter has a scope of its own,
    /// enclosing the handler block's scope.
    fn walk_try(&mut self, try_stmt: &'a TryStmt) {
        self.walk_block(&try_stmt.block);
        if let Some(handler) = &try_stmt.handler {
            self.in_scope(ScopeKind::Catch, handler.span, |this| {
                if let Some(param) = &try_stmt.param {
                    this.in_pattern(|this| {
                        this.declare_pattern(param, BindingKind::CatchParam, None)
                    });
                    this.resolve_binding_pattern(param);
                }
                this.walk_block(handler);
            });
        }
        if let Some(finalizer) = &try_stmt.finalizer {
            self.walk_block(finalizer);
        }
    }

    /// Exports (language §13.4). Specifiers of a re-export (`… from "m"`) create no local use.
    fn walk_export(&mut self, export: &'a Export) {
        if let Some(declaration) = &export.declaration {
            self.walk_statement(declaration);
        }
        self.resolve_optional(export.default.as_ref());
        if export.source.is_none() {
            for specifier in &export.specifiers {
                self.export_specifier(&specifier.local.text, specifier.local.span);
            }
        }
    }

    /// The parameters and body of a function or lambda, in its (already current) function scope.
    /// Parameters and the body's top-level declarations share the scope (language §9.1, §9.2).
    pub(super) fn resolve_function_body(&mut self, node: PendingNode<'a>) {
        let (params, body): (&'a [Param], FunctionBody<'a>) = match node {
            PendingNode::Function(function, _) => {
                (&function.params, FunctionBody::Block(&function.body))
            }
            PendingNode::Lambda(lambda) => match &lambda.body {
                LambdaBody::Block(block) => (&lambda.params, FunctionBody::Block(block)),
                LambdaBody::Expr(expr) => (&lambda.params, FunctionBody::Expr(expr)),
            },
        };
        self.in_pattern(|this| {
            for param in params {
                this.declare_pattern(&param.target, BindingKind::Param, None);
            }
        });
        if let FunctionBody::Block(block) = body {
            self.declare_statements(&block.body);
        }
        for param in params {
            self.resolve_binding_pattern(&param.target);
            self.resolve_optional(param.threshold.as_ref());
            self.resolve_optional(param.default.as_ref());
        }
        match body {
            FunctionBody::Block(block) => self.walk_statements(&block.body),
            FunctionBody::Expr(expr) => self.resolve_expr(expr),
        }
    }
}

#[derive(Clone, Copy)]
enum FunctionBody<'a> {
    Block(&'a Block),
    Expr(&'a prism_syntax::ast::Expr),
}
