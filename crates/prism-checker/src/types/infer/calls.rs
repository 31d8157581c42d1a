//! Member reads, indexing and calls (language §6.4, §6.5) with `E0310`, `E0314` and `E0315`.

use prism_diagnostics::Diagnostic;
use prism_span::Span;
use prism_syntax::ast::{
    ArrayElem, Expr, ExprKind, MatchPattern, MatchPatternKind, MemberAccess, Name,
};

use super::Infer;
use crate::types::builtin_signatures::{qualified_name, signature, Signature};
use crate::types::members::{member_type, method_signature};
use crate::types::ty::{Tag, Type};
use crate::{BindingId, BindingKind};

impl<'a> Infer<'a, '_> {
    /// The sub-expressions of a store target (`o.k = v`, `a[i] = v`), without reading the target.
    pub(super) fn assign_target(&mut self, target: &'a Expr) {
        match &target.kind {
            ExprKind::Member { object, .. } => {
                self.expr(object);
            }
            ExprKind::Index { object, index, .. } => {
                self.expr(object);
                self.expr(index);
            }
            ExprKind::Paren(inner) => self.assign_target(inner),
            _ => {
                self.expr(target);
            }
        }
    }

    pub(super) fn member(
        &mut self,
        object: &'a Expr,
        access: MemberAccess,
        property: &Name,
    ) -> Type {
        let object_ty = self.expr(object);
        let key = property.text.as_str();
        // `?.` and `~.` are null-safe; only the other members can fail. After a `?.` earlier in
        // the same chain, a null may be the short-circuited chain, which reads nothing (§6.4.2).
        let null_safe = access != MemberAccess::Dot || in_optional_chain(object);
        let receiver = if null_safe {
            object_ty.without(Tag::Null)
        } else {
            object_ty.clone()
        };
        if matches!(receiver, Type::Unknown | Type::Never) {
            return if null_safe && object_ty.may_be(Tag::Null) && !object_ty.is_unknown() {
                Type::Null
            } else {
                Type::Unknown
            };
        }
        let mut result = Type::Never;
        let mut found = false;
        for member in receiver.members() {
            if let Some(ty) = member_type(member, key) {
                found = true;
                result = result.union(&ty);
            }
        }
        if !found {
            let name = match receiver {
                // "Math has no property 'k'" (language §6.4.1).
                Type::Namespace(namespace) => namespace.to_string(),
                _ => receiver.message_name(),
            };
            let mut diagnostic =
                Diagnostic::error("E0314", format!("{name} has no member '{key}'"))
                    .with_primary(self.file, property.span, format!("not a member of {name}"))
                    .with_secondary(self.file, object.span, format!("this is {name}"));
            if receiver == Type::Null {
                diagnostic =
                    diagnostic.with_help("use `?.` to read through a value that may be null");
            }
            self.report(diagnostic);
            return Type::Unknown;
        }
        if null_safe && object_ty.may_be(Tag::Null) {
            result = result.union(&Type::Null);
        }
        result
    }

    pub(super) fn index(&mut self, object: &'a Expr, index: &'a Expr) -> Type {
        let object_ty = self.expr(object);
        self.expr(index);
        match (&object_ty, &index.unparenthesized().kind) {
            (Type::Object(_), ExprKind::String(key)) => {
                member_type(&object_ty, &key.value).unwrap_or(Type::Unknown)
            }
            (Type::Array(element), _) => super::expr::erode(element).union(&Type::Null),
            (Type::String, _) => Type::String.union(&Type::Null),
            _ => Type::Unknown,
        }
    }

    pub(super) fn call(
        &mut self,
        expr: &'a Expr,
        callee: &'a Expr,
        optional: bool,
        arguments: &'a [ArrayElem],
    ) -> Type {
        let _ = expr;
        // A method call: the builtin behind `receiver.method` gives argument and result types.
        let method = match &callee.kind {
            ExprKind::Member {
                object,
                access: MemberAccess::Dot,
                property,
            } => Some((&**object, property)),
            _ => None,
        };
        let callee_ty = self.expr(callee);
        // The receiver's type, read back from the table before the arguments add to it.
        let receiver = method.and_then(|(object, _)| self.recorded_type(object));
        let argument_types: Vec<Type> = arguments
            .iter()
            .map(|argument| self.expr(&argument.expr))
            .collect();
        let callee_ty = if optional || in_optional_chain(callee) {
            callee_ty.without(Tag::Null)
        } else {
            callee_ty
        };

        if let Some(result) = self.model_call(callee, method, receiver.as_ref(), arguments) {
            return result;
        }
        if let Some((_, property)) = method {
            if let Some(receiver) = receiver.filter(is_single_receiver) {
                if let Some((prefix, sig)) = method_signature(&receiver, &property.text) {
                    if !sig.constant {
                        let key = format!("{prefix}.{}", property.text);
                        self.check_arguments(&key, sig, arguments, &argument_types);
                        return sig.result_type(&receiver);
                    }
                }
            }
        }
        if let Some(key) = self.builtin_callee(callee, &callee_ty) {
            if let Some(sig) = signature(&key) {
                self.check_arguments(&key, sig, arguments, &argument_types);
                return sig.result_type(&Type::Unknown);
            }
        }
        self.called(callee, &callee_ty)
    }

    /// `llm(prompt, opts)` (the prelude function) and `agent.ask(…)`/`agent.call(…)` on an agent:
    /// their result type comes from a `schema` option, if any.
    fn model_call(
        &self,
        callee: &Expr,
        method: Option<(&Expr, &Name)>,
        receiver: Option<&Type>,
        arguments: &'a [ArrayElem],
    ) -> Option<Type> {
        let is_llm = matches!(&callee.kind, ExprKind::Ident(name) if name == "llm")
            && self
                .resolution
                .use_of(callee.span.start)
                .and_then(|binding| self.resolution.binding(binding))
                .is_some_and(|binding| binding.kind == BindingKind::Prelude);
        let is_agent_method = method
            .is_some_and(|(_, property)| matches!(property.text.as_str(), "ask" | "call"))
            && receiver == Some(&Type::Agent);
        (is_llm || is_agent_method).then(|| super::schema::model_result(arguments.get(1)))
    }

    /// The type just recorded for `object`, the receiver of the member read walked last (in
    /// post-order the receiver is the entry before the member's own).
    fn recorded_type(&self, object: &Expr) -> Option<Type> {
        self.table
            .iter()
            .rev()
            .take(2)
            .find(|typed| typed.span == object.span)
            .map(|typed| typed.ty.clone())
    }

    /// The table key of a callee that is a prelude function or a callable namespace.
    fn builtin_callee(&self, callee: &Expr, callee_ty: &Type) -> Option<String> {
        if let Type::Namespace(name) = callee_ty {
            return Some((*name).to_string());
        }
        let ExprKind::Ident(name) = &callee.kind else {
            return None;
        };
        let binding = self.resolution.use_of(callee.span.start)?;
        let info = self.resolution.binding(binding)?;
        (info.kind == BindingKind::Prelude).then(|| name.to_string())
    }

    /// `E0315`: an argument whose type contains none of the accepted types.
    fn check_arguments(
        &mut self,
        key: &str,
        sig: &Signature,
        arguments: &[ArrayElem],
        types: &[Type],
    ) {
        for (index, (argument, ty)) in arguments.iter().zip(types).enumerate() {
            if argument.spread {
                // The positions of later arguments are no longer known.
                return;
            }
            let Some(param) = sig.param(index) else {
                return;
            };
            if param.accepts.is_any() || !ty.excludes(|member| param.accepts.allows(member)) {
                continue;
            }
            let name = qualified_name(key);
            let got = ty.message_name();
            self.report(
                Diagnostic::error(
                    "E0315",
                    format!(
                        "argument {} of '{name}' must be {}, got {got}",
                        index + 1,
                        param.written
                    ),
                )
                .with_primary(self.file, argument.span, format!("this is {got}"))
                .with_note(format!(
                    "'{name}' takes `{}: {}` here",
                    param.name, param.written
                )),
            );
        }
    }

    /// The result of calling a value of type `callee_ty` (`E0310` when nothing in it is callable).
    pub(super) fn called(&mut self, callee: &Expr, callee_ty: &Type) -> Type {
        if callee_ty.excludes(|member| member.tag() == Some(Tag::Function)) {
            let name = callee_ty.message_name();
            self.report(
                Diagnostic::error("E0310", format!("cannot call a value of type {name}"))
                    .with_primary(
                        self.file,
                        callee.span,
                        format!("this is {name}, not a function"),
                    ),
            );
            return Type::Unknown;
        }
        if callee_ty.is_unknown() {
            return Type::Unknown;
        }
        let mut result = Type::Never;
        for member in callee_ty.members() {
            match member {
                Type::Function(function) => result = result.union(&function.result),
                _ => return Type::Unknown,
            }
        }
        result
    }

    pub(super) fn pattern_name(&mut self, span: Span, binding: BindingId, ty: Type) {
        self.record_name(span, binding, &ty);
        self.declare(binding, ty);
    }

    /// Names bound inside array and object match patterns (read with the access rule: unknown).
    pub(super) fn match_pattern_names(&mut self, pattern: &'a MatchPattern) {
        match &pattern.kind {
            MatchPatternKind::Bind(name) => {
                if let Some(binding) = self.resolution.decl_of(name.span.start) {
                    self.pattern_name(name.span, binding, Type::Unknown);
                }
            }
            MatchPatternKind::Literal(literal) => {
                self.expr(literal);
            }
            MatchPatternKind::Array { elements, rest } => {
                for element in elements {
                    self.match_pattern_names(&element.pattern);
                    if let Some(threshold) = &element.threshold {
                        self.expr(threshold);
                    }
                }
                if let Some(prism_syntax::ast::MatchRest::Bind(name)) = rest {
                    if let Some(binding) = self.resolution.decl_of(name.span.start) {
                        self.pattern_name(name.span, binding, Type::array(Type::Unknown));
                    }
                }
            }
            MatchPatternKind::Object { properties, rest } => {
                for property in properties {
                    match &property.pattern {
                        Some(pattern) => self.match_pattern_names(pattern),
                        None => {
                            if let Some(binding) = self.resolution.decl_of(property.key.span.start)
                            {
                                self.pattern_name(property.key.span, binding, Type::Unknown);
                            }
                        }
                    }
                    if let Some(threshold) = &property.threshold {
                        self.expr(threshold);
                    }
                }
                if let Some(name) = rest {
                    if let Some(binding) = self.resolution.decl_of(name.span.start) {
                        self.pattern_name(name.span, binding, Type::open_object());
                    }
                }
            }
            MatchPatternKind::Wildcard | MatchPatternKind::Error => {}
        }
    }
}

/// Whether `expr` is a link of a chain (language §6.4.2) that holds a `?.` at or before it; a
/// parenthesis ends a chain.
fn in_optional_chain(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Member { object, access, .. } => {
            *access == MemberAccess::Optional || in_optional_chain(object)
        }
        ExprKind::Index {
            object, optional, ..
        } => *optional || in_optional_chain(object),
        ExprKind::Call {
            callee, optional, ..
        } => *optional || in_optional_chain(callee),
        _ => false,
    }
}

/// Receivers whose methods are builtins with signatures.
fn is_single_receiver(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Array(_) | Type::String | Type::Number | Type::Boolean | Type::Namespace(_)
    )
}
