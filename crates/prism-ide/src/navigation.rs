//! Go to definition, references and rename inside one file (cli §8). Imports lead to other files:
//! [`Analysis::import_target`] names the module and export so the server can follow them.

use prism_checker::visit::{walk_stmt, Visitor};
use prism_checker::{BindingId, BindingKind};
use prism_span::Span;
use prism_syntax::ast::{Expr, ExprKind, PatternKind, PropKeyKind, PropertyKind, Stmt, StmtKind};
use prism_syntax::lexer::{is_id_continue, is_id_start};
use prism_syntax::token::Keyword;

use crate::shorthand::{shorthands, Shorthand};
use crate::{Analysis, ImportTarget, RenameError, TextEdit};

/// Words that are keywords only in some places (language §2.7) and still cannot name a binding
/// everywhere; refusing them keeps a rename from producing code that reads differently.
const CONTEXTUAL: &[&str] = &[
    "high", "medium", "low", "default", "from", "as", "of", "agents",
];

impl Analysis {
    /// The declaring identifier of the binding under the cursor, in this file; for `o.k` where `o`
    /// is a `const` initialised with an object literal, the key `k` in that literal. `None` for
    /// builtins, host names and anything that is not a name.
    pub fn definition(&self, offset: u32) -> Option<Span> {
        if let Some(member) = self.member_at(offset) {
            return self.literal_key(member.object, &member.property.text);
        }
        let (_, id) = self.resolution().identifier_at(offset)?;
        let binding = self.resolution().binding(id)?;
        if binding.kind.is_global() {
            return None;
        }
        self.resolution().declarations_of(id).next()
    }

    /// The key `key` of the object literal a `const` named by `object` was initialised with.
    fn literal_key(&self, object: &Expr, key: &str) -> Option<Span> {
        let ExprKind::Ident(_) = object.kind else {
            return None;
        };
        let id = self.resolution().use_of(object.span.start)?;
        let binding = self.resolution().binding(id)?;
        if binding.kind != BindingKind::Const {
            return None;
        }
        let init = self.initializer_of(binding.span)?;
        let ExprKind::Object(properties) = &init.unparenthesized().kind else {
            return None;
        };
        properties
            .iter()
            .rev()
            .find_map(|property| match &property.kind {
                PropertyKind::KeyValue { key: written, .. } => match &written.kind {
                    PropKeyKind::Name(name) | PropKeyKind::String(name) if name == key => {
                        Some(written.span)
                    }
                    _ => None,
                },
                PropertyKind::Shorthand(name) if name.text == key => Some(name.span),
                _ => None,
            })
    }

