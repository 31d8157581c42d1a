//! Formats standard input to standard output (a quick way to look at the layout).
use std::io::Read;

fn main() {
    let mut source = String::new();
    if std::io::stdin().read_to_string(&mut source).is_err() {
        return;
    }
    match prism_fmt::format(&source) {
        Ok(text) => print!("{text}"),
        Err(errors) => {
            for error in errors {
                eprintln!("{} {}", error.code, error.message);
            }
        }
    }
}
