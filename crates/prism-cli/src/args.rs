//! Command-line parsing (cli §1, §2.1, §4.1, §5, §10, §11). Options may come before or after
//! positional arguments, `--` ends option parsing, and every option with a value accepts both
//! `--opt VALUE` and `--opt=VALUE` (lexopt provides these; the messages are ours).

use std::ffi::OsString;
use std::path::PathBuf;

use lexopt::{Arg, Parser, ValueExt};
use prism_driver::run::Backend;

use crate::usage::COMMANDS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// The options every command accepts (cli §2.1).
#[derive(Clone, Debug)]
pub struct Common {
    pub config: Option<PathBuf>,
    pub color: ColorChoice,
}

impl Default for Common {
    fn default() -> Common {
        Common {
            config: None,
            color: ColorChoice::Auto,
        }
    }
}

/// Where the program of `prism run` comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    File(PathBuf),
    Stdin,
    Eval(String),
}

#[derive(Clone, Debug)]
pub struct RunArgs {
    pub common: Common,
    pub program: Program,
    /// The raw `--input` argument: JSON text, `@PATH` or `@-`.
    pub input: Option<String>,
    pub format: Format,
    pub backend: Backend,
    pub trace: Option<PathBuf>,
    pub provider: Option<String>,
    pub parallax: bool,
    pub seed: Option<u64>,
    pub virtual_clock: bool,
    pub timeout_ms: Option<u64>,
    pub run_id: Option<String>,
    pub warnings: bool,
    pub quiet: bool,
}

