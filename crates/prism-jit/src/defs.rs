//! The registers each instruction writes: the cell analysis needs every definition of a
//! register, in every function, to prove what a captured cell holds.

use prism_ir::{Instr, Reg};

/// The registers `instr` writes (at most two).
pub(crate) fn written(instr: &Instr) -> [Option<Reg>; 2] {
    use Instr::*;
    let one = |reg: Reg| [Some(reg), None];
    match instr {
        Move { dst, .. }
        | LoadNull { dst }
        | LoadBool { dst, .. }
        | LoadNumber { dst, .. }
        | LoadConst { dst, .. }
        | LoadUninit { dst }
        | LoadGlobal { dst, .. }
        | LoadSelf { dst }
        | LoadCell { dst, .. }
        | Unary { dst, .. }
        | Binary { dst, .. }
        | BinaryNumber { dst, .. }
        | Test { dst, .. }
        | ConfidentBranch { dst, .. }
        | Escalate { dst, .. }
        | ConfidentPipe { dst, .. }
        | Level { dst, .. }
        | NewArray { dst }
        | NewObject { dst }
        | GetMember { dst, .. }
        | GetIndex { dst, .. }
        | Call { dst, .. }
        | CallMethod { dst, .. }
        | Await { dst, .. }
        | IterPrepare { dst, .. }
        | IterLength { dst, .. }
        | ElementAt { dst, .. }
        | ArrayRest { dst, .. }
        | ApplyThreshold { dst, .. }
        | ConfAtLeast { dst, .. }
        | ArrayShape { dst, .. }
        | HasKey { dst, .. }
        | SameValueZero { dst, .. }
        | LoadException { dst, .. }
        | ContextMark { dst }
        | DeclareAgent { dst, .. }
        | LoadImport { dst, .. }
        | LoadNamespace { dst, .. } => one(*dst),
        Template(template) => one(template.dst),
        CallSpread(call) => one(call.dst),
        MakeClosure(make) => one(make.dst),
        ObjectRest(rest) => one(rest.dst),
        IterItem(item) => [Some(item.first), Some(item.second)],
        CheckInit { .. }
        | NewCell { .. }
        | CopyCell { .. }
        | StoreCell { .. }
        | ArrayPush { .. }
        | ObjectInsert { .. }
        | ObjectInsertNamed { .. }
        | ObjectSpread { .. }
        | SetMember { .. }
        | SetIndex { .. }
        | ExpectArray { .. }
        | ExpectNotNull { .. }
        | ExpectObject { .. }
        | PushContext { .. }
        | PopContext
        | ContextRestore { .. }
        | TraceBranch { .. }
        | Tick => [None, None],
    }
}
