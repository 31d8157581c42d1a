//! A structural check of lowered functions: every register, cell, block, handler and constant a
//! function mentions exists. Backends run it once per program so that their hot loops may index
//! frames directly without ever panicking on malformed IR.

use crate::instr::{Arg, Instr, Terminator};
use crate::ir::{CellRef, Function, Program, Reg};

/// The first problem found, described for an internal-error diagnostic.
pub fn validate(program: &Program) -> Result<(), String> {
    for (index, function) in program.functions.iter().enumerate() {
        check_function(program, function)
            .map_err(|problem| format!("function {index} ({}): {problem}", function.name))?;
    }
    if program.function(program.top_level).is_none() {
        return Err("no top-level function".into());
    }
    Ok(())
}

fn check_function(program: &Program, function: &Function) -> Result<(), String> {
    let regs = function.registers;
    let reg = |r: Reg| {
        if r.0 < regs {
            Ok(())
        } else {
            Err(format!("register {} out of {regs}", r.0))
        }
    };
    let cell = |c: CellRef| match c {
        CellRef::Local(slot) if slot.0 < function.cells => Ok(()),
        CellRef::Captured(index) if index.0 < function.captures => Ok(()),
        other => Err(format!("bad cell {other:?}")),
    };
    let block = |b: crate::ir::BlockId| {
        if b.index() < function.blocks.len() {
            Ok(())
        } else {
            Err(format!("block {} missing", b.0))
        }
    };
    if function.params + u32::from(function.has_rest) > regs {
        return Err("parameters exceed registers".into());
    }
    block(function.entry)?;
    for handler in &function.handlers {
        block(handler.landing)?;
        if handler.slot.0 >= function.exception_slots {
            return Err("bad exception slot".into());
        }
    }
    for data in &function.blocks {
        if data.instrs.len() != data.spans.len() {
            return Err("spans and instructions differ".into());
        }
        if let Some(handler) = data.handler {
            if handler.index() >= function.handlers.len() {
                return Err("bad handler".into());
            }
        }
        for instr in &data.instrs {
            for r in registers_of(instr) {
                reg(r)?;
            }
            match instr {
                Instr::NewCell { cell: slot } | Instr::CopyCell { cell: slot }
                    if slot.0 >= function.cells =>
                {
                    return Err("bad cell slot".into())
                }
                Instr::LoadCell { cell: c, .. } | Instr::StoreCell { cell: c, .. } => cell(*c)?,
                Instr::MakeClosure(make) => {
                    for c in &make.captures {
                        cell(*c)?;
                    }
                    let callee = program
                        .function(make.function)
                        .ok_or("closure of a missing function")?;
                    if callee.captures as usize != make.captures.len() {
                        return Err("closure capture count differs".into());
                    }
                }
                Instr::LoadException { slot, .. } if slot.0 >= function.exception_slots => {
                    return Err("bad exception slot".into())
                }
                Instr::LoadGlobal { global, .. } if global.index() >= program.globals.len() => {
                    return Err("bad global".into())
                }
                Instr::LoadConst { constant, .. }
                    if constant.index() >= program.constants.len() =>
                {
                    return Err("bad constant".into())
                }
                Instr::TraceBranch { site, .. } if *site as usize >= program.branch_sites.len() => {
                    return Err("bad branch site".into())
                }
                _ => {}
            }
        }
        match &data.terminator {
            Terminator::Branch { cond, .. } => reg(*cond)?,
            Terminator::Switch { on, .. } => reg(*on)?,
            Terminator::Return(r) | Terminator::Throw(r) => reg(*r)?,
            Terminator::Rethrow(slot) if slot.0 >= function.exception_slots => {
                return Err("bad rethrow".into())
            }
            _ => {}
        }
        for successor in data.terminator.successors() {
            block(successor)?;
        }
    }
    Ok(())
}

