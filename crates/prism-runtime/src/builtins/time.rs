//! Time (builtins §14): `now()` and `Date.now()` read the run clock through
//! [`Machine::now_ms`], which is real time or the virtual clock of runtime §7.4.
use super::args::Args;
use super::support::builtin;
use super::{Builtin, Library, Machine, Mode};
use crate::error::Thrown;
use crate::value::{Member, Namespace, Value};

/// Whole milliseconds since 1970-01-01T00:00:00Z on the run clock.
fn now(machine: &mut dyn Machine, _: &Args<'_>) -> Result<Value, Thrown> {
    Ok(Value::number(machine.now_ms().floor()))
}

static NOW: Builtin = builtin("now", Mode::None, 0, now);
static DATE_NOW: Builtin = builtin("Date.now", Mode::None, 0, now);

static DATE: Namespace = Namespace {
    name: "Date",
    members: &[("now", Member::Function(&DATE_NOW))],
};

pub static LIBRARY: Library = Library {
    globals: &[&NOW],
    namespaces: &[&DATE],
    methods: &[],
};
