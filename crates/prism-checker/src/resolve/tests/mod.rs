//! Unit tests of name resolution, one module per rule of language §9, with shared helpers.

use prism_span::FileId;

use super::*;

mod closures;
mod declarations;
mod errors;
mod implicit;
mod scopes;

fn resolve_with(source: &str, env: &ResolveEnv) -> Resolution {
    let parsed = prism_syntax::parse(source, FileId(0));
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "parse errors in test source: {errors:?}");
    resolve(&parsed.program, FileId(0), env)
}

/// For sources whose parse errors are the point (such as `E0217`): resolution must stay silent.
fn resolve_despite_parse_errors(source: &str) -> Resolution {
    let parsed = prism_syntax::parse(source, FileId(0));
    resolve(&parsed.program, FileId(0), &ResolveEnv::main())
}

fn resolve_main(source: &str) -> Resolution {
    resolve_with(source, &ResolveEnv::main())
}

fn codes(resolution: &Resolution) -> Vec<&'static str> {
    resolution.diagnostics.iter().map(|d| d.code).collect()
}

/// The offset of the `nth` (0-based) occurrence of `needle` in `source`.
fn offset(source: &str, needle: &str, nth: usize) -> u32 {
    let found = source.match_indices(needle).nth(nth).map(|(at, _)| at);
    u32::try_from(found.unwrap_or_else(|| panic!("no occurrence {nth} of {needle:?}"))).unwrap_or(0)
}

/// The binding of the identifier at the `nth` occurrence of `needle`.
fn binding_at<'r>(
    resolution: &'r Resolution,
    source: &str,
    needle: &str,
    nth: usize,
) -> &'r Binding {
    let id = resolution
        .binding_at(offset(source, needle, nth))
        .unwrap_or_else(|| panic!("occurrence {nth} of {needle:?} is not bound"));
    resolution
        .binding(id)
        .unwrap_or_else(|| panic!("dangling binding {id:?}"))
}

fn same_binding(resolution: &Resolution, source: &str, needle: &str, a: usize, b: usize) -> bool {
    let at = |nth| resolution.binding_at(offset(source, needle, nth));
    at(a).is_some() && at(a) == at(b)
}

fn messages(resolution: &Resolution) -> Vec<String> {
    resolution
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect()
}
