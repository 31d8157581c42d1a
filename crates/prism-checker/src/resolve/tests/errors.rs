//! Unresolved names (§9.5) and assignments that are not allowed (`E0303`–`E0305`).

use super::*;

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
