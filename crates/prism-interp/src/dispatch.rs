//! The interpreter loop: one `match` per operation of a function's [`Code`], and the search for
//! an exception handler when one fails (language §12.3, §12.4).
//!
//! The loop keeps the operation index in a local and leaves it only to return or to raise: the
//! error path (spans, handlers, the call stack) is out of the loop in `run_frame`.

use std::rc::Rc;

use prism_ir::Function;
use prism_runtime::error::catalogue;
use prism_runtime::value::{collector, is_agent_registry};
use prism_runtime::{Inner, Value};
use prism_span::Span;

use crate::code::{Code, Loc, Op};
use crate::exec::{find_handler, number_binary, pair, plain_number, put, Flow};
use crate::unwind::Unwind;
use crate::vm::{ArgSource, Frame, Vm};

/// How a run of operations stopped without returning.
pub(crate) enum Exit {
    /// A new exception raised by the IR instruction (or terminator) at `Loc`.
    Raise(Unwind, Loc),
    /// An exception this frame already recorded, continuing outwards from a block.
    Rethrow(Unwind, u32),
}

/// The source span of an IR position (the terminator's for the index past the instructions).
fn span_of(function: &Function, loc: Loc) -> Span {
    match function.blocks.get(loc.block as usize) {
        Some(block) => match block.spans.get(loc.index as usize) {
            Some(span) => *span,
            None => block.terminator_span,
        },
        None => Span::default(),
    }
}

