//! Member access and indexing, reads and writes (language §4.3, §4.5, §4.6, §6.4, §6.11), with
//! the access rule of §7.4.
use smol_str::SmolStr;

use crate::builtins::{find_method, Builtin, MethodOwner};
use crate::display::format_number;
use crate::error::{catalogue, Thrown};
use crate::value::{collector, find_member, is_agent_registry, Inner, Value};

/// The access rule (§7.4): an element read out of a confident container gets
/// conf(container) × conf(element); out of a plain container it is returned as stored.
#[inline]
pub fn access_rule(container: &Value, element: Value) -> Value {
    match container.confidence() {
        Some(conf) => {
            let conf = conf * element.conf();
            element.plain().with_conf(conf)
        }
        None => element,
    }
}

/// What a member lookup found: data follows the access rule, methods do not (§7.4).
enum Found {
    Data(Value),
    Method(Value),
}

/// Looks `key` up on inner(value) following the table of §6.4.1.
fn lookup(value: &Value, key: &str) -> Result<Found, Thrown> {
    let owner_method = |owner: MethodOwner| match find_method(owner, key) {
        Some(method) => Ok(Found::Method(Value::bound(value.clone(), method))),
        None => Err(catalogue::no_property(value.type_name(), key)),
    };
    match value.inner() {
        Inner::Object(object) => Ok(Found::Data(
            object.borrow().get(key).cloned().unwrap_or(Value::NULL),
        )),
        Inner::Array(array) if key == "length" => {
            Ok(Found::Data(Value::number(array.borrow().len() as f64)))
        }
        Inner::Str(s) if key == "length" => Ok(Found::Data(Value::number(s.char_count() as f64))),
        Inner::Agent(agent) => match agent.details.property(key) {
            Some(property) => Ok(Found::Data(property)),
            None => owner_method(MethodOwner::Agent),
        },
        Inner::Array(array) if is_agent_registry(array) => {
            match find_method(MethodOwner::AgentRegistry, key) {
                Some(method) => Ok(Found::Method(Value::bound(value.clone(), method))),
                None => owner_method(MethodOwner::Array),
            }
        }
        Inner::Array(_) => owner_method(MethodOwner::Array),
        Inner::Str(_) => owner_method(MethodOwner::String),
        Inner::Number(_) => owner_method(MethodOwner::Number),
        Inner::Bool(_) => owner_method(MethodOwner::Boolean),
        Inner::Namespace(namespace) => match find_member(namespace.members, key) {
            Some(member) => Ok(classify_member(member)),
            None => Err(catalogue::no_property(namespace.name, key)),
        },
        Inner::Builtin(builtin) if !builtin.members.is_empty() => {
            match find_member(builtin.members, key) {
                Some(member) => Ok(classify_member(member)),
                None => Err(catalogue::no_property(builtin.name, key)),
            }
        }
        Inner::Null => Err(catalogue::read_property_of_null(key)),
        _ => Err(catalogue::no_property(value.type_name(), key)),
    }
}

/// Namespace functions behave like methods; namespace constants like data.
fn classify_member(member: Value) -> Found {
    if member.inner().is_function() {
        Found::Method(member)
    } else {
        Found::Data(member)
    }
}

/// `value.key` (§6.4.1). For `?.` the backend first checks `value.is_null()` and short-circuits
/// the chain to a plain `null` (§6.4.2).
pub fn get_member(value: &Value, key: &str) -> Result<Value, Thrown> {
    Ok(match lookup(value, key)? {
        Found::Data(data) => access_rule(value, data),
        Found::Method(method) => method,
    })
}

/// `value~.key` (§6.4.3): null-safe, always confident with conf(value) × conf(found).
pub fn get_member_confident(value: &Value, key: &str) -> Result<Value, Thrown> {
    if value.is_null() {
        return Ok(Value::NULL.with_conf(value.conf()));
    }
    let found = match lookup(value, key)? {
        Found::Data(found) | Found::Method(found) => found,
    };
    let conf = value.conf() * found.conf();
    Ok(found.plain().with_conf(conf))
}

