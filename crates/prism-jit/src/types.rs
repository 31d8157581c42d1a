//! Which functions are compiled, and the static type of each of their registers.
//!
//! A function is compiled when every register it uses provably holds a *scalar* (`null`, a
//! boolean or a number, each with or without a confidence), or a known function that is only
//! called. Such a function cannot allocate, suspend or reach the heap, so its registers live in
//! machine registers. Its parameters are guarded at entry (the interpreter runs the call when an
//! argument is not a scalar). The set of compiled functions is the greatest fixpoint: a function
//! that calls a function outside the set is removed, until nothing changes.

use prism_ir::{BinaryOp, Constant, Function, Instr, Program, Reg, Terminator, UnaryOp};

use crate::cells::KnownCells;

/// What a register holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Never written (only read on paths that cannot run; treated as `null`).
    Unset,
    Null,
    Bool,
    Num,
    /// One of `null`, boolean, number, known only at run time.
    Scalar,
    /// The closure of this function of the same file (only ever called).
    Function(u32),
    /// Anything else: the function is not compiled.
    Other,
}

/// A register's static type: its kind, and whether it is certainly plain (no confidence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ty {
    pub kind: Kind,
    pub plain: bool,
}

impl Ty {
    const UNSET: Ty = Ty::plain(Kind::Unset);

    const fn plain(kind: Kind) -> Ty {
        Ty { kind, plain: true }
    }

    const fn confident(kind: Kind) -> Ty {
        Ty { kind, plain: false }
    }

    fn join(self, other: Ty) -> Ty {
        use Kind::*;
        let kind = match (self.kind, other.kind) {
            (Unset, kind) | (kind, Unset) => kind,
            (a, b) if a == b => a,
            (Null | Bool | Num | Scalar, Null | Bool | Num | Scalar) => Scalar,
            _ => Other,
        };
        Ty {
            kind,
            plain: self.plain && other.plain,
        }
    }

    pub(crate) fn is_scalar(self) -> bool {
        matches!(
            self.kind,
            Kind::Unset | Kind::Null | Kind::Bool | Kind::Num | Kind::Scalar
        )
    }
}

/// The structural conditions: no cells, handlers, rest parameters or async body.
pub(crate) fn shape_allows(function: &Function) -> bool {
    !function.is_async
        && !function.has_rest
        && function.cells == 0
        && function.handlers.is_empty()
        && function.params <= 64
        && function.blocks.iter().all(|block| block.handler.is_none())
}

