//! Loops that leave a reference cycle behind on every iteration must run in bounded memory
//! (issue 3): the cycle collector frees the unreachable cycles as the loop goes. Measured as
//! resident memory from `/proc` (Linux), alone in this test binary so that no other test
//! allocates meanwhile.

// Shared with the other test files; not every helper is used here.
#[allow(dead_code)]
mod support;

/// Resident set size in bytes, or `None` off Linux.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Each program makes 300,000 cycles that become unreachable at the end of their iteration.
const PROGRAMS: [(&str, &str); 4] = [
    (
        "object",
        "let i = 0; while (i < 300000) { let o = {}; o.me = o; i = i + 1 }; i",
    ),
    (
        "array",
        "let n = 0; for (let i = 0; i < 300000; i += 1) { let a = []; a.push(a); n += a.length }; n",
    ),
    (
        "closure",
        "let n = 0; for (let i = 0; i < 300000; i += 1) { let o = {}; o.f = () => o; n += 1 }; n",
    ),
    (
        "mixed",
        "let n = 0\n\
         for (let i = 0; i < 300000; i += 1) {\n\
           let o = { items: [] }; o.items.push({ back: o, get: () => o.items }); n += 1\n\
         }\n\
         n",
    ),
];

#[test]
fn loops_that_make_cycles_run_in_bounded_memory() {
    // Warm up the allocator and the run machinery first.
    support::run("let o = {}; o.me = o; 1");
    let Some(mut before) = resident_bytes() else {
        return; // No /proc: nothing to measure on this system.
    };
    for (name, source) in PROGRAMS {
        let outcome = support::run(source);
        assert_eq!(outcome.result, Ok("300000".to_owned()), "{name}");
        let after = resident_bytes().unwrap_or(before);
        let growth = after.saturating_sub(before);
        // Without the collector each of these grew memory by 40 MB or more; the collector keeps
        // the garbage to a few thousand small cycles.
        assert!(
            growth < 16 << 20,
            "{name}: resident memory grew by {} KB over 300,000 cycles",
            growth >> 10
        );
        before = after;
    }
}
