//! Rules of language §3 checked on the finished tree rather than while parsing (§3.10 codes):
//! E0203 (a threshold target outside a pattern), E0204 (holes in array literals), E0205 (a rest
//! parameter that is not last), E0206 (missing initializer), E0207 (reserved word as a name),
//! E0209/E0210 (branch sets), E0211 (`break`/`continue` outside a loop), E0214 (`try` alone),
//! E0215 (misplaced `_`), E0216 (module declarations below the top level), E0217 (duplicate
//! bindings), E0220 (pattern shorthands in an object literal) and E0224 (declaration as a
//! single-statement body). E0212 is left to the module loader, which alone knows whether a file is
//! a module.

mod bindings;
mod expressions;
mod walk;

use prism_diagnostics::Diagnostic;
use prism_span::FileId;

use crate::ast::{Program, Stmt};

/// Appends the diagnostics of every rule above, in tree order.
pub fn validate(program: &Program, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    let mut validator = walk::Validator::new(file, diagnostics);
    validator.program(program);
}

/// [`validate`] for one top-level statement. The validator carries nothing from one top-level
/// statement to the next, so validating each in turn gives the diagnostics of [`validate`] on
/// the whole program; the parser does it as soon as a statement is read, while its nodes are
/// still in the cache (a walk over a large finished tree is bound by memory latency).
pub(crate) fn validate_top_level(stmt: &Stmt, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    let mut validator = walk::Validator::new(file, diagnostics);
    validator.stmt(stmt);
}
