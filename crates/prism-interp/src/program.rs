//! A lowered program prepared for execution: constants and globals materialised as values once,
//! and the IR validated so that the interpreter loop can index frames directly.

use prism_ir::{Constant, Program};
use prism_runtime::Value;
use prism_span::{FileId, LineIndex};

use crate::Host;

/// One file ready to run.
pub struct Loaded {
    pub ir: Program,
    pub file: FileId,
    pub text: String,
    pub line_index: LineIndex,
    pub(crate) constants: Vec<Value>,
    pub(crate) globals: Vec<Value>,
    /// Each function in the interpreter's form (`code`), by function id.
    pub(crate) code: Vec<crate::code::Code>,
    /// The module index of each import of the file (`ImportId` order), set by the loader.
    pub imports: Vec<usize>,
}

impl Loaded {
    /// Prepares a program. Fails (with a description) only on malformed IR.
    pub fn new(
        ir: Program,
        file: FileId,
        text: String,
        host: &mut dyn Host,
    ) -> Result<Loaded, String> {
        prism_ir::validate::validate(&ir)?;
        let constants = ir
            .constants
            .iter()
            .map(|constant| match constant {
                Constant::Number(n) => Value::number(*n),
                Constant::String(s) => Value::string(s),
            })
            .collect();
        let globals = ir
            .globals
            .iter()
            .map(|name| {
                host.global(name)
                    .or_else(|| prism_runtime::builtins::prelude_value(name))
                    .unwrap_or(Value::NULL)
            })
            .collect();
        let code = ir
            .functions
            .iter()
            .map(|function| crate::code::Code::new(&ir, function))
            .collect();
        let line_index = LineIndex::new(&text);
        Ok(Loaded {
            ir,
            file,
            text,
            line_index,
            constants,
            globals,
            code,
            imports: Vec::new(),
        })
    }
}
