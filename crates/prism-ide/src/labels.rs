//! Signature labels shared by hover, completion and signature help: builtins from their table
//! signatures (builtins §1.1), user functions from their declaration.

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

/// A function or lambda bound to a name.
pub(crate) struct FunctionNode<'a> {
    pub params: &'a [Param],
    pub is_async: bool,
}

struct FunctionFinder<'a> {
    name: Span,
    found: Option<FunctionNode<'a>>,
}

impl<'a> Visitor<'a> for FunctionFinder<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found.is_some() || !stmt.span.contains_span(self.name) {
            return;
        }
        match &stmt.kind {
            StmtKind::FunctionDecl(function)
                if function.name.as_ref().map(|name| name.span) == Some(self.name) =>
            {
                self.found = Some(FunctionNode {
                    params: &function.params,
                    is_async: function.is_async,
                });
            }
            StmtKind::VarDecl(decl) => {
                for declarator in &decl.declarators {
                    let PatternKind::Ident(name) = &declarator.target.kind else {
                        continue;
                    };
                    if name.span != self.name {
                        continue;
                    }
                    self.found = match declarator.init.as_ref().map(|e| &e.unparenthesized().kind) {
                        Some(ExprKind::Lambda(lambda)) => Some(FunctionNode {
                            params: &lambda.params,
                            is_async: lambda.is_async,
                        }),
                        Some(ExprKind::Function(function)) => Some(FunctionNode {
                            params: &function.params,
                            is_async: function.is_async,
                        }),
                        _ => None,
                    };
                }
            }
            _ => walk_stmt(self, stmt),
        }
    }
}

impl Analysis {
    /// The function declared at `name` (a function declaration, or a `let`/`const` initialised with
    /// a lambda or function expression).
    pub(crate) fn function_node(&self, name: Span) -> Option<FunctionNode<'_>> {
        let mut finder = FunctionFinder { name, found: None };
        prism_checker::visit::walk_program(&mut finder, self.program());
        finder.found
    }

    /// `name(a, b = 1, ...rest) -> type` for the user function declared at `name_span`.
    pub(crate) fn function_label(&self, name: &str, name_span: Span) -> Option<Label> {
        let node = self.function_node(name_span)?;
        let mut label = Label::new(name);
        for param in node.params {
            let text: String = self
                .slice(param.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            label.param(&text);
            label.rest = param.rest;
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
