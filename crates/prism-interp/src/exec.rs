//! The general execution of IR instructions and terminators (every instruction has its
//! semantics here; `dispatch` runs the common ones directly), and the search for an exception
//! handler (language §12.3, §12.4).

use std::cell::RefCell;
use std::rc::Rc;

use prism_ir::{
    BinaryOp, Block, BlockId, CellRef, Function, HandlerId, Instr, MemberRead, Reg, Terminator,
    Test, UnaryOp,
};
use prism_runtime::error::catalogue;
use prism_runtime::ops::{self, UnaryOp as Un, UpdateOp};

use prism_runtime::value::{collector, Closure, Namespace, SharedCell};
use prism_runtime::{FunctionId, Inner, Thrown, Value};
use prism_span::Span;

use crate::unwind::Unwind;
use crate::vm::{ArgSource, Frame, Vm};

/// The marker held by a binding in its temporal dead zone (language §9.2). It never escapes:
/// the lowering checks every access that could see it.
static UNINITIALIZED: Namespace = Namespace {
    name: "<uninitialized>",
    members: &[],
};

/// Stores into a register. Scalars need no release, so the old value is forgotten instead of
/// going through `Value`'s drop (a measurable cost on the hottest path).
#[inline(always)]
pub(crate) fn put(slot: &mut Value, value: Value) {
    let old = std::mem::replace(slot, value);
    if matches!(old.inner(), Inner::Null | Inner::Bool(_) | Inner::Number(_)) {
        std::mem::forget(old);
    } else {
        drop(old);
    }
}

/// The cell `cell` refers to, from the frame's cells or its closure's captures (borrowing only
/// those, so that registers stay writable meanwhile).
#[inline(always)]
fn cell_in<'a>(
    cells: &'a [SharedCell],
    dummy: &'a SharedCell,
    frame: &'a Frame<'_>,
    cell: CellRef,
) -> &'a RefCell<Value> {
    match cell {
        CellRef::Local(slot) => &cells[frame.cell_base + slot.index()],
        CellRef::Captured(index) => match frame
            .closure
            .as_ref()
            .and_then(|closure| closure.captures.get(index.index()))
        {
            Some(cell) => cell,
            None => dummy,
        },
    }
}

/// Two distinct registers, the first one writable.
#[inline(always)]
pub(crate) fn pair(stack: &mut [Value], target: usize, source: usize) -> (&mut Value, &Value) {
    if target < source {
        let (low, high) = stack.split_at_mut(source);
        (&mut low[target], &high[0])
    } else {
        let (low, high) = stack.split_at_mut(target);
        (&mut high[0], &low[source])
    }
}

fn uninitialized() -> Value {
    Value::namespace(&UNINITIALIZED)
}

fn is_uninitialized(value: &Value) -> bool {
    matches!(value.inner(), Inner::Namespace(ns) if std::ptr::eq(*ns, &UNINITIALIZED))
}

/// Where control goes after a terminator.
pub(crate) enum Flow {
    Goto(BlockId),
    Return(Value),
    /// A new exception raised by the terminator (recorded in this frame).
    Raise(Unwind),
    /// An exception this frame already recorded, continuing outwards.
    Rethrow(Unwind),
}

