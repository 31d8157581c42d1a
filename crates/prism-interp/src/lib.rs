//! The Prism interpreter over the lowered IR.
#![forbid(unsafe_code)]
