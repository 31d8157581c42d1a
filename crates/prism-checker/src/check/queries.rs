//! Queries for the language server (cli §8): the type and confidence kind at an offset (hover) and
//! the document symbols. Both are computed once by [`super::check`]; queries only search tables.

use prism_span::Span;
use prism_syntax::ast::{PatternKind, Program, StmtKind};
use smol_str::SmolStr;

use super::{Checked, ConfidenceKind};
use crate::types::{Type, TypedSpan};
use crate::Resolution;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Function,
    Variable,
    Constant,
    Agent,
}

/// A top-level declaration (document symbols).
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentSymbol {
    pub name: SmolStr,
    pub kind: SymbolKind,
    /// The declaring identifier.
    pub name_span: Span,
    /// The whole declaration.
    pub span: Span,
}

impl Checked {
    /// The innermost typed expression or declared name whose span contains `offset` (an offset
    /// just past the end counts, as editors place the cursor there).
    pub fn typed_at(&self, offset: u32) -> Option<&TypedSpan> {
        let after = self
            .types
            .partition_point(|typed| typed.span.start <= offset);
        self.types
            .get(..after)?
            .iter()
            .rev()
            .find(|typed| typed.span.end >= offset)
    }

    /// The static type at `offset` (hover).
    pub fn type_at(&self, offset: u32) -> Option<&Type> {
        self.typed_at(offset).map(|typed| &typed.ty)
    }

    /// The confidence kind at `offset` (hover).
    pub fn kind_at(&self, offset: u32) -> Option<ConfidenceKind> {
        self.typed_at(offset).map(|typed| typed.kind)
    }
}

pub(super) fn document_symbols(program: &Program, resolution: &Resolution) -> Vec<DocumentSymbol> {
    let _ = resolution;
    let mut symbols = Vec::new();
    for stmt in &program.body {
        let stmt = match &stmt.kind {
            StmtKind::Export(export) => match &export.declaration {
                Some(declaration) => declaration,
                None => continue,
            },
            _ => stmt,
        };
        match &stmt.kind {
            StmtKind::FunctionDecl(function) => {
                if let Some(name) = &function.name {
                    symbols.push(DocumentSymbol {
                        name: name.text.clone(),
                        kind: SymbolKind::Function,
                        name_span: name.span,
                        span: stmt.span,
                    });
                }
            }
            StmtKind::VarDecl(decl) => {
                let kind = match decl.kind {
                    prism_syntax::ast::DeclKind::Let => SymbolKind::Variable,
                    prism_syntax::ast::DeclKind::Const => SymbolKind::Constant,
                };
                for declarator in &decl.declarators {
                    collect_pattern_names(
                        &declarator.target.kind,
                        kind,
                        declarator.span,
                        &mut symbols,
                    );
                }
            }
            StmtKind::Agents(decls) => {
                for decl in decls {
                    symbols.push(DocumentSymbol {
                        name: decl.name.text.clone(),
                        kind: SymbolKind::Agent,
                        name_span: decl.name.span,
                        span: decl.span,
                    });
                }
            }
            _ => {}
        }
    }
    symbols
}

fn collect_pattern_names(
    pattern: &PatternKind,
    kind: SymbolKind,
    span: Span,
    symbols: &mut Vec<DocumentSymbol>,
) {
    match pattern {
        PatternKind::Ident(name) => symbols.push(DocumentSymbol {
            name: name.text.clone(),
            kind,
            name_span: name.span,
            span,
        }),
        PatternKind::Array { elements, rest } => {
            for element in elements.iter().flatten() {
                collect_pattern_names(&element.target.kind, kind, span, symbols);
            }
            if let Some(rest) = rest {
                collect_pattern_names(&rest.kind, kind, span, symbols);
            }
        }
        PatternKind::Object { properties, rest } => {
            for property in properties {
                collect_pattern_names(&property.target.kind, kind, span, symbols);
            }
            if let Some(rest) = rest {
                collect_pattern_names(&rest.kind, kind, span, symbols);
            }
        }
        PatternKind::Threshold { pattern, .. } => {
            collect_pattern_names(&pattern.kind, kind, span, symbols)
        }
        PatternKind::Discard | PatternKind::Target(_) | PatternKind::Error => {}
    }
}
