//! Prints the generated program for a seed: `cargo run -p prism-testgen --example testgen -- SEED`.

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(0);
    print!("{}", prism_testgen::generate(seed));
}
