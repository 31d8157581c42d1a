//! Statements and blocks (cli §6.3 "Statements", "Keywords and blocks"; language §3.2).

use prism_syntax::ast::{
    Block, ContextName, ContextStmt, Expr, ForInKeyword, ForInStmt, ForInit, ForStmt, LambdaBody,
    Stmt, StmtKind, TryStmt, Uncertain, UncertainForm, VarDecl,
};

use crate::doc::{concat, group, indent, text, Doc};
use crate::leading_token::leading_punctuation;
use crate::lists::Lines;
use crate::Formatter;

/// How a statement ends, for the `;` rule of cli §6.3.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// With an expression or a keyword that takes an optional `;`: the next line could continue it.
    Open,
    /// With a block: a `;` would be an empty statement of its own.
    Closed,
    /// `return` without a value: a value on the next line would be returned (language §3.2).
    BareReturn,
}

fn tail(statement: &Stmt) -> Tail {
    match &statement.kind {
        StmtKind::Return(None) => Tail::BareReturn,
        StmtKind::If {
            consequent,
            alternate,
            ..
        } => tail(alternate.as_deref().unwrap_or(consequent)),
        StmtKind::While { body, .. } => tail(body),
        StmtKind::For(for_stmt) => tail(&for_stmt.body),
        StmtKind::ForIn(for_in) => tail(&for_in.body),
        StmtKind::Export(export) => export.declaration.as_ref().map_or(Tail::Open, tail),
        StmtKind::Context(context) if context.shift.is_none() => Tail::Closed,
        StmtKind::FunctionDecl(_)
        | StmtKind::Block(_)
        | StmtKind::Try(_)
        | StmtKind::Uncertain(_)
        | StmtKind::Agents(_)
        | StmtKind::Empty
        | StmtKind::Error => Tail::Closed,
        _ => Tail::Open,
    }
}

/// Whether `;` must follow `statement` because of the statement after it (cli §6.3): the next one
/// begins with `(`, `[`, `-`, `++` or `--`; and, to keep the tree, after a bare `return`.
fn needs_semicolon(statement: &Stmt, next: Option<&Stmt>) -> bool {
    let Some(next) = next else { return false };
    match tail(statement) {
        Tail::BareReturn => true,
        Tail::Closed => false,
        Tail::Open => match &next.kind {
            StmtKind::Expr(expr) => {
                matches!(leading_punctuation(expr), Some('(' | '[' | '-' | '+'))
            }
            _ => false,
        },
    }
}

