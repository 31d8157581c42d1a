//! The tree of every grammar form (language §3), as a compact S-expression built from the
//! `prism ast` JSON (cli §11): spans, `null`s, empty lists and `false` flags are left out, and
//! `Paren` nodes are already transparent there. Every input here must parse without diagnostics.

use prism_span::FileId;
use prism_syntax::ast_json::program_to_json_with_source;
use prism_syntax::parse;
use serde_json::Value;

fn compact(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let kind = map.get("type").and_then(Value::as_str);
            out.push('(');
            if let Some(kind) = kind {
                out.push_str(kind);
            }
            for (key, field) in map {
                let omitted = matches!(field, Value::Null)
                    || matches!(field, Value::Bool(false)) && kind != Some("Bool")
                    || matches!(field, Value::Array(items) if items.is_empty());
                if key == "type" || key == "span" || omitted || key == "raw" && kind != Some("Null")
                {
                    continue;
                }
                if !out.ends_with('(') {
                    out.push(' ');
                }
                out.push_str(key);
                out.push('=');
                compact(field, out);
            }
            out.push(')');
        }
        Value::Array(items) => {
            out.push('[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push(' ');
                }
                compact(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn document(source: &str) -> String {
    let parsed = parse(source, FileId(0));
    assert!(
        parsed.diagnostics.is_empty(),
        "unexpected diagnostics for {source:?}: {:#?}",
        parsed.diagnostics
    );
    let json = program_to_json_with_source(&parsed.program, source);
    let mut tree = String::new();
    for stmt in json["body"].as_array().into_iter().flatten() {
        compact(stmt, &mut tree);
        tree.push('\n');
    }
    format!("--- SOURCE ---\n{source}\n--- AST ---\n{tree}")
}

macro_rules! parse_ok {
    ($($name:ident: $source:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), document($source));
            }
        )*
    };
}