impl<'p> Vm<'p, '_> {
    /// Notes that an exception passes through this frame at `span`, and gives a fresh runtime
    /// error object its position.
    #[cold]
    pub(crate) fn record(&self, frame: &Frame<'p>, unwind: &mut Unwind, span: Span) {
        if unwind.thrown().needs_position() {
            let position = frame
                .program
                .line_index
                .line_col(&frame.program.text, span.start);
            unwind
                .thrown_mut()
                .fill_position(position.line, position.column);
        }
        unwind.pass_frame(&frame.function.name, frame.program.file, span);
    }

    pub(crate) fn terminate(&mut self, frame: &Frame<'p>, terminator: &Terminator) -> Flow {
        let base = frame.base;
        match terminator {
            Terminator::Jump(target) => Flow::Goto(*target),
            Terminator::Branch {
                cond,
                then,
                otherwise,
            } => {
                if self.stack[base + cond.index()].truthy() {
                    Flow::Goto(*then)
                } else {
                    Flow::Goto(*otherwise)
                }
            }
            Terminator::Switch { on, targets } => {
                let index = self.stack[base + on.index()].as_number().unwrap_or(0.0) as usize;
                match targets.get(index).or(targets.last()) {
                    Some(target) => Flow::Goto(*target),
                    None => Flow::Raise(Unwind::new(catalogue::range_error(
                        "internal error: empty switch",
                    ))),
                }
            }
            Terminator::Return(reg) => Flow::Return(std::mem::replace(
                &mut self.stack[base + reg.index()],
                Value::NULL,
            )),
            Terminator::Throw(reg) => Flow::Raise(Unwind::new(Thrown::user(
                self.stack[base + reg.index()].clone(),
            ))),
            Terminator::Rethrow(slot) => match self
                .exceptions
                .get_mut(frame.exc_base + slot.index())
                .and_then(Option::take)
            {
                Some(unwind) => Flow::Rethrow(unwind),
                None => Flow::Raise(Unwind::new(catalogue::range_error(
                    "internal error: nothing to rethrow",
                ))),
            },
            Terminator::Unreachable => Flow::Raise(Unwind::new(catalogue::range_error(
                "internal error: unreachable code",
            ))),
        }
    }

    /// The cell `cell` refers to, borrowed: reading or writing it needs no reference count.
    #[inline(always)]
    fn cell_ref<'a>(&'a self, frame: &'a Frame<'p>, cell: CellRef) -> &'a RefCell<Value> {
        cell_in(&self.cells, &self.dummy_cell, frame, cell)
    }

    fn cell(&self, frame: &Frame<'p>, cell: CellRef) -> SharedCell {
        match cell {
            CellRef::Local(slot) => self.cells[frame.cell_base + slot.index()].clone(),
            CellRef::Captured(index) => match frame
                .closure
                .as_ref()
                .and_then(|closure| closure.captures.get(index.index()))
            {
                Some(cell) => cell.clone(),
                None => self.dummy_cell.clone(),
            },
        }
    }

    #[inline(always)]
    pub(crate) fn step(
        &mut self,
        frame: &Frame<'p>,
        instr: &Instr,
        block: &Block,
        index: usize,
    ) -> Result<(), Unwind> {
        let base = frame.base;
        let r = |reg: Reg| base + reg.index();
        match instr {
            Instr::Move { dst, src } => {
                let (dst, src) = (r(*dst), r(*src));
                if dst != src {
                    let (target, source) = pair(&mut self.stack, dst, src);
                    target.assign(source);
                }
            }
            Instr::LoadNull { dst } => put(&mut self.stack[r(*dst)], Value::NULL),
            Instr::LoadBool { dst, value } => self.stack[r(*dst)].set_bool(*value),
            Instr::LoadNumber { dst, value } => self.stack[r(*dst)].set_number(*value),
            Instr::LoadConst { dst, constant } => {
                self.stack[r(*dst)] = frame
                    .program
                    .constants
                    .get(constant.index())
                    .cloned()
                    .unwrap_or(Value::NULL);
            }
            Instr::LoadUninit { dst } => put(&mut self.stack[r(*dst)], uninitialized()),
            Instr::CheckInit { src, name } => {
                if is_uninitialized(&self.stack[r(*src)]) {
                    return Err(Unwind::new(catalogue::before_initialization(
                        frame.program.ir.string(*name),
                    )));
                }
            }
            Instr::LoadGlobal { dst, global } => {
                self.stack[r(*dst)] = frame
                    .program
                    .globals
                    .get(global.index())
                    .cloned()
                    .unwrap_or(Value::NULL);
            }
            Instr::LoadSelf { dst } => {
                self.stack[r(*dst)] = match &frame.closure {
                    Some(closure) => Value::from_inner(Inner::Closure(closure.clone())),
                    None => Value::NULL,
                };
            }
            Instr::NewCell { cell } => {
                let fresh = Rc::new(RefCell::new(uninitialized()));
                let old = std::mem::replace(&mut self.cells[frame.cell_base + cell.index()], fresh);
                self.let_go(old);
            }
            Instr::CopyCell { cell } => {
                let slot = frame.cell_base + cell.index();
                let value = self.cells[slot].borrow().clone();
                let old = std::mem::replace(&mut self.cells[slot], Rc::new(RefCell::new(value)));
                self.let_go(old);
            }
            Instr::LoadCell { dst, cell, check } => {
                let source = cell_in(&self.cells, &self.dummy_cell, frame, *cell).borrow();
                if let Some(name) = check {
                    if is_uninitialized(&source) {
                        return Err(Unwind::new(catalogue::before_initialization(
                            frame.program.ir.string(*name),
                        )));
                    }
                }
                self.stack[r(*dst)].assign(&source);
            }
            Instr::StoreCell { cell, src, check } => {
                let cell = self.cell_ref(frame, *cell);
                if let Some(name) = check {
                    if is_uninitialized(&cell.borrow()) {
                        return Err(Unwind::new(catalogue::before_initialization(
                            frame.program.ir.string(*name),
                        )));
                    }
                }
                let value = self.stack[r(*src)].clone();
                collector::stored(&value);
                *cell.borrow_mut() = value;
            }
            Instr::Unary { dst, op, src } => {
                let value = &self.stack[r(*src)];
                let result = match op {
                    UnaryOp::Not => ops::unary(Un::Not, value),
                    UnaryOp::Neg => ops::unary(Un::Neg, value),
                    UnaryOp::Strip => ops::unary(Un::Strip, value),
                    UnaryOp::Confidence => ops::unary(Un::Confidence, value),
                    UnaryOp::Typeof => ops::unary(Un::Typeof, value),
                    UnaryOp::Increment => ops::update(UpdateOp::Increment, value),
                    UnaryOp::Decrement => ops::update(UpdateOp::Decrement, value),
                }
                .map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], result);
            }
            Instr::Binary { dst, op, lhs, rhs } => {
                let (a, b) = (&self.stack[r(*lhs)], &self.stack[r(*rhs)]);
                let fast = match (plain_number(a), plain_number(b)) {
                    (Some(x), Some(y)) => number_binary(*op, x, y),
                    _ => None,
                };
                match fast {
                    Some(result) => result.store(&mut self.stack[r(*dst)]),
                    None => {
                        let result = ops::binary(*op, a, b).map_err(Unwind::new)?;
                        put(&mut self.stack[r(*dst)], result);
                    }
                }
            }
            Instr::BinaryNumber { dst, op, lhs, rhs } => {
                let a = &self.stack[r(*lhs)];
                match plain_number(a).and_then(|x| number_binary(*op, x, *rhs)) {
                    Some(result) => result.store(&mut self.stack[r(*dst)]),
                    None => {
                        let number = Value::number(*rhs);
                        let result = ops::binary(*op, a, &number).map_err(Unwind::new)?;
                        put(&mut self.stack[r(*dst)], result);
                    }
                }
            }
            Instr::Test { dst, test, src } => {
                let value = &self.stack[r(*src)];
                let flag = match test {
                    Test::IsNull => value.is_null(),
                    Test::CoalesceKeeps => ops::conf_coalesce_takes_left(value),
                    Test::EscalateTakesRight => ops::conf_escalate_takes_right(value),
                    Test::IsObject => matches!(value.inner(), Inner::Object(_)),
                    Test::IsArray => matches!(value.inner(), Inner::Array(_)),
                };
                put(&mut self.stack[r(*dst)], Value::bool(flag));
            }
            Instr::GetMember {
                dst,
                object,
                name,
                read,
            } => {
                let object = &self.stack[r(*object)];
                let name = frame.program.ir.string(*name);
                let value = match read {
                    MemberRead::Dot => ops::get_member(object, name),
                    MemberRead::Confident => ops::get_member_confident(object, name),
                }
                .map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], value);
            }
            Instr::GetIndex { dst, object, index } => {
                let value = ops::get_index(&self.stack[r(*object)], &self.stack[r(*index)])
                    .map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], value);
            }
            Instr::SetMember {
                object,
                name,
                value,
            } => {
                let value = self.stack[r(*value)].clone();
                ops::set_member(
                    &self.stack[r(*object)],
                    frame.program.ir.string(*name),
                    value,
                )
                .map_err(Unwind::new)?;
            }
            Instr::SetIndex {
                object,
                index,
                value,
            } => {
                let value = self.stack[r(*value)].clone();
                ops::set_index(&self.stack[r(*object)], &self.stack[r(*index)], value)
                    .map_err(Unwind::new)?;
            }
            Instr::Call {
                dst,
                callee,
                args,
                argc,
            } => {
                let args = ArgSource::Stack {
                    start: r(*args),
                    count: *argc as usize,
                };
                let callee = &self.stack[r(*callee)];
                // The common case, a plain user function, goes straight to its frame (an async
                // one starts a task instead, through `call_value`).
                let result = match (callee.inner(), callee.is_confident()) {
                    (Inner::Closure(closure), false) if !closure.is_async => {
                        let closure = closure.clone();
                        let module = closure.id.module as usize;
                        let id = prism_ir::FunctionId(closure.id.index);
                        self.invoke(module, id, Some(closure), args)?
                    }
                    _ => {
                        let callee = callee.clone();
                        let site = self.site_of(frame, block, index);
                        self.call_value(&callee, args, site)?
                    }
                };
                put(&mut self.stack[r(*dst)], result);
            }
            Instr::CallMethod {
                dst,
                object,
                name,
                args,
                argc,
            } => {
                let object = self.stack[r(*object)].clone();
                let site = self.site_of(frame, block, index);
                let args = ArgSource::Stack {
                    start: r(*args),
                    count: *argc as usize,
                };
                let result =
                    self.call_method(&object, frame.program.ir.string(*name), args, site)?;
                put(&mut self.stack[r(*dst)], result);
            }
            Instr::MakeClosure(make) => {
                let captures: Box<[SharedCell]> = make
                    .captures
                    .iter()
                    .map(|cell| self.cell(frame, *cell))
                    .collect();
                let function: Option<&Function> = frame.program.ir.function(make.function);
                let (name, is_async) = function
                    .map(|f| (f.name.clone(), f.is_async))
                    .unwrap_or_default();
                let closure = Closure {
                    id: FunctionId {
                        module: frame.module as u32,
                        index: make.function.0,
                    },
                    captures,
                    name,
                    is_async,
                };
                put(&mut self.stack[r(make.dst)], Value::closure(closure));
            }
            Instr::Tick => self.tick().map_err(Unwind::new)?,
            _ => return self.step_other(frame, instr, block, index),
        }
        Ok(())
    }

    pub(crate) fn site_of(
        &self,
        frame: &Frame<'p>,
        block: &Block,
        index: usize,
    ) -> prism_span::FileSpan {
        block
            .spans
            .get(index)
            .copied()
            .unwrap_or_default()
            .in_file(frame.program.file)
    }
}