impl Formatter<'_> {
    /// The statements of a program or block, empty statements removed.
    pub fn statement_lines(&mut self, statements: &[Stmt], close_at: u32) -> Lines {
        let kept: Vec<&Stmt> = statements
            .iter()
            .filter(|statement| !matches!(statement.kind, StmtKind::Empty))
            .collect();
        self.line_list(
            &kept,
            close_at,
            true,
            |statement| statement.span,
            |this, all, index| {
                let Some(statement) = all.get(index) else {
                    return Doc::Nil;
                };
                let doc = this.statement(statement);
                if needs_semicolon(statement, all.get(index + 1).copied()) {
                    concat(vec![doc, text(";")])
                } else {
                    doc
                }
            },
        )
    }

    /// `{` statements `}` (cli §6.3: every block with statements is broken, an empty one is `{}`).
    pub fn block(&mut self, block: &Block) -> Doc {
        let leading = self.comments.leading(block.span.start);
        let close_at = block.span.end.saturating_sub(1);
        let lines = self.statement_lines(&block.body, close_at);
        leading.wrap(self.braced_lines(lines))
    }

    pub fn statement(&mut self, statement: &Stmt) -> Doc {
        let leading = self.comments.leading(statement.span.start);
        let doc = match &statement.kind {
            StmtKind::VarDecl(decl) => self.var_decl(decl),
            StmtKind::FunctionDecl(function) => self.function(function),
            StmtKind::If {
                test,
                consequent,
                alternate,
                ..
            } => self.if_stmt(test, consequent, alternate.as_deref()),
            StmtKind::While { test, body, .. } => {
                let header = concat(vec![text("while ("), self.expr(test), text(")")]);
                self.with_body(header, body)
            }
            StmtKind::DoWhile { body, test } => self.do_while(body, test),
            StmtKind::For(for_stmt) => self.for_stmt(for_stmt),
            StmtKind::ForIn(for_in) => self.for_in(for_in),
            StmtKind::Uncertain(uncertain) => self.uncertain(uncertain, statement),
            StmtKind::Return(None) => text("return"),
            StmtKind::Return(Some(value)) => concat(vec![text("return "), self.expr(value)]),
            StmtKind::Throw(value) => concat(vec![text("throw "), self.expr(value)]),
            StmtKind::Break => text("break"),
            StmtKind::Continue => text("continue"),
            StmtKind::Empty => text(";"),
            StmtKind::Try(try_stmt) => self.try_stmt(try_stmt),
            StmtKind::Context(context) => self.context(context),
            StmtKind::Agents(agents) => self.agents(agents, statement),
            StmtKind::Import(import) => self.import(import, statement.span),
            StmtKind::Export(export) => self.export(export, statement.span),
            StmtKind::Block(block) => self.block(block),
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::Error => text(self.source_text(statement.span).trim()),
        };
        leading.above(doc)
    }

    pub fn var_decl(&mut self, decl: &VarDecl) -> Doc {
        let mut parts = vec![text(decl.kind.as_str()), text(" ")];
        for (index, declarator) in decl.declarators.iter().enumerate() {
            if index > 0 {
                parts.push(text(", "));
            }
            parts.push(self.pattern(&declarator.target));
            parts.push(self.threshold(declarator.threshold.as_ref()));
            if let Some(init) = &declarator.init {
                parts.push(text(" = "));
                parts.push(self.expr(init));
            }
        }
        concat(parts)
    }

    /// A header and its body: `header {` for a block, otherwise the statement on the same line
    /// when it fits and on the next line one level deeper when not (cli §6.3).
    fn with_body(&mut self, header: Doc, body: &Stmt) -> Doc {
        match &body.kind {
            StmtKind::Block(block) => concat(vec![header, text(" "), self.block(block)]),
            StmtKind::Empty => concat(vec![header, self.statement(body)]),
            _ => {
                // Comments before the body are taken here so that a comment ending the header's
                // line stays there (cli §6.3 "Comments"); the others go above the body.
                let mut leading = self.comments.leading(body.span.start);
                let header_comments = leading.take_same_line();
                let body_doc = self.statement(body);
                let body_doc = leading.above(body_doc);
                match header_comments {
                    Some(comments) => concat(vec![
                        header,
                        text(" "),
                        comments,
                        indent(concat(vec![Doc::HardLine, body_doc])),
                    ]),
                    None => group(concat(vec![
                        header,
                        indent(concat(vec![Doc::Line, body_doc])),
                    ])),
                }
            }
        }
    }

    /// A body followed by `else` or `while`: a bare `return` needs its `;` there.
    fn with_body_before_keyword(&mut self, header: Doc, body: &Stmt) -> Doc {
        let doc = self.with_body(header, body);
        if tail(body) == Tail::BareReturn {
            concat(vec![doc, text(";")])
        } else {
            doc
        }
    }

    fn if_stmt(&mut self, test: &Expr, consequent: &Stmt, alternate: Option<&Stmt>) -> Doc {
        let header = concat(vec![text("if ("), self.expr(test), text(")")]);
        let Some(alternate) = alternate else {
            return self.with_body(header, consequent);
        };
        let first = self.with_body_before_keyword(header, consequent);
        let between = if matches!(consequent.kind, StmtKind::Block(_)) {
            text(" ")
        } else {
            Doc::HardLine
        };
        let rest = match &alternate.kind {
            StmtKind::If {
                test,
                consequent,
                alternate: nested_alternate,
                ..
            } => {
                let leading = self.comments.leading(alternate.span.start);
                let nested = self.if_stmt(test, consequent, nested_alternate.as_deref());
                concat(vec![text("else "), leading.wrap(nested)])
            }
            _ => self.with_body(text("else"), alternate),
        };
        concat(vec![first, between, rest])
    }

    fn do_while(&mut self, body: &Stmt, test: &Expr) -> Doc {
        let first = self.with_body_before_keyword(text("do"), body);
        let between = if matches!(body.kind, StmtKind::Block(_)) {
            text(" ")
        } else {
            Doc::HardLine
        };
        // The condition is an expression here (language §3.2): parentheses around it are part of
        // the tree, so they are kept as written and never added (cli §6.2).
        concat(vec![first, between, text("while "), self.expr(test)])
    }

    fn for_init(&mut self, init: &ForInit) -> Doc {
        match init {
            ForInit::VarDecl(decl) => self.var_decl(decl),
            ForInit::Expr(expr) => self.expr(expr),
        }
    }

    /// `init; test; update` of a C-style `for` (`;;` when all three are missing).
    fn for_c_head(
        &mut self,
        init: Option<&ForInit>,
        test: Option<&Expr>,
        update: Option<&Expr>,
    ) -> Doc {
        if init.is_none() && test.is_none() && update.is_none() {
            return text(";;");
        }
        let init = init.map_or(Doc::Nil, |init| self.for_init(init));
        let test = test.map_or(Doc::Nil, |test| concat(vec![text(" "), self.expr(test)]));
        let update = update.map_or(text(" "), |update| {
            concat(vec![text(" "), self.expr(update)])
        });
        concat(vec![init, text(";"), test, text(";"), update])
    }

    fn for_stmt(&mut self, for_stmt: &ForStmt) -> Doc {
        let head = self.for_c_head(
            for_stmt.init.as_ref(),
            for_stmt.test.as_ref(),
            for_stmt.update.as_ref(),
        );
        let header = concat(vec![text("for ("), head, text(")")]);
        self.with_body(header, &for_stmt.body)
    }

    fn for_in(&mut self, for_in: &ForInStmt) -> Doc {
        let mut parts = vec![text("for (")];
        if let Some(kind) = for_in.decl_kind {
            parts.push(text(format!("{} ", kind.as_str())));
        }
        parts.push(self.pattern(&for_in.target));
        if let Some(index) = &for_in.index {
            parts.push(text(", "));
            parts.push(self.pattern(index));
        }
        parts.push(text(match for_in.keyword {
            ForInKeyword::In => " in ",
            ForInKeyword::Of => " of ",
        }));
        parts.push(self.expr(&for_in.iterable));
        parts.push(text(")"));
        self.with_body(concat(parts), &for_in.body)
    }

    /// `uncertain if c {` with each branch on its own lines (cli §6.3). As with `do … while`, the
    /// condition of `uncertain if`/`while` is an expression whose parentheses are kept as written.
    fn uncertain(&mut self, uncertain: &Uncertain, statement: &Stmt) -> Doc {
        let header = match uncertain.form {
            UncertainForm::If | UncertainForm::While => {
                let keyword = if uncertain.form == UncertainForm::If {
                    "uncertain if "
                } else {
                    "uncertain while "
                };
                let test = uncertain
                    .test
                    .as_ref()
                    .map_or(Doc::Nil, |test| self.expr(test));
                concat(vec![text(keyword), test])
            }
            UncertainForm::For => {
                let head = self.for_c_head(
                    uncertain.init.as_ref(),
                    uncertain.test.as_ref(),
                    uncertain.update.as_ref(),
                );
                concat(vec![text("uncertain for ("), head, text(")")])
            }
        };
        let close_at = self.last_brace(statement.span);
        let lines = self.line_list(
            &uncertain.branches,
            close_at,
            false,
            |branch| branch.name_span,
            |this, branches, index| {
                let Some(branch) = branches.get(index) else {
                    return Doc::Nil;
                };
                let body = this.block(&branch.body);
                concat(vec![text(branch.name.as_str()), text(" "), body])
            },
        );
        concat(vec![header, text(" "), self.braced_lines(lines)])
    }

    /// The position of the last `}` inside `span` (the end of a construct that ends with a brace).
    pub fn last_brace(&self, span: prism_span::Span) -> u32 {
        self.source_text(span)
            .rfind('}')
            .map_or(span.end, |offset| span.start + offset as u32)
    }

    fn try_stmt(&mut self, try_stmt: &TryStmt) -> Doc {
        let mut parts = vec![text("try "), self.block(&try_stmt.block)];
        if let Some(handler) = &try_stmt.handler {
            parts.push(text(" catch "));
            if let Some(param) = &try_stmt.param {
                parts.push(text("("));
                parts.push(self.pattern(param));
                parts.push(text(") "));
            }
            parts.push(self.block(handler));
        }
        if let Some(finalizer) = &try_stmt.finalizer {
            parts.push(text(" finally "));
            parts.push(self.block(finalizer));
        }
        concat(parts)
    }

    fn context_name(&mut self, name: &ContextName) -> Doc {
        let leading = self.comments.leading(name.span.start);
        let written = if name.is_string {
            text(self.source_text(name.span))
        } else {
            text(name.text.as_str())
        };
        leading.wrap(written)
    }

    /// `in context Name {` … `} -> Next` (cli §6.3).
    fn context(&mut self, context: &ContextStmt) -> Doc {
        let mut parts = vec![text("in context "), self.context_name(&context.name)];
        parts.push(text(" "));
        parts.push(self.block(&context.body));
        if let Some(shift) = &context.shift {
            parts.push(text(" -> "));
            parts.push(self.context_name(shift));
        }
        concat(parts)
    }

    /// A lambda or match-arm body: a block, or an expression.
    pub fn lambda_body(&mut self, body: &LambdaBody) -> Doc {
        match body {
            LambdaBody::Block(block) => self.block(block),
            LambdaBody::Expr(expr) => self.expr(expr),
        }
    }
}
