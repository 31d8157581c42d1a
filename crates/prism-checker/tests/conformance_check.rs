//! Runs the whole checker over every case of the conformance corpus (`tests/conformance`) that
//! parses: the acceptance bar of language §15.4–§15.5 is that no case gets a checker error its
//! `//! error:` headers do not name, every checker code a header names is produced, and a
//! `//! check-only` case produces exactly the checker codes its headers name.

use std::collections::BTreeSet;

use prism_checker::{check, ResolveEnv};
use prism_span::FileId;

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{codes_with_modules, compare_corpus, for_each_prefix, header_codes};

/// The codes of language §15.1–§15.3 and §15.5: what the checker reports.
fn is_checker_code(code: &str) -> bool {
    code.starts_with("E03")
        || code.starts_with("E04")
        || code.starts_with("W04")
        || code.starts_with("I03")
}

fn checker_codes(
    program: &prism_syntax::ast::Program,
    source: &str,
    env: &ResolveEnv,
) -> Vec<String> {
    let checked = check(program, source, FileId(0), env);
    checked
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

#[test]
fn conformance_cases_check_as_expected() {
    let (failures, checked) = compare_corpus(
        |path, env| codes_with_modules(path, env, &mut BTreeSet::new(), &checker_codes),
        |source| header_codes(source, is_checker_code),
        |source, code| {
            code.starts_with('E') || source.lines().any(|line| line.trim() == "//! check-only")
        },
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} conformance cases checked");
}

/// Every prefix of every corpus file (at a stride) is parsed and checked: the checker must accept
/// any partial tree that error recovery leaves.
#[test]
fn checking_never_panics_on_partial_trees() {
    for_each_prefix(7, |prefix| {
        let parsed = prism_syntax::parse(prefix, FileId(0));
        let _ = check(&parsed.program, prefix, FileId(0), &ResolveEnv::main());
    });
}

/// Long operator and call chains (as deep as the parser accepts) are checked without exhausting
/// the stack of a test thread.
#[test]
fn long_chains_are_checked() {
    let sum = format!("let a = 1\nprint(a{})", " + a".repeat(400));
    let chain = format!("let o = {{}}\no{}", ".f(o)".repeat(240));
    let confident = format!("let c = 1 ~> 0.5\nprint(c{})", " ~+ c".repeat(400));
    for source in [sum, chain, confident] {
        let parsed = prism_syntax::parse(&source, FileId(0));
        let checked = check(&parsed.program, &source, FileId(0), &ResolveEnv::main());
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics.first());
    }
}
