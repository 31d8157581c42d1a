//! Document symbols (cli §8): the top-level functions, `let`/`const` bindings and agents, with the
//! functions and bindings declared inside a function nested under it.

use prism_syntax::ast::{
    DeclKind, Declarator, Expr, ExprKind, LambdaBody, PatternKind, Stmt, StmtKind,
};

use crate::{Analysis, DocumentSymbol, SymbolKind};

impl Analysis {
    /// The symbol tree of the document, in source order.
    pub fn document_symbols(&self) -> Vec<DocumentSymbol> {
        let mut symbols = Vec::new();
        for stmt in &self.program().body {
            self.stmt_symbols(stmt, false, &mut symbols);
        }
        symbols
    }

    /// The symbols `stmt` declares. Inside a function (`nested`), blocks and loops are searched
    /// too, so a helper declared in an `if` still shows under its function.
    fn stmt_symbols(&self, stmt: &Stmt, nested: bool, out: &mut Vec<DocumentSymbol>) {
        match &stmt.kind {
            StmtKind::Export(export) => {
                if let Some(declaration) = &export.declaration {
                    self.stmt_symbols(declaration, nested, out);
                }
            }
            StmtKind::FunctionDecl(function) => {
                let Some(name) = &function.name else {
                    return;
                };
                let mut children = Vec::new();
                for inner in &function.body.body {
                    self.stmt_symbols(inner, true, &mut children);
                }
                out.push(DocumentSymbol {
                    name: name.text.to_string(),
                    kind: SymbolKind::Function,
                    detail: self.function_detail(&name.text, name.span),
                    range: stmt.span,
                    selection: name.span,
                    children,
                });
            }
            StmtKind::VarDecl(decl) => {
                // A lone declarator's symbol covers its `let`/`const` keyword too.
                let whole = (decl.declarators.len() == 1).then_some(stmt.span);
                for declarator in &decl.declarators {
                    let range = whole.unwrap_or(declarator.span);
                    self.declarator_symbols(decl.kind, declarator, range, out);
                }
            }
            StmtKind::Agents(agents) => {
                for agent in agents {
                    out.push(DocumentSymbol {
                        name: agent.name.text.to_string(),
                        kind: SymbolKind::Agent,
                        detail: Some("agent".to_string()),
                        range: agent.span,
                        selection: agent.name.span,
                        children: Vec::new(),
                    });
                }
            }
            _ if nested => {
                for_each_child_stmt(stmt, |child| self.stmt_symbols(child, true, out));
            }
            _ => {}
        }
    }

    fn declarator_symbols(
        &self,
        kind: DeclKind,
        declarator: &Declarator,
        range: prism_span::Span,
        out: &mut Vec<DocumentSymbol>,
    ) {
        if let PatternKind::Ident(name) = &declarator.target.kind {
            let function_body = declarator.init.as_ref().and_then(function_body);
            if let Some(body) = function_body {
                let mut children = Vec::new();
                for inner in body {
                    self.stmt_symbols(inner, true, &mut children);
                }
                out.push(DocumentSymbol {
                    name: name.text.to_string(),
                    kind: SymbolKind::Function,
                    detail: self.function_detail(&name.text, name.span),
                    range,
                    selection: name.span,
                    children,
                });
                return;
            }
        }
        let symbol_kind = match kind {
            DeclKind::Let => SymbolKind::Variable,
            DeclKind::Const => SymbolKind::Constant,
        };
        let mut names = Vec::new();
        pattern_names(&declarator.target.kind, &mut names);
        for (text, span) in names {
            let ty = self.type_of(span);
            out.push(DocumentSymbol {
                name: text,
                kind: symbol_kind,
                detail: (!ty.is_unknown()).then(|| ty.to_string()),
                range,
                selection: span,
                children: Vec::new(),
            });
        }
    }

    /// `(a, b = 1) -> number` for a function symbol.
    fn function_detail(&self, name: &str, span: prism_span::Span) -> Option<String> {
        let label = self.function_label(name, span)?;
        Some(label.text.get(name.len()..)?.to_string())
    }
}

/// The statements of a block-bodied lambda or function expression.
fn function_body(init: &Expr) -> Option<&[Stmt]> {
    match &init.unparenthesized().kind {
        ExprKind::Function(function) => Some(&function.body.body),
        ExprKind::Lambda(lambda) => match &lambda.body {
            LambdaBody::Block(block) => Some(&block.body),
            LambdaBody::Expr(_) => Some(&[]),
        },
        _ => None,
    }
}

/// Calls `visit` on the statements directly inside a compound statement.
fn for_each_child_stmt<'a>(stmt: &'a Stmt, mut visit: impl FnMut(&'a Stmt)) {
    let mut blocks: Vec<&'a [Stmt]> = Vec::new();
    match &stmt.kind {
        StmtKind::Block(block) => blocks.push(&block.body),
        StmtKind::If {
            consequent,
            alternate,
            ..
        } => {
            visit(consequent);
            if let Some(alternate) = alternate {
                visit(alternate);
            }
        }
        StmtKind::While { body, .. } | StmtKind::DoWhile { body, .. } => visit(body),
        StmtKind::For(for_stmt) => visit(&for_stmt.body),
        StmtKind::ForIn(for_in) => visit(&for_in.body),
        StmtKind::Uncertain(uncertain) => {
            blocks.extend(
                uncertain
                    .branches
                    .iter()
                    .map(|branch| &branch.body.body[..]),
            );
        }
        StmtKind::Try(try_stmt) => {
            blocks.push(&try_stmt.block.body);
            blocks.extend(try_stmt.handler.iter().map(|block| &block.body[..]));
            blocks.extend(try_stmt.finalizer.iter().map(|block| &block.body[..]));
        }
        StmtKind::Context(context) => blocks.push(&context.body.body),
        _ => {}
    }
    for block in blocks {
        block.iter().for_each(&mut visit);
    }
}

/// The names a binding pattern declares, in source order.
fn pattern_names(pattern: &PatternKind, out: &mut Vec<(String, prism_span::Span)>) {
    match pattern {
        PatternKind::Ident(name) => out.push((name.text.to_string(), name.span)),
        PatternKind::Array { elements, rest } => {
            for element in elements.iter().flatten() {
                pattern_names(&element.target.kind, out);
            }
            if let Some(rest) = rest {
                pattern_names(&rest.kind, out);
            }
        }
        PatternKind::Object { properties, rest } => {
            for property in properties {
                pattern_names(&property.target.kind, out);
            }
            if let Some(rest) = rest {
                pattern_names(&rest.kind, out);
            }
        }
        PatternKind::Threshold { pattern, .. } => pattern_names(&pattern.kind, out),
        PatternKind::Discard | PatternKind::Target(_) | PatternKind::Error => {}
    }
}
