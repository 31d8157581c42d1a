//! The members a receiver type offers after `.`, `?.` and `~.` (cli §8): builtin methods and
//! properties from the checker's tables (builtins §4–§6, namespaces), object fields from the
//! inferred type, agent members (runtime §5.2) and error-object keys (language §12.2).

use prism_checker::types::builtin_signatures::qualified_name;
use prism_checker::types::members::builtin_members;
use std::sync::Arc;

use prism_checker::types::{ObjectType, Type};

use crate::builtin_docs::builtin_doc;
use crate::labels::builtin_label;

/// One member of a receiver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub name: String,
    pub method: bool,
    /// The signature or type, one line.
    pub detail: String,
    pub documentation: Option<String>,
}

/// Agent properties and methods (runtime §5.2).
const AGENT_MEMBERS: &[(&str, bool, &str)] = &[
    ("name", false, "string: the agent's name"),
    ("provider", false, "the provider it calls"),
    ("model", false, "the model it uses"),
    ("system", false, "its system prompt"),
    ("description", false, "its description"),
    ("displayName", false, "its display name"),
    (
        "capabilities",
        false,
        "array<string>: a new array on each read",
    ),
    ("expertise", false, "its expertise"),
    ("metadata", false, "object: a new copy on each read"),
    (
        "ask",
        true,
        "ask(prompt, opts = {}): a model call as this agent (runtime §6.2)",
    ),
    (
        "call",
        true,
        "call(task, opts = {}): a structured task call (runtime §6.3)",
    ),
];

/// The keys of an error object (language §12.2).
const ERROR_MEMBERS: &[(&str, &str)] = &[
    ("message", "string: the message"),
    ("kind", "string: the kind, e.g. \"TypeError\""),
    ("line", "number|null: 1-based line where the error arose"),
    (
        "column",
        "number|null: 1-based column where the error arose",
    ),
    ("data", "any: extra structured detail"),
];

/// The static shape of the host binding `pattern` (runtime §3.5), which the checker leaves
/// `unknown`; `None` for other names.
pub(crate) fn host_type(name: &str) -> Option<Type> {
    if name != "pattern" {
        return None;
    }
    let nullable = |ty: Type| ty.union(&Type::Null);
    let fields = vec![
        ("name", Type::String),
        ("version", Type::String),
        ("description", nullable(Type::String)),
        ("input", Type::Unknown),
        ("requirements", nullable(Type::open_object())),
        ("timeout", nullable(Type::Number)),
        ("tags", Type::open_object()),
        ("file", Type::String),
        ("node", Type::String),
        ("depth", Type::Number),
        ("selectedAgents", Type::array(Type::Agent)),
    ];
    Some(Type::Object(Arc::new(ObjectType {
        fields: fields
            .into_iter()
            .map(|(name, ty)| (name.into(), ty))
            .collect(),
        closed: true,
    })))
}

/// Every member of `receiver`, sorted by name. Unions offer the members of each part.
pub(crate) fn members_of(receiver: &Type) -> Vec<Member> {
    let mut members: Vec<Member> = Vec::new();
    for part in receiver.members() {
        for member in members_of_part(part) {
            if !members.iter().any(|known| known.name == member.name) {
                members.push(member);
            }
        }
    }
    members.sort_by(|a, b| a.name.cmp(&b.name));
    members
}

/// The member `name` of `receiver`.
pub(crate) fn member_named(receiver: &Type, name: &str) -> Option<Member> {
    receiver
        .members()
        .iter()
        .find_map(|part| members_of_part(part).into_iter().find(|m| m.name == name))
}

fn members_of_part(receiver: &Type) -> Vec<Member> {
    match receiver {
        Type::Agent => AGENT_MEMBERS
            .iter()
            .map(|(name, method, detail)| Member {
                name: name.to_string(),
                method: *method,
                detail: detail.to_string(),
                documentation: method
                    .then(|| builtin_doc(&format!("Agent.{name}")).map(|doc| doc.markdown()))
                    .flatten(),
            })
            .collect(),
        Type::Error => ERROR_MEMBERS
            .iter()
            .map(|(name, detail)| Member {
                name: name.to_string(),
                method: false,
                detail: detail.to_string(),
                documentation: None,
            })
            .collect(),
        Type::Object(object) => object
            .fields
            .iter()
            .map(|(name, ty)| Member {
                name: name.to_string(),
                method: matches!(ty, Type::Function(_)),
                detail: format!("{name}: {ty}"),
                documentation: None,
            })
            .collect(),
        _ => builtin_members(receiver)
            .into_iter()
            .map(|(prefix, name, sig)| {
                let qualified = qualified_name(&format!("{prefix}.{name}"));
                Member {
                    name: name.to_string(),
                    method: !sig.constant,
                    detail: builtin_label(&qualified, sig, receiver).text,
                    documentation: builtin_doc(&qualified).map(|doc| doc.markdown()),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(ty: &Type) -> Vec<String> {
        members_of(ty).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn members_by_type() {
        let strings = names(&Type::String);
        assert!(strings.contains(&"toUpperCase".to_string()));
        assert!(strings.contains(&"length".to_string()));
        assert!(!strings.contains(&"push".to_string()));
        assert!(names(&Type::array(Type::Number)).contains(&"push".to_string()));
        assert!(names(&Type::Namespace("Math")).contains(&"sqrt".to_string()));
        assert_eq!(names(&Type::Agent).len(), AGENT_MEMBERS.len());
        assert!(names(&Type::Unknown).is_empty());
        let push = member_named(&Type::array(Type::String), "push").expect("push");
        assert_eq!(push.detail, "Array.push(...items: any) -> array<string>");
        assert!(push
            .documentation
            .is_some_and(|doc| doc.contains("mutates")));
    }

    #[test]
    fn unions_offer_every_part() {
        let ty = Type::String.union(&Type::array(Type::Unknown));
        let all = names(&ty);
        assert!(all.contains(&"push".to_string()) && all.contains(&"trim".to_string()));
    }
}
