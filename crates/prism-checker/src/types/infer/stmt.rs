//! Statements (language §8): declarations bind types, conditions narrow their branches, and
//! every statement gives its completion type (§8.1), from which function results are built.

use prism_diagnostics::Diagnostic;
use prism_syntax::ast::{
    Block, Declarator, Expr, ForInKeyword, ForInit, Pattern, PatternKind, Stmt, StmtKind,
};

use super::Infer;
use crate::types::ty::{Tag, Type};

impl<'a> Infer<'a, '_> {
    /// Walks a statement list and gives its completion type (language §8.1): that of the last
    /// statement, not counting `;`, or `null` for an empty list.
    pub(super) fn stmts(&mut self, list: &'a [Stmt]) -> Type {
        let mut completion = Type::Null;
        for stmt in list {
            let ty = self.stmt(stmt);
            // `;` on its own changes no completion value.
            if !matches!(stmt.kind, StmtKind::Empty) {
                completion = ty;
            }
        }
        completion
    }

    pub(super) fn block(&mut self, block: &'a Block) -> Type {
        self.stmts(&block.body)
    }

    /// Walks a statement and gives its completion type (language §8.1): `never` when it always
    /// finishes abruptly (`return`, `throw`, `break`, `continue`). [`Infer::stmt`] wraps it with
    /// the flow-sensitive bookkeeping.
    pub(super) fn stmt_kind(&mut self, stmt: &'a Stmt) -> Type {
        match &stmt.kind {
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::Return(value) => {
                let ty = match value {
                    Some(value) => self.expr(value),
                    None => Type::Null,
                };
                if let Some(returns) = self.returns.last_mut() {
                    *returns = returns.union(&ty);
                }
                Type::Never
            }
            StmtKind::Throw(value) => {
                self.expr(value);
                Type::Never
            }
            StmtKind::Break | StmtKind::Continue => Type::Never,
            StmtKind::VarDecl(decl) => {
                self.declarators(&decl.declarators);
                Type::Null
            }
            StmtKind::FunctionDecl(function) => {
                let ty = self.function_type(function);
                if let Some(name) = &function.name {
                    if let Some(binding) = self.resolution.decl_of(name.span.start) {
                        self.record_name(name.span, binding, &ty);
                    }
                }
                Type::Null
            }
            StmtKind::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test);
                let when_true = self.narrowing(test, true);
                let taken = self.narrowed(when_true, |this| this.stmt(consequent));
                let other = match alternate {
                    Some(alternate) => {
                        let when_false = self.narrowing(test, false);
                        self.narrowed(when_false, |this| this.stmt(alternate))
                    }
                    None => Type::Null,
                };
                taken.union(&other)
            }
            StmtKind::While { test, body, .. } => {
                self.expr(test);
                let when_true = self.narrowing(test, true);
                self.narrowed(when_true, |this| this.stmt(body));
                Type::Null
            }
            StmtKind::DoWhile { body, test } => {
                self.stmt(body);
                self.expr(test);
                Type::Null
            }
            StmtKind::For(for_stmt) => {
                if let Some(init) = &for_stmt.init {
                    self.for_init(init);
                }
                if let Some(test) = &for_stmt.test {
                    self.expr(test);
                }
                let when_true = match &for_stmt.test {
                    Some(test) => self.narrowing(test, true),
                    None => Vec::new(),
                };
                self.narrowed(when_true, |this| {
                    this.stmt(&for_stmt.body);
                    if let Some(update) = &for_stmt.update {
                        this.expr(update);
                    }
                });
                Type::Null
            }
            StmtKind::ForIn(for_in) => {
                let iterable = self.expr(&for_in.iterable);
                self.check_iterable(&for_in.iterable, &iterable, for_in.keyword);
                self.pattern(&for_in.target, Type::Unknown);
                if let Some(index) = &for_in.index {
                    self.pattern(index, Type::Unknown);
                }
                self.stmt(&for_in.body);
                Type::Null
            }
            StmtKind::Uncertain(uncertain) => {
                if let Some(init) = &uncertain.init {
                    self.for_init(init);
                }
                if let Some(test) = &uncertain.test {
                    self.expr(test);
                }
                if let Some(update) = &uncertain.update {
                    self.expr(update);
                }
                // `uncertain if` completes with the branch taken, or null when none is.
                let mut completion = Type::Null;
                for branch in &uncertain.branches {
                    let ty = self.block(&branch.body);
                    completion = completion.union(&ty);
                }
                match uncertain.form {
                    prism_syntax::ast::UncertainForm::If => completion,
                    _ => Type::Null,
                }
            }
            StmtKind::Try(try_stmt) => {
                let mut completion = self.block(&try_stmt.block);
                if let Some(param) = &try_stmt.param {
                    self.pattern(param, Type::Unknown);
                }
                if let Some(handler) = &try_stmt.handler {
                    let ty = self.block(handler);
                    completion = completion.union(&ty);
                }
                if let Some(finalizer) = &try_stmt.finalizer {
                    self.block(finalizer);
                }
                completion
            }
            StmtKind::Context(context) => self.block(&context.body),
            StmtKind::Agents(decls) => {
                for decl in decls {
                    self.expr(&decl.object);
                    if let Some(binding) = self.resolution.decl_of(decl.name.span.start) {
                        self.record_name(decl.name.span, binding, &Type::Agent);
                    }
                }
                Type::Null
            }
            StmtKind::Export(export) => {
                if let Some(declaration) = &export.declaration {
                    self.stmt(declaration);
                }
                if let Some(default) = &export.default {
                    self.expr(default);
                }
                Type::Null
            }
            StmtKind::Block(block) => self.block(block),
            StmtKind::Empty | StmtKind::Import(_) => Type::Null,
            StmtKind::Error => Type::Unknown,
        }
    }

    pub(super) fn for_init(&mut self, init: &'a ForInit) {
        match init {
            ForInit::VarDecl(decl) => self.declarators(&decl.declarators),
            ForInit::Expr(expr) => {
                self.expr(expr);
            }
        }
    }

    pub(super) fn declarators(&mut self, declarators: &'a [Declarator]) {
        for declarator in declarators {
            if let Some(threshold) = &declarator.threshold {
                self.frozen(|this| this.expr(threshold));
            }
            let mut ty = match &declarator.init {
                Some(init) => self.frozen(|this| this.expr(init)),
                None => Type::Null,
            };
            // Below the threshold the variable is bound to null (language §11.3).
            if declarator.threshold.is_some() {
                ty = ty.union(&Type::Null);
            }
            if matches!(declarator.target.kind, PatternKind::Ident(_)) {
                self.pattern(&declarator.target, ty);
            } else {
                // Defaults inside a destructuring pattern run conditionally.
                self.frozen(|this| this.pattern(&declarator.target, ty));
            }
        }
    }

    /// Binds the names of a binding pattern; only a plain name receives the value's type.
    pub(super) fn pattern(&mut self, pattern: &'a Pattern, ty: Type) {
        match &pattern.kind {
            PatternKind::Ident(name) => {
                if let Some(binding) = self.resolution.decl_of(name.span.start) {
                    self.record_name(name.span, binding, &ty);
                    self.declare(binding, ty);
                }
            }
            PatternKind::Array { elements, rest } => {
                for element in elements.iter().flatten() {
                    if let Some(threshold) = &element.threshold {
                        self.expr(threshold);
                    }
                    if let Some(default) = &element.default {
                        self.expr(default);
                    }
                    self.pattern(&element.target, Type::Unknown);
                }
                if let Some(rest) = rest {
                    self.pattern(rest, Type::array(Type::Unknown));
                }
            }
            PatternKind::Object { properties, rest } => {
                for property in properties {
                    if let prism_syntax::ast::PropKeyKind::Computed(key) = &property.key.kind {
                        self.expr(key);
                    }
                    if let Some(threshold) = &property.threshold {
                        self.expr(threshold);
                    }
                    if let Some(default) = &property.default {
                        self.expr(default);
                    }
                    self.pattern(&property.target, Type::Unknown);
                }
                if let Some(rest) = rest {
                    self.pattern(rest, Type::open_object());
                }
            }
            PatternKind::Threshold { pattern, threshold } => {
                self.expr(threshold);
                self.pattern(pattern, Type::Unknown);
            }
            PatternKind::Target(target) => self.assign_target(target),
            PatternKind::Discard | PatternKind::Error => {}
        }
    }

    pub(super) fn check_iterable(&mut self, iterable: &'a Expr, ty: &Type, keyword: ForInKeyword) {
        let iterable_tags = [Tag::Array, Tag::Object, Tag::String];
        if ty.excludes(|member| member.tag().is_some_and(|tag| iterable_tags.contains(&tag))) {
            let keyword = match keyword {
                ForInKeyword::In => "in",
                ForInKeyword::Of => "of",
            };
            self.report(
                Diagnostic::error(
                    "E0316",
                    format!("cannot iterate over {}", ty.message_name()),
                )
                .with_primary(
                    self.file,
                    iterable.span,
                    format!("this is {}", ty.message_name()),
                )
                .with_note(format!(
                    "`for … {keyword}` walks arrays, objects and strings"
                )),
            );
        }
    }
}