impl<'p> Vm<'p, '_> {
    pub(crate) fn run_frame(&mut self, frame: &Frame<'p>) -> Result<Value, Unwind> {
        let function = frame.function;
        let code = frame.code;
        let mut pc = code.start(function.entry);
        loop {
            let (unwind, block) = match self.run_ops(frame, code, pc) {
                Ok(value) => return Ok(value),
                Err(Exit::Raise(mut unwind, loc)) => {
                    self.record(frame, &mut unwind, span_of(function, loc));
                    (unwind, loc.block)
                }
                Err(Exit::Rethrow(unwind, block)) => (unwind, block),
            };
            let handler = function
                .blocks
                .get(block as usize)
                .and_then(|block| block.handler);
            let Some(handler) = find_handler(function, handler, &unwind) else {
                return Err(unwind);
            };
            let Some(data) = function.handlers.get(handler.index()) else {
                return Err(unwind);
            };
            if let Some(slot) = self.exceptions.get_mut(frame.exc_base + data.slot.index()) {
                *slot = Some(unwind);
            }
            pc = code.start(data.landing);
        }
    }

    /// Runs operations from `pc` until the frame returns or an exception leaves the loop.
    /// Inlined into `run_frame` (not further into `invoke`): left to the compiler, the loop was
    /// a call of its own on every function call once it grew (fib(30) +5% instructions), and
    /// inlined all the way into `invoke` it slowed the summing loop (+1–2%).
    #[inline(always)]
    fn run_ops(&mut self, frame: &Frame<'p>, code: &Code, mut pc: usize) -> Result<Value, Exit> {
        let base = frame.base;
        let r = |reg: u32| base + reg as usize;
        loop {
            // Matched in place: copying the whole operation out first makes every dispatch load
            // all of its fields.
            let Some(op) = code.ops.get(pc) else {
                return Err(internal_error(code, pc));
            };
            match *op {
                Op::Move { dst, src } => {
                    let (dst, src) = (r(dst), r(src));
                    if dst != src {
                        let (target, source) = pair(&mut self.stack, dst, src);
                        target.assign(source);
                    }
                }
                Op::LoadNumber { dst, value } => self.stack[r(dst)].set_number(value),
                Op::LoadBool { dst, value } => self.stack[r(dst)].set_bool(value),
                Op::Add { dst, lhs, rhs } => {
                    self.arith(frame, code, pc, base, [dst, lhs, rhs], |x, y| x + y)?
                }
                Op::Sub { dst, lhs, rhs } => {
                    self.arith(frame, code, pc, base, [dst, lhs, rhs], |x, y| x - y)?
                }
                Op::Mul { dst, lhs, rhs } => {
                    self.arith(frame, code, pc, base, [dst, lhs, rhs], |x, y| x * y)?
                }
                Op::AddNumber { dst, lhs, rhs } => {
                    self.arith_number(frame, code, pc, base, [dst, lhs], rhs, |x, y| x + y)?
                }
                Op::SubNumber { dst, lhs, rhs } => {
                    self.arith_number(frame, code, pc, base, [dst, lhs], rhs, |x, y| x - y)?
                }
                Op::MulNumber { dst, lhs, rhs } => {
                    self.arith_number(frame, code, pc, base, [dst, lhs], rhs, |x, y| x * y)?
                }
                Op::Binary { op, dst, lhs, rhs } => {
                    let (a, b) = (&self.stack[r(lhs)], &self.stack[r(rhs)]);
                    match (plain_number(a), plain_number(b)) {
                        (Some(x), Some(y)) => match number_binary(op, x, y) {
                            Some(result) => result.store(&mut self.stack[r(dst)]),
                            None => self.step_at(frame, code, pc, 0)?,
                        },
                        _ => self.step_at(frame, code, pc, 0)?,
                    }
                }
                Op::BinaryNumber { op, dst, lhs, rhs } => {
                    match plain_number(&self.stack[r(lhs)]).and_then(|x| number_binary(op, x, rhs))
                    {
                        Some(result) => result.store(&mut self.stack[r(dst)]),
                        None => self.step_at(frame, code, pc, 0)?,
                    }
                }
                Op::Call {
                    dst,
                    callee,
                    args,
                    argc,
                } => {
                    let callee = &self.stack[r(callee)];
                    // A plain user function goes straight to its frame; anything else (async
                    // functions start a task) takes the general path of the instruction.
                    match (callee.inner(), callee.is_confident()) {
                        (Inner::Closure(closure), false) if !closure.is_async => {
                            let closure = closure.clone();
                            let module = closure.id.module as usize;
                            let id = prism_ir::FunctionId(closure.id.index);
                            let args = ArgSource::Stack {
                                start: r(args),
                                count: argc as usize,
                            };
                            let result = self
                                .invoke(module, id, Some(closure), args)
                                .map_err(|unwind| Exit::Raise(unwind, code.loc(pc)))?;
                            put(&mut self.stack[r(dst)], result);
                        }
                        _ => self.step_at(frame, code, pc, 0)?,
                    }
                }
                Op::LoadCaptured { dst, capture } => {
                    match frame
                        .closure
                        .as_ref()
                        .and_then(|closure| closure.captures.get(capture as usize))
                    {
                        Some(cell) => {
                            let value = cell.borrow();
                            let slot = &mut self.stack[r(dst)];
                            // A recursive function reads itself into the register that held it
                            // at the previous call at this depth: no reference count to move.
                            let same_closure = match (slot.inner(), value.inner()) {
                                (Inner::Closure(held), Inner::Closure(read)) => {
                                    Rc::ptr_eq(held, read)
                                        && slot.confidence() == value.confidence()
                                }
                                _ => false,
                            };
                            if !same_closure {
                                slot.assign(&value);
                            }
                        }
                        None => self.step_at(frame, code, pc, 0)?,
                    }
                }
                Op::Push { dst, object, value } => {
                    let receiver = &self.stack[r(object)];
                    match receiver.as_array() {
                        Some(array) if !receiver.is_confident() && !is_agent_registry(array) => {
                            let (array, receiver) = (array.clone(), receiver.clone());
                            let value = self.stack[r(value)].clone();
                            collector::stored(&value);
                            array.borrow_mut().push(value);
                            put(&mut self.stack[r(dst)], receiver);
                        }
                        _ => self.step_at(frame, code, pc, 0)?,
                    }
                }
                Op::NewObject { dst, capacity } => self.new_object(r(dst), capacity),
                Op::ObjectInsertNamed { object, key, value } => {
                    self.insert_named(frame, r(object), key, r(value))
                }
                Op::GetMember { dst, object, name } => {
                    if !self.get_member_op(frame, r(dst), r(object), name) {
                        self.step_at(frame, code, pc, 0)?;
                    }
                }
                Op::SetMember {
                    object,
                    name,
                    value,
                } => {
                    if !self.set_member_op(frame, r(object), name, r(value)) {
                        self.step_at(frame, code, pc, 0)?;
                    }
                }
                Op::Tick => self.tick_at(code, pc)?,
                Op::Jump { target } => {
                    pc = target as usize;
                    continue;
                }
                Op::Branch {
                    cond,
                    then,
                    otherwise,
                } => {
                    pc = if self.stack[r(cond)].truthy() {
                        then
                    } else {
                        otherwise
                    } as usize;
                    continue;
                }
                Op::CompareBranch {
                    cmp,
                    tick,
                    dst,
                    lhs,
                    rhs,
                    then,
                    otherwise,
                } => {
                    if tick {
                        self.tick_at(code, pc)?;
                    }
                    let (a, b) = (&self.stack[r(lhs)], &self.stack[r(rhs)]);
                    let taken = match (plain_number(a), plain_number(b)) {
                        (Some(x), Some(y)) => {
                            let holds = cmp.holds(x, y);
                            self.stack[r(dst)].set_bool(holds);
                            holds
                        }
                        _ => {
                            self.step_at(frame, code, pc, u32::from(tick))?;
                            self.stack[r(dst)].truthy()
                        }
                    };
                    pc = if taken { then } else { otherwise } as usize;
                    continue;
                }
                // The same body as `CompareBranch` with a literal on the right. One shared
                // function (measured in session 7) cost the 10M summing loop 3.5% more
                // instructions, so the copy stays.
                Op::CompareNumberBranch {
                    cmp,
                    tick,
                    dst,
                    lhs,
                    rhs,
                    then,
                    otherwise,
                } => {
                    if tick {
                        self.tick_at(code, pc)?;
                    }
                    let taken = match plain_number(&self.stack[r(lhs)]) {
                        Some(x) => {
                            let holds = cmp.holds(x, rhs);
                            self.stack[r(dst)].set_bool(holds);
                            holds
                        }
                        None => {
                            self.step_at(frame, code, pc, u32::from(tick))?;
                            self.stack[r(dst)].truthy()
                        }
                    };
                    pc = if taken { then } else { otherwise } as usize;
                    continue;
                }
                Op::Return { src } => {
                    return Ok(std::mem::replace(&mut self.stack[r(src)], Value::NULL));
                }
                Op::Step => self.step_at(frame, code, pc, 0)?,
                Op::Terminate => match self.terminate_at(frame, code, pc) {
                    Flow::Goto(block) => {
                        pc = code.start(block);
                        continue;
                    }
                    Flow::Return(value) => return Ok(value),
                    Flow::Raise(unwind) => return Err(Exit::Raise(unwind, code.loc(pc))),
                    Flow::Rethrow(unwind) => return Err(Exit::Rethrow(unwind, code.loc(pc).block)),
                },
            }
            pc += 1;
        }
    }

    /// A number operator on two registers (`[dst, lhs, rhs]`): plain numbers give a plain number
    /// (language §7.2); anything else takes the general path of the IR instruction.
    #[inline(always)]
    fn arith(
        &mut self,
        frame: &Frame<'p>,
        code: &Code,
        pc: usize,
        base: usize,
        [dst, lhs, rhs]: [u32; 3],
        f: impl Fn(f64, f64) -> f64,
    ) -> Result<(), Exit> {
        let (a, b) = (
            &self.stack[base + lhs as usize],
            &self.stack[base + rhs as usize],
        );
        match (plain_number(a), plain_number(b)) {
            (Some(x), Some(y)) => {
                self.stack[base + dst as usize].set_number(f(x, y));
                Ok(())
            }
            _ => self.step_at(frame, code, pc, 0),
        }
    }

    /// The same with a number literal on the right.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn arith_number(
        &mut self,
        frame: &Frame<'p>,
        code: &Code,
        pc: usize,
        base: usize,
        [dst, lhs]: [u32; 2],
        y: f64,
        f: impl Fn(f64, f64) -> f64,
    ) -> Result<(), Exit> {
        match plain_number(&self.stack[base + lhs as usize]) {
            Some(x) => {
                self.stack[base + dst as usize].set_number(f(x, y));
                Ok(())
            }
            None => self.step_at(frame, code, pc, 0),
        }
    }

    #[inline(always)]
    fn tick_at(&mut self, code: &Code, pc: usize) -> Result<(), Exit> {
        self.tick()
            .map_err(|thrown| Exit::Raise(Unwind::new(thrown), code.loc(pc)))
    }

    /// Runs the IR instruction `offset` places after the origin of operation `pc` through the
    /// general `step`: the slow paths of the specialised operations, and everything else.
    #[inline(never)]
    fn step_at(
        &mut self,
        frame: &Frame<'p>,
        code: &Code,
        pc: usize,
        offset: u32,
    ) -> Result<(), Exit> {
        let origin = code.loc(pc);
        let loc = Loc {
            block: origin.block,
            index: origin.index + offset,
        };
        let block = frame.function.blocks.get(loc.block as usize);
        let Some((block, instr)) =
            block.and_then(|block| Some((block, block.instrs.get(loc.index as usize)?)))
        else {
            return Err(internal_error(code, pc));
        };
        self.step(frame, instr, block, loc.index as usize)
            .map_err(|unwind| Exit::Raise(unwind, loc))
    }

    #[inline(never)]
    fn terminate_at(&mut self, frame: &Frame<'p>, code: &Code, pc: usize) -> Flow {
        match frame.function.blocks.get(code.loc(pc).block as usize) {
            Some(block) => self.terminate(frame, &block.terminator),
            None => Flow::Raise(Unwind::new(catalogue::range_error(
                "internal error: missing block",
            ))),
        }
    }
}

#[cold]
fn internal_error(code: &Code, pc: usize) -> Exit {
    Exit::Raise(
        Unwind::new(catalogue::range_error(
            "internal error: bad operation index",
        )),
        code.loc(pc),
    )
}
