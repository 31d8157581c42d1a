//! Times the editor features on a generated 5,000-line program (cli §8 latency targets):
//! `cargo run --release -p prism-ide --example latency`.

use std::time::Instant;

use prism_ide::{Analysis, NoPaths, ResolveEnv};
use prism_span::FileId;

/// A realistic block of Prism (functions, agents-free confidence code, objects, loops), repeated
/// with fresh names until the program has `lines` lines.
fn program(lines: usize) -> String {
    let mut text = String::from("/**\n * Generated.\n * @name latency\n */\n");
    let mut index = 0;
    while text.lines().count() < lines {
        text.push_str(&format!(
            "/** Scores item {index}. */\nfunction score{index}(item, weight = 0.5) {{\n  let base = item.value * weight\n  let sure = base ~> 0.8\n  uncertain if (sure) {{\n    high {{ return {{ id: {index}, total: base + 1 }} }}\n    default {{ return null }}\n  }}\n}}\nconst items{index} = [1, 2, 3].map(x => ({{ value: x }}))\nlet results{index} = items{index}.map(i => score{index}(i))\nfor (let k = 0; k < len(results{index}); k++) {{ print(results{index}[k]) }}\n\n",
        ));
        index += 1;
    }
    text
}

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) {
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(f());
    }
    let each = start.elapsed() / runs;
    println!("{label:<32} {:>8.2} ms", each.as_secs_f64() * 1000.0);
}

fn main() {
    let text = program(5000);
    let end = text.len() as u32;
    let marked = format!("{text}print(results1.)\n");
    let dot = text.len() as u32 + "print(results1.".len() as u32;
    println!("{} lines, {} bytes", marked.lines().count(), marked.len());
    time("parse only", 5, || prism_syntax::parse(&marked, FileId(0)));
    let parsed = prism_syntax::parse(&marked, FileId(0));
    time("check only", 5, || {
        prism_checker::check(&parsed.program, &marked, FileId(0), &ResolveEnv::main())
    });
    time("analysis (lex, parse, check)", 10, || {
        Analysis::new(&marked, FileId(0), ResolveEnv::main())
    });
    let analysis = Analysis::new(&marked, FileId(0), ResolveEnv::main());
    let clean = Analysis::new(&text, FileId(0), ResolveEnv::main());
    println!(
        "diagnostics of the program before the last line: {}",
        clean.diagnostics().len()
    );
    time("completion after `results1.`", 50, || {
        analysis.completion(dot, &NoPaths)
    });
    time("completion of names at the end", 50, || {
        analysis.completion(end, &NoPaths)
    });
    time("hover", 50, || analysis.hover(end - 20));
    time("signature help", 50, || analysis.signature_help(dot));
    time("semantic tokens", 10, || analysis.semantic_tokens());
    time("document symbols", 10, || analysis.document_symbols());
    time("inlay hints (whole file)", 10, || {
        analysis.inlay_hints(prism_span::Span::new(0, end))
    });
}
