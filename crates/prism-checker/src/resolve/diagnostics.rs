//! The diagnostics of name resolution, with the messages of language §15.1 and §15.3.

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use smol_str::SmolStr;

use super::{Binding, BindingKind};

/// `E0301` "cannot find '{name}' in this scope" (language §9.5), with a help line for the
/// JavaScript words Prism does not have (§2.7) or a close name in scope.
pub(super) fn unresolved(
    file: FileId,
    name: &str,
    span: Span,
    candidates: &[SmolStr],
) -> Diagnostic {
    let diagnostic = Diagnostic::error("E0301", format!("cannot find '{name}' in this scope"))
        .with_primary(file, span, "not found in this scope");
    if let Some(help) = javascript_help(name) {
        return diagnostic.with_help(help);
    }
    match closest_name(name, candidates) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean '{suggestion}'?")),
        None => diagnostic,
    }
}

/// The Prism equivalent of a JavaScript word used as a name (language §2.7, §9.5).
fn javascript_help(name: &str) -> Option<&'static str> {
    Some(match name {
        "new" => "Prism has no `new`: call the function directly, as in `Error(\"message\")`",
        "this" => "Prism has no `this`: pass the object to the function as a parameter",
        "class" => "Prism has no classes: use objects and functions",
        "var" => "Prism has no `var`: declare variables with `let` or `const`",
        "switch" => "Prism has no `switch`: use a `match` expression",
        "delete" => {
            "Prism has no `delete`: use `omit(object, \"key\")` to get a copy without the key"
        }
        _ => return None,
    })
}

/// The candidate nearest to `name`, if it is close enough to be a likely typo: a name differing
/// only in letter case, or one within a few edits (a swap of two neighbouring characters counts as
/// one) — none for names of one or two characters, where every short name would be "close", one
/// up to five characters, two up to nine, three beyond. Ties go to the earlier candidate
/// (innermost scope first).
pub(super) fn closest_name<'c>(name: &str, candidates: &'c [SmolStr]) -> Option<&'c SmolStr> {
    let length = name.chars().count();
    let limit = edit_limit(length);
    let mut best: Option<(usize, &SmolStr)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        // Files with many names and many typos (an editor mid-edit) check every unresolved name
        // against every visible one: the cheap tests come first, without allocating.
        // Only a candidate nearer than the best so far can win.
        let bound = best.map_or(limit, |(best_distance, _)| best_distance.saturating_sub(1));
        let distance = if same_ignoring_case(name, candidate) {
            0
        } else if bound == 0 || candidate.chars().count().abs_diff(length) > bound {
            continue;
        } else {
            bounded_edit_distance(name, candidate, bound)
        };
        let close = distance == 0 || distance <= limit;
        if close && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
        if distance == 0 {
            break;
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// How many edits a name of `length` characters may be away from a suggestion.
fn edit_limit(length: usize) -> usize {
    match length {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    }
}

/// Whether `candidate` passes the cheap tests of [`closest_name`]: the same name in another
/// letter case, or a length within the edit limit. Files with many names and many typos (an
/// editor mid-edit) filter every visible name this way before sorting the few left.
pub(super) fn may_be_close(name: &str, candidate: &str) -> bool {
    let length = name.chars().count();
    same_ignoring_case(name, candidate)
        || candidate.chars().count().abs_diff(length) <= edit_limit(length)
}

fn same_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    bounded_edit_distance(a, b, usize::MAX - 1)
}

/// Optimal string alignment distance over characters, or `limit + 1` as soon as it is certain to
/// exceed `limit` (every alignment passes through one of two consecutive rows, as a swap spans
/// two).
fn bounded_edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two rows back (for swaps), the previous row and the current one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let deletion = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insertion = current.get(j).copied().unwrap_or(0) + 1;
            let mut cost = substitution.min(deletion).min(insertion);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                cost = cost.min(before.get(j - 1).copied().unwrap_or(0) + 1);
            }
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = cost;
            }
        }
        let row_min = current.iter().copied().min().unwrap_or(0);
        let previous_min = previous.iter().copied().min().unwrap_or(0);
        if row_min.min(previous_min) > limit {
            return limit + 1;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.get(b.len()).copied().unwrap_or(0)
}

/// `E0302` "'{name}' is already declared in this scope" (language §9.2).
pub(super) fn duplicate(file: FileId, name: &str, span: Span, earlier: Span) -> Diagnostic {
    Diagnostic::error(
        "E0302",
        format!("'{name}' is already declared in this scope"),
    )
    .with_primary(file, span, "declared again here")
    .with_secondary(file, earlier, format!("'{name}' is first declared here"))
}

/// `E0303`, `E0304` or `E0305`: an assignment to a binding that cannot be assigned (language §6.11,
/// §9.3, §13.3).
pub(super) fn not_assignable(file: FileId, binding: &Binding, span: Span) -> Diagnostic {
    let name = &binding.name;
    match binding.kind {
        BindingKind::Prelude | BindingKind::Host => {
            Diagnostic::error("E0304", format!("cannot assign to builtin '{name}'"))
                .with_primary(file, span, "assigned here")
                .with_help(format!("declare a new variable: `let {name} = …`"))
        }
        BindingKind::Import => {
            Diagnostic::error("E0305", format!("cannot assign to import '{name}'"))
                .with_primary(file, span, "assigned here")
                .with_secondary(file, binding.span, "imported here")
                .with_note("imported bindings are read-only; the exporting module owns the value")
        }
        _ => {
            let declared = match binding.kind {
                BindingKind::Agent => "declared as an agent here",
                BindingKind::FunctionExprName => "the function's own name is read-only inside it",
                BindingKind::LoopVar { .. } => "declared with `const` here",
                _ => "declared as a constant here",
            };
            Diagnostic::error("E0303", format!("cannot assign to constant '{name}'"))
                .with_primary(file, span, "assigned here")
                .with_secondary(file, binding.span, declared)
        }
    }
}

/// `E0306` "'{name}' is used before its declaration" (language §9.2).
pub(super) fn used_before_declaration(
    file: FileId,
    name: &str,
    span: Span,
    declared: Span,
) -> Diagnostic {
    Diagnostic::error("E0306", format!("'{name}' is used before its declaration"))
        .with_primary(file, span, "used here")
        .with_secondary(file, declared, format!("'{name}' is declared here"))
}

/// `I0301` "assignment declares '{name}' in {the enclosing function / the file}" (language §15.3).
pub(super) fn implicit(file: FileId, name: &str, span: Span, in_file: bool) -> Diagnostic {
    let place = if in_file {
        "the file"
    } else {
        "the enclosing function"
    };
    Diagnostic::info("I0301", format!("assignment declares '{name}' in {place}"))
        .with_primary(file, span, "declared by this assignment")
        .with_help(format!("declare it explicitly: `let {name} = …`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_count_as_one_edit() {
        assert_eq!(edit_distance("socre", "score"), 1);
        assert_eq!(edit_distance("scor", "score"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_only_close_names() {
        let candidates: Vec<SmolStr> = ["score", "print", "x"].iter().map(SmolStr::new).collect();
        assert_eq!(
            closest_name("scroe", &candidates).map(SmolStr::as_str),
            Some("score")
        );
        assert_eq!(
            closest_name("prnt", &candidates).map(SmolStr::as_str),
            Some("print")
        );
        assert_eq!(closest_name("zzzzz", &candidates), None);
        assert_eq!(closest_name("y", &candidates), None);
        assert_eq!(
            closest_name("Print", &candidates).map(SmolStr::as_str),
            Some("print")
        );
    }
}
