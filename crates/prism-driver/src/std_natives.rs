//! The natives of the bundled standard modules (docs/stdlib.md, "Natives").
//!
//! A bundled module written in Prism reaches Rust through a few native functions. They are
//! **module-private**: when the driver compiles `std/NAME` it gives that module (and only that
//! module) a host scope holding the natives listed here for it, so programs — and the other
//! modules — cannot name them (`E0301`). At load time the runtime's `prelude_value` answers
//! them (the learn natives are registered with it by [`host_names`]), whatever the host.
//!
//! * `std/orchestrate`: `spawnAgent`, `snapshot` (prism-runtime, `builtins::std_natives`);
//! * `std/learn`: `learnRecord`, `learnBest`, `learnStats` (the `prism-learn` crate, which keeps
//!   SQLite out of the runtime).
use std::path::Path;
use std::sync::Once;

use prism_runtime::Value;
use smol_str::SmolStr;

/// The natives each bundled module may name.
const MODULE_NATIVES: &[(&str, &[&str])] = &[
    ("orchestrate", &["spawnAgent", "snapshot"]),
    ("learn", &["learnRecord", "learnBest", "learnStats"]),
];

/// The host names of the module compiled under `key` (`<std/NAME>` for bundled modules; any
/// other file has none). Registers the natives implemented outside the runtime on first use, so
/// that the runtime's `prelude_value` answers them in every host (run, test, child pattern).
pub(crate) fn host_names(key: &Path) -> Vec<SmolStr> {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        prism_runtime::builtins::std_natives::register(prism_learn::natives::NATIVES)
    });
    let Some(name) = key
        .to_str()
        .and_then(|key| key.strip_prefix("<std/"))
        .and_then(|rest| rest.strip_suffix('>'))
    else {
        return Vec::new();
    };
    MODULE_NATIVES
        .iter()
        .filter(|(module, _)| *module == name)
        .flat_map(|(_, names)| names.iter().copied().map(SmolStr::new))
        .collect()
}

/// The value of native `name`.
pub fn native(name: &str) -> Option<Value> {
    prism_runtime::builtins::std_natives::std_native(name)
        .or_else(|| prism_learn::natives::native(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bundled_modules_get_their_natives() {
        assert_eq!(
            host_names(Path::new("<std/orchestrate>")),
            ["spawnAgent", "snapshot"]
        );
        assert!(host_names(Path::new("<std/patterns>")).is_empty());
        assert!(host_names(Path::new("/project/std/learn.prism")).is_empty());
    }

    #[test]
    fn every_listed_native_has_a_value() {
        for (_, names) in MODULE_NATIVES {
            for name in *names {
                assert!(native(name).is_some(), "{name}");
            }
        }
        assert!(native("print").is_none());
    }
}
