//! Generates a program from the fuzzer's bytes (each byte is one choice of the generator, so
//! libFuzzer's mutations change the program's structure) and runs it under `Backend::Interp` and
//! `Backend::Jit` with the virtual clock and a fixed seed. Any observable difference — output,
//! final value, confidence, error code, span or call stack — is a crash that shows both sides.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prism_driver::run::{Backend, ProgramSource, RunOptions};

// The comparison is the differential test's own, so the fuzzer and the test agree on "same".
#[path = "../../tests/support/observe.rs"]
mod observe;

fuzz_target!(|data: &[u8]| {
    // Enter the native code of small functions too (as the differential test does).
    std::env::set_var("PRISM_JIT_ENTER_ALL", "1");
    let mut source = prism_testgen::ByteSource::new(data);
    let program = prism_testgen::generate_from(&mut source, prism_testgen::Config::default());
    let mut options = RunOptions::new(ProgramSource::Text {
        name: "<fuzz>".into(),
        code: program.clone(),
    });
    options.virtual_clock = true;
    options.seed = Some(1);
    options.timeout_ms = Some(20_000);
    let interp = observe::observe(&options, Backend::Interp);
    let jit = observe::observe(&options, Backend::Jit);
    if let Some(diff) = observe::difference(&interp, &jit) {
        panic!("{diff}\nprogram:\n{program}");
    }
});
