//! Control-flow clean-up after lowering: jumps through empty blocks go straight to their target,
//! and a block reached only by a jump from one block is merged into it. Fewer blocks means fewer
//! dispatches in the interpreter and a smaller graph for a compiler.

use crate::instr::Terminator;
use crate::ir::{Block, BlockId, Handler};

pub(crate) fn simplify(blocks: &mut [Block], handlers: &[Handler], entry: BlockId) {
    thread_empty_jumps(blocks);
    merge_straight_lines(blocks, handlers, entry);
}

/// Where control really goes when it jumps to `block` (following empty blocks that only jump).
fn final_target(blocks: &[Block], mut block: BlockId) -> BlockId {
    for _ in 0..blocks.len() {
        match blocks.get(block.index()) {
            Some(data) if data.instrs.is_empty() => match data.terminator {
                Terminator::Jump(next) if next != block => block = next,
                _ => return block,
            },
            _ => return block,
        }
    }
    block
}

fn thread_empty_jumps(blocks: &mut [Block]) {
    for index in 0..blocks.len() {
        let terminator = blocks[index].terminator.clone();
        let retarget = |target: BlockId| final_target(blocks, target);
        let threaded = match terminator {
            Terminator::Jump(target) => {
                let target = retarget(target);
                // A jump to an empty block that returns becomes that return.
                match blocks.get(target.index()) {
                    Some(data)
                        if data.instrs.is_empty()
                            && matches!(data.terminator, Terminator::Return(_)) =>
                    {
                        data.terminator.clone()
                    }
                    _ => Terminator::Jump(target),
                }
            }
            Terminator::Branch {
                cond,
                then,
                otherwise,
            } => Terminator::Branch {
                cond,
                then: retarget(then),
                otherwise: retarget(otherwise),
            },
            Terminator::Switch { on, targets } => Terminator::Switch {
                on,
                targets: targets.into_iter().map(retarget).collect(),
            },
            other => other,
        };
        blocks[index].terminator = threaded;
    }
}

fn merge_straight_lines(blocks: &mut [Block], handlers: &[Handler], entry: BlockId) {
    let mut predecessors = vec![0usize; blocks.len()];
    for block in blocks.iter() {
        for successor in block.terminator.successors() {
            if let Some(count) = predecessors.get_mut(successor.index()) {
                *count += 1;
            }
        }
    }
    for handler in handlers {
        if let Some(count) = predecessors.get_mut(handler.landing.index()) {
            // Landing pads are entered by exceptions: never merge them away.
            *count += 2;
        }
    }
    if let Some(count) = predecessors.get_mut(entry.index()) {
        *count += 2;
    }
    for index in 0..blocks.len() {
        while let Terminator::Jump(next) = blocks[index].terminator {
            let next = next.index();
            if next == index
                || predecessors.get(next) != Some(&1)
                || blocks[next].handler != blocks[index].handler
            {
                break;
            }
            let moved = std::mem::replace(
                &mut blocks[next],
                Block {
                    instrs: Vec::new(),
                    spans: Vec::new(),
                    terminator: Terminator::Unreachable,
                    terminator_span: Default::default(),
                    handler: None,
                },
            );
            predecessors[next] = 0;
            let block = &mut blocks[index];
            block.instrs.extend(moved.instrs);
            block.spans.extend(moved.spans);
            block.terminator = moved.terminator;
            block.terminator_span = moved.terminator_span;
        }
    }
}
