//! A read-only walk over the syntax tree (language §3), shared by the checks of §15 that only need
//! to see every node once. A visitor overrides the `visit_*` hooks it cares about and calls the
//! matching `walk_*` function to continue into the children.

use prism_syntax::ast::{
    ArrayElem, Block, Expr, ExprKind, ForInit, Function, Lambda, LambdaBody, MatchPattern,
    MatchPatternKind, Param, Pattern, PatternKind, Program, PropKey, PropKeyKind, PropertyKind,
    Stmt, StmtKind,
};

pub trait Visitor<'a>: Sized {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        walk_stmt(self, stmt);
    }

    /// Every statement list (file, block, branch), before its statements are visited.
    fn visit_stmt_list(&mut self, list: &'a [Stmt]) {
        for stmt in list {
            self.visit_stmt(stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        walk_expr(self, expr);
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        walk_pattern(self, pattern);
    }

    fn visit_match_pattern(&mut self, pattern: &'a MatchPattern) {
        walk_match_pattern(self, pattern);
    }

    fn visit_function(&mut self, function: &'a Function) {
        walk_function(self, function);
    }

    fn visit_lambda(&mut self, lambda: &'a Lambda) {
        walk_lambda(self, lambda);
    }

    fn visit_lambda_body(&mut self, body: &'a LambdaBody) {
        match body {
            LambdaBody::Block(block) => self.visit_stmt_list(&block.body),
            LambdaBody::Expr(expr) => self.visit_expr(expr),
        }
    }
}

pub fn walk_function<'a, V: Visitor<'a>>(visitor: &mut V, function: &'a Function) {
    walk_params(visitor, &function.params);
    if let Some(confidence) = &function.confidence {
        visitor.visit_expr(confidence);
    }
    visitor.visit_stmt_list(&function.body.body);
}

pub fn walk_lambda<'a, V: Visitor<'a>>(visitor: &mut V, lambda: &'a Lambda) {
    walk_params(visitor, &lambda.params);
    visitor.visit_lambda_body(&lambda.body);
}

pub fn walk_program<'a, V: Visitor<'a>>(visitor: &mut V, program: &'a Program) {
    visitor.visit_stmt_list(&program.body);
}

fn walk_block<'a, V: Visitor<'a>>(visitor: &mut V, block: &'a Block) {
    visitor.visit_stmt_list(&block.body);
}

fn walk_params<'a, V: Visitor<'a>>(visitor: &mut V, params: &'a [Param]) {
    for param in params {
        visitor.visit_pattern(&param.target);
        if let Some(threshold) = &param.threshold {
            visitor.visit_expr(threshold);
        }
        if let Some(default) = &param.default {
            visitor.visit_expr(default);
        }
    }
}

fn walk_for_init<'a, V: Visitor<'a>>(visitor: &mut V, init: &'a ForInit) {
    match init {
        ForInit::VarDecl(decl) => {
            for declarator in &decl.declarators {
                visitor.visit_pattern(&declarator.target);
                walk_optional(visitor, declarator.threshold.as_ref());
                walk_optional(visitor, declarator.init.as_ref());
            }
        }
        ForInit::Expr(expr) => visitor.visit_expr(expr),
    }
}

fn walk_optional<'a, V: Visitor<'a>>(visitor: &mut V, expr: Option<&'a Expr>) {
    if let Some(expr) = expr {
        visitor.visit_expr(expr);
    }
}

pub fn walk_stmt<'a, V: Visitor<'a>>(visitor: &mut V, stmt: &'a Stmt) {
    match &stmt.kind {
        StmtKind::VarDecl(decl) => {
            for declarator in &decl.declarators {
                visitor.visit_pattern(&declarator.target);
                walk_optional(visitor, declarator.threshold.as_ref());
                walk_optional(visitor, declarator.init.as_ref());
            }
        }
        StmtKind::FunctionDecl(function) => visitor.visit_function(function),
        StmtKind::If {
            test,
            consequent,
            alternate,
            ..
        } => {
            visitor.visit_expr(test);
            visitor.visit_stmt(consequent);
            if let Some(alternate) = alternate {
                visitor.visit_stmt(alternate);
            }
        }
        StmtKind::While { test, body, .. } => {
            visitor.visit_expr(test);
            visitor.visit_stmt(body);
        }
        StmtKind::DoWhile { body, test } => {
            visitor.visit_stmt(body);
            visitor.visit_expr(test);
        }
        StmtKind::For(for_stmt) => {
            if let Some(init) = &for_stmt.init {
                walk_for_init(visitor, init);
            }
            walk_optional(visitor, for_stmt.test.as_ref());
            walk_optional(visitor, for_stmt.update.as_ref());
            visitor.visit_stmt(&for_stmt.body);
        }
        StmtKind::ForIn(for_in) => {
            visitor.visit_expr(&for_in.iterable);
            visitor.visit_pattern(&for_in.target);
            if let Some(index) = &for_in.index {
                visitor.visit_pattern(index);
            }
            visitor.visit_stmt(&for_in.body);
        }
        StmtKind::Uncertain(uncertain) => {
            if let Some(init) = &uncertain.init {
                walk_for_init(visitor, init);
            }
            walk_optional(visitor, uncertain.test.as_ref());
            walk_optional(visitor, uncertain.update.as_ref());
            for branch in &uncertain.branches {
                walk_block(visitor, &branch.body);
            }
        }
        StmtKind::Return(value) => walk_optional(visitor, value.as_ref()),
        StmtKind::Throw(value) | StmtKind::Expr(value) => visitor.visit_expr(value),
        StmtKind::Try(try_stmt) => {
            walk_block(visitor, &try_stmt.block);
            if let Some(param) = &try_stmt.param {
                visitor.visit_pattern(param);
            }
            if let Some(handler) = &try_stmt.handler {
                walk_block(visitor, handler);
            }
            if let Some(finalizer) = &try_stmt.finalizer {
                walk_block(visitor, finalizer);
            }
        }
        StmtKind::Context(context) => walk_block(visitor, &context.body),
        StmtKind::Agents(decls) => {
            for decl in decls {
                visitor.visit_expr(&decl.object);
            }
        }
        StmtKind::Export(export) => {
            if let Some(declaration) = &export.declaration {
                visitor.visit_stmt(declaration);
            }
            walk_optional(visitor, export.default.as_ref());
        }
        StmtKind::Block(block) => walk_block(visitor, block),
        StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Empty
        | StmtKind::Import(_)
        | StmtKind::Error => {}
    }
}

fn walk_elements<'a, V: Visitor<'a>>(visitor: &mut V, elements: &'a [ArrayElem]) {
    for element in elements {
        visitor.visit_expr(&element.expr);
    }
}

fn walk_key<'a, V: Visitor<'a>>(visitor: &mut V, key: &'a PropKey) {
    if let PropKeyKind::Computed(expr) = &key.kind {
        visitor.visit_expr(expr);
    }
}

pub fn walk_expr<'a, V: Visitor<'a>>(visitor: &mut V, expr: &'a Expr) {
    match &expr.kind {
        ExprKind::Template(template) => {
            for part in &template.expressions {
                visitor.visit_expr(part);
            }
        }
        ExprKind::Array(elements) => walk_elements(visitor, elements),
        ExprKind::Object(properties) => {
            for property in properties {
                match &property.kind {
                    PropertyKind::KeyValue { key, value } => {
                        walk_key(visitor, key);
                        visitor.visit_expr(value);
                    }
                    PropertyKind::Shorthand(_) => {}
                    PropertyKind::ShorthandPattern {
                        threshold, default, ..
                    } => {
                        walk_optional(visitor, threshold.as_deref());
                        walk_optional(visitor, default.as_deref());
                    }
                    PropertyKind::Spread(value) => visitor.visit_expr(value),
                }
            }
        }
        ExprKind::Unary { argument, .. } | ExprKind::Update { argument, .. } => {
            visitor.visit_expr(argument)
        }
        ExprKind::Binary { left, right, .. } | ExprKind::Pipeline { left, right, .. } => {
            visitor.visit_expr(left);
            visitor.visit_expr(right);
        }
        ExprKind::Conditional {
            test,
            consequent,
            alternate,
            ..
        } => {
            visitor.visit_expr(test);
            visitor.visit_expr(consequent);
            visitor.visit_expr(alternate);
        }
        ExprKind::Assign { target, value, .. } => {
            visitor.visit_pattern(target);
            visitor.visit_expr(value);
        }
        ExprKind::Member { object, .. } => visitor.visit_expr(object),
        ExprKind::Index { object, index, .. } => {
            visitor.visit_expr(object);
            visitor.visit_expr(index);
        }
        ExprKind::Call {
            callee, arguments, ..
        } => {
            visitor.visit_expr(callee);
            walk_elements(visitor, arguments);
        }
        ExprKind::Lambda(lambda) => visitor.visit_lambda(lambda),
        ExprKind::Function(function) => visitor.visit_function(function),
        ExprKind::Match(match_expr) => {
            visitor.visit_expr(&match_expr.scrutinee);
            for arm in &match_expr.arms {
                visitor.visit_match_pattern(&arm.pattern);
                walk_optional(visitor, arm.threshold.as_ref());
                walk_optional(visitor, arm.guard.as_ref());
                visitor.visit_lambda_body(&arm.body);
            }
        }
        ExprKind::Paren(inner) => visitor.visit_expr(inner),
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Bool(_)
        | ExprKind::Null { .. }
        | ExprKind::Placeholder
        | ExprKind::Ident(_)
        | ExprKind::Error => {}
    }
}

pub fn walk_pattern<'a, V: Visitor<'a>>(visitor: &mut V, pattern: &'a Pattern) {
    match &pattern.kind {
        PatternKind::Array { elements, rest } => {
            for element in elements.iter().flatten() {
                visitor.visit_pattern(&element.target);
                walk_optional(visitor, element.threshold.as_ref());
                walk_optional(visitor, element.default.as_ref());
            }
            if let Some(rest) = rest {
                visitor.visit_pattern(rest);
            }
        }
        PatternKind::Object { properties, rest } => {
            for property in properties {
                walk_key(visitor, &property.key);
                visitor.visit_pattern(&property.target);
                walk_optional(visitor, property.threshold.as_ref());
                walk_optional(visitor, property.default.as_ref());
            }
            if let Some(rest) = rest {
                visitor.visit_pattern(rest);
            }
        }
        PatternKind::Threshold { pattern, threshold } => {
            visitor.visit_pattern(pattern);
            visitor.visit_expr(threshold);
        }
        PatternKind::Target(expr) => visitor.visit_expr(expr),
        PatternKind::Ident(_) | PatternKind::Discard | PatternKind::Error => {}
    }
}

pub fn walk_match_pattern<'a, V: Visitor<'a>>(visitor: &mut V, pattern: &'a MatchPattern) {
    match &pattern.kind {
        MatchPatternKind::Literal(expr) => visitor.visit_expr(expr),
        MatchPatternKind::Array { elements, .. } => {
            for element in elements {
                visitor.visit_match_pattern(&element.pattern);
                walk_optional(visitor, element.threshold.as_ref());
            }
        }
        MatchPatternKind::Object { properties, .. } => {
            for property in properties {
                walk_key(visitor, &property.key);
                if let Some(pattern) = &property.pattern {
                    visitor.visit_match_pattern(pattern);
                }
                walk_optional(visitor, property.threshold.as_ref());
            }
        }
        MatchPatternKind::Wildcard | MatchPatternKind::Bind(_) | MatchPatternKind::Error => {}
    }
}
