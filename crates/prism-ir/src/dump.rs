//! A readable text form of the IR, for tests and for debugging the lowering.

use std::fmt::Write;

use crate::ir::{Function, Program};

/// The whole program, one function after another.
pub fn dump(program: &Program) -> String {
    let mut out = String::new();
    for (index, function) in program.functions.iter().enumerate() {
        dump_function(&mut out, index, function);
    }
    out
}

fn dump_function(out: &mut String, index: usize, function: &Function) {
    let _ = writeln!(
        out,
        "fn#{index} {} (params {}{}, regs {}, cells {}, captures {}){}",
        function.name,
        function.params,
        if function.has_rest { " + rest" } else { "" },
        function.registers,
        function.cells,
        function.captures,
        if function.is_async { " async" } else { "" },
    );
    for (id, handler) in function.handlers.iter().enumerate() {
        let _ = writeln!(out, "  handler h{id}: {handler:?}");
    }
    for (id, block) in function.blocks.iter().enumerate() {
        if block.instrs.is_empty()
            && matches!(block.terminator, crate::instr::Terminator::Unreachable)
        {
            continue;
        }
        let handler = block
            .handler
            .map(|h| format!(" catch h{}", h.0))
            .unwrap_or_default();
        let _ = writeln!(out, "  b{id}:{handler}");
        for instr in &block.instrs {
            let _ = writeln!(out, "    {instr:?}");
        }
        let _ = writeln!(out, "    => {:?}", block.terminator);
    }
}
