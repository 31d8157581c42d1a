//! Prints, for every file named on standard input (one path a line), digests of everything the
//! front end produces for it: the `prism tokens` JSON with comments, the tree (`Debug`, so fields
//! the JSON form leaves out count too), the `prism ast` JSON and the diagnostics in the order they
//! were reported. Two builds that print the same lines agree on all of it, which is how a change
//! meant to make the front end faster is checked against the build before it. The digests come
//! from the standard library's `DefaultHasher`, whose algorithm may change between Rust releases:
//! compare builds made with the same toolchain.
//!
//! `find . -name '*.prism' | cargo run --release -p prism-syntax --example front_end_digest`

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::BufRead;

use prism_span::FileId;

fn digest(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn main() {
    for line in std::io::stdin().lock().lines() {
        let Ok(path) = line else { break };
        let Ok(source) = std::fs::read_to_string(&path) else {
            println!("{path} unreadable");
            continue;
        };
        let file = FileId(0);
        let lexed = prism_syntax::lex(&source, file);
        let tokens = prism_syntax::lexer::render_tokens(&source, &lexed, true, true);
        let lexical = format!("{:?}", lexed.diagnostics);
        let parsed = prism_syntax::parse(&source, file);
        let tree = format!("{:?}", parsed.program);
        let json = prism_syntax::ast_json::program_to_json_with_source(&parsed.program, &source);
        let diagnostics = format!("{:?}", parsed.diagnostics);
        println!(
            "{path} tokens={:016x} lexical={:016x} tree={:016x} json={:016x} diagnostics={:016x} count={}",
            digest(&tokens),
            digest(&lexical),
            digest(&tree),
            digest(&json.to_string()),
            digest(&diagnostics),
            parsed.diagnostics.len()
        );
    }
}