/// Register types of `function` (index `id` of `program`) if it can be compiled while the
/// functions in `compiled` are compiled too.
pub(crate) fn infer(
    program: &Program,
    id: u32,
    cells: &KnownCells,
    compiled: &[bool],
    boundaries: &[Boundary],
) -> Option<Vec<Ty>> {
    let function = program.functions.get(id as usize)?;
    let numbers = boundaries.get(id as usize).map_or(0, |b| b.numbers);
    let mut types = vec![Ty::UNSET; function.registers as usize];
    for (index, ty) in types.iter_mut().take(function.params as usize).enumerate() {
        let kind = if numbers >> index & 1 == 1 {
            Kind::Num
        } else {
            Kind::Scalar
        };
        *ty = Ty::confident(kind);
    }
    // Types only grow along the lattice; each round changes at least one register.
    for _ in 0..=types.len() * 4 + 1 {
        let mut changed = false;
        for block in &function.blocks {
            for instr in &block.instrs {
                let Some((dst, ty)) =
                    result(program, id, instr, &types, cells, compiled, boundaries)?
                else {
                    continue;
                };
                let slot = types.get_mut(dst.index())?;
                let joined = slot.join(ty);
                if joined != *slot {
                    *slot = joined;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    check_uses(function, &types, compiled).then_some(types)
}

fn ty(types: &[Ty], reg: Reg) -> Ty {
    types
        .get(reg.index())
        .copied()
        .unwrap_or(Ty::confident(Kind::Other))
}

/// The register an instruction writes and the type it writes; `Err`-like `None` when the
/// instruction cannot be compiled at all.
fn result(
    program: &Program,
    id: u32,
    instr: &Instr,
    types: &[Ty],
    cells: &KnownCells,
    compiled: &[bool],
    boundaries: &[Boundary],
) -> Option<Option<(Reg, Ty)>> {
    use Kind::*;
    let t = |reg: Reg| ty(types, reg);
    Some(Some(match instr {
        Instr::Move { dst, src } => (*dst, t(*src)),
        Instr::LoadNull { dst } => (*dst, Ty::plain(Null)),
        Instr::LoadBool { dst, .. } => (*dst, Ty::plain(Bool)),
        Instr::LoadNumber { dst, .. } => (*dst, Ty::plain(Num)),
        Instr::LoadConst { dst, constant } => match program.constant(*constant)? {
            Constant::Number(_) => (*dst, Ty::plain(Num)),
            Constant::String(_) => return None,
        },
        Instr::LoadSelf { dst } => (*dst, Ty::plain(Function(id))),
        Instr::LoadCell {
            dst,
            cell,
            check: None,
        } => {
            let callee = cells.function_in(id, *cell)?;
            compiled.get(callee.index()).copied().filter(|c| *c)?;
            (*dst, Ty::plain(Function(callee.0)))
        }
        Instr::Unary { dst, op, src } => {
            let a = t(*src);
            let result = match op {
                UnaryOp::Not => Ty::plain(Bool),
                UnaryOp::Neg | UnaryOp::Increment | UnaryOp::Decrement => Ty {
                    kind: Num,
                    plain: a.plain,
                },
                UnaryOp::Strip => Ty::plain(a.kind),
                UnaryOp::Confidence => Ty::plain(Num),
                UnaryOp::Typeof => return None,
            };
            (*dst, result)
        }
        Instr::Binary { dst, op, lhs, rhs } => (*dst, binary(*op, t(*lhs), t(*rhs))?),
        Instr::BinaryNumber { dst, op, lhs, .. } => (*dst, binary(*op, t(*lhs), Ty::plain(Num))?),
        Instr::Test { dst, .. } => (*dst, Ty::plain(Bool)),
        Instr::ConfidentBranch { dst, value, .. } => (*dst, Ty::confident(t(*value).kind)),
        Instr::Escalate { dst, src } => (*dst, Ty::confident(t(*src).kind)),
        Instr::ConfidentPipe { dst, result, .. } => (*dst, Ty::confident(t(*result).kind)),
        Instr::Level { dst, .. } => (*dst, Ty::plain(Num)),
        Instr::Call { dst, callee, .. } => {
            let returns = match t(*callee).kind {
                Function(target) => boundaries
                    .get(target as usize)
                    .map_or(Scalar, |b| b.returns),
                _ => Scalar,
            };
            (*dst, Ty::confident(returns))
        }
        Instr::Tick => return Some(None),
        // Without a trace the `branch` event is not written and compiled code may skip it;
        // with one, the function stays in the interpreter, which writes it.
        Instr::TraceBranch { .. } if !prism_runtime::trace::active() => return Some(None),
        _ => return None,
    }))
}

/// The result type of a binary operator on scalars (language §6.7, §6.8, §7.2, §7.3).
fn binary(op: BinaryOp, a: Ty, b: Ty) -> Option<Ty> {
    use BinaryOp::*;
    use Kind::*;
    let ordinary = a.plain && b.plain;
    Some(match op {
        Add | Sub | Mul | Div | Rem | Pow => Ty {
            kind: Num,
            plain: ordinary,
        },
        ConfAdd | ConfSub | ConfMul | ConfDiv => Ty::confident(Num),
        Eq | NotEq | Lt | LtEq | Gt | GtEq => Ty {
            kind: Bool,
            plain: ordinary,
        },
        ConfEq | ConfNotEq | ConfLt | ConfLtEq | ConfGtEq | ConfAnd | ConfOr => Ty::confident(Bool),
        Annotate => Ty::confident(a.kind),
        Chain => Ty::confident(b.kind),
        ConfSelect => a.join(b),
        Gate => Ty::confident(a.kind).join(Ty::plain(Null)),
        Instanceof => return None,
    })
}

/// Every operand is a scalar, except callees, which are compiled functions.
fn check_uses(function: &Function, types: &[Ty], compiled: &[bool]) -> bool {
    let scalar = |reg: Reg| ty(types, reg).is_scalar();
    if types.iter().any(|ty| ty.kind == Kind::Other) {
        return false;
    }
    for block in &function.blocks {
        for instr in &block.instrs {
            let ok = match instr {
                Instr::Move { .. }
                | Instr::LoadNull { .. }
                | Instr::LoadBool { .. }
                | Instr::LoadNumber { .. }
                | Instr::LoadConst { .. }
                | Instr::LoadSelf { .. }
                | Instr::LoadCell { .. }
                | Instr::Tick => true,
                Instr::TraceBranch { .. } => !prism_runtime::trace::active(),
                Instr::Unary { src, .. }
                | Instr::Test { src, .. }
                | Instr::Escalate { src, .. }
                | Instr::Level { src, .. } => scalar(*src),
                Instr::Binary { lhs, rhs, .. } => scalar(*lhs) && scalar(*rhs),
                Instr::BinaryNumber { lhs, .. } => scalar(*lhs),
                Instr::ConfidentBranch { cond, value, .. } => scalar(*cond) && scalar(*value),
                Instr::ConfidentPipe { left, result, .. } => scalar(*left) && scalar(*result),
                Instr::Call {
                    callee, args, argc, ..
                } => {
                    let callee_ok = match ty(types, *callee).kind {
                        Kind::Function(target) => {
                            compiled.get(target as usize).copied().unwrap_or(false)
                        }
                        _ => false,
                    };
                    callee_ok && (0..*argc).all(|offset| scalar(Reg(args.0 + offset)))
                }
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        let ok = match &block.terminator {
            Terminator::Jump(_) | Terminator::Unreachable => true,
            Terminator::Branch { cond, .. } => scalar(*cond),
            Terminator::Switch { on, targets } => scalar(*on) && !targets.is_empty(),
            Terminator::Return(reg) | Terminator::Throw(reg) => scalar(*reg),
            Terminator::Rethrow(_) => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// What callers and callees of a compiled function assume of each other: the parameters that
/// always receive numbers (a bit per parameter; the entry guard checks them when the
/// interpreter calls in) and the kind of every value it returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Boundary {
    pub numbers: u64,
    pub returns: Kind,
}

/// The compiled set of a file: the greatest set of shape-eligible functions that type-check
/// while calling only each other, with the register types and boundary of each.
///
/// Parameters start as numbers and widen to scalars when some compiled call passes anything
/// else (or leaves them out); returns start unset and grow with the returned registers. Specialised
/// parameters remove the tag tests and shim calls on them, which is most of the code (and so of
/// the compile time) of numeric functions (docs/jit.md); a call from the interpreter with a
/// non-number there runs in the interpreter, like one with a non-scalar argument.
pub(crate) fn compiled_set(
    program: &Program,
    cells: &KnownCells,
    excluded: &[bool],
) -> (Vec<Option<Vec<Ty>>>, Vec<Boundary>) {
    let count = program.functions.len();
    let mut compiled: Vec<bool> = program
        .functions
        .iter()
        .enumerate()
        .map(|(id, function)| shape_allows(function) && !excluded.get(id).copied().unwrap_or(false))
        .collect();
    let mut boundaries: Vec<Boundary> = program
        .functions
        .iter()
        .map(|function| Boundary {
            numbers: u64::MAX
                .checked_shr(64 - function.params.min(64))
                .unwrap_or(0),
            returns: Kind::Unset,
        })
        .collect();
    let mut types: Vec<Option<Vec<Ty>>> = vec![None; count];
    // Each round removes a function, widens a parameter or grows a return kind, all finite.
    loop {
        let mut changed = false;
        for id in 0..count {
            if !compiled[id] {
                continue;
            }
            match infer(program, id as u32, cells, &compiled, &boundaries) {
                Some(found) => types[id] = Some(found),
                None => {
                    compiled[id] = false;
                    types[id] = None;
                    changed = true;
                }
            }
        }
        for (id, (function, found)) in program.functions.iter().zip(&types).enumerate() {
            if let Some(found) = found {
                changed |= refine(id, function, found, &mut boundaries);
            }
        }
        if !changed {
            return (types, boundaries);
        }
    }
}

/// Widens the boundaries `function`'s returns and calls contradict; true when one changed.
fn refine(id: usize, function: &Function, types: &[Ty], boundaries: &mut [Boundary]) -> bool {
    let mut changed = false;
    for block in &function.blocks {
        if let Terminator::Return(reg) = block.terminator {
            if let Some(boundary) = boundaries.get_mut(id) {
                let grown = Ty::plain(boundary.returns).join(ty(types, reg)).kind;
                changed |= grown != boundary.returns;
                boundary.returns = grown;
            }
        }
        for instr in &block.instrs {
            let Instr::Call {
                callee, args, argc, ..
            } = instr
            else {
                continue;
            };
            let Kind::Function(target) = ty(types, *callee).kind else {
                continue;
            };
            let Some(boundary) = boundaries.get_mut(target as usize) else {
                continue;
            };
            let mut numbers = boundary.numbers;
            for index in 0..64u32 {
                let passed = index < *argc && ty(types, Reg(args.0 + index)).kind == Kind::Num;
                if !passed {
                    numbers &= !(1u64 << index);
                }
            }
            changed |= numbers != boundary.numbers;
            boundary.numbers = numbers;
        }
    }
    changed
}
