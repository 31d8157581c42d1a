//! Values, operations, builtins and tasks shared by the Prism backends.
#![forbid(unsafe_code)]
