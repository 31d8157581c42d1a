//! Shared helpers of the checker's integration tests.

use prism_checker::{check, ResolveEnv};
use prism_diagnostics::render;
use prism_span::SourceMap;

/// A `--- SOURCE --- / --- DIAGNOSTICS ---` document (STYLE rule 4): the source and the text form
/// (cli §3.2, colour off) of every diagnostic of the parse and the checker.
pub fn document(source: &str, name: &str) -> String {
    let mut files = SourceMap::new();
    let file = files.add(name, source);
    let parsed = prism_syntax::parse(source, file);
    let mut env = ResolveEnv::main();
    env.test_mode = name.ends_with(".test.prism");
    let checked = check(&parsed.program, source, file, &env);
    let mut out = format!("--- SOURCE ---\n{source}\n--- DIAGNOSTICS ---\n");
    for diagnostic in parsed.diagnostics.iter().chain(&checked.diagnostics) {
        out.push_str(&render(diagnostic, &files, false));
    }
    out
}