/// The callee of a method call `receiver.name(args)` (§6.5), without allocating a bound method
/// for builtin methods.
pub enum MethodTarget {
    /// Call with [`crate::builtins::call_builtin`], passing the receiver as it is.
    Builtin(&'static Builtin),
    /// Call this value (an object's stored function, a namespace function, …) without receiver.
    Value(Value),
}

/// Resolves `receiver.name` for a call.
pub fn method_target(receiver: &Value, name: &str) -> Result<MethodTarget, Thrown> {
    if let Inner::Array(array) = receiver.inner() {
        if is_agent_registry(array) {
            if let Some(method) = find_method(MethodOwner::AgentRegistry, name) {
                return Ok(MethodTarget::Builtin(method));
            }
        }
    }
    if let Some(owner) = MethodOwner::of(receiver.inner()) {
        if let Some(method) = find_method(owner, name) {
            let shadowed_by_property = match receiver.inner() {
                Inner::Agent(agent) => agent.details.property(name).is_some(),
                _ => false,
            };
            if !shadowed_by_property {
                return Ok(MethodTarget::Builtin(method));
            }
        }
    }
    get_member(receiver, name).map(MethodTarget::Value)
}

/// The key of a computed object key or an object index (§6.2.2, §6.4.4): a string, or a number
/// as its display text; anything else is R0205.
pub fn object_key(key: &Value) -> Result<SmolStr, Thrown> {
    match key.inner() {
        Inner::Str(s) => Ok(s.to_smol()),
        Inner::Number(n) => Ok(SmolStr::new(format_number(*n))),
        _ => Err(catalogue::key_not_string(key.type_name())),
    }
}

/// An array position from an index number: `Some` for an integer in [0, length).
#[inline]
fn array_position(index: f64, length: usize) -> Option<usize> {
    if index >= 0.0 && index < length as f64 && index.trunc() == index {
        Some(index as usize)
    } else {
        None
    }
}

/// `value[index]` (§6.4.4), following the access rule. Only inner(index) is used.
pub fn get_index(value: &Value, index: &Value) -> Result<Value, Thrown> {
    let element = match (value.inner(), index.inner()) {
        (Inner::Array(array), Inner::Number(i)) => {
            let array = array.borrow();
            array_position(*i, array.len())
                .and_then(|i| array.get(i))
                .cloned()
        }
        (Inner::Str(s), Inner::Number(i)) => array_position(*i, s.char_count())
            .and_then(|i| s.char_at(i))
            .map(Value::string),
        (Inner::Object(object), Inner::Str(key)) => object.borrow().get(key.as_str()).cloned(),
        (Inner::Object(object), Inner::Number(n)) => {
            object.borrow().get(&format_number(*n)).cloned()
        }
        (Inner::Namespace(_), Inner::Str(key)) => return get_member(value, key.as_str()),
        (Inner::Array(_) | Inner::Str(_), _) => {
            return Err(catalogue::index_not_number(index.type_name()))
        }
        (Inner::Object(_), _) => return Err(catalogue::key_not_string(index.type_name())),
        _ => return Err(catalogue::cannot_index(value.type_name())),
    };
    Ok(access_rule(value, element.unwrap_or(Value::NULL)))
}

/// `target.key = value` (§6.11): stores into the inner object; `length` of an array truncates.
pub fn set_member(target: &Value, key: &str, value: Value) -> Result<(), Thrown> {
    match target.inner() {
        Inner::Object(object) => {
            collector::stored(&value);
            let mut object = object.borrow_mut();
            if let Some(what) = &object.read_only {
                return Err(catalogue::read_only(what));
            }
            object.insert(key, value);
            Ok(())
        }
        Inner::Array(array) if is_agent_registry(array) => Err(registry_read_only()),
        Inner::Array(array) if key == "length" => {
            let length = array.borrow().len();
            match value.inner() {
                Inner::Number(n) if *n >= 0.0 && *n <= length as f64 && n.trunc() == *n => {
                    // Truncating drops the removed elements after the borrow has ended.
                    let removed = array.borrow_mut().split_off(*n as usize);
                    drop(removed);
                    Ok(())
                }
                // The message displays the value, which may be this very array.
                _ => Err(catalogue::invalid_length(&value.to_plain())),
            }
        }
        Inner::Namespace(namespace) => Err(catalogue::read_only(namespace.name)),
        Inner::Agent(_) => Err(catalogue::read_only("agent")),
        _ => Err(catalogue::cannot_set_property(key, target.type_name())),
    }
}

/// `target[index] = value` (§4.5, §4.6, §6.11). Only inner(index) is used.
pub fn set_index(target: &Value, index: &Value, value: Value) -> Result<(), Thrown> {
    match (target.inner(), index.inner()) {
        (Inner::Array(array), _) if is_agent_registry(array) => Err(registry_read_only()),
        (Inner::Array(array), Inner::Number(i)) => {
            collector::stored(&value);
            let mut array = array.borrow_mut();
            let length = array.len();
            if let Some(slot) = array_position(*i, length).and_then(|i| array.get_mut(i)) {
                *slot = value;
                Ok(())
            } else if *i == length as f64 {
                array.push(value);
                Ok(())
            } else {
                Err(catalogue::index_out_of_range(&index.to_plain(), length))
            }
        }
        (Inner::Array(_), _) => Err(catalogue::index_not_number(index.type_name())),
        (Inner::Object(_) | Inner::Namespace(_) | Inner::Agent(_), _) => {
            set_member(target, &object_key(index)?, value)
        }
        _ => {
            let key = crate::display::text_form(&index.to_plain());
            Err(catalogue::cannot_set_property(&key, target.type_name()))
        }
    }
}

/// R0207 for writes into the agent registry (runtime §5.3).
#[cold]
pub fn registry_read_only() -> Thrown {
    catalogue::read_only("the agent registry")
}
