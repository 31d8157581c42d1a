//! Values, operations, builtins and tasks shared by the Prism backends.
//!
//! * [`value`]: the 24-byte [`Value`] (language §4) and its heap data;
//! * [`ops`]: the one definition of every operation (language §6, §7);
//! * [`display`]: display, text form and JSON projection (language §5, runtime §14.2);
//! * [`error`]: [`Thrown`] and the runtime error catalogue (language §12);
//! * [`builtins`]: the builtin framework, the [`Machine`] trait and the prelude (builtins.md);
//! * [`tasks`]: task handles (language §14).
#![forbid(unsafe_code)]

pub mod builtins;
pub mod display;
pub mod error;
pub mod ops;
pub mod tasks;
pub mod value;

pub use builtins::{Machine, Output, Stream, PRELUDE_NAMES};
pub use display::{display, text_form, to_json};
pub use error::{catalogue, Thrown};
pub use value::{FunctionId, Inner, ObjectData, Value};
