//! The expressions inside binding and assignment patterns (language §11), and match patterns
//! (language §6.14).

use prism_syntax::ast::{
    ExprKind, MatchPattern, MatchPatternKind, MatchRest, Pattern, PatternKind, PropKey, PropKeyKind,
};

use super::walker::Resolver;
use super::{Access, BindingKind};

impl<'a> Resolver<'a> {
    /// Resolves the thresholds, defaults and computed keys of a binding pattern, in source order.
    /// Its names are already declared.
    pub(super) fn resolve_binding_pattern(&mut self, pattern: &'a Pattern) {
        self.resolve_pattern(pattern, None);
    }

    /// Resolves an assignment pattern (language §11.2): identifier leaves are assigned (which may
    /// declare them implicitly, §9.3), member and index leaves are evaluated, and thresholds,
    /// defaults and computed keys are read.
    pub(super) fn resolve_assignment_pattern(&mut self, pattern: &'a Pattern, access: Access) {
        self.resolve_pattern(pattern, Some(access));
    }

    /// `assign` is `None` in binding patterns, where identifiers are declarations.
    fn resolve_pattern(&mut self, pattern: &'a Pattern, assign: Option<Access>) {
        match &pattern.kind {
            PatternKind::Ident(name) => {
                if let Some(access) = assign {
                    self.reference(&name.text, name.span, access);
                }
            }
            PatternKind::Array { elements, rest } => {
                for element in elements.iter().flatten() {
                    self.resolve_pattern(&element.target, assign);
                    self.resolve_optional(element.threshold.as_ref());
                    self.resolve_optional(element.default.as_ref());
                }
                if let Some(rest) = rest {
                    self.resolve_pattern(rest, assign);
                }
            }
            PatternKind::Object { properties, rest } => {
                for property in properties {
                    self.resolve_key(&property.key);
                    self.resolve_pattern(&property.target, assign);
                    self.resolve_optional(property.threshold.as_ref());
                    self.resolve_optional(property.default.as_ref());
                }
                if let Some(rest) = rest {
                    self.resolve_pattern(rest, assign);
                }
            }
            PatternKind::Threshold { pattern, threshold } => {
                self.resolve_pattern(pattern, assign);
                self.resolve_expr(threshold);
            }
            PatternKind::Target(target) => match (&target.unparenthesized().kind, assign) {
                // `(x) = v`: a parenthesised identifier is still an identifier target.
                (ExprKind::Ident(name), Some(access)) => {
                    self.reference(name, target.unparenthesized().span, access)
                }
                _ => self.resolve_expr(target),
            },
            PatternKind::Discard | PatternKind::Error => {}
        }
    }

    pub(super) fn resolve_key(&mut self, key: &'a PropKey) {
        if let PropKeyKind::Computed(expr) = &key.kind {
            self.resolve_expr(expr);
        }
    }

    /// Declares the names a match pattern binds in the current (arm) scope and resolves its
    /// element and property thresholds (language §6.14.1–§6.14.2).
    pub(super) fn resolve_match_pattern(&mut self, pattern: &'a MatchPattern) {
        match &pattern.kind {
            MatchPatternKind::Bind(name) => {
                self.declare(name, BindingKind::MatchBinding, None);
            }
            MatchPatternKind::Literal(literal) => self.resolve_expr(literal),
            MatchPatternKind::Array { elements, rest } => {
                for element in elements {
                    self.resolve_match_pattern(&element.pattern);
                    self.resolve_optional(element.threshold.as_ref());
                }
                if let Some(MatchRest::Bind(name)) = rest {
                    self.declare(name, BindingKind::MatchBinding, None);
                }
            }
            MatchPatternKind::Object { properties, rest } => {
                for property in properties {
                    self.resolve_key(&property.key);
                    match &property.pattern {
                        Some(pattern) => self.resolve_match_pattern(pattern),
                        None => self.declare_shorthand_key(&property.key),
                    }
                    self.resolve_optional(property.threshold.as_ref());
                }
                if let Some(name) = rest {
                    self.declare(name, BindingKind::MatchBinding, None);
                }
            }
            MatchPatternKind::Wildcard | MatchPatternKind::Error => {}
        }
    }

    /// `{ k }` in a match pattern binds `k` (a plain name key; other keys cannot be shorthand).
    fn declare_shorthand_key(&mut self, key: &'a PropKey) {
        if let PropKeyKind::Name(text) = &key.kind {
            let name = prism_syntax::ast::Name {
                text: text.clone(),
                span: key.span,
            };
            self.declare(&name, BindingKind::MatchBinding, None);
        }
    }
}
