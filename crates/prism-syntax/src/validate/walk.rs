//! The traversal of the tree, carrying what the rules need to know about the surroundings: the
//! enclosing loops of the current function (E0211), whether the position is the right side of a
//! pipeline (E0215) and whether it is the top level of the file (E0216).

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};

use crate::ast::*;

pub(super) struct Validator<'diag> {
    pub(super) file: FileId,
    pub(super) diagnostics: &'diag mut Vec<Diagnostic>,
    pub(super) loops: u32,
    pub(super) in_pipeline_right: bool,
    pub(super) top_level: bool,
}

impl<'diag> Validator<'diag> {
    pub(super) fn new(file: FileId, diagnostics: &'diag mut Vec<Diagnostic>) -> Self {
        Validator {
            file,
            diagnostics,
            loops: 0,
            in_pipeline_right: false,
            top_level: true,
        }
    }

    pub(super) fn error(&mut self, code: &'static str, message: String, span: Span, label: &str) {
        self.diagnostics
            .push(Diagnostic::error(code, message).with_primary(self.file, span, label));
    }

    pub(super) fn program(&mut self, program: &Program) {
        for stmt in &program.body {
            self.stmt(stmt);
        }
    }

    fn nested_stmts(&mut self, stmts: &[Stmt]) {
        let top_level = std::mem::replace(&mut self.top_level, false);
        for stmt in stmts {
            self.stmt(stmt);
        }
        self.top_level = top_level;
    }

    pub(super) fn block(&mut self, block: &Block) {
        self.nested_stmts(&block.body);
    }

    /// A loop body: `break`/`continue` are allowed inside.
    fn loop_body(&mut self, body: &Stmt) {
        self.loops += 1;
        self.body(body);
        self.loops -= 1;
    }

    /// The body of `if`/`else`/`while`/`for`/`do`: E0224 for a declaration.
    fn body(&mut self, body: &Stmt) {
        if matches!(body.kind, StmtKind::VarDecl(_) | StmtKind::FunctionDecl(_)) {
            let diagnostic = Diagnostic::error(
                "E0224",
                "a declaration cannot be used as a single-statement body",
            )
            .with_primary(self.file, body.span, "this declaration")
            .with_help("wrap it in a block: `{ … }`");
            self.diagnostics.push(diagnostic);
        }
        self.nested_stmts(std::slice::from_ref(body));
    }

    /// E0216 for `import`, `export` and `agents` below the top level.
    fn check_top_level(&mut self, span: Span, construct: &str) {
        if !self.top_level {
            let keyword = Span::new(
                span.start,
                span.start
                    .saturating_add(construct.len() as u32)
                    .min(span.end),
            );
            let message = format!("`{construct}` is only allowed at the top level of a file");
            self.error("E0216", message, keyword, "not at the top level");
        }
    }

