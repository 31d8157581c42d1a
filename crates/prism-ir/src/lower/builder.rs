//! Building one function's control-flow graph: blocks, registers, cells and handlers.

use std::collections::HashMap;

use prism_span::Span;

use crate::instr::{Instr, Terminator};
use crate::ir::{Block, BlockId, CaptureIdx, CellRef, CellSlot, ExcSlot, Handler, HandlerId, Reg};

use super::CaptureKey;

/// A loop that `break` and `continue` can target (language §8.6).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoopTargets {
    pub break_to: BlockId,
    pub continue_to: BlockId,
    /// How many cleanups were active when the loop began: a jump out of the loop runs the ones
    /// above this depth.
    pub cleanup_depth: usize,
}

/// Code that must run when control leaves a region by any path (`finally`, context pops).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cleanup<'a> {
    Finally(&'a prism_syntax::ast::Block),
    PopContext,
    RestoreContext(Reg),
}

/// A cleanup with the handler that was active outside its region (its copies run there).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ActiveCleanup<'a> {
    pub cleanup: Cleanup<'a>,
    pub outer_handler: Option<HandlerId>,
}

pub(crate) struct FnBuilder<'a> {
    pub blocks: Vec<Block>,
    pub handlers: Vec<Handler>,
    pub current: BlockId,
    /// The handler given to blocks started from now on.
    pub handler: Option<HandlerId>,
    pub next_reg: u32,
    pub max_reg: u32,
    pub cells: u32,
    pub exception_slots: u32,
    /// Free variables, in capture order.
    pub captures: Vec<CaptureKey>,
    pub capture_index: HashMap<CaptureKey, CaptureIdx>,
    pub loops: Vec<LoopTargets>,
    pub cleanups: Vec<ActiveCleanup<'a>>,
}

impl<'a> FnBuilder<'a> {
    pub fn new(reserved_regs: u32) -> FnBuilder<'a> {
        let mut builder = FnBuilder {
            blocks: Vec::new(),
            handlers: Vec::new(),
            current: BlockId(0),
            handler: None,
            next_reg: reserved_regs,
            max_reg: reserved_regs,
            cells: 0,
            exception_slots: 0,
            captures: Vec::new(),
            capture_index: HashMap::new(),
            loops: Vec::new(),
            cleanups: Vec::new(),
        };
        let entry = builder.new_block();
        builder.start(entry);
        builder
    }

    pub fn new_block(&mut self) -> BlockId {
        let id = BlockId(self.blocks.len() as u32);
        self.blocks.push(Block {
            instrs: Vec::new(),
            spans: Vec::new(),
            terminator: Terminator::Unreachable,
            terminator_span: Span::default(),
            handler: None,
        });
        id
    }

    /// Makes `block` current; it belongs to the handler region active now.
    pub fn start(&mut self, block: BlockId) {
        self.current = block;
        let handler = self.handler;
        if let Some(data) = self.blocks.get_mut(block.index()) {
            data.handler = handler;
        }
    }

    pub fn emit(&mut self, instr: Instr, span: Span) {
        if let Some(block) = self.blocks.get_mut(self.current.index()) {
            block.instrs.push(instr);
            block.spans.push(span);
        }
    }

    /// Ends the current block and continues in a fresh (unreachable) one, which absorbs any
    /// dead code that follows.
    pub fn terminate(&mut self, terminator: Terminator, span: Span) {
        if let Some(block) = self.blocks.get_mut(self.current.index()) {
            block.terminator = terminator;
            block.terminator_span = span;
        }
        let dead = self.new_block();
        self.start(dead);
    }

    pub fn jump(&mut self, target: BlockId, span: Span) {
        self.terminate(Terminator::Jump(target), span);
    }

    /// Jumps to `target` and makes it current.
    pub fn jump_and_start(&mut self, target: BlockId, span: Span) {
        self.jump(target, span);
        self.start(target);
    }

    pub fn branch(&mut self, cond: Reg, then: BlockId, otherwise: BlockId, span: Span) {
        self.terminate(
            Terminator::Branch {
                cond,
                then,
                otherwise,
            },
            span,
        );
    }

    pub fn reg(&mut self) -> Reg {
        let reg = Reg(self.next_reg);
        self.next_reg += 1;
        self.max_reg = self.max_reg.max(self.next_reg);
        reg
    }

    pub fn cell(&mut self) -> CellSlot {
        let slot = CellSlot(self.cells);
        self.cells += 1;
        slot
    }

    pub fn add_handler(&mut self, catches_uncatchable: bool) -> HandlerId {
        let slot = ExcSlot(self.exception_slots);
        self.exception_slots += 1;
        let landing = self.new_block();
        let id = HandlerId(self.handlers.len() as u32);
        self.handlers.push(Handler {
            landing,
            slot,
            catches_uncatchable,
            parent: self.handler,
        });
        id
    }

    pub fn handler_data(&self, id: HandlerId) -> Option<&Handler> {
        self.handlers.get(id.index())
    }

    pub fn capture(&mut self, key: CaptureKey) -> CellRef {
        if let Some(index) = self.capture_index.get(&key) {
            return CellRef::Captured(*index);
        }
        let index = CaptureIdx(self.captures.len() as u32);
        self.captures.push(key);
        self.capture_index.insert(key, index);
        CellRef::Captured(index)
    }
}
