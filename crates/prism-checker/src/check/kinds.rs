//! Confidence kinds (language §15, introduction): a static guess at whether an expression's value
//! is plain, confident or either. The kinds decide `W0401` and `W0403` and are shown on hover.
//!
//! The rules, in the order of §15:
//! * literals (`Number`, `-Number` through the ordinary rule, strings, booleans, `null`), `!`,
//!   `typeof`, `instanceof`, `<~` and `~` are Plain;
//! * `~>`, the always-confident operators of §7.3 (`~+ ~- ~* ~/ ~== ~!= ~< ~<= ~>= ~&& ~|| ~~`,
//!   `~|>`, `c ~? x : y`, their compound assignments), `~.`, `llm(…)`, `.ask(…)` and `.call(…)` are
//!   Confident;
//! * the ordinary operators of §7.2 (`+ - * / % **`, relational, equality, unary `-`, `++`, `--`)
//!   are Confident if an operand is Confident, Plain if all are Plain, otherwise Unknown. An
//!   interpolated string follows the same rule over its parts (§7.3, "interpolation"); one without
//!   interpolations is a string literal;
//! * a `const` or never-reassigned `let` declared with a plain name and an initialiser has the kind
//!   of its initialiser, wherever it is read;
//! * everything else (array and object literals, functions, selections such as `&&` and `??`,
//!   calls, member reads, `~?>`, `~??`, `~||>`, `~@>`, `await`) is Unknown.

use crate::fast_hash::FastMap as HashMap;

use prism_syntax::ast::{
    AssignOp, BinaryOp, DeclKind, Expr, ExprKind, MemberAccess, PipeOp, Program, Stmt, StmtKind,
    UnaryOp,
};

use crate::visit::{walk_program, walk_stmt, Visitor};
use crate::{BindingId, BindingKind, Resolution};

/// The confidence kind of an expression (language §15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfidenceKind {
    Plain,
    Confident,
    Unknown,
}

impl ConfidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfidenceKind::Plain => "plain",
            ConfidenceKind::Confident => "confident",
            ConfidenceKind::Unknown => "unknown",
        }
    }

    /// The ordinary rule of §7.2 applied to the kinds of the operands.
    fn ordinary(kinds: impl IntoIterator<Item = ConfidenceKind>) -> ConfidenceKind {
        let mut all_plain = true;
        for kind in kinds {
            match kind {
                ConfidenceKind::Confident => return ConfidenceKind::Confident,
                ConfidenceKind::Unknown => all_plain = false,
                ConfidenceKind::Plain => {}
            }
        }
        if all_plain {
            ConfidenceKind::Plain
        } else {
            ConfidenceKind::Unknown
        }
    }
}

/// Computes kinds on demand. Bindings are memoised, so a chain of constants is followed once; a
/// cycle (only possible through a read in the dead zone, `E0306`) counts as Unknown.
pub(crate) struct KindEngine<'a> {
    resolution: &'a Resolution,
    initialisers: HashMap<BindingId, &'a Expr>,
    memo: HashMap<BindingId, Option<ConfidenceKind>>,
    /// Kinds of expressions already computed, by node address: the hover table asks for every
    /// expression, children before parents.
    expressions: HashMap<usize, ConfidenceKind>,
}

