//! The checker's entry point (language §15): resolution, then every check of §15.1–§15.5, with the
//! side tables the language server reads (types and confidence kinds by offset, document symbols).

pub(crate) mod kinds;
mod lints;
mod queries;
pub(crate) mod usage;

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, LineIndex};
use prism_syntax::ast::Program;

pub use kinds::ConfidenceKind;
pub use queries::{DocumentSymbol, SymbolKind};

use crate::types::infer::Infer;
use crate::types::TypedSpan;
use crate::visit::walk_program;
use crate::{resolve, Resolution, ResolveEnv};

/// Everything the checker knows about one file.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    pub resolution: Resolution,
    /// Every diagnostic of §15.1–§15.5 (the resolver's included), sorted by start offset then code
    /// (cli §5).
    pub diagnostics: Vec<Diagnostic>,
    /// The type and confidence kind of every expression and declared name, sorted by span start
    /// (longer spans first among equal starts), for [`Checked::type_at`].
    pub types: Vec<TypedSpan>,
    /// Top-level functions, variables and agents, in source order.
    pub symbols: Vec<DocumentSymbol>,
}

impl Checked {
    /// Whether the file has an error: it must not run (§15).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Resolves and checks one file. `source` is the text `program` was parsed from; it is needed for
/// the rules about line breaks (`W0402`, `W0407`, `W0420`, language §3.8). Never panics, also on a
/// tree repaired by error recovery.
pub fn check(program: &Program, source: &str, file: FileId, env: &ResolveEnv) -> Checked {
    let resolution = resolve(program, file, env);
    let lines = LineIndex::new(source);
    let mut kinds = kinds::KindEngine::new(program, &resolution);
    let callables = usage::Callables::collect(program, &resolution, &kinds);
    let (sealed, mut diagnostics) = usage::SealedObjects::collect(program, &resolution, &kinds);
    diagnostics.extend(resolution.diagnostics.iter().cloned());
    diagnostics.extend(usage::unused_variables(&resolution, file));

    let mut lints = lints::Lints {
        file,
        source,
        lines: &lines,
        resolution: &resolution,
        kinds: &mut kinds,
        callables: &callables,
        diagnostics: Vec::new(),
    };
    walk_program(&mut lints, program);
    diagnostics.append(&mut lints.diagnostics);

    let mut infer = Infer::new(file, &resolution, &mut kinds, &callables, &sealed);
    infer.run(program);
    diagnostics.append(&mut infer.diagnostics);
    let types = std::mem::take(&mut infer.table);
    let mut types = sorted_by_position(types);
    types.dedup_by(|later, earlier| later.span == earlier.span);

    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let symbols = queries::document_symbols(program, &resolution);
    Checked {
        resolution,
        diagnostics,
        types,
        symbols,
    }
}

/// The entries by span start, longer spans first among equal starts. Sorting the 40-byte entries
/// themselves was a sixth of a check: most of it moving them. Sorting small (key, index) pairs
/// and then moving each entry once costs a fraction of that.
fn sorted_by_position(mut types: Vec<TypedSpan>) -> Vec<TypedSpan> {
    let mut order: Vec<(u64, u32)> = types
        .iter()
        .enumerate()
        .map(|(index, typed)| {
            let key = (u64::from(typed.span.start) << 32) | u64::from(u32::MAX - typed.span.end);
            (key, index as u32)
        })
        .collect();
    order.sort_unstable();
    order
        .into_iter()
        .map(|(_, index)| {
            let slot = &mut types[index as usize];
            TypedSpan {
                span: slot.span,
                ty: std::mem::replace(&mut slot.ty, crate::types::Type::Unknown),
                kind: slot.kind,
            }
        })
        .collect()
}
