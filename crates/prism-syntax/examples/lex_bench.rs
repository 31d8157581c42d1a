//! Lexer throughput on about 1 MB of generated, realistic Prism (agents, strings with
//! interpolation, confidence operators, comments, numbers).
//!
//! Run with `cargo run --release -p prism-syntax --example lex_bench [SIZE_IN_BYTES [lex]]`. It prints the
//! lexing rate and, for comparison with the front-end target, the rate of lexing plus parsing
//! (skipped when the second argument is `lex`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use prism_span::FileId;

/// One block of source with `{n}` standing for a varying number, so names differ across blocks.
const TEMPLATE: &str = r#"/** Reviews ticket {n} and routes it. */
function review_{n}(ticket, threshold) {
  let summary = summarizer.ask("Summarise ticket ${ticket.id}: ${ticket.body}") ~> 0.85
  const score = (summary.length * 1.5 + {n}) / 100_000 // rough size score
  if (score ~>= threshold && ticket.priority != null) {
    return { id: ticket.id, summary, score, tags: ["urgent", 'review', `{n}`] }
  }
  uncertain if (summary) {
    high { log("confident: " + summary) }
    medium { summary = summary ~?? "fallback" }
    default { throw Error("no summary for ${ticket.id ?? "unknown"}") }
  }
  /* retry with a
     smaller model */
  let retried = tickets.map(fn(t) => t.body |> clean ~|> classify).filter(_ => true)
  for (let i = 0; i < 3; i++) { retried[i] = retried[i] ~> 0.5e-1 }
  return retried
}
"#;

fn generate(target_len: usize) -> String {
    let mut source = String::with_capacity(target_len + TEMPLATE.len());
    let mut n = 0u32;
    while source.len() < target_len {
        // The lone backtick stands for the block number inside a single-quoted-like slot; write
        // it as a fenced string instead so the file has no lexical errors.
        let block = TEMPLATE
            .replace("`{n}`", "```{n}```")
            .replace("{n}", &n.to_string());
        source.push_str(&block);
        n += 1;
    }
    source
}

/// The best time of `runs` runs of `work`.
fn best_of(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let size = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(1 << 20);
    let lex_only = std::env::args().nth(2).is_some_and(|arg| arg == "lex");
    let source = generate(size);
    let lexed = prism_syntax::lex(&source, FileId(0));
    assert!(
        lexed.diagnostics.is_empty(),
        "generated source has errors: {:?}",
        lexed.diagnostics
    );
    let megabytes = source.len() as f64 / 1e6;
    println!(
        "source: {:.2} MB, {} tokens, {} comments",
        megabytes,
        lexed.tokens.len(),
        lexed.comments.len()
    );

    let lex_time = best_of(20, || {
        black_box(prism_syntax::lex(black_box(&source), FileId(0)));
    });
    println!(
        "lex:         {:>8.2} ms  {:>7.1} MB/s  {:>6.1} M tokens/s",
        lex_time.as_secs_f64() * 1e3,
        megabytes / lex_time.as_secs_f64(),
        lexed.tokens.len() as f64 / 1e6 / lex_time.as_secs_f64()
    );

    if lex_only {
        return;
    }
    let parse_time = best_of(10, || {
        black_box(prism_syntax::parse(black_box(&source), FileId(0)));
    });
    println!(
        "lex + parse: {:>8.2} ms  {:>7.1} MB/s",
        parse_time.as_secs_f64() * 1e3,
        megabytes / parse_time.as_secs_f64()
    );
}
