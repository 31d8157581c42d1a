//! A read-only walk over expressions and the statements nested in them, used by the lowering's
//! syntactic questions (does an operand assign? which placeholders belong to a pipeline?).

use prism_syntax::ast::*;

/// Called for every expression; return `false` to skip its children. Function and lambda
/// bodies are entered only when `functions` says so.
pub(crate) trait Visitor<'a> {
    fn expr(&mut self, expr: &'a Expr) -> bool;
    fn functions(&self) -> bool;
}

pub(crate) fn expr<'a>(e: &'a Expr, v: &mut dyn Visitor<'a>) {
    if !v.expr(e) {
        return;
    }
    match &e.kind {
        ExprKind::Template(template) => template.expressions.iter().for_each(|x| expr(x, v)),
        ExprKind::Array(elements) => elements.iter().for_each(|x| expr(&x.expr, v)),
        ExprKind::Object(properties) => {
            for property in properties {
                match &property.kind {
                    PropertyKind::KeyValue { key, value } => {
                        key_expr(key, v);
                        expr(value, v);
                    }
                    PropertyKind::Shorthand(_) => {}
                    PropertyKind::ShorthandPattern {
                        threshold, default, ..
                    } => {
                        threshold
                            .iter()
                            .chain(default.iter())
                            .for_each(|x| expr(x, v));
                    }
                    PropertyKind::Spread(x) => expr(x, v),
                }
            }
        }
        ExprKind::Unary { argument, .. } | ExprKind::Update { argument, .. } => expr(argument, v),
        ExprKind::Binary { left, right, .. } | ExprKind::Pipeline { left, right, .. } => {
            expr(left, v);
            expr(right, v);
        }
        ExprKind::Conditional {
            test,
            consequent,
            alternate,
            ..
        } => {
            expr(test, v);
            expr(consequent, v);
            expr(alternate, v);
        }
        ExprKind::Assign { target, value, .. } => {
            pattern(target, v);
            expr(value, v);
        }
        ExprKind::Member { object, .. } => expr(object, v),
        ExprKind::Index { object, index, .. } => {
            expr(object, v);
            expr(index, v);
        }
        ExprKind::Call {
            callee, arguments, ..
        } => {
            expr(callee, v);
            arguments.iter().for_each(|x| expr(&x.expr, v));
        }
        ExprKind::Lambda(lambda) => {
            if v.functions() {
                params(&lambda.params, v);
                match &lambda.body {
                    LambdaBody::Block(block) => block.body.iter().for_each(|s| stmt(s, v)),
                    LambdaBody::Expr(x) => expr(x, v),
                }
            }
        }
        ExprKind::Function(function) => function_(function, v),
        ExprKind::Match(m) => {
            expr(&m.scrutinee, v);
            for arm in &m.arms {
                arm.threshold
                    .iter()
                    .chain(arm.guard.iter())
                    .for_each(|x| expr(x, v));
                match_pattern(&arm.pattern, v);
                match &arm.body {
                    LambdaBody::Block(block) => block.body.iter().for_each(|s| stmt(s, v)),
                    LambdaBody::Expr(x) => expr(x, v),
                }
            }
        }
        ExprKind::Paren(inner) => expr(inner, v),
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Bool(_)
        | ExprKind::Null { .. }
        | ExprKind::Placeholder
        | ExprKind::Ident(_)
        | ExprKind::Error => {}
    }
}

fn key_expr<'a>(key: &'a PropKey, v: &mut dyn Visitor<'a>) {
    if let PropKeyKind::Computed(x) = &key.kind {
        expr(x, v);
    }
}

fn function_<'a>(function: &'a Function, v: &mut dyn Visitor<'a>) {
    if let Some(confidence) = &function.confidence {
        expr(confidence, v);
    }
    if v.functions() {
        params(&function.params, v);
        function.body.body.iter().for_each(|s| stmt(s, v));
    }
}

fn params<'a>(params: &'a [Param], v: &mut dyn Visitor<'a>) {
    for param in params {
        pattern(&param.target, v);
        param
            .threshold
            .iter()
            .chain(param.default.iter())
            .for_each(|x| expr(x, v));
    }
}

pub(crate) fn pattern<'a>(p: &'a Pattern, v: &mut dyn Visitor<'a>) {
    match &p.kind {
        PatternKind::Array { elements, rest } => {
            for element in elements.iter().flatten() {
                pattern(&element.target, v);
                element
                    .threshold
                    .iter()
                    .chain(element.default.iter())
                    .for_each(|x| expr(x, v));
            }
            rest.iter().for_each(|r| pattern(r, v));
        }
        PatternKind::Object { properties, rest } => {
            for property in properties {
                key_expr(&property.key, v);
                pattern(&property.target, v);
                property
                    .threshold
                    .iter()
                    .chain(property.default.iter())
                    .for_each(|x| expr(x, v));
            }
            rest.iter().for_each(|r| pattern(r, v));
        }
        PatternKind::Threshold {
            pattern: inner,
            threshold,
        } => {
            pattern(inner, v);
            expr(threshold, v);
        }
        PatternKind::Target(x) => expr(x, v),
        PatternKind::Ident(_) | PatternKind::Discard | PatternKind::Error => {}
    }
}

