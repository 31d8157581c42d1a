//! Members of each receiver type (language §6.4.1): the properties and bound methods of arrays,
//! strings, numbers and booleans (builtins §4–§6), the members of namespaces, and what an object
//! or agent read gives. `None` means the read is the TypeError `R0204` (or `R0201` for null).

use super::builtin_signatures::{member_signature, members_of, namespace_prefix, Signature};
use super::ty::Type;

/// What reading `key` from one member of a receiver type gives: `None` when it fails.
pub fn member_type(receiver: &Type, key: &str) -> Option<Type> {
    match receiver {
        Type::Unknown | Type::Never => Some(Type::Unknown),
        Type::Null | Type::Function(_) | Type::Task(_) => None,
        // A member that is itself a container may have been changed through another path
        // (`cfg.inner.k = v`), so only its top-level type is kept.
        Type::Object(object) => Some(
            match object.fields.iter().rev().find(|(name, _)| name == key) {
                Some((_, ty)) => super::infer::erode(ty),
                None if object.closed => Type::Null,
                None => Type::Unknown,
            },
        ),
        // Agent properties and methods live in runtime §5.2; reads of agents are not judged.
        Type::Error | Type::Agent => Some(Type::Unknown),
        Type::Union(_) => None,
        _ => method_signature(receiver, key).map(|(_, sig)| member_value(sig, receiver)),
    }
}

/// The builtin behind `receiver.key` with the receiver part of its table key (`array`, `Math`).
pub fn method_signature(receiver: &Type, key: &str) -> Option<(&'static str, &'static Signature)> {
    receiver_prefixes(receiver)
        .iter()
        .find_map(|prefix| member_signature(prefix, key).map(|sig| (*prefix, sig)))
}

/// Every builtin member of a receiver type with its table key prefix, sorted by name, the first
/// prefix winning (member completion in the language server, cli §8).
pub fn builtin_members(receiver: &Type) -> Vec<(&'static str, &'static str, &'static Signature)> {
    let mut members: Vec<(&'static str, &'static str, &'static Signature)> = Vec::new();
    for prefix in receiver_prefixes(receiver) {
        for (name, sig) in members_of(prefix) {
            if !members.iter().any(|(_, known, _)| *known == name) {
                members.push((prefix, name, sig));
            }
        }
    }
    members.sort_by(|a, b| a.1.cmp(b.1));
    members
}

/// The table key prefixes whose members a receiver type has (`array`, `Math`, …).
fn receiver_prefixes(receiver: &Type) -> &'static [&'static str] {
    match receiver {
        Type::Array(_) => &["array"],
        Type::String => &["string"],
        Type::Number => &["number"],
        Type::Boolean => &["boolean"],
        Type::Namespace("agents") => &["agents", "array"],
        Type::Namespace(name) => namespace_prefix(name),
        _ => &[],
    }
}

fn member_value(sig: &'static Signature, receiver: &Type) -> Type {
    if sig.constant {
        sig.result_type(receiver)
    } else {
        sig.value_type()
    }
}
