//! The standard modules bundled with the toolchain (language §13.7, builtins §18), found by
//! `std/NAME` specifiers.

/// The source of `std/NAME`, if the toolchain bundles it.
pub(crate) fn std_module(name: &str) -> Option<&'static str> {
    match name {
        "patterns" => Some(include_str!("std/patterns.prism")),
        _ => None,
    }
}
