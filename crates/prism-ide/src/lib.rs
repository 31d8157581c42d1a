//! Editor features of the language server (cli §8), free of any protocol: the server
//! (`prism-lsp`) converts positions and result types at its edge.
//!
//! Everything works on one [`Analysis`]: a document lexed, parsed and checked once
//! (`Analysis::new(text, file, env)`), with byte offsets (`u32`) and [`prism_span::Span`]s for
//! positions. No feature does I/O; import paths come in through [`ImportPaths`].
//!
//! | Method | Feature |
//! |---|---|
//! | `diagnostics()` | lexical, parse and checker diagnostics as `prism check` reports them |
//! | `hover(offset) -> Option<Hover>` | kind, type, confidence kind, doc comment, builtin reference text, the header on `pattern`/`input` |
//! | `definition(offset) -> Option<Span>` | the declaring identifier in this file (or the key of a `const` object literal) |
//! | `import_target(offset) -> Option<ImportTarget>` | for an imported name or an import string: the module and exported name |
//! | `exported_declaration(name) -> Option<Span>` | where this file declares its export `name` |
//! | `references(offset, include_declaration) -> Vec<Span>` | every use of the binding in this file |
//! | `prepare_rename(offset) -> Result<Span, RenameError>` / `rename(offset, new_name) -> Result<Vec<TextEdit>, RenameError>` | refused for builtins, host names, keywords, invalid names and renames that change what a name means |
//! | `completion(offset, &dyn ImportPaths) -> Vec<CompletionItem>` | scope names, keywords, builtins, members by type, `std/` and relative import paths, header tags |
//! | `signature_help(offset) -> Option<SignatureHelp>` | builtins and user functions, active parameter |
//! | `document_symbols() -> Vec<DocumentSymbol>` | hierarchical |
//! | `semantic_tokens() -> Vec<SemanticToken>` | legend: [`TokenType::LEGEND`], [`TokenModifiers::LEGEND`] |
//! | `code_actions(range) -> Vec<CodeAction>` | quick fixes for the diagnostics overlapping `range` |
//! | `inlay_hints(range) -> Vec<InlayHint>` | confidence kinds of `let` bindings |
//! | `header() -> Option<Header>` | the pattern header split as runtime §3.1 says |
//!
//! `Analysis` is `Send + Sync`: the server may share one per document version between threads.
//!
//! Decisions are recorded in `docs/ide.md`.
#![forbid(unsafe_code)]

mod analysis;
mod builtin_docs;
mod code_actions;
mod comments;
mod completion;
mod hover;
mod inlay_hints;
mod labels;
mod members;
mod navigation;
mod nodes;
mod operators;
mod semantic_tokens;
mod shorthand;
mod signature_help;
mod symbols;
mod types;

pub use analysis::Analysis;
pub use comments::{Header, HEADER_TAGS};
pub use completion::{ImportPaths, NoPaths, PathEntry, STD_MODULES};
pub use semantic_tokens::{SemanticToken, TokenModifiers, TokenType};
pub use types::{
    CodeAction, CompletionItem, CompletionKind, DocumentSymbol, Hover, ImportTarget, InlayHint,
    ParameterInfo, RenameError, SignatureHelp, SignatureInfo, SymbolKind, TextEdit,
};

pub use prism_checker::ResolveEnv;
