//! Where the arguments of a call are: registers of the caller's window or a slice of values
//! (a builtin's arguments, a callback's).

use crate::vm::Vm;
use prism_runtime::Value;

/// Where the arguments of a call are.
#[derive(Clone, Copy)]
pub(crate) enum ArgSource<'a> {
    /// `count` registers starting at absolute stack index `start`.
    Stack {
        start: usize,
        count: usize,
    },
    Slice(&'a [Value]),
}

impl ArgSource<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            ArgSource::Stack { count, .. } => *count,
            ArgSource::Slice(values) => values.len(),
        }
    }

    pub(crate) fn get(&self, vm: &Vm<'_, '_>, index: usize) -> Value {
        match self {
            ArgSource::Stack { start, .. } => {
                vm.stack.get(start + index).cloned().unwrap_or(Value::NULL)
            }
            ArgSource::Slice(values) => values.get(index).cloned().unwrap_or(Value::NULL),
        }
    }

    /// Replaces the contents of `values` with the arguments.
    pub(crate) fn copy_into(self, vm: &Vm<'_, '_>, values: &mut Vec<Value>) {
        values.clear();
        match self {
            ArgSource::Stack { start, count } => {
                values.extend_from_slice(vm.stack.get(start..start + count).unwrap_or_default())
            }
            ArgSource::Slice(slice) => values.extend_from_slice(slice),
        }
    }

    pub(crate) fn to_vec(self, vm: &Vm<'_, '_>) -> Vec<Value> {
        match self {
            ArgSource::Stack { start, count } => vm
                .stack
                .get(start..start + count)
                .map(<[Value]>::to_vec)
                .unwrap_or_default(),
            ArgSource::Slice(values) => values.to_vec(),
        }
    }
}
