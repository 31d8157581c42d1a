//! The names visible outside every file scope: the prelude (builtins.md §3) and the host scope
//! (language §9.1, runtime §3.5, §4, §15.4).
//!
//! Each table lists names only; the type checker will later attach a signature to each entry.

/// Every global name of the prelude index (builtins.md §3), in the order of that table. Read-only
/// in every file (language §9.1); assigning one is `E0304`.
pub const PRELUDE: &[&str] = &[
    // builtins §2
    "print",
    "console",
    // builtins §10
    "Array",
    // builtins §6, §10
    "Boolean",
    "Number",
    "String",
    // builtins §7, §8, §9, §13, §14, §15
    "Object",
    "Math",
    "JSON",
    "Promise",
    "Date",
    "Error",
    // builtins §6
    "Infinity",
    "NaN",
    // builtins §10
    "isNaN",
    "isFinite",
    "parseInt",
    "parseFloat",
    // builtins §7
    "keys",
    "values",
    "entries",
    "has",
    "merge",
    "assign",
    "fromEntries",
    "pick",
    "omit",
    // builtins §11
    "len",
    "range",
    "map",
    "filter",
    "reduce",
    "max",
    "min",
    "sum",
    "mean",
    "first",
    "last",
    "sortBy",
    "groupBy",
    "countBy",
    "maxBy",
    "minBy",
    "unique",
    "zip",
    "chunk",
    "partition",
    "shuffle",
    "sample",
    // builtins §12
    "confidence",
    "threshold",
    "consensus",
    "aggregate",
    "average",
    "weightedAverage",
    "majorityVote",
    "best",
    "coalesce",
    "gate",
    "calibrate",
    "level",
    // builtins §13
    "spawn",
    "delay",
    "sleep",
    "timeout",
    "parallel",
    // builtins §14
    "now",
    // builtins §15
    "assert",
    "assertEqual",
    "assertClose",
    "assertConfidence",
    "assertThrows",
    // builtins §16
    "llm",
    "agent",
    "agents",
    "runPattern",
    "contextStack",
];

/// Prelude names that exist only in test mode (builtins §17): files run by `prism test` and files
/// named `*.test.prism`. Elsewhere they are not defined (`E0301`).
pub const TEST_PRELUDE: &[&str] = &["test", "mock"];

/// Host names of every main program (language §9.1, runtime §3.5, §4). Modules do not see them
/// (language §13.6).
pub const HOST: &[&str] = &["input", "pattern"];

/// The extra host names of the legacy Parallax mode (runtime §15.4). `average`, `synthesize` and
/// `majorityVote` shadow the prelude functions of the same names.
pub const PARALLAX_HOST: &[&str] = &[
    "agentResults",
    "successfulResults",
    "agentCount",
    "agentList",
    "workspace",
    "average",
    "synthesize",
    "majorityVote",
];

/// Whether `name` is a prelude name outside test mode.
pub fn is_prelude(name: &str) -> bool {
    PRELUDE.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_has_no_duplicates() {
        let mut names: Vec<&str> = PRELUDE.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PRELUDE.len());
    }

    #[test]
    fn prelude_covers_the_index() {
        for name in [
            "print",
            "Math",
            "llm",
            "agents",
            "omit",
            "contextStack",
            "NaN",
        ] {
            assert!(is_prelude(name), "{name}");
        }
        assert!(!is_prelude("test"));
    }
}
