//! Feeds arbitrary bytes through the whole front end: lexing, parsing (language §3.9 recovery),
//! validation and the `prism ast` JSON (cli §11). Any panic or stack overflow is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prism_span::FileId;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let parsed = prism_syntax::parse(source, FileId(0));
        let _ = prism_syntax::ast_json::program_to_json_with_source(&parsed.program, source);
    }
});
