//! Unit tests of name resolution, one group per rule of language §9.

use prism_span::FileId;
use smol_str::SmolStr;

use super::*;

fn resolve_with(source: &str, env: &ResolveEnv) -> Resolution {
    let parsed = prism_syntax::parse(source, FileId(0));
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "parse errors in test source: {errors:?}");
    resolve(&parsed.program, FileId(0), env)
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

// ---------------------------------------------------------------------------------------------
// Scopes (§9.1)

#[test]
fn block_shadowing_makes_a_new_binding() {
    let source = "let a = 1\nif (true) {\n  let a = 2\n  print(a)\n}\nprint(a)";
    let resolution = resolve_main(source);
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    assert!(same_binding(&resolution, source, "a", 1, 2));
    assert!(same_binding(&resolution, source, "a", 0, 3));
    assert!(!same_binding(&resolution, source, "a", 0, 1));
    assert_eq!(
        binding_at(&resolution, source, "print", 0).kind,
        BindingKind::Prelude
    );
}

#[test]
fn prelude_and_host_names_resolve_in_the_main_program_only() {
    let source = "print(input, pattern)";
    let main = resolve_main(source);
    assert!(codes(&main).is_empty());
    assert_eq!(
        binding_at(&main, source, "input", 0).kind,
        BindingKind::Host
    );
    let module = resolve_with(source, &ResolveEnv::module());
    assert_eq!(codes(&module), ["E0301", "E0301"]);
}

#[test]
fn extra_host_names_and_test_mode() {
    let env = ResolveEnv {
        extra_host_names: crate::prelude::PARALLAX_HOST
            .iter()
            .map(SmolStr::new)
            .collect(),
        test_mode: true,
        ..ResolveEnv::default()
    };
    let source = "print(agentResults, average)\ntest(\"t\", () => 1)";
    let resolution = resolve_with(source, &env);
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    // The legacy `average` shadows the prelude function (runtime §15.4).
    assert_eq!(
        binding_at(&resolution, source, "average", 0).kind,
        BindingKind::Host
    );
    assert_eq!(codes(&resolve_main("test(\"t\", () => 1)")), ["E0301"]);
}

#[test]
fn match_arm_bindings_live_in_the_arm() {
    let source = "let v = [1, 2]\nmatch v {\n  [a, ...rest] if a > 0 => a + len(rest),\n  { k } => k,\n  x => x\n}\nprint(k)";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["E0301"]);
    assert!(same_binding(&resolution, source, "rest", 0, 1));
    assert_eq!(
        binding_at(&resolution, source, "k", 1).kind,
        BindingKind::MatchBinding
    );
    let arm = resolution.scope(binding_at(&resolution, source, "x", 0).scope);
    assert_eq!(arm.map(|scope| scope.kind), Some(ScopeKind::MatchArm));
}

#[test]
fn catch_parameter_has_its_own_scope() {
    let source = "try { f() } catch ({ message }) { let message2 = message; print(message2) }\nfunction f() { 1 }";
    let resolution = resolve_main(source);
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    let binding = binding_at(&resolution, source, "message", 0);
    assert_eq!(binding.kind, BindingKind::CatchParam);
    assert_eq!(
        resolution.scope(binding.scope).map(|s| s.kind),
        Some(ScopeKind::Catch)
    );
}

#[test]
fn for_header_and_iteration_scopes() {
    let source =
        "for (let i = 0; i < 3; i++) { print(i) }\nfor x, n in [1] { print(x, n) }\nprint(i)";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["E0301"]);
    let i = binding_at(&resolution, source, "i", 0);
    assert_eq!(
        resolution.scope(i.scope).map(|s| s.kind),
        Some(ScopeKind::ForHeader)
    );
    assert!(i.reassigned);
    let x = binding_at(&resolution, source, "x", 0);
    assert_eq!(x.kind, BindingKind::LoopVar { constant: false });
    assert_eq!(
        resolution.scope(x.scope).map(|s| s.kind),
        Some(ScopeKind::ForIteration)
    );
    assert_eq!(resolution.scope_at(ScopeKind::ForHeader, 0), Some(i.scope));
}

#[test]
fn placeholder_never_binds() {
    let source = "for _ in [1, 2] { print(1) }\nlet [_, b] = [1, 2]\nprint(b)";
    let resolution = resolve_main(source);
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    assert!(resolution
        .bindings
        .iter()
        .all(|binding| binding.name != "_"));
}

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
    assert!(codes(&resolve_main("function h(c, c) { c }")).is_empty());
    assert!(codes(&resolve_main("let [d, { e: d }] = [1, {}]")).is_empty());
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
// Implicit declarations (§9.3)

#[test]
fn assignment_declares_in_the_file() {
    let source = "total = 0\nfor x in [1, 2, 3] { total += x }\nprint(total)";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["I0301"]);
    assert_eq!(
        messages(&resolution),
        ["assignment declares 'total' in the file"]
    );
    let total = binding_at(&resolution, source, "total", 0);
    assert_eq!(total.kind, BindingKind::Implicit);
    assert_eq!(resolution.file_scope(), Some(total.scope));
    assert!(same_binding(&resolution, source, "total", 0, 2));
    assert_eq!(resolution.functions[0].implicit.len(), 1);
}

