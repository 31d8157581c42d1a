//! Members of each receiver type (language §6.4.1): the properties and bound methods of arrays,
//! strings, numbers and booleans (builtins §4–§6), the members of namespaces, and what an object
//! or agent read gives. `None` means the read is the TypeError `R0204` (or `R0201` for null).

use super::builtin_signatures::{member_signature, Signature};
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
    let prefixes: &[&str] = match receiver {
        Type::Array(_) => &["array"],
        Type::String => &["string"],
        Type::Number => &["number"],
        Type::Boolean => &["boolean"],
        Type::Namespace("agents") => &["agents", "array"],
        Type::Namespace(name) => std::slice::from_ref(name),
        _ => &[],
    };
    prefixes
        .iter()
        .find_map(|prefix| member_signature(prefix, key).map(|sig| (*prefix, sig)))
}

fn member_value(sig: &'static Signature, receiver: &Type) -> Type {
    if sig.constant {
        sig.result_type(receiver)
    } else {
        sig.value_type()
    }
}
