//! `--provider` (runtime §6.1, cli §4.1): the option names the default provider, so a run with it is
//! not "unconfigured" and the mock warning W0902 does not appear.

use std::path::PathBuf;

use prism_driver::loader::MemoryLoader;
use prism_driver::run::{run_with_loader, Backend, OutputSink, ProgramSource, RunOptions, Stream};

struct Discard;

impl OutputSink for Discard {
    fn line(&mut self, _stream: Stream, _text: &str) {}
}

/// The codes of the runtime warnings of a run of `llm("hi")` with the given `--provider`.
fn warnings_with(provider: Option<&str>) -> Vec<&'static str> {
    let mut loader = MemoryLoader::new();
    loader.insert(
        PathBuf::from("/project/main.prism"),
        b"llm(\"hi\")".to_vec(),
    );
    let options = RunOptions {
        source: ProgramSource::File(PathBuf::from("/project/main.prism")),
        input: None,
        backend: Backend::Interp,
        seed: Some(1),
        timeout_ms: None,
        virtual_clock: true,
        config: None,
        provider: provider.map(str::to_owned),
        interrupt: None,
    };
    let outcome = run_with_loader(&options, &loader, &mut Discard);
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    outcome.runtime_warnings.iter().map(|d| d.code).collect()
}

#[test]
fn the_embedded_mock_warns_when_nothing_is_configured() {
    assert!(warnings_with(None).contains(&"W0902"));
}

#[test]
fn naming_a_provider_on_the_command_line_counts_as_configured() {
    assert!(!warnings_with(Some("mock")).contains(&"W0902"));
}
