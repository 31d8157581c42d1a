//! Parser throughput: generates a realistic ~1 MB Prism file and reports MB/s for lexing alone and
//! for lexing plus parsing plus validation (the work of `prism_syntax::parse`).
//!
//! Run with `cargo run --release -p prism-syntax --example parse_bench [SIZE_MB] [ROUNDS]`.
//! With `--dump FILE` it only parses FILE and prints its `prism ast` JSON and diagnostics.
//! A third argument `lex`, `parse`, `all`, `two-phase`, `fused` or `none` runs only that phase, once per round and with
//! nothing else measured, so that `valgrind --tool=callgrind` counts one phase (subtract the
//! count of `none`, which only generates the input).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, SourceMap, Span};
use prism_syntax::ast::Program;
use prism_syntax::token::Token;

type Tok = (Token, Span);

/// One section of a typical agent-orchestration script; `{n}` makes the names unique.
fn section(n: usize) -> String {
    let mut text = String::new();
    let _ = write!(
        text,
        r#"// Section {n}: review a batch of documents with two agents.
agents {{
  reviewer{n}: Agent {{ model: "gpt-4", temperature: 0.2, role: "review" }},
  writer{n}: {{ model: "claude", tools: ["search", "summarise"] }}
}}

/** Scores one document and annotates the score with its confidence. */
async function score{n}(doc, weight = 1, ...extra) ~> 0.9 {{
  let text = doc.body ?? ""
  const words = text.split(" ").filter(w => w.length > 0)
  let [first, , third = "none", ...others] = words
  let {{ title, meta: {{ author }}, tags = [] }} = doc
  let raw = await reviewer{n}.ask("Rate ${{title}} by ${{author}}: ${{text.slice(0, 200)}}")
  let score = (raw.score * weight + extra.length) ~> 0.8
  if (score > 0.5 && !doc.draft) {{
    return score ~~ doc.trust
  }} else if score ~> 0.7 ~> 0.6 {{
    score += 0.1
  }}
  for (let i = 0; i < words.length; i++) {{
    if words[i] == "urgent" {{ score = score ~+ 0.05; break }}
  }}
  for tag, index in tags {{
    print("tag ${{index}}: ${{tag}}")
  }}
  return match raw.verdict {{
    "accept" => score,
    "reject" if score < 0.2 => 0,
    {{ level, reason }} => level ~> 0.5,
    [a, b ~> 0.7, ...rest] => a + b,
    -1 => null,
    _ => {{ throw Error("unknown verdict") }}
  }}
}}

let results{n} = documents
  |> filter(_, d => d.ready)
  |> map(_, async (d) => await score{n}(d, 2))
  ~|> summarise
  ~?> 0.6

uncertain if results{n} {{
  high {{ publish(results{n}) }}
  medium {{ in context Review {{ writer{n}.call("revise", {{ items: results{n}, limit: 10 }}) }} -> Done }}
  low {{ escalate(results{n}) }}
}}

try {{
  const summary = ```
Report {n}
${{results{n}.length}} documents
```
  log(summary, {{ level: "info", count: results{n}.length, ok: true }})
}} catch (e) {{
  log(e.message)
}} finally {{
  done = done + 1
}}

"#
    );
    text
}

fn generate(target_bytes: usize) -> String {
    let mut source = String::with_capacity(target_bytes + 4096);
    let mut n = 0;
    while source.len() < target_bytes {
        source.push_str(&section(n));
        n += 1;
    }
    source
}

/// CPU time used by this process so far (user + system from `/proc/self/stat`, in 10 ms clock
/// ticks). On a shared, loaded machine the wall clock also counts time spent waiting for a core;
/// CPU time over many rounds does not.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Measures `run`: the fastest round by the wall clock, with each result dropped outside the
/// measured window, and the mean CPU time per round, which includes dropping the result.
fn measure<T>(rounds: usize, mut run: impl FnMut() -> T) -> (Duration, Option<Duration>) {
    let rounds = rounds.max(1);
    let mut fastest = Duration::MAX;
    let cpu_start = cpu_time();
    for _ in 0..rounds {
        let start = Instant::now();
        let result = run();
        fastest = fastest.min(start.elapsed());
        drop(result);
    }
    let divisor = u32::try_from(rounds).unwrap_or(u32::MAX);
    let cpu = cpu_start
        .zip(cpu_time())
        .map(|(start, end)| end.saturating_sub(start) / divisor);
    (fastest, cpu)
}

