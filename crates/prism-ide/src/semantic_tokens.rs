//! Semantic tokens (cli §8): every token and comment of the document classified with the legend
//! below, including the custom types `confidenceOperator` (every `~` operator and `<~`),
//! `placeholder` (`_`), `branch` (`high`/`medium`/`low`/`default` of uncertain statements) and
//! `agent` (agent bindings).

use std::collections::HashSet;

use prism_checker::types::builtin_signatures::signature;
use prism_checker::types::Type;
use prism_checker::visit::{walk_expr, walk_stmt, Visitor};
use prism_checker::BindingKind;
use prism_span::Span;
use prism_syntax::ast::{Expr, ExprKind, PatternKind, Stmt, StmtKind};
use prism_syntax::token::{Punct, Token};

use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    Keyword,
    Variable,
    Parameter,
    Function,
    Property,
    String,
    Number,
    Comment,
    Operator,
    ConfidenceOperator,
    Placeholder,
    Branch,
    Agent,
}

impl TokenType {
    /// The legend, in the order of the protocol's token type indices.
    pub const LEGEND: &'static [TokenType] = &[
        TokenType::Keyword,
        TokenType::Variable,
        TokenType::Parameter,
        TokenType::Function,
        TokenType::Property,
        TokenType::String,
        TokenType::Number,
        TokenType::Comment,
        TokenType::Operator,
        TokenType::ConfidenceOperator,
        TokenType::Placeholder,
        TokenType::Branch,
        TokenType::Agent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenType::Keyword => "keyword",
            TokenType::Variable => "variable",
            TokenType::Parameter => "parameter",
            TokenType::Function => "function",
            TokenType::Property => "property",
            TokenType::String => "string",
            TokenType::Number => "number",
            TokenType::Comment => "comment",
            TokenType::Operator => "operator",
            TokenType::ConfidenceOperator => "confidenceOperator",
            TokenType::Placeholder => "placeholder",
            TokenType::Branch => "branch",
            TokenType::Agent => "agent",
        }
    }

    /// The index of the type in [`TokenType::LEGEND`].
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// Token modifiers as bits: bit `i` is `TokenModifiers::LEGEND[i]`.
pub struct TokenModifiers;

impl TokenModifiers {
    pub const DECLARATION: u32 = 1;
    pub const READONLY: u32 = 1 << 1;
    pub const DEFAULT_LIBRARY: u32 = 1 << 2;
    pub const ASYNC: u32 = 1 << 3;
    pub const LEGEND: &'static [&'static str] =
        &["declaration", "readonly", "defaultLibrary", "async"];
}

/// One classified token. Tokens are sorted, never overlap and never contain a line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub token_type: TokenType,
    pub modifiers: u32,
}

/// Facts from the tree that the tokens alone do not show.
#[derive(Default)]
struct TreeFacts {
    /// Starts of `high`/`medium`/`low`/`default` branch names.
    branches: HashSet<u32>,
    /// Starts of the names of `async` functions.
    async_names: HashSet<u32>,
}

impl<'a> Visitor<'a> for TreeFacts {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match &stmt.kind {
            StmtKind::Uncertain(uncertain) => {
                let starts = uncertain.branches.iter().map(|b| b.name_span.start);
                self.branches.extend(starts);
            }
            StmtKind::FunctionDecl(function) if function.is_async => {
                self.async_names
                    .extend(function.name.as_ref().map(|name| name.span.start));
            }
            StmtKind::VarDecl(decl) => {
                for declarator in &decl.declarators {
                    let is_async = match declarator.init.as_ref().map(|e| &e.unparenthesized().kind)
                    {
                        Some(ExprKind::Lambda(lambda)) => lambda.is_async,
                        Some(ExprKind::Function(function)) => function.is_async,
                        _ => false,
                    };
                    if let (true, PatternKind::Ident(name)) = (is_async, &declarator.target.kind) {
                        self.async_names.insert(name.span.start);
                    }
                }
            }
            _ => {}
        }
        walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let ExprKind::Function(function) = &expr.kind {
            if function.is_async {
                self.async_names
                    .extend(function.name.as_ref().map(|name| name.span.start));
            }
        }
        walk_expr(self, expr);
    }
}

impl Analysis {
    /// Every token and comment of the document, classified.
    pub fn semantic_tokens(&self) -> Vec<SemanticToken> {
        let mut facts = TreeFacts::default();
        prism_checker::visit::walk_program(&mut facts, self.program());
        let mut whole = Vec::new();
        for comment in self.comments() {
            whole.push((comment.span, TokenType::Comment, 0));
        }
        for (index, (token, span)) in self.tokens().iter().enumerate() {
            if let Some((token_type, modifiers)) = self.classify(index, token, *span, &facts) {
                whole.push((*span, token_type, modifiers));
            }
        }
        whole.sort_by_key(|(span, _, _)| span.start);
        let mut result = Vec::with_capacity(whole.len());
        for (span, token_type, modifiers) in whole {
            self.split_lines(span, |span| {
                result.push(SemanticToken {
                    span,
                    token_type,
                    modifiers,
                })
            });
        }
        result
    }

