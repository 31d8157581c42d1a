//! Declarations (§9.2): duplicates, the dead zone, and function hoisting (§9.4).

use super::*;

// ---------------------------------------------------------------------------------------------
// Declarations, duplicates and the dead zone (§9.2)

#[test]
fn duplicate_declaration_is_e0302_with_the_earlier_declaration() {
    let source = "let a = 1\nlet a = 2";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["E0302"]);
    let diagnostic = &resolution.diagnostics[0];
    assert_eq!(diagnostic.message, "'a' is already declared in this scope");
    let secondary: Vec<_> = diagnostic
        .labels
        .iter()
        .filter(|label| !label.primary)
        .collect();
    assert_eq!(secondary.len(), 1);
    assert_eq!(secondary[0].at.span.start, offset(source, "a", 0));
}

#[test]
fn parameters_share_the_body_scope() {
    let resolution = resolve_main("function f(a) { let a = 1 }\nfunction g(b) { { let b = 2 } }");
    assert_eq!(codes(&resolution), ["E0302"]);
    // Duplicates inside one parameter list or pattern are the parser's E0217 (language §3.3).
    assert!(codes(&resolve_despite_parse_errors("function h(c, c) { c }")).is_empty());
    assert!(codes(&resolve_despite_parse_errors("let [d, { e: d }] = [1, {}]")).is_empty());
    assert_eq!(codes(&resolve_main("let p = 1, p = 2")), ["E0302"]);
    assert_eq!(
        codes(&resolve_main("function k() {}\nlet k = 1")),
        ["E0302"]
    );
}

#[test]
fn read_before_declaration_is_e0306() {
    let resolution = resolve_main("print(x)\nlet x = 1");
    assert_eq!(codes(&resolution), ["E0306"]);
    assert_eq!(
        messages(&resolution),
        ["'x' is used before its declaration"]
    );
    assert_eq!(codes(&resolve_main("let y = y + 1")), ["E0306"]);
    assert_eq!(codes(&resolve_main("{ print(z) }\nconst z = 1")), ["E0306"]);
}

#[test]
fn reads_from_nested_functions_are_not_e0306() {
    let source = "function peek() { x }\nprint(\"calling\")\npeek()\nlet x = 1\nlet f = () => f";
    assert!(codes(&resolve_main(source)).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Hoisting (§9.4)

#[test]
fn function_declarations_are_hoisted_in_every_block() {
    let source = "{\n  print(g())\n  function g() { h() }\n}\nfunction h() { 1 }";
    let resolution = resolve_main(source);
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    assert_eq!(
        binding_at(&resolution, source, "g", 0).kind,
        BindingKind::Function
    );
    assert!(same_binding(&resolution, source, "g", 0, 1));
}