/// The handler that receives `unwind` from a block: `catch` handlers let uncatchable conditions
/// pass to their parent (language §12.4).
pub(crate) fn find_handler(
    function: &Function,
    mut handler: Option<HandlerId>,
    unwind: &Unwind,
) -> Option<HandlerId> {
    let catchable = unwind.thrown().is_catchable();
    while let Some(id) = handler {
        let data = function.handlers.get(id.index())?;
        if catchable || data.catches_uncatchable {
            return Some(id);
        }
        handler = data.parent;
    }
    None
}

/// A plain number, the operand of the fast paths below.
#[inline(always)]
pub(crate) fn plain_number(value: &Value) -> Option<f64> {
    if value.is_confident() {
        None
    } else {
        value.as_number()
    }
}

/// The result of a number operation of the fast path, kept as a bare scalar until it is
/// written into its register.
#[derive(Clone, Copy)]
pub(crate) enum Scalar {
    Number(f64),
    Bool(bool),
}

impl Scalar {
    #[inline(always)]
    pub(crate) fn store(self, slot: &mut Value) {
        match self {
            Scalar::Number(n) => slot.set_number(n),
            Scalar::Bool(b) => slot.set_bool(b),
        }
    }
}

/// A strict binary operator on two plain numbers, with the result `ops::binary` gives (plain
/// operands give a plain result, language §7.2), or `None` for an operator that needs the
/// general rule.
#[inline(always)]
pub(crate) fn number_binary(op: BinaryOp, x: f64, y: f64) -> Option<Scalar> {
    Some(match op {
        BinaryOp::Add => Scalar::Number(x + y),
        BinaryOp::Sub => Scalar::Number(x - y),
        BinaryOp::Mul => Scalar::Number(x * y),
        BinaryOp::Div => Scalar::Number(x / y),
        BinaryOp::Rem => Scalar::Number(ops::remainder(x, y)),
        BinaryOp::Pow => Scalar::Number(ops::pow(x, y)),
        // Any comparison with NaN is false, as IEEE comparisons are.
        BinaryOp::Lt => Scalar::Bool(x < y),
        BinaryOp::LtEq => Scalar::Bool(x <= y),
        BinaryOp::Gt => Scalar::Bool(x > y),
        BinaryOp::GtEq => Scalar::Bool(x >= y),
        BinaryOp::Eq => Scalar::Bool(x == y),
        BinaryOp::NotEq => Scalar::Bool(x != y),
        _ => return None,
    })
}
