//! `std/learn` (docs/stdlib.md): records persist across runs in the SQLite file named by
//! `[learn] path`, `best` applies its minimums and order, misuse and an unusable database are
//! errors.

mod std_support;

use std_support::{project, run_in};

const IMPORT: &str = "import { record, best, stats } from \"std/learn\"\n";

#[test]
fn records_persist_across_runs_and_best_picks_by_quality() {
    let dir = project("learn");
    let config = "[learn]\npath = \"data/learn.db\"\n";
    let first = format!("{IMPORT}record(\"release\", {{ strategy: \"sequential\" }}, {{ success: true, quality: 0.6 }})\nrecord(\"release\", {{ strategy: \"debate\" }}, {{ success: true, quality: 0.9 }})\nrecord(\"release\", {{ strategy: \"debate\" }}, {{ success: false }})\nprint(best(\"release\"))\nprint(best(\"release\", {{ minRuns: 2, minSuccessRate: 0.75 }}))\nprint(stats(\"release\"))");
    let ran = run_in(&dir, config, &first);
    assert_eq!(ran.codes, Vec::<&str>::new(), "{:?}", ran.lines);
    assert_eq!(
        ran.lines,
        [
            "{ config: { strategy: \"debate\" }, runs: 2, successes: 1, successRate: 0.5, meanQuality: 0.9 }",
            "null",
            "{ runs: 3, successes: 2, successRate: 0.6666666666666666, meanQuality: 0.75, configs: [{ config: { strategy: \"sequential\" }, runs: 1, successes: 1, successRate: 1, meanQuality: 0.6 }, { config: { strategy: \"debate\" }, runs: 2, successes: 1, successRate: 0.5, meanQuality: 0.9 }] }",
        ]
    );
    assert!(dir.join("data/learn.db").is_file());
    let second = format!("{IMPORT}record(\"release\", {{ strategy: \"sequential\" }}, {{ success: true, quality: 0.8 }})\nlet s = stats(\"release\")\nprint([s.runs, best(\"release\", {{ minRuns: 2, minSuccessRate: 0.75 }})])\nprint(stats(\"nothing\"))");
    let ran = run_in(&dir, config, &second);
    assert_eq!(ran.codes, Vec::<&str>::new(), "{:?}", ran.lines);
    assert_eq!(
        ran.lines,
        [
            "[4, { config: { strategy: \"sequential\" }, runs: 2, successes: 2, successRate: 1, meanQuality: 0.7 }]",
            "{ runs: 0, successes: 0, successRate: 0, meanQuality: null, configs: [] }",
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn misuse_and_an_unusable_database_are_errors() {
    let dir = project("learn-fail");
    std::fs::create_dir_all(dir.join("taken")).expect("directory");
    let program = format!("{IMPORT}for o in [{{}}, {{ success: true, quality: 2 }}] {{\n try {{ record(\"k\", {{}}, o) }} catch (e) {{ print([e.kind, e.message]) }}\n}}\ntry {{ record(\"k\", {{}}, {{ success: true }}) }} catch (e) {{ print(e.kind) }}");
    let ran = run_in(&dir, "[learn]\npath = \"taken\"\n", &program);
    assert_eq!(ran.codes, Vec::<&str>::new(), "{:?}", ran.lines);
    assert_eq!(
        ran.lines,
        [
            "[\"TypeError\", \"record: outcome.success must be a boolean, got null\"]",
            "[\"RangeError\", \"record: outcome.quality must be a number in [0, 1], got 2\"]",
            "LearnError",
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
