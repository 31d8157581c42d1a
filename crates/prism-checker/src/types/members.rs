//! Members of each receiver type (language §6.4.1): the properties and bound methods of arrays,
//! strings, numbers and booleans (builtins §4–§6), the members of namespaces, and what an object
//! or agent read gives. `None` means the read is the TypeError `R0204` (or `R0201` for null).

use super::builtin_signatures::{signature, Signature};
use super::ty::Type;

/// What reading `key` from one member of a receiver type gives: `None` when it fails.
pub fn member_type(receiver: &Type, key: &str) -> Option<Type> {
    match receiver {
        Type::Unknown | Type::Never => Some(Type::Unknown),
        Type::Null | Type::Function(_) | Type::Task(_) => None,
        Type::Object(object) => Some(
            match object.fields.iter().rev().find(|(name, _)| name == key) {
                Some((_, ty)) => ty.clone(),
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

/// The builtin behind `receiver.key` with its table key, for method calls.
pub fn method_signature(receiver: &Type, key: &str) -> Option<(String, &'static Signature)> {
    let prefixes: &[&str] = match receiver {
        Type::Array(_) => &["array"],
        Type::String => &["string"],
        Type::Number => &["number"],
        Type::Boolean => &["boolean"],
        Type::Namespace("agents") => &["agents", "array"],
        Type::Namespace(name) => std::slice::from_ref(name),
        _ => &[],
    };
    prefixes.iter().find_map(|prefix| {
        let full = format!("{prefix}.{key}");
        signature(&full).map(|sig| (full, sig))
    })
}

fn member_value(sig: &'static Signature, receiver: &Type) -> Type {
    if sig.constant {
        sig.result_type(receiver)
    } else {
        sig.value_type()
    }
}
