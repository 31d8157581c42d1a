//! Name resolution, static types and checks of Prism programs (language §9, §15).
//!
//! # Checking
//!
//! [`check()`] is the entry point every tool uses (`prism check`, `prism run`, the language
//! server):
//!
//! ```text
//! pub fn check(program: &Program, source: &str, file: FileId, env: &ResolveEnv) -> Checked
//! ```
//!
//! It resolves the file (below) and runs every check of language §15: the errors of §15.1 (the
//! resolver's `E0301`–`E0306`, and `E0401` for a literal confidence outside [0, 1]), the warnings
//! of §15.2, the information of §15.3 and the type errors `E0310`–`E0316` of §15.5. `source` is the
//! text the program was parsed from: the newline rules of §3.8 (`W0402`, `W0407`, `W0420`) look at
//! line breaks. [`Checked::diagnostics`] holds all of them sorted as cli §5 says (start offset, then
//! code); [`Checked::has_errors`] tells whether the file may run.
//!
//! * Confidence kinds (§15, introduction) are computed by the `check::kinds` module: Plain,
//!   Confident or Unknown, with `const` and never-reassigned `let` variables taking the kind of
//!   their initialiser.
//! * Static types ([`types::Type`]) are inferred by the `types::infer` module; every builtin has
//!   a signature in [`types::builtin_signatures`]. Type errors are reported only when proven: a
//!   variable has a type only if it is never reassigned, elements and members read through a
//!   variable are `unknown` (containers are mutable and shared), narrowing stops at function
//!   boundaries, and `unknown` proves nothing.
//! * For the language server, [`Checked::type_at`] and [`Checked::kind_at`] answer hover from a
//!   table computed once per check (a binary search and a short backward scan), and
//!   [`Checked::symbols`] lists the top-level functions, variables and agents.
//!
//! # Name resolution
//!
//! [`resolve()`] binds every identifier of one file (language §9, §13.3–§13.4):
//!
//! ```text
//! pub fn resolve(program: &Program, file: FileId, env: &ResolveEnv) -> Resolution
//! ```
//!
//! * [`ResolveEnv`] says whether the file is the main program (the host scope with `input`,
//!   `pattern` and [`ResolveEnv::extra_host_names`] is visible) or a module, and whether test mode
//!   adds `test` and `mock` to the prelude; for the REPL it carries the session bindings of earlier
//!   entries (cli §7.2), which live in a [`ScopeKind::Session`] scope.
//! * [`Resolution::bindings`] (indexed by [`BindingId`]) records each binding's name, [`BindingKind`],
//!   declaring span, scope, owning function and the `captured`/`reassigned`/`read` flags.
//!   A `captured` binding is used by a function nested in its owner: the IR keeps it in a cell.
//! * [`Resolution::scopes`] (indexed by [`ScopeId`]) is the scope tree of language §9.1; scopes are
//!   found from their nodes with [`Resolution::scope_at`] keyed by `(ScopeKind, span start)`.
//! * [`Resolution::functions`] (indexed by [`FunctionScopeId`], 0 = the top level) lists each
//!   function's bindings, its implicit declarations (§9.3) and its captured outer bindings; a
//!   `Function`/`Lambda` node finds its entry with [`Resolution::function_at`].
//! * [`Resolution::use_of`] maps an identifier use (by span start) to its binding,
//!   [`Resolution::decl_of`] a declaring identifier.
//! * [`Resolution::diagnostics`] holds `E0301`–`E0306` and `I0301`.
//! * For the language server: [`Resolution::identifier_at`] (any offset inside an identifier),
//!   [`Resolution::references`], [`Resolution::innermost_scope_at`] and
//!   [`Resolution::visible_bindings`].
#![forbid(unsafe_code)]

mod check;
mod fast_hash;
pub mod prelude;
pub mod resolve;
pub mod types;
pub mod visit;

pub use check::{check, Checked, ConfidenceKind, DocumentSymbol, SymbolKind};

pub use resolve::{
    resolve, Access, Binding, BindingId, BindingKind, FileRole, FunctionKind, FunctionScope,
    FunctionScopeId, Resolution, ResolveEnv, Scope, ScopeId, ScopeKind, SessionBinding, Use,
};
