use super::*;

fn parse_words(words: &str) -> Parsed<Command> {
    parse(words.split_whitespace().map(OsString::from).collect(), None)
}

fn run_args(words: &str) -> RunArgs {
    match parse_words(words) {
        Ok(Command::Run(args)) => *args,
        other => panic!("expected a run command, got {other:?}"),
    }
}

#[test]
fn options_before_and_after_the_file_in_both_spellings() {
    let args = run_args("run --seed=7 main.prism --format json --timeout 50 -W -q --virtual-clock");
    assert_eq!(args.program, Program::File("main.prism".into()));
    assert_eq!(
        (args.seed, args.timeout_ms, args.format),
        (Some(7), Some(50), Format::Json)
    );
    assert!(args.warnings && args.quiet && args.virtual_clock);
}

#[test]
fn shorthand_stdin_eval_and_double_dash() {
    assert_eq!(
        run_args("main.prism --quiet").program,
        Program::File("main.prism".into())
    );
    assert_eq!(run_args("run -").program, Program::Stdin);
    assert_eq!(run_args("run -e 1+1").program, Program::Eval("1+1".into()));
    assert_eq!(run_args("run --eval=2").program, Program::Eval("2".into()));
    assert_eq!(
        run_args("run -- --odd.prism").program,
        Program::File("--odd.prism".into())
    );
}

#[test]
fn usage_errors_name_the_problem_and_the_command() {
    let error = |words: &str| {
        parse_words(words)
            .err()
            .map(|error| (error.message, error.command))
    };
    assert_eq!(
        error("run x.prism --bogus"),
        Some(("unknown option '--bogus'".into(), Some("run")))
    );
    assert_eq!(
        error("run x.prism --seed"),
        Some(("option '--seed' needs a value".into(), Some("run")))
    );
    assert_eq!(
        error("run x.prism --seed -1"),
        Some((
            "invalid value '-1' for '--seed': expected an integer 0…2^64−1".into(),
            Some("run")
        ))
    );
    assert_eq!(
        error("run x.prism --quiet=yes"),
        Some(("option '--quiet' does not take a value".into(), Some("run")))
    );
    assert_eq!(
        error("run"),
        Some(("missing FILE or -e CODE".into(), Some("run")))
    );
    assert_eq!(
        error("run a.prism -e 1"),
        Some(("give either FILE or -e CODE, not both".into(), Some("run")))
    );
    assert_eq!(
        error("run a.prism --backend fast").map(|e| e.1),
        Some(Some("run"))
    );
    assert_eq!(
        error("frobnicate"),
        Some(("unknown command 'frobnicate'".into(), None))
    );
    assert_eq!(
        error("check --format yaml").map(|e| e.1),
        Some(Some("check"))
    );
}

#[test]
fn check_defaults_to_the_current_directory() {
    match parse_words("check --deny-warnings --color never") {
        Ok(Command::Check(args)) => {
            assert_eq!(args.paths, [PathBuf::from(".")]);
            assert!(args.deny_warnings && args.common.color == ColorChoice::Never);
        }
        other => panic!("expected check, got {other:?}"),
    }
}

#[test]
fn backend_comes_from_the_environment_unless_given() {
    let words = |text: &str| {
        text.split_whitespace()
            .map(OsString::from)
            .collect::<Vec<_>>()
    };
    let backend = |text: &str, env: &str| match parse(words(text), Some(env.into())) {
        Ok(Command::Run(args)) => Some(args.backend),
        _ => None,
    };
    assert_eq!(backend("run a.prism", "interp"), Some(Backend::Interp));
    assert_eq!(
        backend("run a.prism --backend auto", "interp"),
        Some(Backend::Auto)
    );
    assert_eq!(backend("run a.prism", "jit"), Some(Backend::Jit));
    assert_eq!(
        backend("run a.prism --backend jit", "interp"),
        Some(Backend::Jit)
    );
    assert_eq!(backend("run a.prism", "fast"), None);
}

#[test]
fn version_help_and_unavailable_commands() {
    assert!(matches!(parse_words("--version"), Ok(Command::Version)));
    assert!(matches!(parse_words("-V"), Ok(Command::Version)));
    assert!(parse_words("--version extra").is_err());
    assert!(parse_words("-V --color never").is_err());
    assert!(matches!(parse_words("help run"), Ok(Command::Help(Some(topic))) if topic == "run"));
    assert!(matches!(parse_words("check -h"), Ok(Command::Help(Some(topic))) if topic == "check"));
    assert!(
        matches!(parse_words("fmt --check"), Ok(Command::Fmt(args)) if args.check && args.paths == [PathBuf::from(".")])
    );
    assert!(parse_words("fmt --stdout a.prism b.prism").is_err());
    assert!(matches!(parse_words("test ."), Ok(Command::Test(_))));
    assert!(
        matches!(parse_words("lsp --stdio"), Ok(Command::Lsp(common)) if common.config.is_none())
    );
    assert!(
        matches!(parse_words("lsp --config=p.toml"), Ok(Command::Lsp(common)) if common.config.as_deref() == Some(std::path::Path::new("p.toml")))
    );
    assert!(parse_words("lsp --config").is_err());
    assert!(parse_words("lsp --tcp").is_err());
    assert!(matches!(parse_words(""), Ok(Command::Unavailable("repl"))));
}

#[test]
fn every_available_command_has_its_own_help_text() {
    for (command, option) in [("test", "--filter TEXT"), ("lsp", "--stdio")] {
        let text = crate::usage::help(Some(command));
        assert!(!text.contains("not available"), "{command}: {text}");
        assert!(text.contains(option), "{command}: {text}");
    }
}

/// cli §2.1: `-h`/`--help` and `--color` are accepted by every command, `lsp` and `help` included.
#[test]
fn lsp_and_help_take_the_help_and_colour_options() {
    for words in ["lsp -h", "lsp --stdio --help"] {
        assert!(
            matches!(parse_words(words), Ok(Command::Help(Some(topic))) if topic == "lsp"),
            "{words}"
        );
    }
    assert!(matches!(
        parse_words("lsp --color never --stdio"),
        Ok(Command::Lsp(_))
    ));
    assert!(parse_words("lsp --color sometimes").is_err());
    assert!(
        matches!(parse_words("help --help"), Ok(Command::Help(Some(topic))) if topic == "help")
    );
    assert!(
        matches!(parse_words("help run --color=never"), Ok(Command::Help(Some(topic))) if topic == "run")
    );
}
