//! The `prism` command (cli.md): argument parsing in `args`, one module per command, and the
//! shared pieces (terminal output, colour, summaries) in `output`.
#![forbid(unsafe_code)]

mod args;
mod check;
mod fmt;
mod legacy;
mod lsp;
mod output;
mod run;
mod run_json;
mod source_arg;
mod syntax;
mod test;
mod usage;

use std::process::ExitCode;

use args::{Command, UsageError};

/// Exit codes of cli §2.3.
pub const EXIT_OK: u8 = 0;
pub const EXIT_RUNTIME: u8 = 1;
pub const EXIT_COMPILE: u8 = 2;
pub const EXIT_USAGE: u8 = 64;
/// Interrupted by the user (cli §2.3).
pub const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let args = std::env::args_os().skip(1).collect();
    let backend_env = std::env::var("PRISM_BACKEND").ok();
    let code = match args::parse(args, backend_env) {
        Ok(command) => execute(command),
        Err(error) => usage_error(&error),
    };
    ExitCode::from(code)
}

fn execute(command: Command) -> u8 {
    let result = match command {
        Command::Run(args) if args.parallax => legacy::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Check(args) => check::check(&args),
        Command::Fmt(args) => fmt::fmt(&args),
        Command::Tokens(args) => syntax::tokens(&args),
        Command::Ast(args) => syntax::ast(&args),
        Command::Test(args) => test::test(&args),
        Command::Lsp(common) => lsp::lsp(&common),
        Command::Help(topic) => {
            output::stdout(&usage::help(topic.as_deref()));
            Ok(EXIT_OK)
        }
        Command::Version => {
            output::stdout(&format!(
                "prism {}\nbackends: interp, jit\n",
                env!("CARGO_PKG_VERSION")
            ));
            Ok(EXIT_OK)
        }
        Command::Unavailable(name) => Err(UsageError::new(
            Some(name),
            format!("'prism {name}' is not available yet"),
        )),
    };
    result.unwrap_or_else(|error| usage_error(&error))
}

/// Prints a usage error as cli §2.3 says and returns its exit code.
fn usage_error(error: &UsageError) -> u8 {
    output::stderr(&format!(
        "error: {}\nusage: {}\n",
        error.message,
        usage::synopsis(error.command)
    ));
    EXIT_USAGE
}
