//! The lowered intermediate representation of Prism programs.
#![forbid(unsafe_code)]
