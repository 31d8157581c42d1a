//! Synopsis lines (cli §1) and help texts. The synopsis is normative where it is printed after a
//! usage error (cli §2.3); the help texts are not.

/// The commands `prism` knows, in the order of cli §1.
pub const COMMANDS: [&str; 9] = [
    "run", "check", "fmt", "repl", "lsp", "test", "tokens", "ast", "help",
];

/// The synopsis line of a command (cli §1), or of `prism` itself for `None`.
pub fn synopsis(command: Option<&str>) -> &'static str {
    match command {
        Some("run") => "prism run [OPTIONS] FILE",
        Some("check") => "prism check [OPTIONS] [PATH...]",
        Some("fmt") => "prism fmt [OPTIONS] [PATH...]",
        Some("repl") => "prism repl [OPTIONS]",
        Some("lsp") => "prism lsp [--stdio]",
        Some("test") => "prism test [OPTIONS] [PATH...]",
        Some("tokens") => "prism tokens [OPTIONS] FILE",
        Some("ast") => "prism ast [OPTIONS] FILE",
        Some("help") => "prism help [COMMAND]",
        _ => "prism COMMAND [OPTIONS] [ARGS...]",
    }
}

const COMMON_OPTIONS: &str = "\
Options accepted by every command:
  --config PATH                 configuration file (prism.toml)
  --color auto|always|never     colour in text output (default auto)
  -h, --help                    print this help
";

/// The help text of a command, or the overview for `None`.
pub fn help(command: Option<&str>) -> String {
    let body = match command {
        Some("run") => {
            "Run a program.\n\nusage: prism run [OPTIONS] FILE\n       prism run [OPTIONS] -e CODE\n\n\
             Options:\n  \
             FILE | -e CODE | --eval CODE  the program (FILE may be - for standard input)\n  \
             --input JSON|@PATH|@-         the run input\n  \
             --format text|json            output format (default text)\n  \
             --backend auto|interp|jit     execution backend (default auto)\n  \
             --trace PATH                  write the trace\n  \
             --provider NAME               default provider\n  \
             --compat none|parallax        legacy mode\n  \
             --seed N                      run seed (0 to 2^64-1)\n  \
             --clock real|virtual          run clock\n  \
             --virtual-clock               same as --clock virtual\n  \
             --timeout MS                  run deadline in milliseconds\n  \
             --run-id ID                   run id for traces and requests\n  \
             -W, --warnings                also print warnings\n  \
             -q, --quiet                   do not print the final value\n"
        }
        Some("check") => {
            "Check files without running them.\n\nusage: prism check [OPTIONS] [PATH...]\n\n\
             Options:\n  \
             --format text|json            output format (default text)\n  \
             --deny-warnings               warnings make the command fail\n  \
             --show-info                   also print information diagnostics\n  \
             --compat none|parallax        check as the given mode\n"
        }
        Some("tokens") => {
            "Print the tokens of a file.\n\nusage: prism tokens [OPTIONS] FILE\n\n\
             Options:\n  \
             --format text|json            output format (default text)\n  \
             --comments                    include comments\n"
        }
        Some("fmt") => {
            "Format files in the canonical layout.\n\nusage: prism fmt [OPTIONS] [PATH...]\n\n\
             Options:\n  \
             --check                       change nothing; list the files that are not formatted\n  \
             --stdout                      write the formatted text to standard output (one FILE or -)\n"
        }
        Some("ast") => "Print the syntax tree of a file as JSON.\n\nusage: prism ast [OPTIONS] FILE\n",
        Some("test") => {
            "Run test files (*.test.prism).\n\nusage: prism test [OPTIONS] [PATH...]\n\n\
             Options:\n  \
             --filter TEXT                 run only the cases whose name contains TEXT\n  \
             --format text|json            output format (default text)\n  \
             --seed N                      run seed (default [test] seed, else 0)\n  \
             --provider NAME               default provider (default [test] default_provider)\n  \
             --clock real|virtual          run clock (default [test] clock, else virtual)\n  \
             --compat none|parallax        legacy mode\n"
        }
        Some("lsp") => {
            "Language server on standard input and output.\n\nusage: prism lsp [--stdio]\n\n\
             Options:\n  \
             --stdio                       accepted; standard input/output is the only transport\n  \
             --config PATH                 check every document with this prism.toml\n"
        }
        Some("help") => "Print help.\n\nusage: prism help [COMMAND]\n",
        Some(other) => return format!("usage: {}\n\n'prism {other}' is not available yet.\n", synopsis(Some(other))),
        None => {
            return format!(
                "Prism {}: a confidence-aware scripting language for orchestrating AI agents.\n\n\
                 usage: prism COMMAND [OPTIONS] [ARGS...]\n\n\
                 Commands:\n  \
                 run       run a program (prism FILE.prism is short for prism run FILE.prism)\n  \
                 check     check files without running them\n  \
                 fmt       format files\n  \
                 repl      interactive session\n  \
                 lsp       language server on standard input/output\n  \
                 test      run test files\n  \
                 tokens    print the tokens of a file\n  \
                 ast       print the syntax tree of a file\n  \
                 help      help for a command\n\n\
                 Run 'prism help COMMAND' for the options of a command; 'prism --version' for the version.\n",
                env!("CARGO_PKG_VERSION")
            )
        }
    };
    format!("{body}\n{COMMON_OPTIONS}")
}
