//! Implicit declaration by assignment (language §9.3).

use super::*;

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
