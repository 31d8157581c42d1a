//! Times the checker (resolution and every check of language §15) on two generated programs: about
//! 1 MB of varied code, and a realistic file of 5,000 lines. Run with
//! `cargo run --release -p prism-checker --example check_bench`.
//!
//! Targets: under 100 ms for 1 MB and under 15 ms for 5,000 lines (release build, parse excluded).

use std::time::{Duration, Instant};

use prism_checker::{check, ResolveEnv};
use prism_span::FileId;

/// One block of ordinary Prism: functions, loops, objects, confidence operators, match, agents
/// calls and narrowing; `{n}` keeps names unique per block.
fn block(n: usize) -> String {
    format!(
        r#"/** Scores one review. */
function score{n}(review, weight = 1) {{
  let total = 0
  for item in review.items {{
    if (typeof item.value == "number") {{
      total += item.value * weight
    }} else if (item.value != null) {{
      total += len(item.value)
    }}
  }}
  const label = total > 10 ? "high" : "low"
  return {{ total, label, note: "score ${{total}}" }}
}}

const settings{n} = {{ retries: 3, limit: 0.7, name: "bench{n}" }}
let answer{n} = llm("Rate item {n}") ~> 0.8
let checked{n} = answer{n} ~?> [settings{n}.limit, "unsure"]
let parts{n} = [1, 2, 3].map(x => x * 2).filter(x => x > 2)
let summary{n} = match parts{n} {{
  [a, b] ~> 0.5 => a + b,
  [first, ...rest] => first,
  _ => 0,
}}
uncertain if (answer{n}) {{
  high {{ print("accept", summary{n}) }}
  medium {{ print("review ${{settings{n}.name}}") }}
  default {{ print("reject") }}
}}
let result{n} = score{n}({{ items: [{{ value: 1 }}, {{ value: "ab" }}] }}, 2)
print(result{n}.total, checked{n}, Math.max(1, 2) + "x".length)
"#
    )
}

fn program(target_bytes: usize) -> String {
    let mut source = String::new();
    let mut n = 0;
    while source.len() < target_bytes {
        source.push_str(&block(n));
        n += 1;
    }
    source
}

fn program_of_lines(lines: usize) -> String {
    let mut source = String::new();
    let mut n = 0;
    while source.lines().count() < lines {
        source.push_str(&block(n));
        n += 1;
    }
    source
}

/// The best of `rounds` timings of checking `source` (parse excluded), with the parse time.
fn time(source: &str, rounds: usize) -> (Duration, Duration, usize) {
    let parse_start = Instant::now();
    let parsed = prism_syntax::parse(source, FileId(0));
    let parse = parse_start.elapsed();
    let env = ResolveEnv::main();
    let mut best = Duration::MAX;
    let mut diagnostics = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let checked = check(&parsed.program, source, FileId(0), &env);
        best = best.min(start.elapsed());
        diagnostics = checked.diagnostics.len();
    }
    (parse, best, diagnostics)
}

fn main() {
    // `check_bench large N` checks only the 1 MB program, N times: with `perf stat -e task-clock`
    // this gives the processor time of one check on a machine shared with other work.
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("large") {
        let rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
        let large = program(1 << 20);
        let parsed = prism_syntax::parse(&large, FileId(0));
        for _ in 0..rounds {
            let start = Instant::now();
            let checked = check(&parsed.program, &large, FileId(0), &ResolveEnv::main());
            let elapsed = start.elapsed();
            drop(std::hint::black_box(checked));
            println!("check {:.1} ms", elapsed.as_secs_f64() * 1e3);
        }
        return;
    }
    let large = program(1 << 20);
    let (parse, checking, diagnostics) = time(&large, 5);
    println!(
        "1 MB ({} bytes, {} lines): parse {:.1} ms, check {:.1} ms ({diagnostics} diagnostics)",
        large.len(),
        large.lines().count(),
        parse.as_secs_f64() * 1e3,
        checking.as_secs_f64() * 1e3
    );
    let realistic = program_of_lines(5000);
    let (parse, checking, diagnostics) = time(&realistic, 20);
    println!(
        "5,000 lines ({} bytes, {} lines): parse {:.1} ms, check {:.1} ms ({diagnostics} diagnostics)",
        realistic.len(),
        realistic.lines().count(),
        parse.as_secs_f64() * 1e3,
        checking.as_secs_f64() * 1e3
    );
}
