//! Hover (cli §8): the declaration's kind, its inferred type and confidence kind (language §15),
//! the doc comment above it, the builtins' reference text, and the header on `pattern` and `input`
//! (runtime §3.4). Confidence operators get their row of the algebra (language §7.3).

use prism_checker::types::builtin_signatures::{prelude_type, signature};
use prism_checker::types::Type;
use prism_checker::visit::{walk_stmt, Visitor};
use prism_checker::{Binding, BindingKind, ConfidenceKind};
use prism_span::Span;
use prism_syntax::ast::{Expr, Stmt, StmtKind};

use crate::builtin_docs::{builtin_doc, prelude_kind};
use crate::labels::builtin_label;
use crate::members::{host_type, member_named};
use crate::{Analysis, Hover};

/// How a binding kind is named on hover.
pub(crate) fn kind_name(kind: BindingKind) -> &'static str {
    match kind {
        BindingKind::Let => "let",
        BindingKind::Const => "const",
        BindingKind::Function | BindingKind::FunctionExprName => "function",
        BindingKind::Param => "parameter",
        BindingKind::CatchParam => "catch parameter",
        BindingKind::LoopVar { .. } => "loop variable",
        BindingKind::MatchBinding => "match binding",
        BindingKind::Import => "import",
        BindingKind::Implicit => "variable (declared by assignment)",
        BindingKind::Agent => "agent",
        BindingKind::Prelude => "builtin",
        BindingKind::Host => "host",
    }
}

impl Analysis {
    /// What the cursor at `offset` is on, as Markdown; `None` on anything without a name.
    pub fn hover(&self, offset: u32) -> Option<Hover> {
        let offset = self.clamp(offset);
        if let Some((range, tag, meaning)) = self.header_tag_at(offset) {
            let markdown = format!("header tag `@{tag}`: {meaning} (runtime §3.2)");
            return Some(Hover { range, markdown });
        }
        if let Some(member) = self.member_at(offset) {
            return self.hover_member(
                self.receiver_of(member.object),
                &member.property.text,
                member.property.span,
                member.span,
            );
        }
        let Some((span, id)) = self.resolution().identifier_at(offset) else {
            return self.hover_operator(offset);
        };
        let binding = self.resolution().binding(id)?;
        let markdown = match binding.kind {
            BindingKind::Prelude => self.hover_builtin(&binding.name),
            BindingKind::Host => self.hover_host(&binding.name),
            _ => self.hover_user(binding, span),
        };
        Some(Hover {
            range: span,
            markdown,
        })
    }

    /// The type of a member read's object; the host `pattern` has its shape of runtime §3.5.
    fn receiver_of(&self, object: &prism_syntax::ast::Expr) -> Type {
        let host = self
            .resolution()
            .use_of(object.span.start)
            .and_then(|id| self.resolution().binding(id))
            .filter(|binding| binding.kind == BindingKind::Host)
            .and_then(|binding| host_type(&binding.name));
        host.unwrap_or_else(|| self.type_of(object.span))
    }

    fn hover_user(&self, binding: &Binding, at: Span) -> String {
        let kind = kind_name(binding.kind);
        let typed = self
            .typed_exact(at)
            .or_else(|| self.typed_exact(binding.span));
        let function = self.function_label(&binding.name, binding.span);
        let agent = (binding.kind == BindingKind::Agent)
            .then(|| self.agent_object(binding.span))
            .flatten();
        let head = match (&function, agent) {
            (Some(label), _) => format!("({kind}) {}", label.text),
            (None, Some(object)) => format!("agent {}: {object}", binding.name),
            (None, None) => match typed.map(|typed| &typed.ty) {
                Some(ty) if !ty.is_unknown() => format!("{kind} {}: {ty}", binding.name),
                _ => format!("{kind} {}", binding.name),
            },
        };
        let mut markdown = code_block(&head);
        // A function value never carries a confidence of its own; its calls are another matter.
        if let (Some(typed), None) = (typed, &function) {
            markdown.push_str(&format!(
                "\n\nconfidence: **{}**{}",
                typed.kind.as_str(),
                kind_explanation(typed.kind)
            ));
        }
        if binding.kind == BindingKind::Import {
            if let Some(target) = self.import_target(binding.span.start) {
                let name = target.imported.as_deref().unwrap_or("the module namespace");
                let from = format!("\n\nimported: `{name}` from `\"{}\"`", target.source);
                markdown.push_str(&from);
            }
        }
        if let Some(doc) = self.doc_comment_before(binding.span.start) {
            markdown.push_str("\n\n---\n\n");
            markdown.push_str(&doc);
        }
        markdown
    }