    fn classify(
        &self,
        index: usize,
        token: &Token,
        span: Span,
        facts: &TreeFacts,
    ) -> Option<(TokenType, u32)> {
        Some(match token {
            Token::Keyword(_) => (TokenType::Keyword, 0),
            Token::Placeholder => (TokenType::Placeholder, 0),
            Token::Number(_) => (TokenType::Number, 0),
            Token::Str { .. }
            | Token::StringStart { .. }
            | Token::StringMiddle(_)
            | Token::StringEnd(_) => (TokenType::String, 0),
            Token::Punct(punct) => (punct_type(*punct)?, 0),
            Token::Ident(_) if facts.branches.contains(&span.start) => (TokenType::Branch, 0),
            Token::Ident(name) => self.classify_ident(index, name, span, facts),
            Token::Error => return None,
        })
    }

    fn classify_ident(
        &self,
        index: usize,
        name: &str,
        span: Span,
        facts: &TreeFacts,
    ) -> (TokenType, u32) {
        let resolution = self.resolution();
        let Some(binding) = resolution
            .binding_at(span.start)
            .and_then(|id| resolution.binding(id))
        else {
            return self.classify_unresolved(index, name);
        };
        let mut modifiers = 0;
        if resolution.decl_of(span.start).is_some() {
            modifiers |= TokenModifiers::DECLARATION;
        }
        if !binding.kind.is_assignable() {
            modifiers |= TokenModifiers::READONLY;
        }
        if binding.kind.is_global() {
            modifiers |= TokenModifiers::DEFAULT_LIBRARY;
        }
        if facts.async_names.contains(&binding.span.start) {
            modifiers |= TokenModifiers::ASYNC;
        }
        let token_type = match binding.kind {
            BindingKind::Function | BindingKind::FunctionExprName => TokenType::Function,
            BindingKind::Param => TokenType::Parameter,
            BindingKind::Agent => TokenType::Agent,
            BindingKind::Prelude => match signature(name) {
                Some(sig) if !sig.constant => TokenType::Function,
                _ => TokenType::Variable,
            },
            _ if matches!(self.type_of(binding.span), Type::Function(_)) => TokenType::Function,
            _ => TokenType::Variable,
        };
        (token_type, modifiers)
    }

    /// A name the resolver did not bind: a property name, a contextual keyword, or an undefined
    /// name (already an error).
    fn classify_unresolved(&self, index: usize, name: &str) -> (TokenType, u32) {
        let token = |i: Option<usize>| i.and_then(|i| self.tokens().get(i)).map(|(t, _)| t);
        let previous = token(index.checked_sub(1));
        let next = token(Some(index + 1));
        let after_dot = matches!(
            previous,
            Some(Token::Punct(
                Punct::Dot | Punct::QuestionDot | Punct::TildeDot
            ))
        );
        let before_colon = matches!(next, Some(Token::Punct(Punct::Colon)));
        if after_dot || before_colon {
            return (TokenType::Property, 0);
        }
        match name {
            "from" | "as" | "agents" | "context" | "Agent" | "of" => (TokenType::Keyword, 0),
            _ => (TokenType::Variable, 0),
        }
    }

    /// Calls `emit` with the parts of `span` between line breaks, skipping empty parts.
    fn split_lines(&self, span: Span, mut emit: impl FnMut(Span)) {
        let mut start = span.start;
        for (offset, byte) in self.slice(span).bytes().enumerate() {
            if byte == b'\n' || byte == b'\r' {
                let end = span.start + offset as u32;
                if end > start {
                    emit(Span::new(start, end));
                }
                start = end + 1;
            }
        }
        if span.end > start {
            emit(Span::new(start, span.end));
        }
    }
}

fn punct_type(punct: Punct) -> Option<TokenType> {
    if punct == Punct::LtTilde || punct.as_str().starts_with('~') {
        return Some(TokenType::ConfidenceOperator);
    }
    match punct {
        Punct::LParen
        | Punct::RParen
        | Punct::LBracket
        | Punct::RBracket
        | Punct::LBrace
        | Punct::RBrace
        | Punct::Comma
        | Punct::Semi
        | Punct::Colon
        | Punct::Dot
        | Punct::Ellipsis => None,
        _ => Some(TokenType::Operator),
    }
}
