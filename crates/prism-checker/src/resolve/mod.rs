//! Name resolution (language §9; imports and exports §13.3–§13.4; diagnostics §15.1 `E0301`–`E0306`
//! and §15.3 `I0301`).
//!
//! [`resolve()`] walks one file and produces a [`Resolution`]: every binding, every scope, every
//! function, and side tables from identifier offsets to bindings. Two identifiers never start at the
//! same offset, so the span start of an identifier is its key; nodes that open scopes are keyed by
//! `(ScopeKind, span start)`, because a node and its first child can share a start offset.
//!
//! The order of work follows §9.3: a function body (or the file) is resolved completely — including
//! its implicit declarations — before the bodies of the functions and lambdas nested in it, so that
//! nested functions see the implicit bindings of their enclosing functions.

mod declare;
mod diagnostics;
mod dump;
mod expr;
mod pattern;
mod queries;
mod stmt;
mod uses;
mod walker;

#[cfg(test)]
mod tests;

use crate::fast_hash::FastMap as HashMap;

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast::Program;
use smol_str::SmolStr;

/// Index of a [`Binding`] in [`Resolution::bindings`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct BindingId(pub u32);

/// Index of a [`Scope`] in [`Resolution::scopes`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

/// Index of a [`FunctionScope`] in [`Resolution::functions`]. Index 0 is the file's top level.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct FunctionScopeId(pub u32);

impl BindingId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ScopeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl FunctionScopeId {
    /// The top level of the file.
    pub const TOP_LEVEL: FunctionScopeId = FunctionScopeId(0);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Whether the file is the main program or a module (language §9.1, §13.6).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum FileRole {
    /// The main program: the host scope (`input`, `pattern`, extra host names) is visible.
    #[default]
    Main,
    /// A module: only the prelude is visible outside the file scope.
    Module,
}

/// What is visible outside the file scope.
#[derive(Clone, Debug, Default)]
pub struct ResolveEnv {
    pub role: FileRole,
    /// Test mode adds `test` and `mock` to the prelude (builtins §17).
    pub test_mode: bool,
    /// Host names beyond `input` and `pattern`, for example [`crate::prelude::PARALLAX_HOST`] in
    /// the legacy Parallax mode (runtime §15.4). For a module (where `input` and `pattern` do not
    /// exist) they are the only host names: the driver gives a bundled `std/` module its
    /// natives this way.
    pub extra_host_names: Vec<SmolStr>,
    /// The REPL's session bindings declared by earlier entries (cli §7.2), visible between the
    /// host scope and the entry's file scope; a declaration in the entry shadows one of them.
    pub session: Vec<SessionBinding>,
}

/// A binding of an earlier REPL entry (cli §7.2). It keeps the kind it was declared with, so
/// assigning an earlier `const` is still `E0303`; it lives in the [`ScopeKind::Session`] scope.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionBinding {
    pub name: SmolStr,
    pub kind: BindingKind,
}

impl ResolveEnv {
    pub fn main() -> ResolveEnv {
        ResolveEnv::default()
    }

    pub fn module() -> ResolveEnv {
        ResolveEnv {
            role: FileRole::Module,
            ..ResolveEnv::default()
        }
    }
}

/// What declared a binding.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum BindingKind {
    Let,
    Const,
    /// A function declaration (hoisted, language §9.4). Assignable.
    Function,
    /// A parameter (including names inside parameter patterns).
    Param,
    /// A name bound by a `catch` parameter pattern (language §12.3).
    CatchParam,
    /// A `for … in`/`for … of` loop variable, fresh per iteration (language §8.5.2).
    /// `constant` when the loop is written with `const` (assigning it is `E0303`).
    LoopVar {
        constant: bool,
    },
    /// A name bound by a match arm pattern (language §6.14).
    MatchBinding,
    /// An imported binding (language §13.3): live and read-only (`E0305`).
    Import,
    /// Declared by assignment (language §9.3): `let`-like, owned by a function body or the file,
    /// created uninitialised at the start of the body.
    Implicit,
    /// A name declared in an `agents` block (language §8.11): a `const`.
    Agent,
    /// The name of a named function expression, bound read-only inside its own body (language
    /// §10.1). Its value is the function itself.
    FunctionExprName,
    /// A prelude name (builtins §3). Read-only (`E0304`).
    Prelude,
    /// A host name (language §9.1). Read-only (`E0304`).
    Host,
}

