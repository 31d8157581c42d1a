//! Prints the checker's diagnostics for one file (text form, cli §3.2): `cargo run --example
//! check_file -- path.prism`.

use prism_checker::{check, ResolveEnv};
use prism_span::SourceMap;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_file PATH");
        return;
    };
    let Ok(source) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let mut files = SourceMap::new();
    let file = files.add(path.clone(), source.clone());
    let parsed = prism_syntax::parse(&source, file);
    let checked = check(&parsed.program, &source, file, &ResolveEnv::main());
    for diagnostic in parsed.diagnostics.iter().chain(&checked.diagnostics) {
        print!("{}", prism_diagnostics::render(diagnostic, &files, false));
    }
    if let Some(offset) = std::env::args()
        .nth(2)
        .and_then(|offset| offset.parse().ok())
    {
        println!(
            "type at {offset}: {:?} {:?}",
            checked.type_at(offset).map(ToString::to_string),
            checked.kind_at(offset)
        );
    }
}
