//! The static type lattice of language §15.5: `unknown` (top), `never` (bottom), the primitive
//! types, `array<T>`, `object{…}` (closed or open), `function(…) -> R`, `task<T>`, `agent`, `error`,
//! builtin namespaces, and unions. Confidence is not part of a type (§15.5).

use std::fmt;
use std::sync::Arc;

use smol_str::SmolStr;

/// A static type. Unions are flat, have at least two members and never contain `unknown` or
/// `never` (see [`Type::union`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Unknown,
    Never,
    Null,
    Boolean,
    Number,
    String,
    Array(Arc<Type>),
    Object(Arc<ObjectType>),
    Function(Arc<FunctionType>),
    Task(Arc<Type>),
    Agent,
    /// An error object (language §12.2): an object in every respect but display and `instanceof`.
    Error,
    /// A builtin namespace or callable builtin with members (`Math`, `Number`, …), by name.
    Namespace(&'static str),
    Union(Arc<[Type]>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectType {
    pub fields: Vec<(SmolStr, Type)>,
    /// Every key is known: a missing key reads `null`.
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionType {
    pub params: Vec<ParamType>,
    pub rest: Option<Type>,
    pub result: Type,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamType {
    pub ty: Type,
    pub optional: bool,
}

/// The run-time type names of language §4.1, used to ask what a static type may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
    Function,
    Task,
    Agent,
}

impl Tag {
    /// The `typeof` name (language §4.1).
    pub fn name(self) -> &'static str {
        match self {
            Tag::Null => "null",
            Tag::Boolean => "boolean",
            Tag::Number => "number",
            Tag::String => "string",
            Tag::Array => "array",
            Tag::Object => "object",
            Tag::Function => "function",
            Tag::Task => "task",
            Tag::Agent => "agent",
        }
    }

    pub fn from_typeof(name: &str) -> Option<Tag> {
        Some(match name {
            "null" | "undefined" => Tag::Null,
            "boolean" => Tag::Boolean,
            "number" => Tag::Number,
            "string" => Tag::String,
            "array" => Tag::Array,
            "object" => Tag::Object,
            "function" => Tag::Function,
            "task" => Tag::Task,
            "agent" => Tag::Agent,
            _ => return None,
        })
    }

    /// The widest type of values with this tag.
    pub fn widest(self) -> Type {
        match self {
            Tag::Null => Type::Null,
            Tag::Boolean => Type::Boolean,
            Tag::Number => Type::Number,
            Tag::String => Type::String,
            Tag::Array => Type::array(Type::Unknown),
            Tag::Object => Type::open_object(),
            Tag::Function => Type::any_function(),
            Tag::Task => Type::Task(Arc::new(Type::Unknown)),
            Tag::Agent => Type::Agent,
        }
    }
}

impl Type {
    pub fn array(element: Type) -> Type {
        Type::Array(Arc::new(element))
    }

    pub fn task(result: Type) -> Type {
        Type::Task(Arc::new(result))
    }

    pub fn open_object() -> Type {
        Type::Object(Arc::new(ObjectType {
            fields: Vec::new(),
            closed: false,
        }))
    }

    pub fn any_function() -> Type {
        Type::Function(Arc::new(FunctionType {
            params: Vec::new(),
            rest: Some(Type::Unknown),
            result: Type::Unknown,
        }))
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Type::Unknown)
    }

    /// The members of a union, or the type itself.
    pub fn members(&self) -> &[Type] {
        match self {
            Type::Union(members) => members,
            other => std::slice::from_ref(other),
        }
    }

    /// The least upper bound of two types.
    pub fn union(&self, other: &Type) -> Type {
        match (self, other) {
            (Type::Unknown, _) | (_, Type::Unknown) => Type::Unknown,
            (Type::Never, other) | (other, Type::Never) => other.clone(),
            _ => {
                let mut members: Vec<Type> = self.members().to_vec();
                for member in other.members() {
                    if !members.contains(member) {
                        members.push(member.clone());
                    }
                }
                Type::from_members(members)
            }
        }
    }

    /// A union of the given members (already free of `unknown`).
    pub fn from_members(mut members: Vec<Type>) -> Type {
        members.retain(|member| *member != Type::Never);
        // Wide unions say little and cost a lot to carry around.
        if members.len() > 8 {
            return Type::Unknown;
        }
        match members.len() {
            0 => Type::Never,
            1 => members.pop().unwrap_or(Type::Never),
            _ => Type::Union(members.into()),
        }
    }

    /// The run-time tag of a member (not defined for `unknown`, `never`, unions).
    pub fn tag(&self) -> Option<Tag> {
        Some(match self {
            Type::Null => Tag::Null,
            Type::Boolean => Tag::Boolean,
            Type::Number => Tag::Number,
            Type::String => Tag::String,
            Type::Array(_) => Tag::Array,
            Type::Object(_) | Type::Error => Tag::Object,
            Type::Function(_) => Tag::Function,
            Type::Task(_) => Tag::Task,
            Type::Agent => Tag::Agent,
            Type::Namespace(name) => super::builtin_signatures::namespace_tag(name),
            Type::Unknown | Type::Never | Type::Union(_) => return None,
        })
    }

    /// Whether the type is proven to hold no value for which `accepts` is true: `unknown` and
    /// `never` prove nothing (§15.5).
    pub fn excludes(&self, accepts: impl Fn(&Type) -> bool) -> bool {
        match self {
            Type::Unknown | Type::Never => false,
            _ => self.members().iter().all(|member| !accepts(member)),
        }
    }

    /// Whether the type may hold a value with this tag.
    pub fn may_be(&self, tag: Tag) -> bool {
        match self {
            Type::Unknown => true,
            Type::Never => false,
            _ => self
                .members()
                .iter()
                .any(|member| member.tag() == Some(tag)),
        }
    }

    /// Keeps the members with `tag` (narrowing by `typeof`); `unknown` becomes the widest type of
    /// the tag.
    pub fn only(&self, tag: Tag) -> Type {
        match self {
            Type::Unknown => tag.widest(),
            _ => Type::from_members(
                self.members()
                    .iter()
                    .filter(|member| member.tag() == Some(tag))
                    .cloned()
                    .collect(),
            ),
        }
    }

    /// Removes the members with `tag`; `unknown` stays `unknown`.
    pub fn without(&self, tag: Tag) -> Type {
        match self {
            Type::Unknown => Type::Unknown,
            _ => Type::from_members(
                self.members()
                    .iter()
                    .filter(|member| member.tag() != Some(tag))
                    .cloned()
                    .collect(),
            ),
        }
    }

    /// The name used in messages: the `typeof` names of language §4.1 (`error` for error
    /// objects), joined with ` | ` for unions. A namespace is named by its `typeof` here; reads of
    /// a missing member name the namespace itself, as the runtime does (language §6.4.1).
    pub fn message_name(&self) -> String {
        match self {
            Type::Unknown => "unknown".to_string(),
            Type::Never => "never".to_string(),
            Type::Error => "error".to_string(),
            Type::Union(members) => {
                let mut names: Vec<String> = Vec::new();
                for member in members.iter() {
                    let name = member.message_name();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                names.join(" | ")
            }
            other => other.tag().map_or("unknown", Tag::name).to_string(),
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Unknown => f.write_str("unknown"),
            Type::Never => f.write_str("never"),
            Type::Null => f.write_str("null"),
            Type::Boolean => f.write_str("boolean"),
            Type::Number => f.write_str("number"),
            Type::String => f.write_str("string"),
            Type::Array(element) => match &**element {
                Type::Union(_) | Type::Function(_) => write!(f, "array<({element})>"),
                _ => write!(f, "array<{element}>"),
            },
            Type::Object(object) => {
                f.write_str("object{")?;
                for (index, (key, ty)) in object.fields.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{key}: {ty}")?;
                }
                if !object.closed {
                    f.write_str(if object.fields.is_empty() {
                        "…"
                    } else {
                        ", …"
                    })?;
                }
                f.write_str("}")
            }
            Type::Function(function) => {
                f.write_str("function(")?;
                let mut first = true;
                for param in &function.params {
                    if !first {
                        f.write_str(", ")?;
                    }
                    first = false;
                    write!(f, "{}{}", param.ty, if param.optional { "?" } else { "" })?;
                }
                if let Some(rest) = &function.rest {
                    if !first {
                        f.write_str(", ")?;
                    }
                    write!(f, "...{rest}")?;
                }
                write!(f, ") -> {}", function.result)
            }
            Type::Task(result) => write!(f, "task<{result}>"),
            Type::Agent => f.write_str("agent"),
            Type::Error => f.write_str("error"),
            Type::Namespace(name) => write!(f, "namespace {name}"),
            Type::Union(members) => {
                for (index, member) in members.iter().enumerate() {
                    if index > 0 {
                        f.write_str(" | ")?;
                    }
                    match member {
                        Type::Function(_) => write!(f, "({member})")?,
                        _ => write!(f, "{member}")?,
                    }
                }
                Ok(())
            }
        }
    }
}
