//! Reading the exports of modules that have run (language §13.3–§13.4): imports are live, so an
//! import reads the exporting module's cell at each use.

use prism_ir::{ExportSource, ImportId};
use prism_runtime::{ObjectData, Value};
use smol_str::SmolStr;

use crate::vm::Vm;

/// Re-export chains longer than this are cycles (rejected at compile time; this only guards).
const MAX_REEXPORT_DEPTH: usize = 64;

impl Vm<'_, '_> {
    /// The current value of export `name` of the module imported as `import` by `module`.
    pub(crate) fn import_value(&self, module: usize, import: ImportId, name: &str) -> Value {
        let target = self.import_target(module, import);
        target
            .and_then(|target| self.export_value(target, name, 0))
            .unwrap_or(Value::NULL)
    }

    fn import_target(&self, module: usize, import: ImportId) -> Option<usize> {
        self.programs
            .get(module)?
            .imports
            .get(import.index())
            .copied()
    }

    fn export_value(&self, module: usize, name: &str, depth: usize) -> Option<Value> {
        if depth > MAX_REEXPORT_DEPTH {
            return None;
        }
        let program = self.programs.get(module)?;
        for export in &program.ir.exports {
            if export.name != name {
                continue;
            }
            match &export.source {
                ExportSource::Cell(slot) => {
                    let all = self.shared.module_cells.borrow();
                    let cells = all.get(module)?.as_ref()?;
                    return cells.get(slot.index()).map(|cell| cell.borrow().clone());
                }
                ExportSource::Reexport { import, name } => {
                    let target = self.import_target(module, *import)?;
                    return self.export_value(target, name, depth + 1);
                }
                ExportSource::All(_) => {}
            }
        }
        if name == "default" {
            return None;
        }
        program
            .ir
            .exports
            .iter()
            .find_map(|export| match &export.source {
                ExportSource::All(import) => {
                    let target = self.import_target(module, *import)?;
                    self.export_value(target, name, depth + 1)
                }
                _ => None,
            })
    }

    /// Every export name of a module, in declaration order.
    fn export_names(&self, module: usize, depth: usize, names: &mut Vec<SmolStr>) {
        let Some(program) = self.programs.get(module) else {
            return;
        };
        if depth > MAX_REEXPORT_DEPTH {
            return;
        }
        for export in &program.ir.exports {
            match &export.source {
                ExportSource::All(import) => {
                    if let Some(target) = self.import_target(module, *import) {
                        let mut inner = Vec::new();
                        self.export_names(target, depth + 1, &mut inner);
                        names.extend(inner.into_iter().filter(|name| name != "default"));
                    }
                }
                _ => names.push(export.name.clone()),
            }
        }
    }

    /// `import * as ns`: a read-only object of the module's exports (language §13.3).
    pub(crate) fn namespace_value(&self, module: usize, import: ImportId) -> Value {
        let Some(target) = self.import_target(module, import) else {
            return Value::NULL;
        };
        let mut names = Vec::new();
        self.export_names(target, 0, &mut names);
        let mut data = ObjectData::new();
        for name in names {
            let value = self.export_value(target, &name, 0).unwrap_or(Value::NULL);
            data.insert(name, value);
        }
        data.read_only = Some("module namespace".into());
        Value::object(data)
    }
}
