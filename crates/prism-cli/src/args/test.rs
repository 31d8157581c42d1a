//! `prism test` options (cli §9.1).

use lexopt::{Arg, Parser};

use super::{
    color, compat, format, invalid, is_help, lexopt_error, number, text, value, Command, Common,
    Format, Parsed,
};

#[derive(Clone, Debug)]
pub struct TestArgs {
    pub common: Common,
    pub paths: Vec<std::path::PathBuf>,
    pub filter: Option<String>,
    pub format: Format,
    pub seed: Option<u64>,
    pub provider: Option<String>,
    /// `--clock`: `Some(true)` for virtual; `None` leaves it to `[test] clock`.
    pub virtual_clock: Option<bool>,
    pub parallax: bool,
}

pub(super) fn parse_test(parser: &mut Parser) -> Parsed<Command> {
    const TEST: &str = "test";
    let mut args = TestArgs {
        common: Common::default(),
        paths: Vec::new(),
        filter: None,
        format: Format::Text,
        seed: None,
        provider: None,
        virtual_clock: None,
        parallax: false,
    };
    while let Some(arg) = parser
        .next()
        .map_err(|error| lexopt_error(Some(TEST), error))?
    {
        if is_help(&arg) {
            return Ok(Command::Help(Some(TEST.into())));
        }
        match arg {
            Arg::Long("config") => {
                args.common.config = Some(value(parser, TEST, "--config")?.into())
            }
            Arg::Long("color") => args.common.color = color(parser, TEST)?,
            Arg::Long("filter") => args.filter = Some(value(parser, TEST, "--filter")?),
            Arg::Long("format") => args.format = format(parser, TEST)?,
            Arg::Long("provider") => args.provider = Some(value(parser, TEST, "--provider")?),
            Arg::Long("compat") => args.parallax = compat(parser, TEST)?,
            Arg::Long("seed") => {
                args.seed = Some(number(parser, TEST, "--seed", "an integer 0…2^64−1")?)
            }
            Arg::Long("clock") => {
                args.virtual_clock = match value(parser, TEST, "--clock")?.as_str() {
                    "real" => Some(false),
                    "virtual" => Some(true),
                    other => return Err(invalid(TEST, "--clock", other, "real or virtual")),
                }
            }
            Arg::Value(value) => args.paths.push(text(Some(TEST), value)?.into()),
            other => return Err(lexopt_error(Some(TEST), other.unexpected())),
        }
    }
    Ok(Command::Test(args))
}