    /// The object of the `agents` entry declared at `name` (language §8.11), at most 12 lines.
    fn agent_object(&self, name: Span) -> Option<String> {
        struct Finder<'a> {
            name: Span,
            found: Option<&'a Expr>,
        }
        impl<'a> Visitor<'a> for Finder<'a> {
            fn visit_stmt(&mut self, stmt: &'a Stmt) {
                if let StmtKind::Agents(decls) = &stmt.kind {
                    let decl = decls.iter().find(|decl| decl.name.span == self.name);
                    self.found = self.found.or(decl.map(|decl| &decl.object));
                }
                walk_stmt(self, stmt);
            }
        }
        let mut finder = Finder { name, found: None };
        prism_checker::visit::walk_program(&mut finder, self.program());
        let text = self.slice(finder.found?.span);
        let mut lines: Vec<&str> = text.lines().take(13).collect();
        if lines.len() > 12 {
            lines.truncate(12);
            lines.push("  …");
        }
        Some(lines.join("\n"))
    }

    fn hover_builtin(&self, name: &str) -> String {
        if let Some(sig) = signature(name) {
            let mut markdown = code_block(&format!(
                "(builtin) {}",
                builtin_label(name, sig, &Type::Unknown).text
            ));
            if let Some(doc) = builtin_doc(name) {
                markdown.push_str("\n\n---\n\n");
                markdown.push_str(&doc.markdown());
            }
            return markdown;
        }
        let what = prelude_kind(name).unwrap_or("builtin");
        let mut markdown = code_block(&format!("(builtin) {name}"));
        markdown.push_str(&format!("\n\n{what} of the prelude (builtins §3)"));
        if let Some(doc) = builtin_doc(name) {
            markdown.push_str("\n\n---\n\n");
            markdown.push_str(&doc.markdown());
        }
        if let Type::Namespace(_) = prelude_type(name) {
            markdown.push_str("\n\nMembers: type `.` after the name for the list.");
        }
        markdown
    }

    fn hover_host(&self, name: &str) -> String {
        let mut markdown = code_block(&format!("(host) {name}"));
        let header = self.header();
        match name {
            "pattern" => {
                markdown.push_str(
                    "\n\nThe running pattern: its header, requirements, file and node (runtime §3.5).",
                );
                match &header {
                    Some(header) => {
                        markdown.push_str("\n\n---\n\n");
                        if !header.summary.is_empty() {
                            markdown.push_str(&header.summary);
                            markdown.push_str("\n\n");
                        }
                        for (tag, value) in &header.tags {
                            markdown.push_str(&format!("* `@{tag}` {}\n", one_line(value)));
                        }
                    }
                    None => markdown
                        .push_str("\n\nThis file has no header: `pattern.name` is the file name."),
                }
            }
            "input" => {
                markdown.push_str("\n\nThe run's input, a JSON value (runtime §4).");
                let schema = header.as_ref().and_then(|header| {
                    header
                        .tags
                        .iter()
                        .rev()
                        .find(|(tag, _)| tag == "input")
                        .map(|(_, value)| value.clone())
                });
                match schema {
                    Some(schema) => {
                        markdown.push_str("\n\n`@input` schema:\n\n```json\n");
                        markdown.push_str(&schema);
                        markdown.push_str("\n```");
                    }
                    None => markdown.push_str("\n\nNo `@input` in the header: any JSON value."),
                }
            }
            _ => markdown.push_str("\n\nProvided by the host (runtime §15.4)."),
        }
        markdown
    }

    fn hover_member(&self, receiver: Type, key: &str, range: Span, whole: Span) -> Option<Hover> {
        let markdown = match member_named(&receiver, key) {
            Some(member) => {
                let kind = if member.method { "method" } else { "property" };
                let mut markdown = code_block(&format!("({kind}) {}", member.detail));
                if let Some(doc) = member.documentation {
                    markdown.push_str("\n\n---\n\n");
                    markdown.push_str(&doc);
                }
                markdown
            }
            None => {
                let typed = self.typed_exact(whole)?;
                let mut markdown = code_block(&format!("(property) {key}: {}", typed.ty));
                markdown.push_str(&format!("\n\nconfidence: **{}**", typed.kind.as_str()));
                markdown
            }
        };
        Some(Hover { range, markdown })
    }
}

fn code_block(text: &str) -> String {
    format!("```prism\n{text}\n```")
}

fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_explanation(kind: ConfidenceKind) -> &'static str {
    match kind {
        ConfidenceKind::Plain => " (never carries a confidence)",
        ConfidenceKind::Confident => " (always carries a confidence)",
        ConfidenceKind::Unknown => " (may carry a confidence)",
    }
}
