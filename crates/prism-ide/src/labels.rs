//! Signature labels shared by hover, completion and signature help: builtins from their table
//! signatures (builtins §1.1), user functions from their declaration.

use std::collections::HashMap;

use prism_checker::types::builtin_signatures::{BuiltinParam, ResultType, Signature};
use prism_checker::types::Type;
use prism_checker::visit::{walk_stmt, Visitor};
use prism_span::Span;
use prism_syntax::ast::{ExprKind, Param, PatternKind, Stmt, StmtKind};

use crate::Analysis;

/// A signature label with the byte ranges of its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Label {
    pub text: String,
    pub params: Vec<(u32, u32)>,
    /// Whether the last parameter takes every remaining argument.
    pub rest: bool,
}

impl Label {
    fn new(head: &str) -> Label {
        Label {
            text: format!("{head}("),
            params: Vec::new(),
            rest: false,
        }
    }

    fn param(&mut self, text: &str) {
        if !self.params.is_empty() {
            self.text.push_str(", ");
        }
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.params.push((start, self.text.len() as u32));
    }

    fn close(&mut self, result: Option<String>) {
        self.text.push(')');
        if let Some(result) = result {
            self.text.push_str(" -> ");
            self.text.push_str(&result);
        }
    }
}

/// `name(a: number, b?: string, ...rest: any) -> result`, or `name: type` for a constant.
pub(crate) fn builtin_label(qualified: &str, sig: &Signature, receiver: &Type) -> Label {
    let result = match &sig.result {
        ResultType::Receiver => sig.result_type(receiver).to_string(),
        ResultType::Simple(text) => text.clone(),
    };
    if sig.constant {
        return Label {
            text: format!("{qualified}: {result}"),
            params: Vec::new(),
            rest: false,
        };
    }
    let written = |param: &BuiltinParam, prefix: &str| {
        let optional = if param.optional { "?" } else { "" };
        format!("{prefix}{}{optional}: {}", param.name, param.written)
    };
    let mut label = Label::new(qualified);
    for param in &sig.params {
        label.param(&written(param, ""));
    }
    if let Some(rest) = &sig.rest {
        label.param(&written(rest, "..."));
        label.rest = true;
    }
    label.close(Some(result));
    label
}

/// A function or lambda bound to a name: what its label needs.
#[derive(Clone, Debug, Default)]
pub(crate) struct FunctionInfo {
    /// Each parameter's span and whether it is the rest parameter.
    pub params: Vec<(Span, bool)>,
    pub is_async: bool,
}

impl FunctionInfo {
    fn of(params: &[Param], is_async: bool) -> FunctionInfo {
        FunctionInfo {
            params: params
                .iter()
                .map(|param| (param.span, param.rest))
                .collect(),
            is_async,
        }
    }
}

/// Collects every named function: declarations, and `let`/`const` names initialised with a lambda
/// or function expression, keyed by the start of the name.
#[derive(Default)]
pub(crate) struct FunctionTable(pub HashMap<u32, FunctionInfo>);

impl<'a> Visitor<'a> for FunctionTable {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match &stmt.kind {
            StmtKind::FunctionDecl(function) => {
                if let Some(name) = &function.name {
                    let info = FunctionInfo::of(&function.params, function.is_async);
                    self.0.insert(name.span.start, info);
                }
            }
            StmtKind::VarDecl(decl) => {
                for declarator in &decl.declarators {
                    let PatternKind::Ident(name) = &declarator.target.kind else {
                        continue;
                    };
                    let info = match declarator.init.as_ref().map(|e| &e.unparenthesized().kind) {
                        Some(ExprKind::Lambda(lambda)) => {
                            FunctionInfo::of(&lambda.params, lambda.is_async)
                        }
                        Some(ExprKind::Function(function)) => {
                            FunctionInfo::of(&function.params, function.is_async)
                        }
                        _ => continue,
                    };
                    self.0.insert(name.span.start, info);
                }
            }
            _ => {}
        }
        walk_stmt(self, stmt);
    }
}

impl Analysis {
    /// `name(a, b = 1, ...rest) -> type` for the user function declared at `name_span`.
    pub(crate) fn function_label(&self, name: &str, name_span: Span) -> Option<Label> {
        let node = self.functions().get(&name_span.start)?;
        let mut label = Label::new(name);
        for &(span, rest) in &node.params {
            let text: String = self
                .slice(span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            label.param(&text);
            label.rest = rest;
        }
        let result = match self.type_of(name_span) {
            Type::Function(function) => Some(function.result.to_string()),
            _ => None,
        };
        label.close(result);
        if node.is_async {
            label.text.insert_str(0, "async ");
            for range in &mut label.params {
                range.0 += 6;
                range.1 += 6;
            }
        }
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use prism_checker::types::builtin_signatures::signature;

    use super::*;

    #[test]
    fn builtin_labels() {
        let sig = signature("array.slice").expect("slice");
        let label = builtin_label("Array.slice", sig, &Type::array(Type::Number));
        assert_eq!(
            label.text,
            "Array.slice(start?: number, end?: number) -> array<number>"
        );
        let (start, end) = label.params[1];
        assert_eq!(&label.text[start as usize..end as usize], "end?: number");
        let sig = signature("Math.PI").expect("PI");
        assert_eq!(
            builtin_label("Math.PI", sig, &Type::Unknown).text,
            "Math.PI: number"
        );
        let sig = signature("print").expect("print");
        let label = builtin_label("print", sig, &Type::Unknown);
        assert!(label.rest);
        assert_eq!(label.text, "print(...values: any) -> null");
    }
}
