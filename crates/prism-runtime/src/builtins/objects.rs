//! Object functions (builtins §7): `keys`, `values`, `entries`, `has`, `merge`, `assign`,
//! `fromEntries`, `pick`, `omit` and the `Object` namespace. The subject must be an object
//! (arrays included in "any other type", R0216).
use std::cell::RefCell;
use std::rc::Rc;

use smol_str::SmolStr;

use super::args::Args;
use super::support::builtin;
use super::{Builtin, Library, Machine, Mode};
use crate::error::{catalogue, Thrown};
use crate::ops::{object_key, spread_into_object};
use crate::value::{collector, Inner, Member, Namespace, ObjectData, Value};

/// The subject object's entries as stored, in order.
fn stored_entries(args: &Args<'_>) -> Result<Vec<(SmolStr, Value)>, Thrown> {
    let object: &Rc<RefCell<ObjectData>> = args.object(0)?;
    let data = object.borrow();
    Ok(data
        .map
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect())
}

fn keys(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let keys = stored_entries(args)?
        .into_iter()
        .map(|(k, _)| Value::string(&k));
    Ok(Value::array(keys.collect()))
}

fn values(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let values = stored_entries(args)?.into_iter().map(|(_, v)| v);
    Ok(Value::array(values.collect()))
}

fn entries(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let pairs = stored_entries(args)?
        .into_iter()
        .map(|(k, v)| Value::array(vec![Value::string(&k), v]));
    Ok(Value::array(pairs.collect()))
}

fn has(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let object = args.object(0)?;
    let key = args.string(1)?;
    Ok(Value::bool(object.borrow().map.contains_key(key)))
}

/// `merge(...objs)`: a new object as `{ ...objs[0], ...objs[1], … }` (language §6.2.2).
fn merge(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let mut merged = ObjectData::new();
    for source in args.values {
        spread_into_object(&mut merged, source)?;
    }
    Ok(Value::object(merged))
}

/// `assign(target, ...sources)`: spreads the sources into `target` and returns it. Each source
/// is copied out first, so assigning an object to itself does not alias the borrow.
fn assign(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let target = args.object(0)?;
    for source in args.values.iter().skip(1) {
        let mut copied = ObjectData::new();
        spread_into_object(&mut copied, source)?;
        copied.map.values().for_each(collector::stored);
        let mut target = target.borrow_mut();
        if let Some(what) = &target.read_only {
            return Err(catalogue::read_only(what));
        }
        for (key, value) in copied.map {
            target.insert(key, value);
        }
    }
    Ok(args.get(0).clone())
}

/// `fromEntries(pairs)`: keys are strings or numbers (their display); later duplicates win.
fn from_entries(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    const EXPECTED: &str = "an array of [key, value] pairs";
    let pairs = args.array(0)?.borrow().clone();
    let mut object = ObjectData::with_capacity(pairs.len());
    for pair in &pairs {
        let Inner::Array(pair) = pair.inner() else {
            return Err(args.wrong_type(0, EXPECTED));
        };
        let pair = pair.borrow();
        let key = pair.first().ok_or_else(|| args.wrong_type(0, EXPECTED))?;
        let key = match key.inner() {
            Inner::Str(_) | Inner::Number(_) => object_key(key)?,
            _ => return Err(args.wrong_type(0, EXPECTED)),
        };
        object.insert(key, pair.get(1).cloned().unwrap_or(Value::NULL));
    }
    Ok(Value::object(object))
}

/// The key arguments of `pick` and `omit` (strings; R0216 names their position).
fn listed_keys<'a>(args: &Args<'a>) -> Result<Vec<&'a str>, Thrown> {
    (1..args.len()).map(|i| args.string(i)).collect()
}

fn pick(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let object = args.object(0)?.borrow();
    let mut picked = ObjectData::new();
    for key in listed_keys(args)? {
        if let Some(value) = object.get(key) {
            picked.insert(key, value.clone());
        }
    }
    Ok(Value::object(picked))
}

fn omit(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let omitted = listed_keys(args)?;
    let object = args.object(0)?.borrow();
    let mut kept = ObjectData::new();
    for (key, value) in object.map.iter() {
        if !omitted.contains(&key.as_str()) {
            kept.insert(key.clone(), value.clone());
        }
    }
    Ok(Value::object(kept))
}

static KEYS: Builtin = builtin("keys", Mode::Lift, 1, keys);
static VALUES: Builtin = builtin("values", Mode::Recv, 1, values);
static ENTRIES: Builtin = builtin("entries", Mode::Recv, 1, entries);
static HAS: Builtin = builtin("has", Mode::Lift, 2, has);
static MERGE: Builtin = builtin("merge", Mode::None, 0, merge);
static ASSIGN: Builtin = builtin("assign", Mode::Recv, 1, assign);
static FROM_ENTRIES: Builtin = builtin("fromEntries", Mode::None, 1, from_entries);
static PICK: Builtin = builtin("pick", Mode::Recv, 1, pick);
static OMIT: Builtin = builtin("omit", Mode::Recv, 1, omit);
static HAS_OWN: Builtin = builtin("Object.hasOwn", Mode::Lift, 2, has);

static OBJECT: Namespace = Namespace {
    name: "Object",
    members: &[
        ("keys", Member::Function(&KEYS)),
        ("values", Member::Function(&VALUES)),
        ("entries", Member::Function(&ENTRIES)),
        ("assign", Member::Function(&ASSIGN)),
        ("fromEntries", Member::Function(&FROM_ENTRIES)),
        ("hasOwn", Member::Function(&HAS_OWN)),
    ],
};

pub static LIBRARY: Library = Library {
    globals: &[
        &KEYS,
        &VALUES,
        &ENTRIES,
        &HAS,
        &MERGE,
        &ASSIGN,
        &FROM_ENTRIES,
        &PICK,
        &OMIT,
    ],
    namespaces: &[&OBJECT],
    methods: &[],
};
