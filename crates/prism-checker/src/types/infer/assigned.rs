//! Types of reassigned variables (language §15.5: "a reassigned `let` takes the union of everything
//! assigned to it"). Before the walk, every assignment to a plain name is given a shallow type — one
//! read from the assigned expression's form alone (literals, operators, functions), `unknown` for
//! anything that needs other variables. The union over all of them, wherever they are (closures,
//! loops, tasks), holds at every read: it is used flow-insensitively, and narrowing still applies
//! only to variables that are never reassigned.
//!
//! A binding is covered only when every write the resolution recorded for it is one of these
//! assignments; a write the walk does not see (a destructuring assignment, a `for … in` target)
//! leaves it `unknown`.

use prism_syntax::ast::{AssignOp, BinaryOp, Expr, ExprKind, PatternKind, Program, UnaryOp};

use prism_span::Span;

use crate::fast_hash::FastMap;
use crate::types::ty::{Tag, Type};
use crate::visit::{walk_expr, walk_program, Visitor};
use crate::{Access, BindingId, Resolution};

/// The union of the shallow types assigned to each reassigned binding, when every write is known.
#[derive(Default)]
pub(crate) struct AssignedTypes {
    complete: FastMap<BindingId, Type>,
}

impl AssignedTypes {
    pub(crate) fn collect(program: &Program, resolution: &Resolution) -> AssignedTypes {
        let mut collector = Collector {
            resolution,
            seen: FastMap::default(),
        };
        walk_program(&mut collector, program);
        let mut writes: FastMap<BindingId, usize> = FastMap::default();
        for record in &resolution.uses {
            if record.access != Access::Read && collector.seen.contains_key(&record.binding) {
                *writes.entry(record.binding).or_default() += 1;
            }
        }
        let complete = collector
            .seen
            .into_iter()
            .filter(|(binding, (count, _))| writes.get(binding) == Some(count))
            .map(|(binding, (_, ty))| (binding, ty))
            .collect();
        AssignedTypes { complete }
    }

    /// The union of everything assigned to `binding` outside its declaration, if known.
    pub(crate) fn get(&self, binding: BindingId) -> Option<&Type> {
        self.complete.get(&binding)
    }
}

struct Collector<'r> {
    resolution: &'r Resolution,
    /// Per binding: the writes seen and the union of their types.
    seen: FastMap<BindingId, (usize, Type)>,
}

impl Collector<'_> {
    fn add(&mut self, ident: Span, ty: Type) {
        let Some(binding) = self.resolution.use_of(ident.start) else {
            return;
        };
        let entry = self.seen.entry(binding).or_insert((0, Type::Never));
        entry.0 += 1;
        entry.1 = entry.1.union(&ty);
    }
}

impl<'a> Visitor<'a> for Collector<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match &expr.kind {
            ExprKind::Assign { op, target, value } => {
                if let PatternKind::Ident(name) = &target.kind {
                    let ty = match op {
                        AssignOp::Assign | AssignOp::Nullish | AssignOp::Or | AssignOp::And => {
                            shallow_type(value)
                        }
                        AssignOp::Add | AssignOp::ConfAdd => Type::Number.union(&Type::String),
                        _ => Type::Number,
                    };
                    self.add(name.span, ty);
                }
            }
            ExprKind::Update { argument, .. } => {
                let inner = argument.unparenthesized();
                if matches!(inner.kind, ExprKind::Ident(_)) {
                    self.add(inner.span, Type::Number);
                }
            }
            _ => {}
        }
        walk_expr(self, expr);
    }
}

/// The type of an expression read from its form alone.
fn shallow_type(expr: &Expr) -> Type {
    use BinaryOp as B;
    match &expr.kind {
        ExprKind::Number(_) => Type::Number,
        ExprKind::String(_) | ExprKind::Template(_) => Type::String,
        ExprKind::Bool(_) => Type::Boolean,
        ExprKind::Null { .. } => Type::Null,
        ExprKind::Array(_) => Type::array(Type::Unknown),
        ExprKind::Object(_) => Type::open_object(),
        ExprKind::Lambda(_) | ExprKind::Function(_) => Type::any_function(),
        ExprKind::Paren(inner) => shallow_type(inner),
        ExprKind::Update { .. } => Type::Number,
        ExprKind::Unary { op, argument } => match op {
            UnaryOp::Not => Type::Boolean,
            UnaryOp::Typeof => Type::String,
            UnaryOp::Neg | UnaryOp::Confidence => Type::Number,
            UnaryOp::Strip => shallow_type(argument),
            UnaryOp::Await => Type::Unknown,
        },
        ExprKind::Binary { op, left, right } => match op {
            B::Add | B::ConfAdd => Type::Number.union(&Type::String),
            B::Sub | B::Mul | B::Div | B::Rem | B::Pow | B::ConfSub | B::ConfMul | B::ConfDiv => {
                Type::Number
            }
            B::Lt
            | B::LtEq
            | B::Gt
            | B::GtEq
            | B::ConfLt
            | B::ConfLtEq
            | B::ConfGtEq
            | B::Eq
            | B::NotEq
            | B::StrictEq
            | B::StrictNotEq
            | B::ConfEq
            | B::ConfNotEq
            | B::ConfAnd
            | B::ConfOr
            | B::Instanceof => Type::Boolean,
            B::Annotate => shallow_type(left),
            B::Chain => shallow_type(right),
            B::Nullish => shallow_type(left)
                .without(Tag::Null)
                .union(&shallow_type(right)),
            B::And | B::Or | B::ConfCoalesce | B::ConfSelect | B::ConfEscalate => {
                shallow_type(left).union(&shallow_type(right))
            }
        },
        ExprKind::Conditional {
            consequent,
            alternate,
            ..
        } => shallow_type(consequent).union(&shallow_type(alternate)),
        _ => Type::Unknown,
    }
}