#[test]
fn assignment_declares_in_the_enclosing_function() {
    let source = "function f() {\n  if (true) { y = 5 }\n  return y\n}\nlet g = () => { z = 5; z }";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["I0301", "I0301"]);
    assert_eq!(
        messages(&resolution)[0],
        "assignment declares 'y' in the enclosing function"
    );
    let y = binding_at(&resolution, source, "y", 0);
    assert_eq!(
        resolution.scope(y.scope).map(|s| s.kind),
        Some(ScopeKind::Function)
    );
    assert!(same_binding(&resolution, source, "y", 0, 1));
}

#[test]
fn reads_before_the_assignment_see_the_implicit_binding() {
    let source = "function f() { while (m < 3) { m = 1 } }";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["I0301"]);
    assert!(same_binding(&resolution, source, "m", 0, 1));
}

#[test]
fn nested_functions_see_the_enclosing_implicit_bindings() {
    let source =
        "function f() {\n  count = 0\n  let add = () => { count += 1 }\n  add()\n  count\n}";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["I0301"]);
    let count = binding_at(&resolution, source, "count", 0);
    assert!(count.captured);
    assert!(same_binding(&resolution, source, "count", 0, 1));
    let lambda = resolution
        .function_at(offset(source, "()", 1))
        .and_then(|id| resolution.function(id));
    assert_eq!(lambda.map(|function| function.captures.len()), Some(1));
}

#[test]
fn a_shadowed_name_is_not_implicitly_declared() {
    let source = "let t = 0\nfunction f() { t = 1 }\n{ let u = 0; u = 2 }";
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

// ---------------------------------------------------------------------------------------------
// Unresolved names (§9.5)

#[test]
fn unresolved_name_suggests_a_close_name() {
    let resolution = resolve_main("let score = 1\nprint(scroe)");
    assert_eq!(codes(&resolution), ["E0301"]);
    assert_eq!(messages(&resolution), ["cannot find 'scroe' in this scope"]);
    assert_eq!(resolution.diagnostics[0].help, ["did you mean 'score'?"]);
    let far = resolve_main("print(completelyUnknown)");
    assert!(far.diagnostics[0].help.is_empty());
}

#[test]
fn javascript_words_get_a_help_line() {
    for word in ["new", "this", "class", "var", "switch", "delete"] {
        let resolution = resolve_main(&format!("print({word})"));
        assert_eq!(codes(&resolution), ["E0301"], "{word}");
        assert_eq!(resolution.diagnostics[0].help.len(), 1, "{word}");
    }
}

// ---------------------------------------------------------------------------------------------
// Assignments that are not allowed (E0303–E0305)

#[test]
fn constants_cannot_be_assigned() {
    assert_eq!(codes(&resolve_main("const c = 1\nc = 2")), ["E0303"]);
    assert_eq!(codes(&resolve_main("const c = 1\nc++")), ["E0303"]);
    assert_eq!(codes(&resolve_main("const c = 1\nc += 2")), ["E0303"]);
    assert_eq!(
        codes(&resolve_main("for const x of [1] { x = 2 }")),
        ["E0303"]
    );
    assert_eq!(
        codes(&resolve_main(
            "let o = { a: 1 }\nconst [p] = [1];\n[p, o.a] = [2, 3]"
        )),
        ["E0303"]
    );
    assert_eq!(
        messages(&resolve_main("const c = 1\nc = 2")),
        ["cannot assign to constant 'c'"]
    );
}

#[test]
fn builtins_cannot_be_assigned() {
    let resolution = resolve_main("print = 5");
    assert_eq!(codes(&resolution), ["E0304"]);
    assert_eq!(
        resolution.diagnostics[0].help,
        ["declare a new variable: `let print = …`"]
    );
    assert_eq!(codes(&resolve_main("input = 1")), ["E0304"]);
    // Shadowing a builtin with a declaration is allowed.
    assert!(codes(&resolve_main("let print = 5\nprint = 6")).is_empty());
    // Modules have no host scope: the assignment declares.
    assert_eq!(
        codes(&resolve_with("input = 1", &ResolveEnv::module())),
        ["I0301"]
    );
}

#[test]
fn imports_are_read_only_and_hoisted() {
    let source = "print(counter)\nimport { counter } from \"./lib\"\ncounter = 5";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["E0305"]);
    assert_eq!(
        binding_at(&resolution, source, "counter", 0).kind,
        BindingKind::Import
    );
}

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
    let sum = format!("let a = 1\nprint(a{})", " + a".repeat(1400));
    assert!(codes(&resolve_main(&sum)).is_empty());
    let chain = format!("let o = {{}}\no{}", ".f(o)".repeat(700));
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
