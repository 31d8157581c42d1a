//! Completion of names: the bindings visible at the cursor, the prelude and host names they do not
//! shadow (builtins §3, language §9.1), and the keywords.

use std::collections::HashSet;
use std::sync::OnceLock;

use prism_checker::prelude::{HOST, PRELUDE, TEST_PRELUDE};
use prism_checker::types::builtin_signatures::{prelude_type, signature};
use prism_checker::types::Type;
use prism_checker::{BindingId, BindingKind, FileRole};
use prism_span::Span;

use super::keywords;
use crate::builtin_docs::builtin_doc;
use crate::hover::kind_name;
use crate::labels::builtin_label;
use crate::{Analysis, CompletionItem, CompletionKind, TextEdit};

impl Analysis {
    pub(super) fn complete_scope(&self, offset: u32, word: Span) -> Vec<CompletionItem> {
        let item = |label: &str, kind, detail: Option<String>, documentation| CompletionItem {
            label: label.to_string(),
            kind,
            detail,
            documentation,
            sort_text: String::new(),
            edit: TextEdit {
                span: word,
                new_text: label.to_string(),
            },
        };
        let mut items = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for id in self.visible_at(offset) {
            let Some(binding) = self.resolution().binding(id) else {
                continue;
            };
            // The word being typed is itself an (unresolved or implicit) name: not a proposal.
            if binding.kind.is_global()
                || binding.span == word
                || !seen.insert(binding.name.as_str())
            {
                continue;
            }
            let detail = match self.function_label(&binding.name, binding.span) {
                Some(label) => label.text,
                None => match self.type_of(binding.span) {
                    Type::Unknown => kind_name(binding.kind).to_string(),
                    ty => format!("{} {}: {ty}", kind_name(binding.kind), binding.name),
                },
            };
            let documentation = self.doc_comment_before(binding.span.start);
            items.push(item(
                &binding.name,
                completion_kind(binding.kind),
                Some(detail),
                documentation,
            ));
        }
        let env = self.env();
        for builtin in builtin_items() {
            let test_only = TEST_PRELUDE.contains(&builtin.name);
            if seen.contains(builtin.name) || (test_only && !env.test_mode) {
                continue;
            }
            let detail = Some(builtin.detail.clone());
            items.push(item(
                builtin.name,
                builtin.kind,
                detail,
                builtin.documentation.clone(),
            ));
        }
        if env.role == FileRole::Main {
            let extra = env.extra_host_names.iter().map(|name| name.as_str());
            for name in HOST.iter().copied().chain(extra) {
                if seen.insert(name) {
                    let detail = format!("host: {}", host_meaning(name));
                    items.push(item(name, CompletionKind::Variable, Some(detail), None));
                }
            }
        }
        for keyword in keywords() {
            items.push(item(keyword, CompletionKind::Keyword, None, None));
        }
        items
    }

    /// The bindings visible at `offset`, innermost first, without the `let`/`const` declared later
    /// in the same function (reading them there is `E0306`).
    fn visible_at(&self, offset: u32) -> Vec<BindingId> {
        let resolution = self.resolution();
        let Some(scope) = resolution
            .innermost_scope_at(offset)
            .or_else(|| resolution.file_scope())
        else {
            return Vec::new();
        };
        let function = resolution.scope(scope).map(|scope| scope.function);
        resolution
            .visible_bindings(scope)
            .into_iter()
            .filter(|&id| {
                resolution.binding(id).is_some_and(|binding| {
                    let later = binding.kind.has_dead_zone() && binding.span.start > offset;
                    !(later && Some(binding.function) == function)
                })
            })
            .collect()
    }

    /// The binding named `name` visible at `offset`.
    pub(crate) fn visible_named(&self, name: &str, offset: u32) -> Option<BindingId> {
        self.visible_at(offset).into_iter().find(|&id| {
            self.resolution()
                .binding(id)
                .is_some_and(|binding| binding.name == name)
        })
    }
}

/// A prelude name as completion offers it, computed once.
struct BuiltinItem {
    name: &'static str,
    kind: CompletionKind,
    detail: String,
    documentation: Option<String>,
}

fn builtin_items() -> &'static [BuiltinItem] {
    static ITEMS: OnceLock<Vec<BuiltinItem>> = OnceLock::new();
    ITEMS.get_or_init(|| {
        PRELUDE
            .iter()
            .chain(TEST_PRELUDE)
            .map(|&name| {
                let (kind, detail) = match (prelude_type(name), signature(name)) {
                    (Type::Namespace(_), _) => (CompletionKind::Namespace, "namespace".to_string()),
                    (_, Some(sig)) => (
                        CompletionKind::Builtin,
                        builtin_label(name, sig, &Type::Unknown).text,
                    ),
                    (_, None) => (CompletionKind::Builtin, "builtin".to_string()),
                };
                BuiltinItem {
                    name,
                    kind,
                    detail,
                    documentation: builtin_doc(name).map(|doc| doc.markdown()),
                }
            })
            .collect()
    })
}

fn completion_kind(kind: BindingKind) -> CompletionKind {
    match kind {
        BindingKind::Const => CompletionKind::Constant,
        BindingKind::Function | BindingKind::FunctionExprName => CompletionKind::Function,
        BindingKind::Param => CompletionKind::Parameter,
        BindingKind::Agent => CompletionKind::Agent,
        BindingKind::Prelude => CompletionKind::Builtin,
        _ => CompletionKind::Variable,
    }
}

fn host_meaning(name: &str) -> &'static str {
    match name {
        "input" => "the run's input (runtime §4)",
        "pattern" => "the running pattern and its header (runtime §3.5)",
        _ => "Parallax mode global (runtime §15.4)",
    }
}
