//! A generator of random Prism programs for differential testing (issue 8): every program parses,
//! passes the checker without errors (language §15), terminates quickly, and is deterministic
//! under a fixed `--seed` and the virtual clock, so two backends must agree on it exactly
//! (language §0.4): printed output, final value and confidence, runtime error code and span.
//!
//! Programs cover arithmetic with edge values (±0, NaN, ±Infinity, huge and tiny numbers),
//! comparisons and logic, every loop form with fixed bounds, functions and bounded recursion,
//! closures that capture and mutate, arrays, strings, objects, `match`, the confidence operators of
//! §7.3 and the `uncertain` statements, `try`/`catch`/`finally` around the runtime errors of §12.5,
//! and `async` functions on the virtual clock.
//!
//! The generator tracks a static type for every variable so that the checker can never prove an
//! operation wrong, bounds the work of every program with a cost estimate (loops multiply, calls
//! cost their body), and caps stored strings and arrays so that repeated doubling stays cheap.
#![forbid(unsafe_code)]

mod collections;
mod confidence;
mod control;
mod errors;
mod expr;
mod functions;
mod gen;
mod scalar;
mod scope;
mod source;
mod stmt;
mod text;

pub use source::{ByteSource, SeededSource, Source};

/// Size limits of generated programs.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Top-level statements: between `min_statements` and `max_statements`.
    pub min_statements: u32,
    pub max_statements: u32,
    /// Nesting of blocks (if, loops, functions, try).
    pub max_block_depth: u32,
    /// Nesting of expressions.
    pub max_expr_depth: u32,
    /// Iterations of one loop.
    pub max_loop_count: u32,
    /// Estimated operations of the whole program.
    pub work_budget: u64,
    /// Estimated operations of one function body.
    pub function_budget: u64,
    /// Chance, in percent, that the program ends with an uncaught runtime error.
    pub uncaught_error_percent: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_statements: 8,
            max_statements: 30,
            max_block_depth: 3,
            max_expr_depth: 3,
            max_loop_count: 5,
            work_budget: 200_000,
            function_budget: 4_000,
            uncaught_error_percent: 12,
        }
    }
}

/// The program for `seed` with the default limits.
pub fn generate(seed: u64) -> String {
    generate_from(&mut SeededSource::new(seed), Config::default())
}

/// A program whose every choice comes from `source`.
pub fn generate_from(source: &mut dyn Source, config: Config) -> String {
    let mut gen = gen::Gen::new(source, config);
    let spread = config.max_statements.saturating_sub(config.min_statements) + 1;
    let count = config.min_statements + gen.below(spread);
    gen.statements(count);
    if gen.below(100) < config.uncaught_error_percent {
        gen.uncaught_error();
    }
    let ty = gen.pick(&scope::Ty::ALL);
    let value = gen.expr(ty, 2);
    gen.line(&format!("{value};"));
    gen.finish()
}