    /// The initialiser of the `let`/`const` declarator whose name is at `name`.
    fn initializer_of(&self, name: Span) -> Option<&Expr> {
        struct Finder<'a> {
            name: Span,
            found: Option<&'a Expr>,
        }
        impl<'a> Visitor<'a> for Finder<'a> {
            fn visit_stmt(&mut self, stmt: &'a Stmt) {
                if self.found.is_some() || !stmt.span.contains_span(self.name) {
                    return;
                }
                if let StmtKind::VarDecl(decl) = &stmt.kind {
                    for declarator in &decl.declarators {
                        if matches!(&declarator.target.kind, PatternKind::Ident(n) if n.span == self.name)
                        {
                            self.found = declarator.init.as_ref();
                        }
                    }
                }
                walk_stmt(self, stmt);
            }
        }
        let mut finder = Finder { name, found: None };
        prism_checker::visit::walk_program(&mut finder, self.program());
        finder.found
    }

    /// For an imported name (at a use, at its local name or at the imported name) or an import
    /// string: the module it comes from and the exported name.
    pub fn import_target(&self, offset: u32) -> Option<ImportTarget> {
        let import = self.import_at(offset).or_else(|| {
            let (_, id) = self.resolution().identifier_at(offset)?;
            let binding = self.resolution().binding(id)?;
            if binding.kind != BindingKind::Import {
                return None;
            }
            self.import_at(binding.span.start)
        })?;
        let local = self
            .resolution()
            .identifier_at(offset)
            .map(|(_, id)| id)
            .and_then(|id| self.resolution().binding(id))
            .filter(|binding| binding.kind == BindingKind::Import)
            .map(|binding| binding.span);
        let touches = |span: Span| span.start <= offset && offset <= span.end;
        let imported = import
            .names
            .iter()
            .find(|spec| Some(spec.local.span) == local || touches(spec.imported.span))
            .map(|spec| spec.imported.text.to_string())
            .or_else(|| {
                let default = import.default.as_ref()?;
                (Some(default.span) == local || touches(default.span))
                    .then(|| "default".to_string())
            });
        Some(ImportTarget {
            source: import.source.value.to_string(),
            source_span: import.source.span,
            imported,
        })
    }

    /// Where this file declares its export `name` (language §13.4): the declaring identifier of
    /// `export let/const/function/agents`, the local binding of `export { local as name }`, or the
    /// expression of `export default` for `"default"`. `None` for re-exports of other modules.
    pub fn exported_declaration(&self, name: &str) -> Option<Span> {
        for stmt in &self.program().body {
            let StmtKind::Export(export) = &stmt.kind else {
                continue;
            };
            if export.source.is_some() {
                continue;
            }
            if let (Some(default), "default") = (&export.default, name) {
                return Some(default.span);
            }
            for spec in &export.specifiers {
                if spec.exported.text == name {
                    let binding = self.resolution().use_of(spec.local.span.start);
                    let declared =
                        binding.and_then(|id| self.resolution().declarations_of(id).next());
                    return declared.or(Some(spec.local.span));
                }
            }
            let Some(declaration) = &export.declaration else {
                continue;
            };
            let declared = self
                .resolution()
                .bindings
                .iter()
                .filter(|binding| {
                    binding.name == name && declaration.span.contains_span(binding.span)
                })
                .filter(|binding| binding.function == prism_checker::FunctionScopeId::TOP_LEVEL)
                .map(|binding| binding.span)
                .next();
            if declared.is_some() {
                return declared;
            }
        }
        None
    }

    /// The declaration (if `include_declaration`) and every use of the binding under the cursor,
    /// in source order.
    pub fn references(&self, offset: u32, include_declaration: bool) -> Vec<Span> {
        let Some((_, id)) = self.resolution().identifier_at(offset) else {
            return Vec::new();
        };
        let mut spans = self.resolution().references(id);
        if !include_declaration {
            let declarations: Vec<Span> = self.resolution().declarations_of(id).collect();
            spans.retain(|span| !declarations.contains(span));
        }
        spans
    }

    /// The name a rename at `offset` would change, or why it cannot.
    pub fn prepare_rename(&self, offset: u32) -> Result<Span, RenameError> {
        self.renamable(offset).map(|(span, _)| span)
    }

    /// The edits renaming the binding under the cursor to `new_name` everywhere in this file.
    /// Shorthands keep what they name outside: `{ x }` becomes `{ x: y }`, `import { x }` becomes
    /// `import { x as y }`, `export { x }` becomes `export { y as x }`.
    pub fn rename(&self, offset: u32, new_name: &str) -> Result<Vec<TextEdit>, RenameError> {
        let (_, id) = self.renamable(offset)?;
        check_new_name(new_name)?;
        let Some(binding) = self.resolution().binding(id) else {
            return Err(refuse("nothing to rename here"));
        };
        if let Some(scope) = self.resolution().scope(binding.scope) {
            let clash = scope.bindings.iter().any(|&other| {
                other != id
                    && self
                        .resolution()
                        .binding(other)
                        .is_some_and(|other| other.name == new_name)
            });
            if clash {
                return Err(refuse(&format!(
                    "'{new_name}' is already declared in this scope"
                )));
            }
        }
        self.check_capture(id, new_name)?;
        let shorthands = shorthands(self.program());
        let edits = self
            .resolution()
            .references(id)
            .into_iter()
            .map(|span| {
                let old = &binding.name;
                let new_text = match shorthands.iter().find(|(at, _)| *at == span) {
                    Some((_, Shorthand::Property)) => format!("{old}: {new_name}"),
                    Some((_, Shorthand::Import)) => format!("{old} as {new_name}"),
                    Some((_, Shorthand::Export)) => format!("{new_name} as {old}"),
                    None => new_name.to_string(),
                };
                TextEdit { span, new_text }
            })
            .collect();
        Ok(edits)
    }

    /// Refuses a rename that would change what a name means: a use of the renamed binding that
    /// an inner `new_name` would capture, or a use of an outer `new_name` that the renamed binding
    /// would shadow.
    fn check_capture(&self, id: BindingId, new_name: &str) -> Result<(), RenameError> {
        let resolution = self.resolution();
        // Innermost first: another `new_name` met before the binding itself would win.
        let captured_at = |offset: u32| {
            let Some(scope) = resolution.innermost_scope_at(offset) else {
                return false;
            };
            let first = resolution
                .visible_bindings(scope)
                .into_iter()
                .find(|&other| {
                    other == id
                        || resolution
                            .binding(other)
                            .is_some_and(|binding| binding.name == new_name)
                });
            first.is_some_and(|other| other != id)
        };
        for span in resolution.references(id) {
            if captured_at(span.start) {
                return Err(refuse(&format!(
                    "another '{new_name}' is visible at a use of this name"
                )));
            }
        }
        let Some(scope) = resolution
            .binding(id)
            .and_then(|binding| resolution.scope(binding.scope))
        else {
            return Ok(());
        };
        // Only a `new_name` declared outside the scope can be shadowed by the renamed binding.
        let shadowed = resolution.uses.iter().any(|record| {
            scope.span.contains_span(record.span)
                && resolution.binding(record.binding).is_some_and(|binding| {
                    binding.name == new_name
                        && (binding.kind.is_global() || !scope.span.contains_span(binding.span))
                })
        });
        if shadowed {
            return Err(refuse(&format!(
                "'{new_name}' is used in this scope and would refer to the renamed binding"
            )));
        }
        Ok(())
    }

    fn renamable(&self, offset: u32) -> Result<(Span, BindingId), RenameError> {
        let Some((span, id)) = self.resolution().identifier_at(offset) else {
            return Err(refuse("only names can be renamed"));
        };
        let Some(binding) = self.resolution().binding(id) else {
            return Err(refuse("only names can be renamed"));
        };
        match binding.kind {
            BindingKind::Prelude => Err(refuse(&format!(
                "'{}' is a builtin and cannot be renamed",
                binding.name
            ))),
            BindingKind::Host => Err(refuse(&format!(
                "'{}' is provided by the host and cannot be renamed",
                binding.name
            ))),
            _ => Ok((span, id)),
        }
    }
}

fn refuse(message: &str) -> RenameError {
    RenameError {
        message: message.to_string(),
    }
}

fn check_new_name(name: &str) -> Result<(), RenameError> {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(is_id_start) && chars.all(is_id_continue);
    if !valid || name == "_" {
        return Err(refuse(&format!("'{name}' is not a valid name")));
    }
    if Keyword::from_str(name).is_some() || CONTEXTUAL.contains(&name) {
        return Err(refuse(&format!("'{name}' is a keyword")));
    }
    if prism_checker::prelude::is_prelude(name) {
        return Err(refuse(&format!("'{name}' would shadow the builtin")));
    }
    Ok(())
}
