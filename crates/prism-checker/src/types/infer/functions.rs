//! Functions and lambdas (language §10): their types, with results computed once per function
//! and memoised, and with the narrowings of the enclosing code dropped at the boundary.

use prism_syntax::ast::{Function, Lambda, LambdaBody, Param};

use super::Infer;
use crate::check::usage::CallableNode;
use crate::types::ty::{FunctionType, ParamType, Type};

impl<'a> Infer<'a, '_> {
    pub(super) fn params(&mut self, params: &'a [Param]) -> (Vec<ParamType>, Option<Type>) {
        let mut types = Vec::new();
        let mut rest = None;
        for param in params {
            if let Some(threshold) = &param.threshold {
                self.expr(threshold);
            }
            if let Some(default) = &param.default {
                self.expr(default);
            }
            if param.rest {
                self.pattern(&param.target, Type::array(Type::Unknown));
                rest = Some(Type::Unknown);
            } else {
                self.pattern(&param.target, Type::Unknown);
                types.push(ParamType {
                    ty: Type::Unknown,
                    optional: param.default.is_some(),
                });
            }
        }
        (types, rest)
    }

    /// The type of a function value; walks the body (reporting, unless silent).
    pub(super) fn function_type(&mut self, function: &'a Function) -> Type {
        if let Some(confidence) = &function.confidence {
            self.expr(confidence);
        }
        let (params, rest) = self.params(&function.params);
        let key = function as *const Function as usize;
        let result = self.body_result(key, |this| this.stmts(&function.body.body));
        let result = if function.is_async {
            Type::task(result)
        } else {
            result
        };
        self.function_value(key, params, rest, result)
    }

    pub(super) fn function_value(
        &mut self,
        key: usize,
        params: Vec<ParamType>,
        rest: Option<Type>,
        result: Type,
    ) -> Type {
        let ty = Type::Function(std::sync::Arc::new(FunctionType {
            params,
            rest,
            result,
        }));
        self.node_types.insert(key, ty.clone());
        ty
    }

    pub(super) fn lambda_type(&mut self, lambda: &'a Lambda) -> Type {
        let (params, rest) = self.params(&lambda.params);
        let key = lambda as *const Lambda as usize;
        let result = self.body_result(key, |this| match &lambda.body {
            LambdaBody::Block(block) => this.stmts(&block.body),
            LambdaBody::Expr(expr) => {
                let ty = this.expr(expr);
                // An expression body ends the function: it counts as a `return`.
                if let Some(returns) = this.returns.last_mut() {
                    *returns = returns.union(&ty);
                }
                Type::Never
            }
        });
        let result = if lambda.is_async {
            Type::task(result)
        } else {
            result
        };
        self.function_value(key, params, rest, result)
    }

    /// Walks a body with the narrowings of the enclosing code dropped, and memoises the result.
    pub(super) fn body_result(&mut self, key: usize, walk: impl FnOnce(&mut Self) -> Type) -> Type {
        let outer_narrowed = std::mem::take(&mut self.narrowed);
        let outer_pipelines = std::mem::take(&mut self.pipeline_values);
        let known = self.results.get(&key).cloned();
        if known.is_none() {
            self.results.insert(key, None);
        }
        self.returns.push(Type::Never);
        let outer_flow = self.flow.enter_function();
        let completion = walk(self);
        self.flow.leave_function(outer_flow);
        let returns = self.returns.pop().unwrap_or(Type::Unknown);
        let result = match completion {
            Type::Never => returns,
            // A body whose last statement is not an expression: the checker cannot tell.
            Type::Unknown => Type::Unknown,
            completion => returns.union(&completion),
        };
        self.narrowed = outer_narrowed;
        self.pipeline_values = outer_pipelines;
        match known {
            Some(Some(known)) => known,
            _ => {
                self.results.insert(key, Some(result.clone()));
                result
            }
        }
    }

    /// The type of a known function without reporting (for calls before its declaration).
    pub(super) fn callable_type(&mut self, node: CallableNode<'a>) -> Type {
        let key = match node {
            CallableNode::Function(function) => function as *const Function as usize,
            CallableNode::Lambda(lambda) => lambda as *const Lambda as usize,
        };
        if let Some(known) = self.node_types.get(&key) {
            return known.clone();
        }
        if let Some(None) = self.results.get(&key) {
            // Recursion: the result is being computed.
            return Type::any_function();
        }
        self.silent += 1;
        let ty = match node {
            CallableNode::Function(function) => self.function_type(function),
            CallableNode::Lambda(lambda) => self.lambda_type(lambda),
        };
        self.silent -= 1;
        ty
    }
}
