//! Expressions (cli §6.3 "Spacing", "Lambdas", "Groups and line breaking", "Match"; language §3.4).

use prism_syntax::ast::{
    ArrayElem, Expr, ExprKind, Function, Lambda, Match, MatchArm, PipeOp, PropKey, PropKeyKind,
    Property, PropertyKind, UnaryOp,
};

use crate::comments::verbatim_literal;
use crate::doc::{concat, group, indent, text, Doc};
use crate::leading_token::leading_punctuation;
use crate::lists::{Brackets, Element};
use crate::Formatter;

impl Formatter<'_> {
    pub fn expr(&mut self, expr: &Expr) -> Doc {
        let leading = self.comments.leading(expr.span.start);
        let doc = self.expr_kind(expr);
        leading.wrap(doc)
    }

    fn expr_kind(&mut self, expr: &Expr) -> Doc {
        match &expr.kind {
            // Literal texts are kept as written (cli §6.3 "Preserved as written").
            ExprKind::Number(_) | ExprKind::String(_) => self.literal(expr),
            ExprKind::Template(_) => {
                // The interpolations are kept as written too, comments included.
                self.comments.skip_before(expr.span.end);
                self.literal(expr)
            }
            ExprKind::Bool(value) => text(if *value { "true" } else { "false" }),
            ExprKind::Null { undefined } => text(if *undefined { "undefined" } else { "null" }),
            ExprKind::Placeholder => text("_"),
            ExprKind::Ident(name) => text(name.as_str()),
            ExprKind::Array(elements) => {
                let brackets = Brackets {
                    open: "[",
                    close: "]",
                    spaced: false,
                    close_at: expr.span.end.saturating_sub(1),
                };
                self.arguments(&brackets, elements)
            }
            ExprKind::Object(properties) => self.object(properties, expr),
            ExprKind::Unary { op, argument } => self.unary(*op, argument),
            ExprKind::Update {
                op,
                prefix: true,
                argument,
            } => concat(vec![text(op.as_str()), self.expr(argument)]),
            ExprKind::Update { op, argument, .. } => {
                concat(vec![self.expr(argument), text(op.as_str())])
            }
            ExprKind::Binary { op, left, right } => {
                let left = self.expr(left);
                let right = self.expr(right);
                concat(vec![left, text(format!(" {} ", op.as_str())), right])
            }
            ExprKind::Pipeline { .. } => self.pipeline(expr),
            ExprKind::Conditional {
                confident,
                test,
                consequent,
                alternate,
            } => {
                let test = self.expr(test);
                let consequent = self.expr(consequent);
                let alternate = self.expr(alternate);
                let question = if *confident { "~? " } else { "? " };
                group(concat(vec![
                    test,
                    indent(concat(vec![
                        Doc::Line,
                        text(question),
                        consequent,
                        Doc::Line,
                        text(": "),
                        alternate,
                    ])),
                ]))
            }
            ExprKind::Assign { op, target, value } => {
                let target = self.pattern(target);
                let value = self.expr(value);
                concat(vec![target, text(format!(" {} ", op.as_str())), value])
            }
            ExprKind::Member {
                object,
                access,
                property,
            } => {
                let object = self.expr(object);
                let leading = self.comments.leading(property.span.start);
                concat(vec![
                    object,
                    text(access.as_str()),
                    leading.wrap(text(property.text.as_str())),
                ])
            }
            ExprKind::Index {
                object,
                optional,
                index,
            } => {
                let object = self.expr(object);
                let index = self.expr(index);
                let open = if *optional { "?.[" } else { "[" };
                concat(vec![object, text(open), index, text("]")])
            }
            ExprKind::Call {
                callee,
                optional,
                arguments,
            } => {
                let callee_doc = self.expr(callee);
                let brackets = Brackets {
                    open: if *optional { "?.(" } else { "(" },
                    close: ")",
                    spaced: false,
                    close_at: expr.span.end.saturating_sub(1),
                };
                let arguments = self.arguments(&brackets, arguments);
                concat(vec![callee_doc, arguments])
            }
            ExprKind::Lambda(lambda) => self.lambda(lambda),
            ExprKind::Function(function) => self.function(function),
            ExprKind::Match(match_expr) => self.match_expr(match_expr, expr),
            ExprKind::Paren(inner) => {
                let inner = self.expr(inner);
                let close_at = expr.span.end.saturating_sub(1);
                let trailing = self.comments.trailing_before(close_at);
                concat(vec![text("("), inner, trailing, text(")")])
            }
            ExprKind::Error => text(self.source_text(expr.span).trim()),
        }
    }

    fn literal(&self, expr: &Expr) -> Doc {
        text(verbatim_literal(self.source_text(expr.span)))
    }

    /// Argument lists and array literals: `e` or `...e` per element.
    fn arguments(&mut self, brackets: &Brackets, elements: &[ArrayElem]) -> Doc {
        let elements: Vec<Element<&ArrayElem>> = elements
            .iter()
            .map(|element| Element {
                item: element,
                span: Some(element.span),
                rest: false,
            })
            .collect();
        self.group_list(brackets, &elements, |this, element| {
            let value = this.expr(&element.expr);
            if element.spread {
                concat(vec![text("..."), value])
            } else {
                value
            }
        })
    }

    /// A prefix operator: no space after a symbol, one after a word (cli §6.3), except where
    /// the two would lex as one token (`- -x`, `~ -x`, `~ ~x`, `~ <~x`).
    fn unary(&mut self, op: UnaryOp, argument: &Expr) -> Doc {
        let next = leading_punctuation(argument);
        // `~/* c */` would lex as `~/`: a comment before the operand gets a space.
        let comment_between = self.comments.any_before(argument.span.start);
        let glued = !comment_between
            && match op {
                UnaryOp::Typeof | UnaryOp::Await => false,
                UnaryOp::Neg => next != Some('-'),
                UnaryOp::Strip => !matches!(next, Some('-' | '~' | '<' | '+')),
                UnaryOp::Not | UnaryOp::Confidence => true,
            };
        let operand = self.expr(argument);
        let space = if glued { Doc::Nil } else { text(" ") };
        concat(vec![text(op.as_str()), space, operand])
    }

    /// `a |> f |> g`: a group; broken, every operator starts a line one level deeper (cli §6.3).
    fn pipeline(&mut self, expr: &Expr) -> Doc {
        let mut stages: Vec<(PipeOp, &Expr)> = Vec::new();
        let mut head = expr;
        while let ExprKind::Pipeline { op, left, right } = &head.kind {
            stages.push((*op, right));
            head = left;
        }
        stages.reverse();
        let head = self.expr(head);
        let mut rest = Vec::new();
        for (op, stage) in stages {
            rest.push(Doc::Line);
            rest.push(text(format!("{} ", op.as_str())));
            rest.push(self.expr(stage));
        }
        group(concat(vec![head, indent(concat(rest))]))
    }

    fn object(&mut self, properties: &[Property], expr: &Expr) -> Doc {
        let brackets = Brackets {
            open: "{",
            close: "}",
            spaced: true,
            close_at: expr.span.end.saturating_sub(1),
        };
        let elements: Vec<Element<&Property>> = properties
            .iter()
            .map(|property| Element {
                item: property,
                span: Some(property.span),
                rest: false,
            })
            .collect();
        self.group_list(&brackets, &elements, |this, property| {
            match &property.kind {
                PropertyKind::KeyValue { key, value } => {
                    let key = this.prop_key(key);
                    let value = this.expr(value);
                    concat(vec![key, text(": "), value])
                }
                PropertyKind::Shorthand(name) => text(name.text.as_str()),
                PropertyKind::ShorthandPattern {
                    name,
                    threshold,
                    default,
                } => {
                    let threshold = this.threshold(threshold.as_deref());
                    let default = this.default(default.as_deref());
                    concat(vec![text(name.text.as_str()), threshold, default])
                }
                PropertyKind::Spread(value) => concat(vec![text("..."), this.expr(value)]),
            }
        })
    }

    /// An object key: names, strings and numbers as written, `[e]` for computed keys.
    pub fn prop_key(&mut self, key: &PropKey) -> Doc {
        let leading = self.comments.leading(key.span.start);
        let doc = match &key.kind {
            PropKeyKind::Name(name) => text(name.as_str()),
            PropKeyKind::String(_) | PropKeyKind::Number(_) => {
                text(verbatim_literal(self.source_text(key.span)))
            }
            PropKeyKind::Computed(inner) => concat(vec![text("["), self.expr(inner), text("]")]),
        };
        leading.wrap(doc)
    }

    /// ` ~> t` after a binding, or nothing.
    pub fn threshold(&mut self, threshold: Option<&Expr>) -> Doc {
        threshold.map_or(Doc::Nil, |threshold| {
            concat(vec![text(" ~> "), self.expr(threshold)])
        })
    }

    /// ` = d` after a binding, or nothing.
    pub fn default(&mut self, default: Option<&Expr>) -> Doc {
        default.map_or(Doc::Nil, |default| {
            concat(vec![text(" = "), self.expr(default)])
        })
    }

    /// `x => body` for one plain identifier parameter, `(a, b) => body` otherwise (cli §6.3).
    fn lambda(&mut self, lambda: &Lambda) -> Doc {
        let mut parts = Vec::new();
        if lambda.is_async {
            parts.push(text("async "));
        }
        match crate::patterns::bare_lambda_param(&lambda.params) {
            Some(name) => {
                let start = lambda
                    .params
                    .first()
                    .map_or(lambda.span.start, |param| param.span.start);
                parts.push(self.comments.leading(start).wrap(text(name)));
            }
            None => {
                let open_at = lambda.span.start;
                parts.push(self.params(&lambda.params, open_at));
            }
        }
        parts.push(text(" => "));
        parts.push(self.lambda_body(&lambda.body));
        concat(parts)
    }

    /// `function name(params) ~> c {` … `}`; `fn` stays `fn` (cli §6.3).
    pub fn function(&mut self, function: &Function) -> Doc {
        let mut parts = Vec::new();
        if function.is_async {
            parts.push(text("async "));
        }
        parts.push(text(match function.keyword {
            prism_syntax::ast::FnKeyword::Function => "function",
            prism_syntax::ast::FnKeyword::Fn => "fn",
        }));
        let open_from = match &function.name {
            Some(name) => {
                parts.push(text(" "));
                let leading = self.comments.leading(name.span.start);
                parts.push(leading.wrap(text(name.text.as_str())));
                name.span.end
            }
            None => {
                parts.push(text(" "));
                function.span.start
            }
        };
        parts.push(self.params(&function.params, open_from));
        parts.push(self.threshold(function.confidence.as_ref()));
        parts.push(text(" "));
        parts.push(self.block(&function.body));
        concat(parts)
    }

    /// `match x {` with one arm per line one level deeper, `,` after expression bodies (cli §6.3).
    fn match_expr(&mut self, match_expr: &Match, expr: &Expr) -> Doc {
        let scrutinee = self.expr(&match_expr.scrutinee);
        let close_at = expr.span.end.saturating_sub(1);
        let lines = self.line_list(
            &match_expr.arms,
            close_at,
            false,
            |arm| arm.span,
            |this, arms, index| match arms.get(index) {
                Some(arm) => this.match_arm(arm),
                None => Doc::Nil,
            },
        );
        concat(vec![
            text("match "),
            scrutinee,
            text(" "),
            self.braced_lines(lines),
        ])
    }

    fn match_arm(&mut self, arm: &MatchArm) -> Doc {
        let pattern = self.match_pattern(&arm.pattern);
        let threshold = self.threshold(arm.threshold.as_ref());
        let guard = arm.guard.as_ref().map_or(Doc::Nil, |guard| {
            concat(vec![text(" if "), self.expr(guard)])
        });
        let body = self.lambda_body(&arm.body);
        let comma = match arm.body {
            prism_syntax::ast::LambdaBody::Expr(_) => text(","),
            prism_syntax::ast::LambdaBody::Block(_) => Doc::Nil,
        };
        concat(vec![pattern, threshold, guard, text(" => "), body, comma])
    }
}
