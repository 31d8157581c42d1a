//! Completion (cli §8): names in scope, keywords and builtins; members after `.`, `?.` and `~.` by
//! the receiver's inferred type; `std/` modules and relative paths inside import strings; tag names
//! inside the header comment.
//!
//! The context comes from the tokens around the cursor rather than the tree, because the code being
//! typed rarely parses: `foo.` on its own line is a parse error, yet `foo` still has a type.

mod imports;
mod scope;

use prism_checker::types::builtin_signatures::prelude_type;
use prism_checker::types::Type;
use prism_checker::BindingKind;
use prism_span::Span;
use prism_syntax::token::{Keyword, Punct, Token};

pub use imports::{ImportPaths, NoPaths, PathEntry, STD_MODULES};

use crate::comments::HEADER_TAGS;
use crate::members::{host_type, members_of};
use crate::{Analysis, CompletionItem, CompletionKind, TextEdit};

impl Analysis {
    /// The completion items at `offset`. `paths` lists directories for relative import paths.
    pub fn completion(&self, offset: u32, paths: &dyn ImportPaths) -> Vec<CompletionItem> {
        let mut items = self.completion_items(self.clamp(offset), paths);
        for (index, item) in items.iter_mut().enumerate() {
            item.sort_text = format!("{index:04}");
        }
        items
    }

    fn completion_items(&self, offset: u32, paths: &dyn ImportPaths) -> Vec<CompletionItem> {
        if let Some(comment) = self.comment_at(offset) {
            let is_header = self.header_comment().map(|c| c.span) == Some(comment.span);
            return if is_header {
                self.complete_header_tag(offset)
            } else {
                Vec::new()
            };
        }
        if let Some(index) = self.string_token_at(offset) {
            return self.complete_import_path(index, offset, paths);
        }
        let word = self.word_at(offset);
        if self.is_declared_name(word) {
            return Vec::new(); // A new name is being written: nothing to propose.
        }
        let before_word = self
            .token_before(word.start)
            .map(|(index, token)| (index, token.clone()));
        match before_word {
            // `1.` is a number being typed, not a member read.
            Some((_, (Token::Number(_), number))) if number.end == word.start => Vec::new(),
            Some((
                index,
                (Token::Punct(Punct::Dot | Punct::QuestionDot | Punct::TildeDot), dot),
            )) => self.complete_members(index, dot, word),
            _ => self.complete_scope(offset, word),
        }
    }

    /// The identifier-like word around `offset` (possibly empty at `offset`): what accepting an
    /// item replaces.
    fn word_at(&self, offset: u32) -> Span {
        let text = self.text().as_bytes();
        let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80;
        let mut start = offset as usize;
        while start > 0 && text.get(start - 1).copied().is_some_and(is_word) {
            start -= 1;
        }
        let mut end = offset as usize;
        while text.get(end).copied().is_some_and(is_word) {
            end += 1;
        }
        Span::from_range(start..end)
    }

    fn is_declared_name(&self, word: Span) -> bool {
        let resolution = self.resolution();
        !word.is_empty()
            && resolution
                .decl_of(word.start)
                .and_then(|id| resolution.binding(id))
                .is_some_and(|binding| binding.kind != BindingKind::Implicit)
    }

    fn complete_members(&self, dot_index: usize, dot: Span, word: Span) -> Vec<CompletionItem> {
        let receiver = self.receiver_type(dot_index, dot);
        members_of(&receiver)
            .into_iter()
            .map(|member| CompletionItem {
                label: member.name.clone(),
                kind: if member.method {
                    CompletionKind::Method
                } else {
                    CompletionKind::Property
                },
                detail: Some(member.detail),
                documentation: member.documentation,
                sort_text: String::new(),
                edit: TextEdit {
                    span: word,
                    new_text: member.name,
                },
            })
            .collect()
    }

    /// The type of the expression that ends just before the dot: the innermost recorded
    /// expression ending there, or, when the line did not parse, the type of the name before it.
    pub(crate) fn receiver_type(&self, dot_index: usize, dot: Span) -> Type {
        let recorded = self
            .checked()
            .types
            .iter()
            .filter(|typed| typed.span.end == dot.start && !typed.span.is_empty())
            .max_by_key(|typed| typed.span.start)
            .map(|typed| typed.ty.clone());
        if let Some(ty) = recorded.filter(|ty| !ty.is_unknown()) {
            return ty;
        }
        let Some((Token::Ident(name), span)) = dot_index
            .checked_sub(1)
            .and_then(|index| self.tokens().get(index))
        else {
            return Type::Unknown;
        };
        let binding = self
            .resolution()
            .use_of(span.start)
            .or_else(|| self.visible_named(name, span.start));
        match binding.and_then(|id| self.resolution().binding(id)) {
            Some(binding) if binding.kind == BindingKind::Agent => Type::Agent,
            Some(binding) if binding.kind == BindingKind::Prelude => prelude_type(name),
            Some(binding) if binding.kind == BindingKind::Host => {
                host_type(name).unwrap_or(Type::Unknown)
            }
            // What a `catch` receives is usually an error object (language §12.2).
            Some(binding) => match self.type_of(binding.span) {
                Type::Unknown if binding.kind == BindingKind::CatchParam => Type::Error,
                ty => ty,
            },
            None if prism_checker::prelude::is_prelude(name) => prelude_type(name),
            None if self.env().role == prism_checker::FileRole::Main => {
                host_type(name).unwrap_or(Type::Unknown)
            }
            None => Type::Unknown,
        }
    }

    /// The index of the string token (import path candidate) strictly inside which `offset` lies.
    fn string_token_at(&self, offset: u32) -> Option<usize> {
        let index = self.token_index_at(offset);
        let (token, span) = self.tokens().get(index)?;
        let inside = span.start < offset && (offset < span.end || self.unterminated(*span));
        match token {
            Token::Str { .. }
            | Token::StringStart { .. }
            | Token::StringMiddle(_)
            | Token::StringEnd(_)
                if inside =>
            {
                Some(index)
            }
            _ => None,
        }
    }

    /// Whether a string token runs to the end of its line without its closing quote.
    fn unterminated(&self, span: Span) -> bool {
        let text = self.slice(span);
        let quote = text.chars().next();
        text.len() < 2 || quote != text.chars().last()
    }

    fn complete_header_tag(&self, offset: u32) -> Vec<CompletionItem> {
        let line_start = self.text()[..offset as usize]
            .rfind('\n')
            .map_or(0, |index| index + 1);
        let line = &self.text()[line_start..offset as usize];
        let Some(at) = line.rfind('@') else {
            return Vec::new();
        };
        let typed = &line[at + 1..];
        if !typed.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Vec::new();
        }
        let start = (line_start + at + 1) as u32;
        let word = Span::new(start, self.word_at(offset).end.max(offset));
        HEADER_TAGS
            .iter()
            .map(|(tag, meaning)| CompletionItem {
                label: tag.to_string(),
                kind: CompletionKind::HeaderTag,
                detail: Some(meaning.to_string()),
                documentation: None,
                sort_text: String::new(),
                edit: TextEdit {
                    span: word,
                    new_text: tag.to_string(),
                },
            })
            .collect()
    }
}

/// The keywords offered among the names (language §2.7).
pub(crate) fn keywords() -> impl Iterator<Item = &'static str> {
    Keyword::ALL.iter().map(|keyword| keyword.as_str())
}
