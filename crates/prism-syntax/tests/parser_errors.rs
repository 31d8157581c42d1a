//! Erroneous inputs and their diagnostics (language §3.9, §3.10), one snapshot document per case:
//! the source and the diagnostics rendered as `prism` prints them (cli §3.2, colour off).

use prism_span::SourceMap;
use prism_syntax::parse;

/// The `--- SOURCE --- / --- DIAGNOSTICS ---` document of one input.
fn document(source: &str) -> String {
    let mut files = SourceMap::new();
    let file = files.add("test.prism", source);
    let parsed = parse(source, file);
    assert!(
        !parsed.diagnostics.is_empty(),
        "expected a diagnostic for {source:?}"
    );
    let rendered: String = parsed
        .diagnostics
        .iter()
        .map(|diagnostic| prism_diagnostics::render(diagnostic, &files, false))
        .collect();
    format!("--- SOURCE ---\n{source}\n--- DIAGNOSTICS ---\n{rendered}")
}

macro_rules! parse_error {
    ($($name:ident: $source:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), document($source));
            }
        )*
    };
}

parse_error! {
    e0201_missing_right_operand: "let x = 1 +\n";
    e0201_end_of_file_after_equals: "let x =";
    e0201_close_paren: "let y = )";
    e0201_tilde_tilde_prefix: "let y = ~~x";
    e0201_tilde_minus_prefix: "let y = ~-x";
    e0201_in_without_context: "in foo { }";
    e0201_async_alone: "let f = async 1";
    e0201_star_at_statement_start: "* 2";
    e0201_empty_parentheses: "let v = ()";
    e0201_return_close_paren: "return )";
    e0201_double_arrow: "let f = x => => 1";
    e0201_lexer_error_not_repeated: "let x = #";
    e0202_call_missing_comma: "f(a b)";
    e0202_unclosed_array: "let a = [1, 2";
    e0202_unclosed_function_body: "function f() {\n  return 1\n";
    e0202_interpolation_leftover: "let s = \"a ${x y} b\"";
    e0202_conditional_missing_colon: "let v = c ? 1 2";
    e0202_do_without_while: "do { x() } until y";
    e0202_import_missing_from: "import { a } \"m\"";
    e0202_export_number: "export 42";
    e0202_object_missing_colon: "let o = { a 1 }";
    e0202_member_missing_name: "a.(b)";
    e0202_for_missing_semicolon: "for (let i = 0 i < 3; i++) { }";
    e0202_if_body_not_block: "if x print(1)";
    e0202_unclosed_call_at_end: "print(1";
    e0202_agent_missing_colon: "agents { a { } }";
    e0202_lambda_params: "let f = (a b) => 1";
    e0202_import_namespace_without_as: "import * from \"m\"";
    e0203_call_target: "f() = 1";
    e0203_literal_target: "1 = x";
    e0203_optional_member_target: "a?.b = 1";
    e0203_optional_index_target: "a?.[0] = 1";
    e0203_compound_pattern: "[a, b] += 1";
    e0203_increment_call: "f()++";
    e0203_prefix_increment_literal: "++1";
    e0203_threshold_on_name: "x ~> 0.5 = 1";
    e0203_binary_target: "a + b = c";
    e0204_hole_in_literal: "let a = [1, , 2]";
    e0205_rest_not_last_binding: "let [...a, b] = xs";
    e0205_rest_parameter_not_last: "function f(...a, b) { }";
    e0205_rest_not_last_assignment: "[...a, b] = xs";
    e0205_match_rest_not_last: "match x { [...r, y] => 1 }";
    e0206_const_without_value: "const x";
    e0206_pattern_without_value: "let [a, b]";
    e0207_let_reserved: "let if = 1";
    e0207_shorthand_reserved: "let o = { if }";
    e0207_parameter_reserved: "fn f(while) { }";
    e0208_plus: "let s = x ~> 0.5 + 0.1";
    e0208_and: "ok ~> 0.9 && b";
    e0208_power: "x ~> 2 ** 2";
    e0209_duplicate_branch: "uncertain if x { high { } high { } }";
    e0210_unknown_branch: "uncertain if x { maybe { } }";
    e0210_no_branches: "uncertain if x { }";
    e0211_break_at_top_level: "break";
    e0211_continue_in_function_in_loop: "while (x) { fn f() { continue } }";
    e0214_try_alone: "try { x() }";
    e0215_placeholder_outside_pipeline: "let y = _ + 1";
    e0216_import_in_block: "if (x) { import \"m\" }";
    e0216_agents_in_function: "fn f() { agents { a: { model: \"m\" } } }";
    e0216_export_in_block: "{ export let a = 1 }";
    e0217_duplicate_parameter: "fn f(a, a) { }";
    e0217_duplicate_in_pattern: "let [x, { y: x }] = xs";
    e0218_else_at_statement_start: "else { }";
    e0218_stray_close_brace: "}";
    e0219_spread_in_expression: "let x = ...y";
    e0220_shorthand_default: "let o = { x = 1 }";
    e0221_bad_match_pattern: "match x { + => 1 }";
    e0222_match_missing_arrow: "match x { 1 -> 2 }";
    e0223_if_and: "if (a) && b { }";
    e0223_while_member: "while (x).ok { }";
    e0223_for_pipeline: "for (x of xs) |> f { }";
    e0224_if_let_body: "if (x) let y = 1";
    e0224_while_function_body: "while (x) function f() { }";
    recovery_independent_statements: "let a = ;\nlet b = 2\nlet c = )\n";
    recovery_inside_block: "fn f() {\n  let x = ;\n  return 1\n}\nlet y = *";
    recovery_one_error_per_statement: "let x = (1 + ) + )";
    recovery_interpolation_and_statement: "let s = \"${+}\"; let t = ]";
    recovery_unclosed_call_in_block: "fn f() {\n  g(\n}\nlet ok = (a) => a\nlet bad = }";
    recovery_missing_paren_before_block_end: "if (x) {\n  print(1\n}\nprint(2)";
    lexical_backticks_not_repeated: "let s = `a`";
    lexical_unterminated_string_not_repeated: "let s = \"abc";
    e0202_import_keyword_without_as: "import { if } from \"m\"";
    e0202_match_string_key_alone: "match x { { \"a\" } => 1 }";
    e0220_parenthesized_object_with_default: "({ x = 1 })";
    e0204_hole_in_assigned_value: "[a, b] = [1, , 2]";
    e0203_nested_call_in_pattern: "[a, f()] = xs";
    e0219_object_rest_pattern: "({ ...{ a } } = o)";
    recovery_object_literal_error: "let o = { a: 1 b: 2 }\nlet ok = 1\nlet bad = [";
}
