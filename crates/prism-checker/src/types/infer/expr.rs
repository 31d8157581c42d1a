//! Expressions (language §6, §7.3): the type of each operator's result, and the operator errors
//! `E0311`–`E0313`.

use std::sync::Arc;

use prism_diagnostics::Diagnostic;
use prism_syntax::ast::{
    AssignOp, BinaryOp, Expr, ExprKind, LambdaBody, Match, MatchPatternKind, PipeOp, PropKeyKind,
    PropertyKind, UnaryOp,
};

use super::Infer;
use crate::types::ty::{ObjectType, Tag, Type};

impl<'a> Infer<'a, '_> {
    pub(crate) fn expr(&mut self, expr: &'a Expr) -> Type {
        let ty = self.expr_inner(expr);
        self.record(expr, &ty);
        ty
    }

    fn expr_inner(&mut self, expr: &'a Expr) -> Type {
        match &expr.kind {
            ExprKind::Number(_) => Type::Number,
            ExprKind::String(_) => Type::String,
            ExprKind::Template(template) => {
                for part in &template.expressions {
                    self.expr(part);
                }
                Type::String
            }
            ExprKind::Bool(_) => Type::Boolean,
            ExprKind::Null { .. } => Type::Null,
            ExprKind::Placeholder => self
                .pipeline_values
                .last()
                .cloned()
                .unwrap_or(Type::Unknown),
            ExprKind::Ident(_) => self.read(expr),
            ExprKind::Array(elements) => {
                let mut element = Type::Never;
                for item in elements {
                    let ty = self.expr(&item.expr);
                    let ty = if item.spread {
                        match ty {
                            Type::Array(inner) => (*inner).clone(),
                            Type::String => Type::String,
                            _ => Type::Unknown,
                        }
                    } else {
                        ty
                    };
                    element = element.union(&ty);
                }
                Type::array(element)
            }
            ExprKind::Object(properties) => self.object_literal(properties),
            ExprKind::Unary { op, argument } => self.unary(*op, argument),
            ExprKind::Update { op, argument, .. } => {
                let ty = self.expr(argument);
                self.numeric_operand(op.as_str(), argument, &ty);
                Type::Number
            }
            ExprKind::Binary { op, left, right } => self.binary(expr, *op, left, right),
            ExprKind::Pipeline { op, left, right } => self.pipeline(*op, left, right),
            ExprKind::Conditional {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test);
                let when_true = self.narrowing(test, true);
                let yes = self.narrowed(when_true, |this| this.expr(consequent));
                let when_false = self.narrowing(test, false);
                let no = self.narrowed(when_false, |this| this.expr(alternate));
                yes.union(&no)
            }
            ExprKind::Assign { op, target, value } => {
                use prism_syntax::ast::PatternKind;
                let target_ty = match (&target.kind, op) {
                    // A plain store reads nothing from the target (a store error is not a read).
                    (PatternKind::Target(place), AssignOp::Assign) => {
                        self.assign_target(place);
                        None
                    }
                    // A compound store reads the target first.
                    (PatternKind::Target(place), _) => Some((place, self.expr(place))),
                    _ => {
                        self.pattern(target, Type::Unknown);
                        None
                    }
                };
                let value_ty = self.expr(value);
                if let (Some(binary), Some((place, target_ty))) = (op.binary(), &target_ty) {
                    return self.operator(expr, binary, place, target_ty, value, &value_ty);
                }
                match op {
                    AssignOp::Assign => value_ty,
                    _ => Type::Unknown,
                }
            }
            ExprKind::Member {
                object,
                access,
                property,
            } => self.member(object, *access, property),
            ExprKind::Index { object, index, .. } => self.index(object, index),
            ExprKind::Call {
                callee,
                optional,
                arguments,
            } => self.call(expr, callee, *optional, arguments),
            ExprKind::Lambda(lambda) => self.lambda_type(lambda),
            ExprKind::Function(function) => self.function_type(function),
            ExprKind::Match(match_expr) => self.match_expr(match_expr),
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Error => Type::Unknown,
        }
    }

    /// A variable read: containers read through a variable lose their element and member types,
    /// because arrays and objects can change behind the variable's back.
    fn read(&mut self, ident: &Expr) -> Type {
        let Some(binding) = self.resolution.use_of(ident.span.start) else {
            return Type::Unknown;
        };
        let ty = self.binding_type(binding);
        if self.sealed.objects.contains_key(&binding) {
            return ty;
        }
        erode(&ty)
    }

    fn object_literal(&mut self, properties: &'a [prism_syntax::ast::Property]) -> Type {
        let mut fields = Vec::new();
        let mut closed = true;
        for property in properties {
            match &property.kind {
                PropertyKind::KeyValue { key, value } => {
                    let ty = self.expr(value);
                    let name = match &key.kind {
                        PropKeyKind::Name(name) | PropKeyKind::String(name) => Some(name.clone()),
                        PropKeyKind::Number(number) => Some(smol_str::SmolStr::new(
                            ryu_js::Buffer::new().format(*number),
                        )),
                        PropKeyKind::Computed(key) => {
                            self.expr(key);
                            None
                        }
                    };
                    match name {
                        Some(name) => {
                            fields.retain(|(existing, _): &(smol_str::SmolStr, Type)| {
                                *existing != name
                            });
                            fields.push((name, ty));
                        }
                        None => closed = false,
                    }
                }
                PropertyKind::Shorthand(name) => {
                    let ty = match self.resolution.use_of(name.span.start) {
                        Some(binding) => erode(&self.binding_type(binding)),
                        None => Type::Unknown,
                    };
                    fields.retain(|(existing, _)| *existing != name.text);
                    fields.push((name.text.clone(), ty));
                }
                PropertyKind::ShorthandPattern {
                    threshold, default, ..
                } => {
                    for part in [threshold, default].into_iter().flatten() {
                        self.expr(part);
                    }
                    closed = false;
                }
                PropertyKind::Spread(value) => {
                    self.expr(value);
                    // A spread may add or replace any key.
                    fields.clear();
                    closed = false;
                }
            }
        }
        Type::Object(Arc::new(ObjectType { fields, closed }))
    }

    fn unary(&mut self, op: UnaryOp, argument: &'a Expr) -> Type {
        let ty = self.expr(argument);
        match op {
            UnaryOp::Not => Type::Boolean,
            UnaryOp::Neg => {
                self.numeric_operand("-", argument, &ty);
                Type::Number
            }
            UnaryOp::Strip => ty,
            UnaryOp::Confidence => Type::Number,
            UnaryOp::Typeof => Type::String,
            UnaryOp::Await => {
                if ty.is_unknown() {
                    return Type::Unknown;
                }
                let mut result = Type::Never;
                for member in ty.members() {
                    let settled = match member {
                        Type::Task(inner) => (**inner).clone(),
                        other => other.clone(),
                    };
                    result = result.union(&settled);
                }
                result
            }
        }
    }

    /// `E0311`: an operand of a numeric operator that can never be a number.
    pub(super) fn numeric_operand(&mut self, op: &str, operand: &Expr, ty: &Type) -> bool {
        if !ty.excludes(|member| member.tag() == Some(Tag::Number)) {
            return false;
        }
        let name = ty.message_name();
        self.report(
            Diagnostic::error("E0311", format!("cannot apply '{op}' to {name}"))
                .with_primary(self.file, operand.span, format!("this is {name}"))
                .with_note(format!("'{op}' needs a number")),
        );
        true
    }

    fn binary(&mut self, expr: &'a Expr, op: BinaryOp, left: &'a Expr, right: &'a Expr) -> Type {
        let left_ty = self.expr(left);
        let right_ty = match op {
            BinaryOp::And => {
                let when_true = self.narrowing(left, true);
                self.narrowed(when_true, |this| this.expr(right))
            }
            BinaryOp::Or => {
                let when_false = self.narrowing(left, false);
                self.narrowed(when_false, |this| this.expr(right))
            }
            _ => self.expr(right),
        };
        self.operator(expr, op, left, &left_ty, right, &right_ty)
    }

    /// The result of a binary operator and its errors (also used by compound assignments).
    fn operator(
        &mut self,
        expr: &Expr,
        op: BinaryOp,
        left: &Expr,
        left_ty: &Type,
        right: &Expr,
        right_ty: &Type,
    ) -> Type {
        use BinaryOp as B;
        match op {
            B::Add | B::ConfAdd => self.addition(expr, op, left_ty, right_ty),
            B::Sub | B::Mul | B::Div | B::Rem | B::Pow | B::ConfSub | B::ConfMul | B::ConfDiv => {
                if !self.numeric_operand(op.as_str(), left, left_ty) {
                    self.numeric_operand(op.as_str(), right, right_ty);
                }
                Type::Number
            }
            B::Lt | B::LtEq | B::Gt | B::GtEq | B::ConfLt | B::ConfLtEq | B::ConfGtEq => {
                let comparable = |tag| left_ty.may_be(tag) && right_ty.may_be(tag);
                let proven = !matches!(left_ty, Type::Never)
                    && !matches!(right_ty, Type::Never)
                    && !comparable(Tag::Number)
                    && !comparable(Tag::String);
                if proven {
                    let (l, r) = (left_ty.message_name(), right_ty.message_name());
                    self.report(
                        Diagnostic::error("E0313", format!("cannot compare {l} and {r}"))
                            .with_primary(
                                self.file,
                                expr.span,
                                format!("{l} and {r} cannot be ordered"),
                            )
                            .with_note("only two numbers or two strings can be ordered"),
                    );
                }
                Type::Boolean
            }
            B::Eq | B::NotEq | B::StrictEq | B::StrictNotEq | B::ConfEq | B::ConfNotEq => {
                Type::Boolean
            }
            B::ConfAnd | B::ConfOr | B::Instanceof => Type::Boolean,
            B::Annotate => left_ty.clone(),
            B::Chain => right_ty.clone(),
            B::Nullish => left_ty.without(Tag::Null).union(right_ty),
            B::And | B::Or | B::ConfCoalesce | B::ConfSelect | B::ConfEscalate => {
                left_ty.union(right_ty)
            }
        }
    }

    /// `+` and `~+` (language §6.7) with `E0312`.
    fn addition(&mut self, expr: &Expr, op: BinaryOp, left: &Type, right: &Type) -> Type {
        let text_or_number =
            |member: &Type| matches!(member.tag(), Some(Tag::Number | Tag::String));
        let neither = left.excludes(text_or_number) && right.excludes(text_or_number);
        let number_with_other = (*left == Type::Number && right.excludes(text_or_number))
            || (*right == Type::Number && left.excludes(text_or_number));
        if neither || number_with_other {
            let (l, r) = (left.message_name(), right.message_name());
            self.report(
                Diagnostic::error(
                    "E0312",
                    format!("cannot apply '{}' to {l} and {r}", op.as_str()),
                )
                .with_primary(self.file, expr.span, "this addition always fails")
                .with_note("`+` adds two numbers, or joins text when one side is a string"),
            );
            return Type::Unknown;
        }
        if *left == Type::String || *right == Type::String {
            Type::String
        } else if *left == Type::Number && *right == Type::Number {
            Type::Number
        } else {
            Type::Number.union(&Type::String)
        }
    }

    fn pipeline(&mut self, op: PipeOp, left: &'a Expr, right: &'a Expr) -> Type {
        let left_ty = self.expr(left);
        match op {
            PipeOp::Gate => {
                let right_ty = self.expr(right);
                match right_ty {
                    Type::Array(fallback) => left_ty.union(&fallback),
                    _ => left_ty.union(&Type::Null),
                }
            }
            PipeOp::Pipe | PipeOp::ConfPipe => {
                if has_placeholder(right) {
                    self.pipeline_values.push(left_ty);
                    let ty = self.expr(right);
                    self.pipeline_values.pop();
                    ty
                } else {
                    let callee = self.expr(right);
                    self.called(right, &callee)
                }
            }
        }
    }

    /// `match` (language §6.14): an arm binding sees the scrutinee's type minus what the arms
    /// before it have certainly taken (a `null` literal arm without guard or threshold takes
    /// `null`); a never-reassigned scrutinee variable is narrowed the same way in the arm.
    fn match_expr(&mut self, match_expr: &'a Match) -> Type {
        let scrutinee = self.expr(&match_expr.scrutinee);
        let scrutinee_binding = self.narrowable(&match_expr.scrutinee);
        let mut remaining = scrutinee;
        let mut result = Type::Never;
        let mut catch_all = false;
        for arm in &match_expr.arms {
            let plain_arm = arm.guard.is_none() && arm.threshold.is_none();
            match &arm.pattern.kind {
                MatchPatternKind::Bind(name) => {
                    if let Some(binding) = self.resolution.decl_of(name.span.start) {
                        let ty = if arm.threshold.is_some() {
                            Type::Unknown
                        } else {
                            remaining.clone()
                        };
                        self.pattern_name(name.span, binding, ty);
                    }
                }
                _ => self.match_pattern_names(&arm.pattern),
            }
            let mut narrowings: Vec<_> = scrutinee_binding
                .map(|binding| (binding, remaining.clone()))
                .into_iter()
                .collect();
            if let Some(threshold) = &arm.threshold {
                self.expr(threshold);
            }
            if let Some(guard) = &arm.guard {
                let guard_narrowings = self.narrowed(narrowings.clone(), |this| {
                    this.expr(guard);
                    this.narrowing(guard, true)
                });
                narrowings.extend(guard_narrowings);
            }
            let ty = self.narrowed(narrowings, |this| match &arm.body {
                LambdaBody::Expr(body) => this.expr(body),
                LambdaBody::Block(block) => this.stmts(&block.body),
            });
            result = result.union(&ty);
            let takes_null = matches!(
                &arm.pattern.kind,
                MatchPatternKind::Literal(literal) if matches!(literal.kind, ExprKind::Null { .. })
            );
            if plain_arm && takes_null {
                remaining = remaining.without(Tag::Null);
            }
            catch_all |= plain_arm
                && matches!(
                    arm.pattern.kind,
                    MatchPatternKind::Wildcard | MatchPatternKind::Bind(_)
                );
        }
        if !catch_all {
            result = result.union(&Type::Null);
        }
        result
    }
}

/// Drops what a container's type says about its contents (see [`Infer::read`]).
pub(crate) fn erode(ty: &Type) -> Type {
    match ty {
        Type::Array(_) => Type::array(Type::Unknown),
        Type::Object(_) => Type::open_object(),
        Type::Union(members) => Type::from_members(members.iter().map(erode).collect()),
        other => other.clone(),
    }
}

/// Whether a pipeline's right side holds a placeholder of its own (language §6.13): one outside
/// the right sides of nested pipelines.
fn has_placeholder(expr: &Expr) -> bool {
    struct Finder {
        found: bool,
    }
    impl<'a> crate::visit::Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found {
                return;
            }
            match &expr.kind {
                ExprKind::Placeholder => self.found = true,
                ExprKind::Pipeline { left, .. } => self.visit_expr(left),
                _ => crate::visit::walk_expr(self, expr),
            }
        }
    }
    let mut finder = Finder { found: false };
    crate::visit::Visitor::visit_expr(&mut finder, expr);
    finder.found
}
