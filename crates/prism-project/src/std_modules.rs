//! The standard modules bundled with the toolchain (language §13.7, builtins §18), found by
//! `std/NAME` specifiers and shown as `std/NAME.prism` (cli §2.2). The sources live beside the
//! driver that runs them; this table is the one place that names them.

/// The names of the bundled modules, in the order completion offers them.
pub const STD_MODULES: &[&str] = &["patterns", "legacy", "strategies", "orchestrate", "learn"];

/// The source of `std/NAME`, if the toolchain bundles it.
pub fn std_module(name: &str) -> Option<&'static str> {
    match name {
        "patterns" => Some(include_str!("../../prism-driver/src/std/patterns.prism")),
        "legacy" => Some(include_str!("../../prism-driver/src/std/legacy.prism")),
        "strategies" => Some(include_str!("../../prism-driver/src/std/strategies.prism")),
        "orchestrate" => Some(include_str!("../../prism-driver/src/std/orchestrate.prism")),
        "learn" => Some(include_str!("../../prism-driver/src/std/learn.prism")),
        // Helpers of strategies and orchestrate (docs/stdlib.md); not offered for completion.
        "_shared" => Some(include_str!("../../prism-driver/src/std/_shared.prism")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_module_has_a_source() {
        for name in STD_MODULES {
            assert!(
                std_module(name).is_some_and(|source| !source.is_empty()),
                "{name}"
            );
        }
        assert_eq!(std_module("nope"), None);
    }
}
