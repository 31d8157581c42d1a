//! Prints the lowered IR of a file: `cargo run -p prism-interp --example ir_dump FILE`.

use prism_span::FileId;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: ir_dump FILE");
        return;
    };
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let file = FileId(0);
    let parsed = prism_syntax::parse(&source, file);
    let resolution =
        prism_checker::resolve(&parsed.program, file, &prism_checker::ResolveEnv::main());
    match prism_ir::lower_program(&parsed.program, &resolution, file, prism_ir::FileRole::Main) {
        Ok(program) => print!("{}", prism_ir::dump::dump(&program)),
        Err(errors) => eprintln!("{errors:?}"),
    }
}