fn dump(path: &str) {
    let Ok(source) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let mut files = SourceMap::new();
    let file = files.add(path, source.as_str());
    let parsed = prism_syntax::parse(&source, file);
    let json = prism_syntax::ast_json::program_to_json_with_source(&parsed.program, &source);
    println!(
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    for diagnostic in &parsed.diagnostics {
        eprint!("{}", prism_diagnostics::render(diagnostic, &files, false));
    }
}

/// One phase alone, on one thread, for instruction counts: the result of each round is kept
/// until the end, so that freeing it is not counted.
fn run_phase(source: &str, phase: &str, rounds: usize) {
    let lexed = prism_syntax::lex(source, FileId(0));
    let mut kept = Vec::new();
    for _ in 0..rounds {
        let count = match phase {
            "lex" => prism_syntax::lex_on_one_thread(source, FileId(0))
                .tokens
                .len(),
            "parse" => {
                let mut diagnostics = Vec::new();
                let program = prism_syntax::parser::parse_tokens_on_one_thread(
                    source,
                    FileId(0),
                    &lexed.tokens,
                    &mut diagnostics,
                );
                let count = program.body.len();
                kept.push(program);
                count
            }
            "all" => {
                let parsed = prism_syntax::parse_on_one_thread(source, FileId(0));
                let count = parsed.program.body.len();
                kept.push(parsed.program);
                count
            }
            // The two ways `parse` may spread a file over threads, each result dropped at once
            // (for `perf stat`, which counts the whole run).
            "two-phase" => {
                let lexed = prism_syntax::lex(source, FileId(0));
                let mut diagnostics = lexed.diagnostics;
                let program = prism_syntax::parser::parse_and_validate_tokens(
                    source,
                    FileId(0),
                    &lexed.tokens,
                    &mut diagnostics,
                );
                program.body.len()
            }
            "fused" => prism_syntax::lex_and_parse(source, FileId(0))
                .1
                .program
                .body
                .len(),
            _ => 0,
        };
        println!("{phase}: {count}");
    }
    std::mem::forget(kept);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        if flag == "--dump" {
            dump(path);
            return;
        }
    }
    let megabytes: f64 = args.first().and_then(|arg| arg.parse().ok()).unwrap_or(1.0);
    let rounds: usize = args.get(1).and_then(|arg| arg.parse().ok()).unwrap_or(10);
    let source = generate((megabytes * 1_000_000.0) as usize);
    let size = source.len() as f64 / 1_000_000.0;
    if let Some(phase) = args.get(2) {
        run_phase(&source, phase, rounds);
        return;
    }

    let check = prism_syntax::parse(&source, FileId(0));
    let tokens = prism_syntax::lex(&source, FileId(0)).tokens.len();
    println!(
        "generated {size:.2} MB, {tokens} tokens, {} top-level statements, {} diagnostics",
        check.program.body.len(),
        check.diagnostics.len()
    );
    for diagnostic in check.diagnostics.iter().take(3) {
        println!("  {} {}", diagnostic.code, diagnostic.message);
    }

    let rate = |time: Duration| size / time.as_secs_f64();
    let report = |what: &str, (wall, cpu): (Duration, Option<Duration>)| {
        let cpu_text = cpu.map_or(String::new(), |cpu| {
            format!(
                "   cpu {:>7.2} ms  {:>7.1} MB/s",
                cpu.as_secs_f64() * 1e3,
                rate(cpu)
            )
        });
        println!(
            "{what:<24} wall {:>7.2} ms  {:>7.1} MB/s{cpu_text}",
            wall.as_secs_f64() * 1e3,
            rate(wall)
        );
    };
    // Each figure twice: as `prism` runs it (a large file is spread over the cores) and on one
    // thread. CPU time adds up the time of every thread.
    report(
        "lex, one thread",
        measure(rounds, || {
            prism_syntax::lex_on_one_thread(&source, FileId(0))
        }),
    );
    report(
        "lex",
        measure(rounds, || prism_syntax::lex(&source, FileId(0))),
    );
    let lexed = prism_syntax::lex(&source, FileId(0));
    report(
        "parse, one thread",
        measure(rounds, || {
            let mut diagnostics = Vec::new();
            prism_syntax::parser::parse_tokens_on_one_thread(
                &source,
                FileId(0),
                &lexed.tokens,
                &mut diagnostics,
            )
        }),
    );
    report(
        "parse",
        measure(rounds, || {
            let mut diagnostics = Vec::new();
            prism_syntax::parser::parse_tokens(&source, FileId(0), &lexed.tokens, &mut diagnostics)
        }),
    );
    type Lexer = fn(&str, FileId) -> prism_syntax::Lexed;
    type Parser = fn(&str, FileId, &[Tok], &mut Vec<Diagnostic>) -> Program;
    let tokens_and_tree = |lex: Lexer, parse: Parser| {
        let lexed = lex(&source, FileId(0));
        let mut diagnostics = lexed.diagnostics;
        let program = parse(&source, FileId(0), &lexed.tokens, &mut diagnostics);
        (lexed.tokens, program)
    };
    report(
        "lex + parse, one thread",
        measure(rounds, || {
            tokens_and_tree(
                prism_syntax::lex_on_one_thread,
                prism_syntax::parser::parse_tokens_on_one_thread,
            )
        }),
    );
    report(
        "lex + parse",
        measure(rounds, || {
            tokens_and_tree(prism_syntax::lex, prism_syntax::parser::parse_tokens)
        }),
    );
    // `prism_syntax::parse` before session 7: the lexer's threads, then the parser's.
    report(
        "lex, then parse+validate",
        measure(rounds, || {
            let lexed = prism_syntax::lex(&source, FileId(0));
            let mut diagnostics = lexed.diagnostics;
            let program = prism_syntax::parser::parse_and_validate_tokens(
                &source,
                FileId(0),
                &lexed.tokens,
                &mut diagnostics,
            );
            (lexed.tokens, program)
        }),
    );
    // The figure of issue 2's target: `lex_and_parse` lexes, parses and validates a large file in
    // one fork and join, and returns the tokens too.
    report(
        "tokens + AST (fused)",
        measure(rounds, || prism_syntax::lex_and_parse(&source, FileId(0))),
    );
    report(
        "lex+parse+validate, 1 t",
        measure(rounds, || {
            prism_syntax::parse_on_one_thread(&source, FileId(0))
        }),
    );
    report(
        "lex + parse + validate",
        measure(rounds, || prism_syntax::parse(&source, FileId(0))),
    );
    let free = (0..rounds)
        .map(|_| {
            let parsed = prism_syntax::parse(&source, FileId(0));
            let start = Instant::now();
            drop(parsed);
            start.elapsed()
        })
        .min()
        .unwrap_or_default();
    report("freeing the tree", (free, None));
}