parse_ok! {
    literals: "1; 1_000.5e3; \"a\\n\"; 'b'; ```\nfenced\n```; true; false; null; undefined; x";
    template: "\"a ${x} b ${\"c ${y}\"} d\"";
    arrays_and_objects: "[1, ...xs, 3,]; ({ a: 1, \"b\": 2, 3: c, [k]: v, d, ...rest, if: 4, _: 5 })";
    object_at_statement_start: "{ a: 1 }\n{ ...o }\n{ x, y }\n{ \"k\": 1 }\n{ 1: 2 }\n{ x }\n{}";
    destructuring_assignment_at_statement_start: "{ a, b } = o";
    unary_operators: "!a; -b; ~c; <~d; typeof e; await f; ++g; --h; i++; j--";
    arithmetic_precedence: "1 + 2 * 3 - 4 / 5 % 6; -2 ** 2; 2 ** 3 ** 2";
    comparison_and_logic: "a < b == c > d && e != f || g ?? h; a === b !== c; x instanceof Y";
    nullish_and_coalesce: "0 || null ?? 7; a ~?? b ?? c; a ~?? b && c";
    confidence_operators: "a ~&& b ~|| c; a ~||> b; a ~@> b; a ~== b ~!= c; a ~< b ~<= c ~>= d; a ~+ b ~- c ~* d ~/ e";
    annotate: "1 + 2 ~> 0.5; false || x ~> 0.9; a ~> 0.9 ~> 0.8; x ~> f(a); x ~> -0.5; x ~> cfg.level; x ~> <~y";
    annotate_followed_by_loose_operators: "a ~> 0.8 ~~ b; a ~> 0.8 ? x : y; a ~> 0.8 |> f";
    chain: "a ~~ b || c";
    conditional: "c ? a : b; c ~? a : b; c ? a : b |> f; a ? b ? c : d : e";
    pipelines: "x |> f |> g(_, 1); x ~|> f; x |> f ~?> 0.5; x => x + 1 |> f";
    assignment_operators: "a = b = c; a += 1; a -= 1; a *= 1; a /= 1; a %= 1; a **= 1; a ??= 1; a ||= 1; a &&= 1; a ~+= 1; a ~-= 1; a ~*= 1; a ~/= 1";
    assignment_targets: "_ = f(); a.b = 1; a[0] = 2; (a) = 3; a.b.c[d] = 4";
    array_pattern_assignment: "[a, , b = 1, c ~> 0.5, ...rest] = xs";
    object_pattern_assignment: "({ a, b: [c, d], e = 1, f ~> 0.5, g: h ~> 0.7 = 2, ...rest } = o)";
    threshold_pattern_assignment: "[a, b] ~> 0.8 = pair";
    member_access: "a.b; a?.b; a~.b; a[0]; a?.[0]; f(); f?.(); a.if; a._; a.from.default; 1 .toFixed";
    calls: "f(a, ...b, c,); f(x => x)(1); a.b(c)[d](e)";
    lambdas: "x => x; _ => 1; () => 1; (a, b) => a + b; (a = 1, ...r) => r; ([a, b], { c }) => a; x => { return x }; async x => await x; async (a) => a; (x ~> 0.5) => x";
    parenthesized_not_lambda: "(a); (a, b) => 1; ((a))";
    function_expressions: "let f = function (a) { return a }; let g = fn named(x) ~> 0.9 { x }; let h = async fn () { }";
    function_declarations: "function f(a, b = 2, ...rest) { return a }\nfn g() ~> 0.8 { }\nasync function h() { await g() }";
    var_declarations: "let a; let b = 1, c ~> 0.5 = 2; const d = 3; let [e, f] = g; const { h, i: j } = k; let _ = 1; let [m, n] ~> 0.7 = p";
    if_statements: "if (a) b(); else c()\nif a { } else if b { } else { }\nif (x) { y }";
    while_statements: "while (a) b()\nwhile a < 10 { a++ }\ndo { a() } while (b)\ndo x(); while y;";
    for_statements: "for (let i = 0; i < 3; i++) { }\nfor i = 0; i < 3; i++ { }\nfor (;;) { break }\nfor (i = 0; i < 1; ) continue";
    for_in_statements: "for x in xs { }\nfor (const x of xs) f(x)\nfor let [k, v] in pairs { }\nfor x, i in xs { }\nfor (v, _ of list) { }";
    uncertain_statements: "uncertain if x { high { a } medium { b } low { c } default { d } }\nuncertain while (y) { low { } }\nuncertain for (let i = 0; i < 3; i++) { high { } }\nuncertain for i = 0; i < 3; i++ { default { } }";
    return_statements: "fn f() { return }\nfn g() { return; }\nfn h() { return 1 }\nfn k() { return\n  2 }";
    jumps_and_throw: "while (1) { break; continue }\nthrow Error(\"x\")";
    try_statements: "try { a() } catch (e) { b() } finally { c() }\ntry { } catch { }\ntry { } finally { }\ntry { } catch ({ message }) { }";
    context_statements: "in context Review { a() }\nin context \"deep dive\" { } -> Summary;\nin context A { } -> \"B\"";
    agents_statements: "agents { reviewer: { model: \"m\" }, writer: Agent { model: \"w\" }; critic: { } }";
    agents_as_identifier: "agents = 1; agents.x";
    imports: "import \"m\"\nimport a from \"m\"\nimport { b, c as d, default as e, if as f } from \"m\"\nimport * as ns from \"m\"\nimport g, { h } from \"m\";\nimport i, * as j from \"m\"";
    exports: "export let a = 1\nexport const b = 2\nexport function c() { }\nexport default d + 1\nexport { a, b as default }\nexport { x } from \"m\"\nexport * from \"m\"\nexport agents { r: { } }";
    contextual_keywords_as_names: "let from = 1, as = 2, of = 3, high = 4, context = 5, agents = 6, default = 7";
    match_literals: "match x { 1 => \"one\", -1 => \"minus\", \"s\" => 2, true => 3, null => 4, undefined => 5, _ => 6 }";
    match_structures: "match x { [a, b ~> 0.5, ...rest] => a, [..._] => 0, { k, m: [n], o ~> 0.9, ...others } => k, {} => 1, [] => 2 }";
    match_guards_and_thresholds: "match x { y ~> 0.8 if ok => 1, z if (a) => 2, w if f((v) => v) => 3, v if a && b => 4 }";
    match_block_arms: "match x { 1 => { a } 2 => { b }, _ => c }";
    match_in_expression: "let v = match x { _ => 1 } + 1";
    empty_statements: ";;";
    newline_continuation: "let a = b\n(c)\nlet d = e\n[0]";
    two_statements_without_semicolon: "a b\nc <~d";
    placeholder_in_pipeline_call: "xs |> map(_, x => x * 2) |> _.length";
}

/// Trees after error recovery (language §3.9): `Error` statements where input was skipped, the
/// rest of the program intact, and `Error` nodes for broken interpolations.
fn recovered_document(source: &str) -> String {
    let parsed = parse(source, FileId(0));
    assert!(
        !parsed.diagnostics.is_empty(),
        "expected diagnostics for {source:?}"
    );
    let json = program_to_json_with_source(&parsed.program, source);
    let mut tree = String::new();
    for stmt in json["body"].as_array().into_iter().flatten() {
        compact(stmt, &mut tree);
        tree.push('\n');
    }
    let codes: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect();
    format!("--- SOURCE ---\n{source}\n--- CODES ---\n{codes:?}\n--- AST ---\n{tree}")
}

#[test]
fn recovered_statements() {
    insta::assert_snapshot!(recovered_document(
        "let a = 1\nlet b = * 2\nfn f() {\n  let c = ;\n  return c\n}\nprint(\"${+} ok ${a}\")\nlet d = 4"
    ));
}
