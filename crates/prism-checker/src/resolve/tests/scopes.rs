//! Scopes of language §9.1: prelude, host, blocks, loops, catch, match arms.

use smol_str::SmolStr;

use super::*;

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

#[test]
fn repl_session_bindings_are_visible_and_shadowable() {
    let env = ResolveEnv {
        session: vec![
            SessionBinding {
                name: SmolStr::new("kept"),
                kind: BindingKind::Let,
            },
            SessionBinding {
                name: SmolStr::new("fixed"),
                kind: BindingKind::Const,
            },
        ],
        ..ResolveEnv::default()
    };
    let source = "kept = kept + 1\nlet f = () => kept\nfixed = 2";
    let resolution = resolve_with(source, &env);
    assert_eq!(codes(&resolution), ["E0303"]);
    let kept = binding_at(&resolution, source, "kept", 0);
    assert_eq!(
        resolution.scope(kept.scope).map(|s| s.kind),
        Some(ScopeKind::Session)
    );
    assert!(!kept.captured);
    // A later entry may declare the name again (cli §7.2): no E0302.
    assert!(codes(&resolve_with("let fixed = 3", &env)).is_empty());
}