impl BindingKind {
    /// Whether an assignment to a binding of this kind is allowed.
    pub fn is_assignable(self) -> bool {
        matches!(
            self,
            BindingKind::Let
                | BindingKind::Function
                | BindingKind::Param
                | BindingKind::CatchParam
                | BindingKind::LoopVar { constant: false }
                | BindingKind::MatchBinding
                | BindingKind::Implicit
        )
    }

    /// Whether the binding lives outside the file (prelude or host scope).
    pub fn is_global(self) -> bool {
        matches!(self, BindingKind::Prelude | BindingKind::Host)
    }

    /// Whether the binding has a temporal dead zone (language §9.2): it exists from the start of its
    /// scope but is uninitialised until its declaration (or, for implicit ones, the first
    /// assignment) runs.
    pub fn has_dead_zone(self) -> bool {
        matches!(
            self,
            BindingKind::Let | BindingKind::Const | BindingKind::Agent | BindingKind::Implicit
        )
    }
}

/// One declared name.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    pub name: SmolStr,
    pub kind: BindingKind,
    /// The declaring identifier; for implicit bindings the first assignment that declared it; an
    /// empty span at 0 for prelude and host bindings.
    pub span: Span,
    /// The scope the binding belongs to.
    pub scope: ScopeId,
    /// The function whose frame holds the binding. Prelude and host bindings report the top level.
    /// A function-expression name belongs to that function itself.
    pub function: FunctionScopeId,
    /// Some function or lambda nested inside [`Binding::function`] uses it, so the IR must keep it
    /// in a heap cell shared with the closure (language §9.6). Never set for prelude, host and
    /// session bindings.
    pub captured: bool,
    /// Assigned somewhere other than its own declaration (every assignment of an implicit binding
    /// counts, including the one that declared it).
    pub reassigned: bool,
    /// Read somewhere.
    pub read: bool,
}

/// The kind of construct that opened a scope (language §9.1).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum ScopeKind {
    /// Holds the prelude names that the file uses (one scope, outermost).
    Prelude,
    /// Holds the host names that the file uses (main programs only).
    Host,
    /// The REPL session bindings of [`ResolveEnv::session`] (between the host and file scopes).
    /// Its bindings belong to no function frame: they are never marked captured.
    Session,
    /// The top level of the file. Keyed by the program's span start.
    File,
    /// Binds the name of a named function expression; the parent of that function's scope. Keyed
    /// by the function expression's span start.
    FunctionName,
    /// Parameters and top-level declarations of a function or lambda body. Keyed by the
    /// `Function`/`Lambda` node's span start; the body block of a function has no scope of its own.
    Function,
    /// A block (`{ … }`). Keyed by the block's span start.
    Block,
    /// The header of a C-style `for` or `uncertain for` (language §8.5.1): `let` variables of the
    /// header are copied per iteration. Keyed by the statement's span start.
    ForHeader,
    /// One iteration of a `for … in` loop, holding the loop variables (language §8.5.2). Keyed by
    /// the statement's span start.
    ForIteration,
    /// The `catch` parameter (language §12.3); the handler block is a `Block` scope inside it.
    /// Created for every `catch`, with or without a parameter. Keyed by the handler block's start.
    Catch,
    /// One match arm attempt (language §6.14): pattern bindings, threshold, guard and body (a block
    /// body opens a `Block` scope inside it). Keyed by the arm's span start.
    MatchArm,
}

/// A lexical scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<ScopeId>,
    /// The node that opened the scope (empty for the prelude and host scopes).
    pub span: Span,
    /// The function whose frame holds the scope's bindings.
    pub function: FunctionScopeId,
    /// Bindings declared directly in this scope, in declaration order (implicit bindings of a
    /// function body or file come after the explicit ones, in order of their first assignment).
    pub bindings: Vec<BindingId>,
    /// Whether function declarations directly inside it are hoisted to its start (language §9.4):
    /// true for the file, function bodies and blocks.
    pub hoists_functions: bool,
}

/// The kind of a [`FunctionScope`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum FunctionKind {
    /// The top level of the file.
    TopLevel,
    Declaration,
    Expression,
    Lambda,
}

