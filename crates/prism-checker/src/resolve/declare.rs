//! Declarations made at the start of a scope: every `let`, `const`, function, `agents` binding and
//! import directly in a statement list exists from the start of its scope (language §9.2, §9.4,
//! §13.3), so all of them are declared before any statement of the list is resolved.

use prism_span::Span;
use prism_syntax::ast::{DeclKind, Pattern, PatternKind, Stmt, StmtKind, VarDecl};

use super::walker::Resolver;
use super::BindingKind;

impl Resolver<'_> {
    /// Declares the bindings of a statement list in the current scope.
    pub(super) fn declare_statements(&mut self, statements: &[Stmt]) {
        for statement in statements {
            self.declare_statement(statement);
        }
    }

    fn declare_statement(&mut self, statement: &Stmt) {
        match &statement.kind {
            StmtKind::VarDecl(declaration) => self.declare_var(declaration),
            StmtKind::FunctionDecl(function) => {
                if let Some(name) = &function.name {
                    self.declare(name, BindingKind::Function, None);
                }
            }
            StmtKind::Agents(agents) => {
                for agent in agents {
                    self.declare(&agent.name, BindingKind::Agent, Some(agent.object.span));
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
            StmtKind::Export(export) => {
                if let Some(declaration) = &export.declaration {
                    self.declare_statement(declaration);
                }
            }
            _ => {}
        }
    }

    /// Declares every name of a `let`/`const` declaration. A read inside a declarator's
    /// initialiser can never see the binding initialised (`E0306`).
    pub(super) fn declare_var(&mut self, declaration: &VarDecl) {
        let kind = match declaration.kind {
            DeclKind::Let => BindingKind::Let,
            DeclKind::Const => BindingKind::Const,
        };
        for declarator in &declaration.declarators {
            let init = declarator.init.as_ref().map(|init| init.span);
            self.in_pattern(|this| this.declare_pattern(&declarator.target, kind, init));
        }
    }

    /// Declares every identifier of a binding pattern (language §11.1). Member targets cannot occur
    /// in binding patterns; the walk resolves them as reads if error recovery left one there.
    pub(super) fn declare_pattern(
        &mut self,
        pattern: &Pattern,
        kind: BindingKind,
        init: Option<Span>,
    ) {
        match &pattern.kind {
            PatternKind::Ident(name) => {
                self.declare(name, kind, init);
            }
            PatternKind::Array { elements, rest } => {
                for element in elements.iter().flatten() {
                    self.declare_pattern(&element.target, kind, init);
                }
                if let Some(rest) = rest {
                    self.declare_pattern(rest, kind, init);
                }
            }
            PatternKind::Object { properties, rest } => {
                for property in properties {
                    self.declare_pattern(&property.target, kind, init);
                }
                if let Some(rest) = rest {
                    self.declare_pattern(rest, kind, init);
                }
            }
            PatternKind::Threshold { pattern, .. } => self.declare_pattern(pattern, kind, init),
            PatternKind::Discard | PatternKind::Target(_) | PatternKind::Error => {}
        }
    }
}
