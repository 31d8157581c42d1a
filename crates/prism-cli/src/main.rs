//! The `prism` command (cli.md).
#![forbid(unsafe_code)]

fn main() {}
