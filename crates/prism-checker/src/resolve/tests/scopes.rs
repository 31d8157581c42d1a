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

#[test]
fn every_block_form_opens_a_scope() {
    let source = "uncertain if (1 ~> 0.5) {\n  high { let a = 1 }\n  low { let a = 2 }\n}\nin context Review {\n  let a = 3\n} -> Next\ntry { let a = 4 } catch { let a = 5 } finally { let a = 6 }\nlet a = 7";
    let resolution = resolve_main(source);
    assert!(
        codes(&resolution).is_empty(),
        "{:?}",
        resolution.diagnostics
    );
    let distinct: std::collections::HashSet<_> = (0..7)
        .filter_map(|nth| resolution.decl_of(offset(source, "a =", nth)))
        .collect();
    assert_eq!(distinct.len(), 7);
    // `Review` and `Next` are context names, not variables.
    assert!(resolution.use_of(offset(source, "Review", 0)).is_none());
}

#[test]
fn catch_without_parameter_still_opens_a_catch_scope() {
    let source = "try { 1 } catch { 2 }";
    let resolution = resolve_main(source);
    let handler = offset(source, "{ 2", 0);
    let catch = resolution.scope_at(ScopeKind::Catch, handler);
    let block = resolution.scope_at(ScopeKind::Block, handler);
    assert!(catch.is_some() && block.is_some());
    assert_eq!(
        block
            .and_then(|b| resolution.scope(b))
            .and_then(|b| b.parent),
        catch
    );
}

#[test]
fn uncertain_for_header_scope_and_const_loop_destructuring() {
    let source = "uncertain for (let i = 0; i < 2; i++) {\n  default { print(i) }\n}\nfor const [k, v] of [[1, 2]] { v = k }";
    let resolution = resolve_main(source);
    assert_eq!(codes(&resolution), ["E0303"]);
    let i = binding_at(&resolution, source, "i =", 0);
    assert_eq!(
        resolution.scope(i.scope).map(|s| s.kind),
        Some(ScopeKind::ForHeader)
    );
    let v = binding_at(&resolution, source, "v", 0);
    assert_eq!(v.kind, BindingKind::LoopVar { constant: true });
}

#[test]
fn function_scopes_are_found_from_their_nodes() {
    let source = "let f = function named(a) { a }\nlet g = x => x * 2\nfunction h() {}";
    let resolution = resolve_main(source);
    let named = offset(source, "function named", 0);
    let name_scope = resolution.scope_at(ScopeKind::FunctionName, named);
    let body_scope = resolution.scope_at(ScopeKind::Function, named);
    assert!(name_scope.is_some());
    assert_eq!(
        body_scope
            .and_then(|s| resolution.scope(s))
            .and_then(|s| s.parent),
        name_scope
    );
    let lambda = resolution.function_at(offset(source, "x =>", 0));
    let lambda = lambda.and_then(|id| resolution.function(id));
    assert_eq!(lambda.map(|f| f.kind), Some(FunctionKind::Lambda));
    assert_eq!(lambda.map(|f| f.bindings.len()), Some(1));
    let h = resolution
        .function_at(offset(source, "function h", 0))
        .and_then(|id| resolution.function(id));
    assert_eq!(h.and_then(|f| f.name.clone()).as_deref(), Some("h"));
    assert_eq!(resolution.functions.len(), 4);
}
