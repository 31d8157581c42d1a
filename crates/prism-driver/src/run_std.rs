//! The standard modules bundled with the toolchain (language §13.7, builtins §18), found by
//! `std/NAME` specifiers. The sources are in `std/` beside this file; the table naming them is
//! `prism_project::std_modules`, shared with the language server.

pub(crate) use prism_project::std_modules::std_module;