/// The top level of the file, or one function or lambda.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionScope {
    pub kind: FunctionKind,
    /// The `Function`/`Lambda` node (the program for the top level).
    pub span: Span,
    pub name: Option<SmolStr>,
    /// The enclosing function (`None` for the top level).
    pub parent: Option<FunctionScopeId>,
    /// The scope of the parameters and body (the `File` scope for the top level).
    pub scope: ScopeId,
    /// Every binding whose frame is this function, in creation order (parameters, declarations of
    /// all its scopes, implicit bindings).
    pub bindings: Vec<BindingId>,
    /// The implicit bindings of the body (language §9.3), created uninitialised at its start.
    pub implicit: Vec<BindingId>,
    /// Bindings of enclosing functions used here or in functions nested here (the closure's free
    /// variables), in order of first use.
    pub captures: Vec<BindingId>,
}

/// How an identifier use accesses its binding.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Access {
    Read,
    Write,
    /// Compound and logical assignment, `++`/`--`.
    ReadWrite,
}

/// One identifier that reads or writes a binding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Use {
    pub span: Span,
    pub binding: BindingId,
    pub access: Access,
    /// The function in which the use occurs.
    pub function: FunctionScopeId,
}

/// The result of resolving one file.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    pub file: FileId,
    pub bindings: Vec<Binding>,
    pub scopes: Vec<Scope>,
    pub functions: Vec<FunctionScope>,
    /// Every resolved identifier use, in resolution order.
    pub uses: Vec<Use>,
    /// `E0301`–`E0306` and `I0301`, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    use_index: HashMap<u32, usize>,
    decl_index: HashMap<u32, BindingId>,
    /// Every declaring identifier with its binding, in declaration order.
    declarations: Vec<(Span, BindingId)>,
    scope_index: HashMap<(ScopeKind, u32), ScopeId>,
    function_index: HashMap<u32, FunctionScopeId>,
}

impl Resolution {
    pub fn binding(&self, id: BindingId) -> Option<&Binding> {
        self.bindings.get(id.index())
    }

    pub fn scope(&self, id: ScopeId) -> Option<&Scope> {
        self.scopes.get(id.index())
    }

    pub fn function(&self, id: FunctionScopeId) -> Option<&FunctionScope> {
        self.functions.get(id.index())
    }

    /// The binding an identifier use refers to, by the identifier's span start: `Ident`
    /// expressions, identifier leaves of assignment patterns, shorthand properties `{ x }`, the
    /// operand of `++`/`--` and local names of export specifiers. `None` if it resolved nowhere.
    pub fn use_of(&self, ident_start: u32) -> Option<BindingId> {
        self.use_record(ident_start).map(|record| record.binding)
    }

    /// The full record of the use starting at `ident_start`.
    pub fn use_record(&self, ident_start: u32) -> Option<&Use> {
        self.use_index
            .get(&ident_start)
            .and_then(|&index| self.uses.get(index))
    }

    /// The binding a declaring identifier declares, by its span start (`let`/`const` targets,
    /// parameters, function and function-expression names, catch parameters, loop variables,
    /// match bindings, import local names, agent names). A second declaration of a name in one
    /// scope (`E0302`) maps to the first binding.
    pub fn decl_of(&self, ident_start: u32) -> Option<BindingId> {
        self.decl_index.get(&ident_start).copied()
    }

    /// The binding behind any identifier, declaring or using.
    pub fn binding_at(&self, ident_start: u32) -> Option<BindingId> {
        self.decl_of(ident_start)
            .or_else(|| self.use_of(ident_start))
    }

    /// The scope opened by a node: see [`ScopeKind`] for which span start keys each kind.
    pub fn scope_at(&self, kind: ScopeKind, node_start: u32) -> Option<ScopeId> {
        self.scope_index.get(&(kind, node_start)).copied()
    }

    /// The scope of the file's top level.
    pub fn file_scope(&self) -> Option<ScopeId> {
        self.functions.first().map(|function| function.scope)
    }

    /// The function scope of a `Function` or `Lambda` node, by the node's span start.
    pub fn function_at(&self, node_start: u32) -> Option<FunctionScopeId> {
        self.function_index.get(&node_start).copied()
    }

    /// Every use of a binding (for references and rename in the language server).
    pub fn uses_of(&self, binding: BindingId) -> impl Iterator<Item = &Use> + '_ {
        self.uses
            .iter()
            .filter(move |record| record.binding == binding)
    }

    /// Whether the resolution reported an error (information `I0301` does not count).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Resolves every name of `program` (one file) in `env`. Never panics; on a partial tree from error
/// recovery it resolves what is there.
pub fn resolve(program: &Program, file: FileId, env: &ResolveEnv) -> Resolution {
    walker::Resolver::new(file, env).run(program)
}
