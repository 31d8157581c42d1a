//! Static types (language §15.5): the lattice ([`Type`]), a signature for every builtin
//! ([`builtin_signatures`]), members per receiver type, and the inference walk with its errors.

pub mod builtin_signatures;
pub(crate) mod infer;
pub mod members;
mod ty;

pub use infer::TypedSpan;
pub use ty::{FunctionType, ObjectType, ParamType, Tag, Type};
