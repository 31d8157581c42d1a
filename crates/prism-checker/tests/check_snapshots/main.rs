//! Snapshots of the checker's diagnostics (language §15): each snapshot is a `--- SOURCE --- /
//! --- DIAGNOSTICS ---` document with the text form of cli §3.2, colour off (STYLE rule 4). Every
//! code of §15.1–§15.3 and every type error of §15.5 appears at least twice: once plainly and once
//! through narrowing, a function boundary or another less direct route.

#[path = "../support/mod.rs"]
mod support;

mod errors;
mod types;
mod warnings;

/// Snapshots the checker's output for `source` under the test's name.
#[macro_export]
macro_rules! assert_check {
    ($source:expr) => {
        insta::assert_snapshot!($crate::support::document($source, "test.prism"))
    };
    ($source:expr, $name:expr) => {
        insta::assert_snapshot!($crate::support::document($source, $name))
    };
}