fn match_pattern<'a>(p: &'a MatchPattern, v: &mut dyn Visitor<'a>) {
    match &p.kind {
        MatchPatternKind::Literal(x) => expr(x, v),
        MatchPatternKind::Array { elements, .. } => {
            for element in elements {
                match_pattern(&element.pattern, v);
                element.threshold.iter().for_each(|x| expr(x, v));
            }
        }
        MatchPatternKind::Object { properties, .. } => {
            for property in properties {
                key_expr(&property.key, v);
                property.pattern.iter().for_each(|x| match_pattern(x, v));
                property.threshold.iter().for_each(|x| expr(x, v));
            }
        }
        MatchPatternKind::Wildcard | MatchPatternKind::Bind(_) | MatchPatternKind::Error => {}
    }
}

pub(crate) fn stmt<'a>(s: &'a Stmt, v: &mut dyn Visitor<'a>) {
    let block = |b: &'a Block, v: &mut dyn Visitor<'a>| b.body.iter().for_each(|s| stmt(s, v));
    match &s.kind {
        StmtKind::VarDecl(decl) => var_decl(decl, v),
        StmtKind::FunctionDecl(function) => function_(function, v),
        StmtKind::If {
            test,
            consequent,
            alternate,
            ..
        } => {
            expr(test, v);
            stmt(consequent, v);
            alternate.iter().for_each(|s| stmt(s, v));
        }
        StmtKind::While { test, body, .. } | StmtKind::DoWhile { body, test } => {
            expr(test, v);
            stmt(body, v);
        }
        StmtKind::For(header) => {
            for_init(&header.init, v);
            header
                .test
                .iter()
                .chain(header.update.iter())
                .for_each(|x| expr(x, v));
            stmt(&header.body, v);
        }
        StmtKind::ForIn(header) => {
            pattern(&header.target, v);
            expr(&header.iterable, v);
            stmt(&header.body, v);
        }
        StmtKind::Uncertain(u) => {
            for_init(&u.init, v);
            u.test
                .iter()
                .chain(u.update.iter())
                .for_each(|x| expr(x, v));
            u.branches.iter().for_each(|b| block(&b.body, v));
        }
        StmtKind::Return(value) => value.iter().for_each(|x| expr(x, v)),
        StmtKind::Throw(x) | StmtKind::Expr(x) => expr(x, v),
        StmtKind::Try(t) => {
            block(&t.block, v);
            t.param.iter().for_each(|p| pattern(p, v));
            t.handler
                .iter()
                .chain(t.finalizer.iter())
                .for_each(|b| block(b, v));
        }
        StmtKind::Context(c) => block(&c.body, v),
        StmtKind::Agents(agents) => agents.iter().for_each(|a| expr(&a.object, v)),
        StmtKind::Export(export) => {
            export.declaration.iter().for_each(|s| stmt(s, v));
            export.default.iter().for_each(|x| expr(x, v));
        }
        StmtKind::Block(b) => block(b, v),
        StmtKind::Import(_)
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Empty
        | StmtKind::Error => {}
    }
}

fn var_decl<'a>(decl: &'a VarDecl, v: &mut dyn Visitor<'a>) {
    for declarator in &decl.declarators {
        pattern(&declarator.target, v);
        declarator
            .threshold
            .iter()
            .chain(declarator.init.iter())
            .for_each(|x| expr(x, v));
    }
}

fn for_init<'a>(init: &'a Option<ForInit>, v: &mut dyn Visitor<'a>) {
    match init {
        Some(ForInit::VarDecl(decl)) => var_decl(decl, v),
        Some(ForInit::Expr(x)) => expr(x, v),
        None => {}
    }
}

/// Whether evaluating `e` may assign a variable of the current function (so an operand read
/// earlier from that variable's register must be copied first).
pub(crate) fn may_assign(e: &Expr) -> bool {
    struct Finder(bool);
    impl<'a> Visitor<'a> for Finder {
        fn expr(&mut self, e: &'a Expr) -> bool {
            if matches!(
                e.kind,
                ExprKind::Assign { .. } | ExprKind::Update { .. } | ExprKind::Match(_)
            ) {
                self.0 = true;
            }
            !self.0
        }
        fn functions(&self) -> bool {
            false
        }
    }
    let mut finder = Finder(false);
    expr(e, &mut finder);
    finder.0
}