    pub(super) fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::VarDecl(decl) => self.var_decl(decl),
            StmtKind::FunctionDecl(function) => self.function(function),
            StmtKind::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test);
                self.body(consequent);
                if let Some(alternate) = alternate {
                    self.body(alternate);
                }
            }
            StmtKind::While { test, body, .. } => {
                self.expr(test);
                self.loop_body(body);
            }
            StmtKind::DoWhile { body, test } => {
                self.loop_body(body);
                self.expr(test);
            }
            StmtKind::For(for_stmt) => {
                self.for_init(&for_stmt.init);
                self.opt_expr(&for_stmt.test);
                self.opt_expr(&for_stmt.update);
                self.loop_body(&for_stmt.body);
            }
            StmtKind::ForIn(for_in) => {
                let mut targets = vec![&for_in.target];
                targets.extend(for_in.index.as_ref());
                self.check_patterns(&targets);
                self.pattern_exprs(&for_in.target);
                self.expr(&for_in.iterable);
                self.loop_body(&for_in.body);
            }
            StmtKind::Uncertain(uncertain) => self.uncertain(uncertain, stmt.span),
            StmtKind::Return(value) => self.opt_expr(value),
            StmtKind::Throw(value) => self.expr(value),
            StmtKind::Break | StmtKind::Continue => {
                if self.loops == 0 {
                    let keyword = if matches!(stmt.kind, StmtKind::Break) {
                        "break"
                    } else {
                        "continue"
                    };
                    let span = Span::new(stmt.span.start, stmt.span.start + keyword.len() as u32);
                    self.error(
                        "E0211",
                        format!("`{keyword}` outside of a loop"),
                        span,
                        "not inside a loop",
                    );
                }
            }
            StmtKind::Empty | StmtKind::Error => {}
            StmtKind::Try(try_stmt) => {
                if try_stmt.handler.is_none() && try_stmt.finalizer.is_none() {
                    let span = Span::new(stmt.span.start, stmt.span.start + 3);
                    let message = "`try` needs a `catch` or a `finally` block".to_string();
                    self.error("E0214", message, span, "this `try` has neither");
                }
                self.block(&try_stmt.block);
                if let Some(param) = &try_stmt.param {
                    self.check_pattern(param);
                    self.pattern_exprs(param);
                }
                if let Some(handler) = &try_stmt.handler {
                    self.block(handler);
                }
                if let Some(finalizer) = &try_stmt.finalizer {
                    self.block(finalizer);
                }
            }
            StmtKind::Context(context) => self.block(&context.body),
            StmtKind::Agents(agents) => {
                self.check_top_level(stmt.span, "agents");
                for agent in agents {
                    self.check_name(&agent.name);
                    self.expr(&agent.object);
                }
            }
            StmtKind::Import(import) => {
                self.check_top_level(stmt.span, "import");
                let locals = import
                    .default
                    .iter()
                    .chain(&import.namespace)
                    .chain(import.names.iter().map(|spec| &spec.local));
                for local in locals {
                    self.check_name(local);
                }
            }
            StmtKind::Export(export) => {
                self.check_top_level(stmt.span, "export");
                if let Some(declaration) = &export.declaration {
                    self.stmt(declaration);
                }
                self.opt_expr(&export.default);
            }
            StmtKind::Block(block) => self.block(block),
            StmtKind::Expr(expr) => self.expr(expr),
        }
    }

    fn var_decl(&mut self, decl: &VarDecl) {
        for declarator in &decl.declarators {
            self.check_pattern(&declarator.target);
            self.pattern_exprs(&declarator.target);
            let is_pattern = !matches!(
                declarator.target.kind,
                PatternKind::Ident(_) | PatternKind::Discard
            );
            if declarator.init.is_none() && (decl.kind == DeclKind::Const || is_pattern) {
                let message = if decl.kind == DeclKind::Const {
                    "missing initializer in `const` declaration".to_string()
                } else {
                    "missing initializer in destructuring declaration".to_string()
                };
                self.error("E0206", message, declarator.target.span, "needs `= value`");
            }
            self.opt_expr(&declarator.threshold);
            self.opt_expr(&declarator.init);
        }
    }

    fn for_init(&mut self, init: &Option<ForInit>) {
        match init {
            Some(ForInit::VarDecl(decl)) => self.var_decl(decl),
            Some(ForInit::Expr(expr)) => self.expr(expr),
            None => {}
        }
    }

    fn uncertain(&mut self, uncertain: &Uncertain, span: Span) {
        self.for_init(&uncertain.init);
        self.opt_expr(&uncertain.test);
        self.opt_expr(&uncertain.update);
        if uncertain.branches.is_empty() {
            let keyword = Span::new(span.start, span.start + "uncertain".len() as u32);
            let message = "an uncertain statement needs at least one branch".to_string();
            self.error(
                "E0210",
                message,
                keyword,
                "no `high`, `medium`, `low` or `default` branch",
            );
        }
        let is_loop = uncertain.form != UncertainForm::If;
        for (position, branch) in uncertain.branches.iter().enumerate() {
            let first = uncertain
                .branches
                .iter()
                .take(position)
                .find(|other| other.name == branch.name);
            if let Some(first) = first {
                let name = branch.name.as_str();
                let diagnostic = Diagnostic::error("E0209", format!("duplicate `{name}` branch"))
                    .with_primary(self.file, branch.name_span, "duplicate branch")
                    .with_secondary(
                        self.file,
                        first.name_span,
                        format!("first `{name}` branch here"),
                    );
                self.diagnostics.push(diagnostic);
            }
            self.loops += u32::from(is_loop);
            self.block(&branch.body);
            self.loops -= u32::from(is_loop);
        }
    }

    /// A function or lambda body starts a new context for loops and the top level. It stays inside
    /// an enclosing pipeline's right side: a placeholder in a lambda written there belongs to that
    /// pipeline (language §6.13).
    pub(super) fn in_function(&mut self, visit: impl FnOnce(&mut Self)) {
        let loops = std::mem::replace(&mut self.loops, 0);
        let top_level = std::mem::replace(&mut self.top_level, false);
        visit(self);
        self.loops = loops;
        self.top_level = top_level;
    }

    pub(super) fn function(&mut self, function: &Function) {
        if let Some(name) = &function.name {
            self.check_name(name);
        }
        self.check_params(&function.params);
        self.in_function(|validator| {
            validator.params(&function.params);
            validator.opt_expr(&function.confidence);
            validator.block(&function.body);
        });
    }

    pub(super) fn params(&mut self, params: &[Param]) {
        for param in params {
            self.pattern_exprs(&param.target);
            self.opt_expr(&param.threshold);
            self.opt_expr(&param.default);
        }
    }
}
