//! The plain result types of the features. Positions are byte offsets into the document
//! ([`Span`]); the language server converts them to its negotiated encoding at the edge.

use prism_span::Span;

/// Replace the text of `span` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// Hover (cli §8): what the cursor is on, as Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The identifier (or token) the hover is about.
    pub range: Span,
    pub markdown: String,
}

/// Why a rename is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError {
    pub message: String,
}

/// The module an imported name comes from (cross-file definition is the server's business).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportTarget {
    /// The specifier as written (`"std/patterns"`, `"./util.prism"`), unquoted.
    pub source: String,
    pub source_span: Span,
    /// The exported name (`default` for a default import); `None` for a namespace import
    /// (`import * as m`) or when the cursor is on the specifier itself.
    pub imported: Option<String>,
}

/// What a completion item names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    Variable,
    Constant,
    Function,
    Parameter,
    Agent,
    /// A builtin function or constant of the prelude (builtins §3).
    Builtin,
    /// A builtin namespace (`Math`, `JSON`, …).
    Namespace,
    Keyword,
    /// A property read after `.` (`length`, object fields, agent properties).
    Property,
    /// A method after `.`.
    Method,
    /// A `std/` module name.
    Module,
    File,
    Folder,
    /// A tag of the pattern header (runtime §3.2).
    HeaderTag,
}

/// One completion proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line: the type, signature or what the item is.
    pub detail: Option<String>,
    /// Markdown reference text, where there is some.
    pub documentation: Option<String>,
    /// Orders the items as proposed (innermost names first, then builtins, then keywords); for
    /// the protocol's `sortText`.
    pub sort_text: String,
    /// What accepting the item does: replace the word being typed.
    pub edit: TextEdit,
}

/// One parameter of a [`SignatureInfo`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterInfo {
    /// The byte range of the parameter inside [`SignatureInfo::label`] (ASCII in practice; the
    /// server converts to UTF-16 if needed).
    pub label: (u32, u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureInfo {
    /// `map(xs: array, fn: function) -> array`.
    pub label: String,
    pub documentation: Option<String>,
    pub parameters: Vec<ParameterInfo>,
}

/// Signature help (cli §8): the call the cursor is in and the argument it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    pub signature: SignatureInfo,
    /// Index into [`SignatureInfo::parameters`] (a rest parameter takes every later argument);
    /// `None` when the argument has no parameter.
    pub active_parameter: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Function,
    Variable,
    Constant,
    Agent,
}

/// A document symbol (cli §8): top-level functions, `let`/`const` bindings and agents, with the
/// declarations nested in functions as children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The inferred type, or the parameter list of a function.
    pub detail: Option<String>,
    /// The whole declaration.
    pub range: Span,
    /// The declaring name.
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

/// A quick fix for a diagnostic (cli §8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// The diagnostic it fixes: its code and primary span, to match the server's copy.
    pub diagnostic_code: &'static str,
    pub diagnostic_span: Span,
    /// The one obvious fix (the editor may apply it without asking).
    pub preferred: bool,
}

/// An inlay hint (cli §8): the inferred confidence kind after a `let` binding's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown: just after the name.
    pub offset: u32,
    /// `: confident`, `: plain`, `: unknown`.
    pub label: String,
    pub tooltip: String,
}
