//! Runs name resolution over every case of the conformance corpus (`tests/conformance`) that parses.
//!
//! A case may produce a resolution error (`E0301`–`E0306`) only when one of its `//! error:`
//! headers names that code, and every resolution code (including `I0301`) that a header names must
//! be produced — by the case itself or by a module it imports with a relative specifier (which is
//! resolved as a module, language §13.6).

use std::collections::BTreeSet;

use prism_checker::{resolve, ResolveEnv};
use prism_span::FileId;

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{codes_with_modules, compare_corpus, for_each_prefix, header_codes};

const RESOLUTION_CODES: &[&str] = &[
    "E0301", "E0302", "E0303", "E0304", "E0305", "E0306", "I0301",
];

fn resolution_codes(
    program: &prism_syntax::ast::Program,
    _: &str,
    env: &ResolveEnv,
) -> Vec<String> {
    let resolution = resolve(program, FileId(0), env);
    resolution
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

#[test]
fn conformance_cases_resolve_as_expected() {
    let (failures, checked) = compare_corpus(
        |path, env| codes_with_modules(path, env, &mut BTreeSet::new(), &resolution_codes),
        |source| header_codes(source, |code| RESOLUTION_CODES.contains(&code)),
        |_, code| code.starts_with('E'),
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} conformance cases resolved");
}

/// Error recovery leaves partial trees (`Error` nodes, missing parts); resolution must accept any of
/// them. Every prefix of every corpus file (at a stride) is parsed and resolved.
#[test]
fn resolution_never_panics_on_partial_trees() {
    let mut resolved = 0usize;
    for_each_prefix(11, |prefix| {
        let parsed = prism_syntax::parse(prefix, FileId(0));
        let _ = resolve(&parsed.program, FileId(0), &ResolveEnv::main());
        resolved += 1;
    });
    assert!(resolved > 1000, "only {resolved} prefixes resolved");
}
