//! Definition, references and rename (cli §8), within a document and across files: an imported
//! name leads to the module that exports it (relative modules and the bundled `std/` modules), and
//! a name exported by a document is found in every project file that imports it.

use std::collections::HashMap;

use lsp_server::{ErrorCode, ResponseError};
use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams,
    RenameParams, TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};
use prism_span::Span;
use prism_syntax::ast::{Program, StmtKind};

use crate::document::Document;
use crate::features::{error, Snapshot};

/// How deep `export … from` chains are followed.
const MAX_REEXPORTS: usize = 16;

pub fn definition(
    s: &Snapshot,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, ResponseError> {
    let (document, offset) = s.at(&params.text_document_position_params)?;
    let analysis = document.analysis();
    if let Some(target) = analysis.import_target(offset) {
        if let Some(module) = s.workspace.module(s, document, &target.source) {
            let found = match &target.imported {
                Some(name) => exported(s, &module, name, 0),
                // The import string itself, or a namespace import: the module's first line.
                None => Some((module.clone(), Span::new(0, 0))),
            };
            if let Some((module, span)) = found {
                return Ok(Some(GotoDefinitionResponse::Scalar(location(
                    s, &module, span,
                ))));
            }
        }
    }
    Ok(analysis
        .definition(offset)
        .map(|span| GotoDefinitionResponse::Scalar(location(s, document, span))))
}

fn location(s: &Snapshot, document: &Document, span: Span) -> Location {
    Location::new(document.uri.clone(), document.map(s.encoding).range(span))
}

/// The declaring identifier of the export `name` of `module`, following re-exports.
fn exported(s: &Snapshot, module: &Document, name: &str, depth: usize) -> Option<(Document, Span)> {
    if depth > MAX_REEXPORTS {
        return None;
    }
    let analysis = module.analysis();
    let program = analysis.program();
    if let Some(span) = declared_export(program, analysis.checked(), name) {
        return Some((module.clone(), span));
    }
    for statement in &program.body {
        let StmtKind::Export(export) = &statement.kind else {
            continue;
        };
        if name == "default" && export.default.is_some() {
            return Some((module.clone(), statement.span));
        }
        for spec in &export.specifiers {
            if spec.exported.text != name {
                continue;
            }
            return match &export.source {
                Some(source) => {
                    let next = s.workspace.module(s, module, &source.value)?;
                    exported(s, &next, &spec.local.text, depth + 1)
                }
                None => {
                    let span = analysis
                        .definition(spec.local.span.start)
                        .unwrap_or(spec.local.span);
                    Some((module.clone(), span))
                }
            };
        }
        if let (true, Some(source), false) = (export.all, &export.source, name == "default") {
            let next = s.workspace.module(s, module, &source.value);
            if let Some(found) = next.and_then(|next| exported(s, &next, name, depth + 1)) {
                return Some(found);
            }
        }
    }
    None
}

/// `export function name`, `export let/const name`, `export agents { name … }`: the declaring
/// identifier among the checker's top-level symbols that lie inside an `export` statement.
fn declared_export(
    program: &Program,
    checked: &prism_checker::Checked,
    name: &str,
) -> Option<Span> {
    let exports: Vec<Span> = program
        .body
        .iter()
        .filter(|statement| matches!(&statement.kind, StmtKind::Export(export) if export.declaration.is_some()))
        .map(|statement| statement.span)
        .collect();
    checked
        .symbols
        .iter()
        .find(|symbol| {
            symbol.name == name
                && exports
                    .iter()
                    .any(|export| export.contains_span(symbol.span))
        })
        .map(|symbol| symbol.name_span)
}

/// A name exported by a declaration: where it is declared and under which name importers see it.
struct Origin {
    module: Document,
    declaration: Span,
    name: String,
}

/// The exported declaration the cursor is on (its declaration or a use in the same file).
fn origin_at(document: &Document, offset: u32) -> Option<Origin> {
    let analysis = document.analysis();
    let declaration = analysis.definition(offset)?;
    let name = declaration.text(analysis.text()).to_string();
    let exported = declared_export(analysis.program(), analysis.checked(), &name)?;
    (exported == declaration).then(|| Origin {
        module: document.clone(),
        declaration,
        name,
    })
}

/// An import of the origin in another file: the import specifier and its local binding.
struct Importer {
    document: Document,
    imported: Span,
    local: Span,
}

/// Every import of `origin.name` from `origin.module` in the project's other files.
fn importers(s: &Snapshot, origin: &Origin) -> Vec<Importer> {
    let mut found = Vec::new();
    let Some(origin_path) = origin.module.path.as_deref() else {
        return found;
    };
    for path in s.workspace.project_files(s) {
        if path == origin_path {
            continue;
        }
        let Some(document) = s.workspace.file(s, &path) else {
            continue;
        };
        let analysis = document.analysis();
        for statement in &analysis.program().body {
            let StmtKind::Import(import) = &statement.kind else {
                continue;
            };
            let wanted: Vec<_> = import
                .names
                .iter()
                .filter(|spec| spec.imported.text == origin.name)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let target = s.workspace.module(s, &document, &import.source.value);
            if target.and_then(|target| target.path).as_deref() != Some(origin_path) {
                continue;
            }
            for spec in wanted {
                found.push(Importer {
                    document: document.clone(),
                    imported: spec.imported.span,
                    local: spec.local.span,
                });
            }
        }
    }
    found
}

pub fn references(
    s: &Snapshot,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>, ResponseError> {
    let include_declaration = params.context.include_declaration;
    let (document, offset) = s.at(&params.text_document_position)?;
    // From an imported name, the references are those of the export it names.
    let origin = match document.analysis().import_target(offset) {
        Some(target) => target.imported.as_ref().and_then(|name| {
            let module = s.workspace.module(s, document, &target.source)?;
            let (module, declaration) = exported(s, &module, name, 0)?;
            origin_at(&module, declaration.start)
        }),
        None => origin_at(document, offset),
    };
    let Some(origin) = origin else {
        let spans = document.analysis().references(offset, include_declaration);
        return Ok(Some(
            spans
                .into_iter()
                .map(|span| location(s, document, span))
                .collect(),
        ));
    };
    let mut locations: Vec<Location> = origin
        .module
        .analysis()
        .references(origin.declaration.start, include_declaration)
        .into_iter()
        .map(|span| location(s, &origin.module, span))
        .collect();
    for importer in importers(s, &origin) {
        let spans = if importer.imported == importer.local {
            importer
                .document
                .analysis()
                .references(importer.local.start, true)
        } else {
            vec![importer.imported]
        };
        locations.extend(
            spans
                .into_iter()
                .map(|span| location(s, &importer.document, span)),
        );
    }
    Ok(Some(locations))
}

pub fn prepare_rename(
    s: &Snapshot,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, ResponseError> {
    let (document, offset) = s.at(&params)?;
    match document.analysis().prepare_rename(offset) {
        Ok(span) => Ok(Some(PrepareRenameResponse::Range(
            document.map(s.encoding).range(span),
        ))),
        Err(refusal) => Err(error(ErrorCode::RequestFailed, &refusal.message)),
    }
}

/// Renames in the document; a name exported by a declaration is renamed in every project file
/// that imports it too (`import { x }` becomes `import { y }`, `import { x as z }` becomes
/// `import { y as z }`). Renaming an imported name is local: it keeps the imported name.
// `WorkspaceEdit` keys its changes by `Uri`, whose parsed form caches positions in cells; the
// keys are never mutated here.
#[allow(clippy::mutable_key_type)]
pub fn rename(s: &Snapshot, params: RenameParams) -> Result<Option<WorkspaceEdit>, ResponseError> {
    let new_name = params.new_name;
    let (document, offset) = s.at(&params.text_document_position)?;
    let refuse =
        |refusal: prism_ide::RenameError| error(ErrorCode::RequestFailed, &refusal.message);
    let edits = document
        .analysis()
        .rename(offset, &new_name)
        .map_err(refuse)?;
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    changes.insert(document.uri.clone(), protocol_edits(s, document, edits));
    if let Some(origin) = origin_at(document, offset) {
        for importer in importers(s, &origin) {
            let edits = if importer.imported == importer.local {
                // The importer's own rename writes `x as y` for the shorthand; here the imported
                // name changes too, so the specifier becomes plain `y`.
                let local = importer
                    .document
                    .analysis()
                    .rename(importer.local.start, &new_name);
                let mut edits = local.map_err(refuse)?;
                for edit in &mut edits {
                    if edit.span == importer.local {
                        edit.new_text = new_name.clone();
                    }
                }
                edits
            } else {
                vec![prism_ide::TextEdit {
                    span: importer.imported,
                    new_text: new_name.clone(),
                }]
            };
            let converted = protocol_edits(s, &importer.document, edits);
            changes
                .entry(importer.document.uri.clone())
                .or_default()
                .extend(converted);
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

fn protocol_edits(
    s: &Snapshot,
    document: &Document,
    edits: Vec<prism_ide::TextEdit>,
) -> Vec<TextEdit> {
    let map = document.map(s.encoding);
    edits
        .into_iter()
        .map(|edit| TextEdit::new(map.range(edit.span), edit.new_text))
        .collect()
}
