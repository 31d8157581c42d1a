//! Agents, function-expression names, closures, exports, queries and robustness.

use super::*;

// ---------------------------------------------------------------------------------------------
// Agents, functions, closures, exports

#[test]
fn agents_bind_constants_in_the_top_level() {
    let source = "agents {\n  reviewer: { provider: \"mock\" }\n}\nreviewer.call(1)\nreviewer = 2";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["E0303"]);
    assert_eq!(
        binding_at(&resolution, source, "reviewer", 0).kind,
        BindingKind::Agent
    );
}

#[test]
fn function_expression_name_is_read_only_inside_its_body() {
    let source = "let f = function fact(n) { if (n < 2) { 1 } else { n * fact(n - 1) } }\nfact(3)";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["E0301"]);
    assert_eq!(
        binding_at(&resolution, source, "fact", 1).kind,
        BindingKind::FunctionExprName
    );
    assert_eq!(
        codes(&resolve_main("let g = function h() { h = 1 }")),
        ["E0303"]
    );
    assert!(codes(&resolve_main("let g = function h() { let h = 1; h }")).is_empty());
}

#[test]
fn closures_mark_captured_bindings() {
    let source = "let kept = 1\nlet local = 2\nlet f = (q) => kept + q\nprint(local)";
    let resolution = resolve_main(source);
    assert!(binding_at(&resolution, source, "kept", 0).captured);
    assert!(!binding_at(&resolution, source, "local", 0).captured);
    assert!(!binding_at(&resolution, source, "q", 0).captured);
    assert_eq!(
        binding_at(&resolution, source, "q", 0).kind,
        BindingKind::Param
    );
}

#[test]
fn parameter_defaults_see_earlier_parameters() {
    let source = "function f(a, b = a, { c } = {}) { a + b + c }";
    let resolution = resolve_main(source);
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    assert!(same_binding(&resolution, source, "a", 0, 1));
}

#[test]
fn shorthand_properties_are_uses() {
    let source = "let x = 1\nprint({ x })";
    let resolution = resolve_main(source);
    assert!(same_binding(&resolution, source, "x", 0, 1));
    assert!(binding_at(&resolution, source, "x", 0).read);
}

#[test]
fn export_specifiers_name_top_level_bindings() {
    let source = "let a = 1\nexport { a, b as c }\nexport { z } from \"./m\"";
    let resolution = resolve_with(source, &ResolveEnv::module());
    assert_eq!(codes(&resolution), ["E0301"]);
    assert!(same_binding(&resolution, source, "a", 0, 1));
}

// ---------------------------------------------------------------------------------------------
// Robustness

#[test]
fn long_operator_and_call_chains_do_not_exhaust_the_stack() {
    // The parser bounds the length of one operator chain; stay below its limit.
    let sum = format!("let a = 1\nprint(a{})", " + a".repeat(400));
    assert!(codes(&resolve_main(&sum)).is_empty());
    let chain = format!("let o = {{}}\no{}", ".f(o)".repeat(240));
    assert!(codes(&resolve_main(&chain)).is_empty());
    let assign = format!("let v = 0\n{}1", "v = ".repeat(90));
    assert!(codes(&resolve_main(&assign)).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Queries

#[test]
fn language_server_queries() {
    let source =
        "let total = 1\nfunction f(n) {\n  let inner = n\n  total + inner\n}\nprint(total)";
    let resolution = resolve_main(source);
    let inside = offset(source, "total", 0) + 2;
    let (span, binding) = resolution
        .identifier_at(inside)
        .unwrap_or_else(|| panic!("no identifier"));
    assert_eq!(span.start, offset(source, "total", 0));
    assert_eq!(resolution.references(binding).len(), 3);
    let scope = resolution.innermost_scope_at(offset(source, "inner", 1));
    let scope = scope.unwrap_or_else(|| panic!("no scope"));
    assert_eq!(
        resolution.scope(scope).map(|s| s.kind),
        Some(ScopeKind::Function)
    );
    let names: Vec<&str> = resolution
        .visible_bindings(scope)
        .into_iter()
        .filter_map(|id| resolution.binding(id).map(|b| b.name.as_str()))
        .collect();
    assert!(names.contains(&"inner") && names.contains(&"n") && names.contains(&"total"));
    assert!(names.contains(&"f"));
}

#[test]
fn captures_pass_through_intermediate_functions() {
    let source = "let deep = 1\nfunction outer() {\n  function inner() { deep }\n  inner\n}";
    let resolution = resolve_main(source);
    assert!(codes(&resolution).is_empty());
    let deep = resolution.decl_of(offset(source, "deep", 0));
    for function in ["outer", "inner"] {
        let id = resolution.function_at(offset(source, &format!("function {function}"), 0));
        let captures = id
            .and_then(|id| resolution.function(id))
            .map(|f| f.captures.clone());
        assert_eq!(captures, deep.map(|d| vec![d]), "{function}");
    }
}

#[test]
fn imports_and_exports_of_every_form() {
    let source = "import d, * as ns from \"./m\"\nimport { a as b, default as c } from \"./n\"\nexport const x = d\nexport function f() { ns }\nexport agents { helper: { provider: \"mock\" } }\nexport default b + c\nexport { x as y, f as default }\nexport * from \"./o\"";
    let resolution = resolve_with(source, &ResolveEnv::module());
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    for needle in ["d,", "ns ", "b,", "c }"] {
        let binding = resolution.decl_of(offset(source, needle, 0));
        let kind = binding
            .and_then(|id| resolution.binding(id))
            .map(|b| b.kind);
        assert_eq!(kind, Some(BindingKind::Import), "{needle}");
    }
    assert_eq!(
        binding_at(&resolution, source, "helper", 0).kind,
        BindingKind::Agent
    );
    let at = |needle| resolution.binding_at(offset(source, needle, 0));
    assert!(at("x =").is_some() && at("x =") == at("x as"));
}

#[test]
fn confidence_of_a_declaration_is_resolved_where_it_is_declared() {
    let source = "let c = 0.8\nfunction f(c2) ~> c { c2 }";
    let resolution = resolve_main(source);
    assert!(codes(&resolution).is_empty());
    // The confidence is evaluated in the enclosing scope, not by the function: no capture.
    assert!(!binding_at(&resolution, source, "c", 0).captured);
}