impl<'a> KindEngine<'a> {
    pub(crate) fn new(program: &'a Program, resolution: &'a Resolution) -> KindEngine<'a> {
        let mut collector = InitialiserCollector {
            resolution,
            initialisers: HashMap::default(),
        };
        walk_program(&mut collector, program);
        KindEngine {
            resolution,
            initialisers: collector.initialisers,
            memo: HashMap::default(),
            expressions: HashMap::default(),
        }
    }

    /// The initialiser of a `const` or never-reassigned `let` declared with a plain name.
    pub(crate) fn initialiser(&self, binding: BindingId) -> Option<&'a Expr> {
        self.initialisers.get(&binding).copied()
    }

    pub(crate) fn binding_kind(&mut self, binding: BindingId) -> ConfidenceKind {
        if let Some(known) = self.memo.get(&binding) {
            return known.unwrap_or(ConfidenceKind::Unknown);
        }
        let Some(init) = self.initialiser(binding) else {
            return ConfidenceKind::Unknown;
        };
        self.memo.insert(binding, None);
        let kind = self.expr_kind(init);
        self.memo.insert(binding, Some(kind));
        kind
    }

    pub(crate) fn expr_kind(&mut self, expr: &Expr) -> ConfidenceKind {
        // Only the kinds that look at their operands are worth remembering; the others take
        // constant time (an identifier's binding is memoised on its own).
        let recursive = match &expr.kind {
            ExprKind::Binary { op, .. } => is_ordinary(*op),
            ExprKind::Unary {
                op: UnaryOp::Neg, ..
            }
            | ExprKind::Update { .. }
            | ExprKind::Paren(_) => true,
            ExprKind::Template(template) => !template.expressions.is_empty(),
            _ => false,
        };
        if !recursive {
            return self.compute_kind(expr);
        }
        let key = expr as *const Expr as usize;
        if let Some(&known) = self.expressions.get(&key) {
            return known;
        }
        let kind = self.compute_kind(expr);
        self.expressions.insert(key, kind);
        kind
    }

    fn compute_kind(&mut self, expr: &Expr) -> ConfidenceKind {
        use ConfidenceKind::{Confident, Plain, Unknown};
        match &expr.kind {
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Bool(_)
            | ExprKind::Null { .. } => Plain,
            ExprKind::Template(template) => {
                let kinds: Vec<_> = template
                    .expressions
                    .iter()
                    .map(|part| self.expr_kind(part))
                    .collect();
                ConfidenceKind::ordinary(kinds)
            }
            ExprKind::Ident(_) => match self.resolution.use_of(expr.span.start) {
                Some(binding) => self.binding_kind(binding),
                None => Unknown,
            },
            ExprKind::Paren(inner) => self.expr_kind(inner),
            ExprKind::Unary { op, argument } => match op {
                UnaryOp::Not | UnaryOp::Typeof | UnaryOp::Confidence | UnaryOp::Strip => Plain,
                UnaryOp::Neg => self.expr_kind(argument),
                UnaryOp::Await => Unknown,
            },
            ExprKind::Update { argument, .. } => self.expr_kind(argument),
            ExprKind::Binary { op, left, right } => {
                if is_always_confident(*op) {
                    Confident
                } else if *op == BinaryOp::Instanceof {
                    Plain
                } else if is_ordinary(*op) {
                    let left = self.expr_kind(left);
                    let right = self.expr_kind(right);
                    ConfidenceKind::ordinary([left, right])
                } else {
                    Unknown
                }
            }
            ExprKind::Pipeline { op, .. } => {
                if *op == PipeOp::ConfPipe {
                    Confident
                } else {
                    Unknown
                }
            }
            ExprKind::Conditional { confident, .. } => {
                if *confident {
                    Confident
                } else {
                    Unknown
                }
            }
            ExprKind::Assign {
                op: AssignOp::ConfAdd | AssignOp::ConfSub | AssignOp::ConfMul | AssignOp::ConfDiv,
                ..
            } => Confident,
            ExprKind::Member { access, .. } => {
                if *access == MemberAccess::Confident {
                    Confident
                } else {
                    Unknown
                }
            }
            ExprKind::Call {
                callee, optional, ..
            } => {
                if !optional && self.is_model_call(callee) {
                    Confident
                } else {
                    Unknown
                }
            }
            _ => Unknown,
        }
    }

    /// `llm(…)` (the prelude function), `x.ask(…)` and `x.call(…)`.
    fn is_model_call(&self, callee: &Expr) -> bool {
        match &callee.kind {
            ExprKind::Ident(name) if name == "llm" => self
                .resolution
                .use_of(callee.span.start)
                .and_then(|binding| self.resolution.binding(binding))
                .is_some_and(|binding| binding.kind == BindingKind::Prelude),
            ExprKind::Member {
                access, property, ..
            } => {
                *access != MemberAccess::Optional
                    && (property.text == "ask" || property.text == "call")
            }
            _ => false,
        }
    }
}

/// The operators of §7.3 whose result is always confident (`~>` included).
pub(crate) fn is_always_confident(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Annotate
            | BinaryOp::ConfAdd
            | BinaryOp::ConfSub
            | BinaryOp::ConfMul
            | BinaryOp::ConfDiv
            | BinaryOp::ConfEq
            | BinaryOp::ConfNotEq
            | BinaryOp::ConfLt
            | BinaryOp::ConfLtEq
            | BinaryOp::ConfGtEq
            | BinaryOp::ConfAnd
            | BinaryOp::ConfOr
            | BinaryOp::Chain
    )
}

/// The operators of the ordinary rule (§7.2).
fn is_ordinary(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Add
            | BinaryOp::Sub
            | BinaryOp::Mul
            | BinaryOp::Div
            | BinaryOp::Rem
            | BinaryOp::Pow
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq
            | BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::StrictEq
            | BinaryOp::StrictNotEq
    )
}

/// Finds the initialiser of every `const` and never-reassigned `let` with a plain name.
struct InitialiserCollector<'a> {
    resolution: &'a Resolution,
    initialisers: HashMap<BindingId, &'a Expr>,
}

impl<'a> InitialiserCollector<'a> {
    fn record(&mut self, kind: DeclKind, declarators: &'a [prism_syntax::ast::Declarator]) {
        for declarator in declarators {
            let (prism_syntax::ast::PatternKind::Ident(name), Some(init)) =
                (&declarator.target.kind, &declarator.init)
            else {
                continue;
            };
            let Some(binding) = self.resolution.decl_of(name.span.start) else {
                continue;
            };
            let Some(info) = self.resolution.binding(binding) else {
                continue;
            };
            let fixed = match kind {
                DeclKind::Const => info.kind == BindingKind::Const,
                DeclKind::Let => info.kind == BindingKind::Let && !info.reassigned,
            };
            if fixed {
                self.initialisers.insert(binding, init);
            }
        }
    }
}

impl<'a> Visitor<'a> for InitialiserCollector<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let StmtKind::VarDecl(decl) = &stmt.kind {
            self.record(decl.kind, &decl.declarators);
        }
        if let StmtKind::For(for_stmt) = &stmt.kind {
            if let Some(prism_syntax::ast::ForInit::VarDecl(decl)) = &for_stmt.init {
                self.record(decl.kind, &decl.declarators);
            }
        }
        walk_stmt(self, stmt);
    }
}