#[derive(Clone, Debug)]
pub struct CheckArgs {
    pub common: Common,
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub deny_warnings: bool,
    pub show_info: bool,
    /// `--compat`: `Some(true)` for Parallax mode; `None` leaves it to `[runtime] compat`.
    pub parallax: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct SyntaxArgs {
    pub common: Common,
    pub file: PathBuf,
    pub format: Format,
    pub comments: bool,
}

#[derive(Clone, Debug)]
pub struct FmtArgs {
    pub common: Common,
    pub paths: Vec<PathBuf>,
    pub check: bool,
    pub stdout: bool,
}

#[derive(Clone, Debug)]
pub enum Command {
    Run(Box<RunArgs>),
    Check(CheckArgs),
    Fmt(FmtArgs),
    Tokens(SyntaxArgs),
    Ast(SyntaxArgs),
    Test(test::TestArgs),
    /// `prism lsp [--stdio]` (cli §8), with the `--config` every command accepts (cli §2.1).
    Lsp(Common),
    Help(Option<String>),
    Version,
    /// A command of cli §1 that this build does not provide yet.
    Unavailable(&'static str),
}

/// A usage error (cli §2.3): the message and the command whose synopsis follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError {
    pub message: String,
    pub command: Option<&'static str>,
}

impl UsageError {
    pub fn new(command: Option<&'static str>, message: impl Into<String>) -> UsageError {
        UsageError {
            message: message.into(),
            command,
        }
    }
}

type Parsed<T> = Result<T, UsageError>;

/// Parses the arguments after the program name. `backend_env` is `PRISM_BACKEND`.
pub fn parse(args: Vec<OsString>, backend_env: Option<String>) -> Parsed<Command> {
    let mut parser = Parser::from_args(args);
    let first = parser.next().map_err(|error| lexopt_error(None, error))?;
    match first {
        None => Ok(Command::Unavailable("repl")),
        Some(Arg::Short('V') | Arg::Long("version")) => match parser.next() {
            Ok(None) => Ok(Command::Version),
            Ok(Some(extra)) => Err(lexopt_error(None, extra.unexpected())),
            Err(error) => Err(lexopt_error(None, error)),
        },
        Some(Arg::Short('h') | Arg::Long("help")) => Ok(Command::Help(None)),
        Some(Arg::Value(value)) => {
            let word = text(None, value)?;
            let command = COMMANDS.iter().copied().find(|known| *known == word);
            match command {
                Some("run") => run::parse_run(&mut parser, None, backend_env),
                Some("check") => parse_check(&mut parser),
                Some("fmt") => parse_fmt(&mut parser),
                Some("tokens") => parse_syntax(&mut parser, "tokens"),
                Some("ast") => parse_syntax(&mut parser, "ast"),
                Some("help") => parse_help(&mut parser),
                Some("test") => test::parse_test(&mut parser),
                Some("lsp") => parse_lsp(&mut parser),
                Some(other) => Ok(Command::Unavailable(other)),
                None if word.ends_with(".prism") => {
                    run::parse_run(&mut parser, Some(word), backend_env)
                }
                None => Err(UsageError::new(None, format!("unknown command '{word}'"))),
            }
        }
        Some(other) => Err(lexopt_error(None, other.unexpected())),
    }
}

/// `--color auto|always|never` (cli §2.1).
fn color(parser: &mut Parser, command: &'static str) -> Parsed<ColorChoice> {
    match value(parser, command, "--color")?.as_str() {
        "auto" => Ok(ColorChoice::Auto),
        "always" => Ok(ColorChoice::Always),
        "never" => Ok(ColorChoice::Never),
        other => Err(invalid(command, "--color", other, "auto, always or never")),
    }
}

fn parse_check(parser: &mut Parser) -> Parsed<Command> {
    const CHECK: &str = "check";
    let mut args = CheckArgs {
        common: Common::default(),
        paths: Vec::new(),
        format: Format::Text,
        deny_warnings: false,
        show_info: false,
        parallax: None,
    };
    while let Some(arg) = parser
        .next()
        .map_err(|error| lexopt_error(Some(CHECK), error))?
    {
        if is_help(&arg) {
            return Ok(Command::Help(Some(CHECK.into())));
        }
        match arg {
            Arg::Long("config") => {
                args.common.config = Some(value(parser, CHECK, "--config")?.into())
            }
            Arg::Long("color") => args.common.color = color(parser, CHECK)?,
            Arg::Long("format") => args.format = format(parser, CHECK)?,
            Arg::Long("deny-warnings") => args.deny_warnings = true,
            Arg::Long("show-info") => args.show_info = true,
            Arg::Long("compat") => args.parallax = Some(compat(parser, CHECK)?),
            Arg::Value(value) => args.paths.push(text(Some(CHECK), value)?.into()),
            other => return Err(lexopt_error(Some(CHECK), other.unexpected())),
        }
    }
    if args.paths.is_empty() {
        args.paths.push(PathBuf::from("."));
    }
    Ok(Command::Check(args))
}

/// `fmt [--check] [--stdout] [PATH...]` (cli §6.1); `--stdout` takes exactly one FILE or `-`.
fn parse_fmt(parser: &mut Parser) -> Parsed<Command> {
    const FMT: &str = "fmt";
    let mut args = FmtArgs {
        common: Common::default(),
        paths: Vec::new(),
        check: false,
        stdout: false,
    };
    while let Some(arg) = parser
        .next()
        .map_err(|error| lexopt_error(Some(FMT), error))?
    {
        if is_help(&arg) {
            return Ok(Command::Help(Some(FMT.into())));
        }
        match arg {
            Arg::Long("config") => {
                args.common.config = Some(value(parser, FMT, "--config")?.into())
            }
            Arg::Long("color") => args.common.color = color(parser, FMT)?,
            Arg::Long("check") => args.check = true,
            Arg::Long("stdout") => args.stdout = true,
            Arg::Value(value) => args.paths.push(text(Some(FMT), value)?.into()),
            other => return Err(lexopt_error(Some(FMT), other.unexpected())),
        }
    }
    if args.stdout && args.paths.len() != 1 {
        return Err(UsageError::new(
            Some(FMT),
            "--stdout needs exactly one FILE or -",
        ));
    }
    if args.check && args.stdout {
        return Err(UsageError::new(
            Some(FMT),
            "give either --check or --stdout, not both",
        ));
    }
    if args.paths.is_empty() {
        args.paths.push(PathBuf::from("."));
    }
    Ok(Command::Fmt(args))
}

/// `tokens` and `ast`: one FILE, `--format`, and `--comments` for `tokens` (cli §10, §11).
fn parse_syntax(parser: &mut Parser, command: &'static str) -> Parsed<Command> {
    let mut common = Common::default();
    let mut file = None;
    let mut format_choice = Format::Text;
    let mut comments = false;
    while let Some(arg) = parser
        .next()
        .map_err(|error| lexopt_error(Some(command), error))?
    {
        if is_help(&arg) {
            return Ok(Command::Help(Some(command.into())));
        }
        match arg {
            Arg::Long("config") => common.config = Some(value(parser, command, "--config")?.into()),
            Arg::Long("color") => common.color = color(parser, command)?,
            Arg::Long("format") if command == "tokens" => format_choice = format(parser, command)?,
            Arg::Long("comments") if command == "tokens" => comments = true,
            Arg::Value(value) if file.is_none() => file = Some(PathBuf::from(value)),
            other => return Err(lexopt_error(Some(command), other.unexpected())),
        }
    }
    let file = file.ok_or_else(|| UsageError::new(Some(command), "missing FILE"))?;
    let args = SyntaxArgs {
        common,
        file,
        format: format_choice,
        comments,
    };
    Ok(if command == "tokens" {
        Command::Tokens(args)
    } else {
        Command::Ast(args)
    })
}

/// `prism lsp [--stdio]`: standard input and output are the only transport, so `--stdio` is
/// accepted and changes nothing (cli §8). `--config` and `--color` are the options of every
/// command (cli §2.1); the colour only concerns the errors of a `--config` file that stop the
/// server before it starts, as the server itself writes no text output.
fn parse_lsp(parser: &mut Parser) -> Parsed<Command> {
    let mut common = Common::default();
    while let Some(arg) = parser
        .next()
        .map_err(|error| lexopt_error(Some("lsp"), error))?
    {
        if is_help(&arg) {
            return Ok(Command::Help(Some("lsp".into())));
        }
        match arg {
            Arg::Long("stdio") => {}
            Arg::Long("color") => common.color = color(parser, "lsp")?,
            Arg::Long("config") => {
                common.config = Some(PathBuf::from(value(parser, "lsp", "--config")?));
            }
            other => return Err(lexopt_error(Some("lsp"), other.unexpected())),
        }
    }
    Ok(Command::Lsp(common))
}

fn parse_help(parser: &mut Parser) -> Parsed<Command> {
    let mut topic = None;
    while let Some(arg) = parser
        .next()
        .map_err(|error| lexopt_error(Some("help"), error))?
    {
        if is_help(&arg) {
            return Ok(Command::Help(Some("help".into())));
        }
        match arg {
            Arg::Long("color") => {
                color(parser, "help")?;
            }
            Arg::Value(value) if topic.is_none() => {
                let word = text(Some("help"), value)?;
                if !COMMANDS.contains(&word.as_str()) {
                    return Err(UsageError::new(
                        Some("help"),
                        format!("unknown command '{word}'"),
                    ));
                }
                topic = Some(word);
            }
            other => return Err(lexopt_error(Some("help"), other.unexpected())),
        }
    }
    Ok(Command::Help(topic))
}

fn is_help(arg: &Arg) -> bool {
    matches!(arg, Arg::Short('h') | Arg::Long("help"))
}

fn value(parser: &mut Parser, command: &'static str, option: &str) -> Parsed<String> {
    let raw = parser
        .value()
        .map_err(|error| lexopt_error(Some(command), error))?;
    raw.into_string().map_err(|_| {
        UsageError::new(
            Some(command),
            format!("the value of '{option}' is not valid UTF-8"),
        )
    })
}

fn number(parser: &mut Parser, command: &'static str, option: &str, expected: &str) -> Parsed<u64> {
    let text = value(parser, command, option)?;
    text.parse::<u64>()
        .map_err(|_| invalid(command, option, &text, expected))
}

fn format(parser: &mut Parser, command: &'static str) -> Parsed<Format> {
    match value(parser, command, "--format")?.as_str() {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        other => Err(invalid(command, "--format", other, "text or json")),
    }
}

/// `--compat none|parallax`; true for Parallax mode.
fn compat(parser: &mut Parser, command: &'static str) -> Parsed<bool> {
    match value(parser, command, "--compat")?.as_str() {
        "none" => Ok(false),
        "parallax" => Ok(true),
        other => Err(invalid(command, "--compat", other, "none or parallax")),
    }
}

fn text(command: Option<&'static str>, value: OsString) -> Parsed<String> {
    value
        .string()
        .map_err(|_| UsageError::new(command, "an argument is not valid UTF-8"))
}

fn invalid(command: &'static str, option: &str, value: &str, expected: &str) -> UsageError {
    UsageError::new(
        Some(command),
        format!("invalid value '{value}' for '{option}': expected {expected}"),
    )
}

fn lexopt_error(command: Option<&'static str>, error: lexopt::Error) -> UsageError {
    let message = match error {
        lexopt::Error::MissingValue {
            option: Some(option),
        } => format!("option '{option}' needs a value"),
        lexopt::Error::MissingValue { option: None } => "an option needs a value".to_string(),
        lexopt::Error::UnexpectedOption(option) => format!("unknown option '{option}'"),
        lexopt::Error::UnexpectedArgument(argument) => {
            format!("unexpected argument '{}'", argument.to_string_lossy())
        }
        lexopt::Error::UnexpectedValue { option, .. } => {
            format!("option '{option}' does not take a value")
        }
        lexopt::Error::NonUnicodeValue(_) => "an argument is not valid UTF-8".to_string(),
        other => other.to_string(),
    };
    UsageError::new(command, message)
}

mod run;
pub mod test;
#[cfg(test)]
mod tests;
