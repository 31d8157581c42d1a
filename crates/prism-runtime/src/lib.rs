//! Values, operations, builtins and tasks shared by the Prism backends.
//!
//! * [`value`]: the 24-byte [`Value`] (language §4) and its heap data;
//! * [`ops`]: the one definition of every operation (language §6, §7);
//! * [`mod@display`]: display, text form and JSON projection (language §5, runtime §14.2);
//! * [`error`]: [`Thrown`] and the runtime error catalogue (language §12);
//! * [`builtins`]: the builtin framework, the [`Machine`] trait and the prelude (builtins.md);
//! * [`tasks`]: task handles (language §14);
//! * [`agents`]: agents, providers and model calls (runtime §5–§11).
//!
//! # Using the runtime from a backend
//!
//! A backend evaluates operands, sequences control flow and runs closures; every value rule is a
//! call into this crate:
//!
//! | program construct | runtime call |
//! |---|---|
//! | strict binary operator, `~?>` | [`ops::binary`] with [`ops::BinaryOp`], which is also the IR's operator |
//! | `!`, `-`, `~`, `<~`, `typeof` | [`ops::unary`] |
//! | `++`, `--` | [`ops::update`] gives the new value; postfix yields the old one |
//! | `&&`, `\|\|`, `??`, `c ? x : y` | branch on [`Value::truthy`] / [`Value::is_null`]; the selected operand is the result |
//! | `~??`, `~@>` | [`ops::conf_coalesce_takes_left`], [`ops::conf_escalate_takes_right`], [`ops::conf_escalate_fallback`] |
//! | `c ~? x : y` | branch on truthiness, then [`ops::conf_conditional`] |
//! | `a ~\|> r` | [`ops::conf_pipe_result`] on the pipeline's result |
//! | `o.k`, `o~.k` (`?.`: test `is_null` first) | [`ops::get_member`], [`ops::get_member_confident`] |
//! | `o.m(args)` | [`ops::method_target`], then [`builtins::call_builtin`] or a call of the value |
//! | `o[i]`, `o.k = v`, `o[i] = v` | [`ops::get_index`], [`ops::set_member`], [`ops::set_index`] |
//! | call `f(args)` | closures: the backend; others: [`ops::call_native`]; then [`ops::finish_call`] |
//! | literals, spreads | [`ops::object_key`], [`ops::spread_into_array`], [`ops::spread_into_object`], [`ops::spread_into_arguments`] |
//! | template string | [`ops::interpolate`] |
//! | `for … in/of` | [`ops::iter_prepare`], [`ops::iter_length`], [`ops::iter_item`] (or [`ops::ForIn`]) |
//! | destructuring, match | [`ops::pattern`] |
//! | `await` (result) | [`ops::await_result`] |
//! | `uncertain` levels | [`ops::level`] with [`builtins::Levels`] |
//! | `throw e` | [`Thrown::user`]; runtime errors come from [`error::catalogue`] |
//! | error escapes | [`Thrown::to_diagnostic`], then add the span and the stack |
//! | dead zone | [`Value::UNINIT`], [`Value::is_uninit`], [`catalogue::before_initialization`] |
//!
//! Runtime errors are created without a position; the backend calls [`Thrown::fill_position`]
//! where the error surfaces in the program, before any `catch` can see the error object.
#![forbid(unsafe_code)]

pub mod agents;
pub mod builtins;
pub mod display;
pub mod error;
pub mod ops;
pub mod tasks;
pub mod trace;
pub mod value;

pub use builtins::{Machine, Output, Stream};
pub use display::{display, text_form, to_json};
pub use error::{catalogue, Thrown};
pub use value::{FunctionId, Inner, ObjectData, Value};
