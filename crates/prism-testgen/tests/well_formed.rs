//! Every generated program parses and passes the checker without errors (language §1.2 phases
//! 1–4), over 500 seeds; a failure prints the seed, the diagnostics and the program.

use prism_span::FileId;

const SEEDS: u64 = 500;

/// The error diagnostics of `source` as `CODE message at offset`.
fn compile_errors(source: &str) -> Vec<String> {
    let file = FileId(0);
    let parsed = prism_syntax::parse(source, file);
    let mut diagnostics = parsed.diagnostics;
    if !diagnostics.iter().any(|d| d.is_error()) {
        let env = prism_checker::ResolveEnv::main();
        diagnostics.extend(prism_checker::check(&parsed.program, source, file, &env).diagnostics);
    }
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = d.labels.first().map(|label| label.at.span.start);
            format!("{} {} at {at:?}", d.code, d.message)
        })
        .collect()
}

#[test]
fn generated_programs_parse_and_check_without_errors() {
    let mut failures = Vec::new();
    // One example per distinct error message start, so one run shows every kind of mistake.
    let mut kinds = std::collections::BTreeMap::new();
    for seed in 0..SEEDS {
        let program = prism_testgen::generate(seed);
        let errors = compile_errors(&program);
        for error in &errors {
            let key: String = error.chars().take(30).collect();
            kinds
                .entry(key)
                .or_insert_with(|| format!("seed {seed}: {error}"));
        }
        if !errors.is_empty() {
            failures.push(format!("seed {seed}: {}\n{program}", errors.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {SEEDS} programs do not compile. Kinds of error:\n{}\nFirst program:\n{}",
        failures.len(),
        kinds.into_values().collect::<Vec<_>>().join("\n"),
        failures.first().map(String::as_str).unwrap_or("")
    );
}

#[test]
fn a_seed_always_gives_the_same_program_and_seeds_differ() {
    assert_eq!(prism_testgen::generate(3), prism_testgen::generate(3));
    assert_ne!(prism_testgen::generate(3), prism_testgen::generate(4));
}

#[test]
fn fuzzer_bytes_give_programs_that_compile_even_when_exhausted() {
    let config = prism_testgen::Config::default();
    for input in [
        &[][..],
        &[0xff; 64][..],
        b"some fuzzer input of moderate length, 0123456789",
    ] {
        let program =
            prism_testgen::generate_from(&mut prism_testgen::ByteSource::new(input), config);
        assert_eq!(compile_errors(&program), Vec::<String>::new(), "{program}");
    }
}