/// Every register an instruction reads or writes.
pub fn registers_of(instr: &Instr) -> Vec<Reg> {
    match instr {
        Instr::Move { dst, src } => vec![*dst, *src],
        Instr::LoadNull { dst }
        | Instr::LoadBool { dst, .. }
        | Instr::LoadNumber { dst, .. }
        | Instr::LoadConst { dst, .. }
        | Instr::LoadUninit { dst }
        | Instr::LoadGlobal { dst, .. }
        | Instr::LoadSelf { dst }
        | Instr::LoadCell { dst, .. }
        | Instr::NewArray { dst }
        | Instr::NewObject { dst }
        | Instr::LoadException { dst, .. }
        | Instr::ContextMark { dst }
        | Instr::LoadImport { dst, .. }
        | Instr::LoadNamespace { dst, .. } => vec![*dst],
        Instr::CheckInit { src, .. } | Instr::StoreCell { src, .. } => vec![*src],
        Instr::ExpectArray { src } | Instr::ExpectNotNull { src } | Instr::ExpectObject { src } => {
            vec![*src]
        }
        Instr::ContextRestore { mark } => vec![*mark],
        Instr::TraceBranch { level, value, .. } => vec![*level, *value],
        Instr::Unary { dst, src, .. }
        | Instr::Test { dst, src, .. }
        | Instr::Escalate { dst, src }
        | Instr::Level { dst, src }
        | Instr::Await { dst, src }
        | Instr::IterPrepare { dst, src } => vec![*dst, *src],
        Instr::Binary { dst, lhs, rhs, .. } | Instr::SameValueZero { dst, lhs, rhs } => {
            vec![*dst, *lhs, *rhs]
        }
        Instr::BinaryNumber { dst, lhs, .. } => vec![*dst, *lhs],
        Instr::ConfidentBranch { dst, cond, value } => vec![*dst, *cond, *value],
        Instr::ConfidentPipe { dst, left, result } => vec![*dst, *left, *result],
        Instr::ArrayPush { array, value, .. } => vec![*array, *value],
        Instr::ObjectInsert { object, key, value } => vec![*object, *key, *value],
        Instr::ObjectInsertNamed { object, value, .. } | Instr::ObjectSpread { object, value } => {
            vec![*object, *value]
        }
        Instr::Template(template) => {
            let mut regs = template.values.clone();
            regs.push(template.dst);
            regs
        }
        Instr::GetMember { dst, object, .. } => vec![*dst, *object],
        Instr::GetIndex { dst, object, index } => vec![*dst, *object, *index],
        Instr::SetMember { object, value, .. } => vec![*object, *value],
        Instr::SetIndex {
            object,
            index,
            value,
        } => vec![*object, *index, *value],
        Instr::Call {
            dst,
            callee,
            args,
            argc,
        } => {
            let mut regs = vec![*dst, *callee];
            if *argc > 0 {
                regs.push(*args);
                regs.push(Reg(args.0 + argc - 1));
            }
            regs
        }
        Instr::CallMethod {
            dst,
            object,
            args,
            argc,
            ..
        } => {
            let mut regs = vec![*dst, *object];
            if *argc > 0 {
                regs.push(*args);
                regs.push(Reg(args.0 + argc - 1));
            }
            regs
        }
        Instr::CallSpread(call) => {
            let mut regs: Vec<Reg> = call.args.iter().map(|Arg { reg, .. }| *reg).collect();
            regs.push(call.dst);
            regs.push(call.callee);
            regs
        }
        Instr::MakeClosure(make) => vec![make.dst],
        Instr::IterLength { dst, prepared } => vec![*dst, *prepared],
        Instr::IterItem(item) => vec![
            item.first,
            item.second,
            item.source,
            item.prepared,
            item.index,
        ],
        Instr::ElementAt { dst, array, .. } => vec![*dst, *array],
        Instr::ArrayRest {
            dst,
            array,
            threshold,
            ..
        } => {
            let mut regs = vec![*dst, *array];
            regs.extend(threshold.iter());
            regs
        }
        Instr::ObjectRest(rest) => {
            let mut regs = vec![rest.dst, rest.object];
            regs.extend(rest.threshold.iter());
            regs
        }
        Instr::ApplyThreshold {
            dst,
            value,
            threshold,
        }
        | Instr::ConfAtLeast {
            dst,
            value,
            threshold,
        } => {
            vec![*dst, *value, *threshold]
        }
        Instr::ArrayShape { dst, value, .. } => vec![*dst, *value],
        Instr::HasKey { dst, object, .. } => vec![*dst, *object],
        Instr::DeclareAgent { dst, config, .. } => vec![*dst, *config],
        Instr::NewCell { .. }
        | Instr::CopyCell { .. }
        | Instr::PushContext { .. }
        | Instr::PopContext
        | Instr::Tick => Vec::new(),
    }
}
