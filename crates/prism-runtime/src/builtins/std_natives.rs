//! Natives of the bundled standard modules (builtins §18; issue #6; docs/stdlib.md). They are
//! **not** prelude names: the driver resolves them only inside the `std/` module that uses them
//! (its host scope, see `prism-driver`'s `std_natives`), so programs cannot name them; at load
//! time [`super::prelude_value`] answers them like builtins, so every host finds them.
//!
//! * `spawnAgent(name, declaration)`: creates and registers an agent at run time, exactly as a
//!   declaration of an `agents { }` block does (language §8.11, runtime §5.1): `R0901` for an
//!   invalid declaration or an unknown provider, `R0902` for a name already registered. Used by
//!   `std/orchestrate`'s `spawn`.
//! * `snapshot(value)`: a deep copy of arrays and objects that keeps every confidence (and
//!   shares functions, tasks and agents, which are immutable or identities). Used by
//!   `checkpoint` and `rollback`. Nesting deeper than 512 levels is `R0305`.
use std::sync::{PoisonError, RwLock};

use super::args::Args;
use super::{Builtin, Machine, Mode};
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, ObjectData, Value};

fn spawn_agent(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let name = args.string(0)?;
    crate::agents::declare_agent(name, args.get(1))
}

fn snapshot(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    deep_copy(args.get(0), 0)
}

fn deep_copy(value: &Value, depth: usize) -> Result<Value, Thrown> {
    if depth > 512 {
        return Err(catalogue::too_deep());
    }
    let copied = match value.inner() {
        Inner::Array(items) => {
            let items = items.borrow().clone();
            let copies = items
                .iter()
                .map(|item| deep_copy(item, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Value::array(copies)
        }
        Inner::Object(object) => {
            let pairs: Vec<_> = object
                .borrow()
                .map
                .iter()
                .map(|(key, item)| (key.clone(), item.clone()))
                .collect();
            let mut data = ObjectData::with_capacity(pairs.len());
            for (key, item) in pairs {
                data.map.insert(key, deep_copy(&item, depth + 1)?);
            }
            Value::object(data)
        }
        _ => return Ok(value.clone()),
    };
    Ok(copied.with_confidence(value.confidence()))
}

static SPAWN_AGENT: Builtin = Builtin {
    name: "spawnAgent",
    mode: Mode::None,
    min_args: 2,
    body: spawn_agent,
    members: &[],
};
static SNAPSHOT: Builtin = Builtin {
    name: "snapshot",
    mode: Mode::None,
    min_args: 1,
    body: snapshot,
    members: &[],
};

/// The natives of the standard modules that the runtime itself provides.
pub static NATIVES: &[&Builtin] = &[&SPAWN_AGENT, &SNAPSHOT];

/// Natives registered by other crates (`prism-learn`'s, through the driver), process-wide:
/// natives are static functions, so one table serves every run.
static REGISTERED: RwLock<Vec<&'static Builtin>> = RwLock::new(Vec::new());

/// Adds natives of a standard module implemented outside the runtime (once per process; a name
/// already present is not added again).
pub fn register(natives: &[&'static Builtin]) {
    let mut registered = REGISTERED.write().unwrap_or_else(PoisonError::into_inner);
    for native in natives {
        if !registered.iter().any(|known| known.name == native.name) {
            registered.push(native);
        }
    }
}

/// The native named `name`, as a function value. [`super::prelude_value`] falls back to it, so
/// every host finds the natives; only the bundled modules can name them (the resolver).
pub fn std_native(name: &str) -> Option<Value> {
    if let Some(builtin) = NATIVES.iter().find(|builtin| builtin.name == name) {
        return Some(Value::builtin(builtin));
    }
    let registered = REGISTERED.read().unwrap_or_else(PoisonError::into_inner);
    registered
        .iter()
        .find(|builtin| builtin.name == name)
        .map(|builtin| Value::builtin(builtin))
}
