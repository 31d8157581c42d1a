//! What module loading needs of a parsed file (language §13.3, §13.4): the links it makes to other
//! modules (`import … from`, `export … from`) and the names it exports itself.

use prism_span::Span;
use prism_syntax::ast;

use crate::imports::ModuleKey;

/// An `import … from "m"` or `export … from "m"` of a file.
pub(crate) struct Link {
    pub specifier: String,
    pub span: Span,
    /// The names taken from the module (`default` for a default import), each with the span
    /// that names it in this file.
    pub names: Vec<(String, Span)>,
    /// `export * from "m"`.
    pub star: bool,
}

/// What the check needs of one file: its links and its own export names.
pub(crate) struct Module {
    pub links: Vec<Link>,
    /// Export names with their spans, in source order; `export *` is in `links`.
    pub exports: Vec<(String, Span)>,
    /// The module each link resolved to, in `links` order.
    pub targets: Vec<Option<ModuleKey>>,
}

pub(crate) fn read_module(program: &ast::Program) -> Module {
    let mut links = Vec::new();
    let mut exports = Vec::new();
    for statement in &program.body {
        match &statement.kind {
            ast::StmtKind::Import(import) => {
                let mut names = Vec::new();
                if let Some(default) = &import.default {
                    names.push(("default".to_string(), default.span));
                }
                names.extend(
                    import
                        .names
                        .iter()
                        .map(|spec| (spec.imported.text.to_string(), spec.imported.span)),
                );
                links.push(Link {
                    specifier: import.source.value.to_string(),
                    span: import.source.span,
                    names,
                    star: false,
                });
            }
            ast::StmtKind::Export(export) => {
                if let Some(declaration) = &export.declaration {
                    declared_names(declaration, &mut exports);
                }
                if export.default.is_some() {
                    exports.push(("default".to_string(), statement.span));
                }
                for spec in &export.specifiers {
                    exports.push((spec.exported.text.to_string(), spec.exported.span));
                }
                if let Some(source) = &export.source {
                    links.push(Link {
                        specifier: source.value.to_string(),
                        span: source.span,
                        names: export
                            .specifiers
                            .iter()
                            .map(|spec| (spec.local.text.to_string(), spec.local.span))
                            .collect(),
                        star: export.all,
                    });
                }
            }
            _ => {}
        }
    }
    Module {
        links,
        exports,
        targets: Vec::new(),
    }
}

/// The names an exported declaration binds (language §13.4).
fn declared_names(statement: &ast::Stmt, out: &mut Vec<(String, Span)>) {
    match &statement.kind {
        ast::StmtKind::VarDecl(decl) => {
            for declarator in &decl.declarators {
                pattern_names(&declarator.target, out);
            }
        }
        ast::StmtKind::FunctionDecl(function) => {
            if let Some(name) = &function.name {
                out.push((name.text.to_string(), name.span));
            }
        }
        ast::StmtKind::Agents(agents) => {
            out.extend(
                agents
                    .iter()
                    .map(|agent| (agent.name.text.to_string(), agent.name.span)),
            );
        }
        _ => {}
    }
}

fn pattern_names(pattern: &ast::Pattern, out: &mut Vec<(String, Span)>) {
    match &pattern.kind {
        ast::PatternKind::Ident(name) => out.push((name.text.to_string(), name.span)),
        ast::PatternKind::Array { elements, rest } => {
            for element in elements.iter().flatten() {
                pattern_names(&element.target, out);
            }
            if let Some(rest) = rest {
                pattern_names(rest, out);
            }
        }
        ast::PatternKind::Object { properties, rest } => {
            for property in properties {
                pattern_names(&property.target, out);
            }
            if let Some(rest) = rest {
                pattern_names(rest, out);
            }
        }
        ast::PatternKind::Threshold { pattern, .. } => pattern_names(pattern, out),
        ast::PatternKind::Discard | ast::PatternKind::Target(_) | ast::PatternKind::Error => {}
    }
}
