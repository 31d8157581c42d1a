//! `prism run` options (cli §4.1), the longest option list of the command.

use lexopt::{Arg, Parser};
use prism_driver::run::Backend;

use super::{
    color, compat, format, invalid, is_help, lexopt_error, number, text, value, Command, Common,
    Format, Parsed, Program, RunArgs, UsageError,
};

/// `run` after the command word, or after `FILE.prism` for the shorthand of cli §1.
pub(super) fn parse_run(
    parser: &mut Parser,
    shorthand: Option<String>,
    backend_env: Option<String>,
) -> Parsed<Command> {
    const RUN: &str = "run";
    let mut common = Common::default();
    let mut file: Option<String> = shorthand;
    let mut eval: Option<String> = None;
    let mut backend_text = backend_env.filter(|text| !text.is_empty());
    let mut args = RunArgs {
        common: Common::default(),
        program: Program::Stdin,
        input: None,
        format: Format::Text,
        backend: Backend::Auto,
        trace: None,
        provider: None,
        parallax: false,
        seed: None,
        virtual_clock: false,
        timeout_ms: None,
        run_id: None,
        warnings: false,
        quiet: false,
    };
    while let Some(arg) = parser
        .next()
        .map_err(|error| lexopt_error(Some(RUN), error))?
    {
        if is_help(&arg) {
            return Ok(Command::Help(Some(RUN.into())));
        }
        match arg {
            Arg::Long("config") => common.config = Some(value(parser, RUN, "--config")?.into()),
            Arg::Long("color") => common.color = color(parser, RUN)?,
            Arg::Short('e') | Arg::Long("eval") => eval = Some(value(parser, RUN, "-e")?),
            Arg::Long("input") => args.input = Some(value(parser, RUN, "--input")?),
            Arg::Long("format") => args.format = format(parser, RUN)?,
            Arg::Long("backend") => backend_text = Some(value(parser, RUN, "--backend")?),
            Arg::Long("trace") => args.trace = Some(value(parser, RUN, "--trace")?.into()),
            Arg::Long("provider") => args.provider = Some(value(parser, RUN, "--provider")?),
            Arg::Long("compat") => args.parallax = compat(parser, RUN)?,
            Arg::Long("seed") => {
                args.seed = Some(number(parser, RUN, "--seed", "an integer 0…2^64−1")?)
            }
            Arg::Long("clock") => {
                args.virtual_clock = match value(parser, RUN, "--clock")?.as_str() {
                    "real" => false,
                    "virtual" => true,
                    other => return Err(invalid(RUN, "--clock", other, "real or virtual")),
                }
            }
            Arg::Long("virtual-clock") => args.virtual_clock = true,
            Arg::Long("timeout") => {
                args.timeout_ms = Some(number(
                    parser,
                    RUN,
                    "--timeout",
                    "a number of milliseconds",
                )?)
            }
            Arg::Long("run-id") => args.run_id = Some(value(parser, RUN, "--run-id")?),
            Arg::Short('W') | Arg::Long("warnings") => args.warnings = true,
            Arg::Short('q') | Arg::Long("quiet") => args.quiet = true,
            Arg::Value(value) => {
                let value = text(Some(RUN), value)?;
                if file.is_some() {
                    return Err(UsageError::new(
                        Some(RUN),
                        format!("unexpected argument '{value}'"),
                    ));
                }
                file = Some(value);
            }
            other => return Err(lexopt_error(Some(RUN), other.unexpected())),
        }
    }
    args.program = match (file, eval) {
        (Some(_), Some(_)) => {
            return Err(UsageError::new(
                Some(RUN),
                "give either FILE or -e CODE, not both",
            ))
        }
        (None, None) => return Err(UsageError::new(Some(RUN), "missing FILE or -e CODE")),
        (Some(file), None) if file == "-" => Program::Stdin,
        (Some(file), None) => Program::File(file.into()),
        (None, Some(code)) => Program::Eval(code),
    };
    args.backend = match backend_text.as_deref() {
        None | Some("auto") => Backend::Auto,
        Some("interp") => Backend::Interp,
        Some("jit") => Backend::Jit,
        Some(other) => return Err(invalid(RUN, "--backend", other, "auto, interp or jit")),
    };
    args.common = common;
    Ok(Command::Run(Box::new(args)))
}
