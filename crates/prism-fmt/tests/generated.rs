//! Generated programs (proptest): random statements and expressions, with comments and line
//! breaks sprinkled between their tokens, must keep the guarantees of cli §6.2.

mod common;

use proptest::prelude::*;

/// Trivia between two tokens: nothing, a space, a line break, or a comment.
fn trivia() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just(" ".to_string()),
        2 => Just("\n".to_string()),
        1 => Just(" /* b */ ".to_string()),
        1 => Just(" // l\n".to_string()),
        1 => Just("\n// own\n".to_string()),
        1 => Just("\n\n".to_string()),
    ]
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("value".to_string()),
        Just("1_000".to_string()),
        Just("0.50".to_string()),
        Just("'single'".to_string()),
        Just("\"x ${y} z\"".to_string()),
        Just("null".to_string()),
        Just("undefined".to_string()),
        Just("true".to_string()),
        "[a-z]{8,30}".prop_map(|name| format!("{name}Name")),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 48, 4, |inner| {
        let t = trivia;
        prop_oneof![
            (
                inner.clone(),
                t(),
                prop_oneof![Just("+"), Just("=="), Just("&&"), Just("~>"), Just("??")],
                t(),
                inner.clone()
            )
                .prop_map(|(l, a, op, b, r)| format!("({l}{a}{op}{b}{r})")),
            (
                prop_oneof![Just("!"), Just("-"), Just("typeof "), Just("<~")],
                inner.clone()
            )
                .prop_map(|(op, e)| format!("{op}({e})")),
            (
                inner.clone(),
                prop::collection::vec((t(), inner.clone()), 0..5)
            )
                .prop_map(|(f, args)| format!("call_{}({})", f.len(), join(&args))),
            prop::collection::vec((t(), inner.clone()), 0..6)
                .prop_map(|items| format!("[{}]", join(&items))),
            prop::collection::vec((t(), inner.clone()), 0..5).prop_map(|items| {
                let props: Vec<(String, String)> = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, (t, v))| (t, format!("k{i}: {v}")))
                    .collect();
                format!("({{{}}})", join(&props))
            }),
            (t(), inner.clone()).prop_map(|(t, body)| format!("(x =>{t}{body})")),
            (inner.clone(), t(), inner.clone(), t(), inner.clone())
                .prop_map(|(c, a, x, b, y)| format!("({c}{a}? {x}{b}: {y})")),
            (inner.clone(), t(), inner.clone())
                .prop_map(|(l, a, r)| format!("({l}{a}|> f(_, {r}))")),
            (inner.clone(), inner.clone()).prop_map(|(s, v)| format!(
                "match {s} {{ 1 => {v}, [h, ...r] => {{ h }} _ => null }}"
            )),
            inner.clone().prop_map(|e| format!("{e}.member?.other")),
        ]
    })
}

fn statement() -> impl Strategy<Value = String> {
    let simple = prop_oneof![
        expression().prop_map(|e| format!("let v = {e}")),
        expression().prop_map(|e| format!("print({e})")),
        (expression(), expression()).prop_map(|(c, e)| format!("if {c} {{ print({e}) }}")),
        (expression(), expression())
            .prop_map(|(c, e)| format!("if ({c}) print({e}) else print(1)")),
        expression().prop_map(|e| format!("while ({e}) {{ break }}")),
        expression().prop_map(|e| format!("function f(p, q = 1) {{ return {e} }}")),
        expression().prop_map(|e| format!("for (let i of {e}) {{}}")),
        Just(";".to_string()),
        (trivia(), expression(), trivia()).prop_map(|(a, e, b)| format!("let [x,{a}, y = {e}{b}, ...z] = w")),
        (trivia(), expression(), trivia()).prop_map(|(a, e, b)| format!("let {{ p: q ~> 0.5,{a}r = {e},{b}...s }} = w")),
        (trivia(), expression(), trivia()).prop_map(|(a, e, b)| {
            format!("let m = match w {{{a}{{ k, v: [h, ..._] }} => {e},{b}\"s\" if ok => {{ go() }}\n-1 => 2 }}")
        }),
        (trivia(), trivia()).prop_map(|(a, b)| format!("import d,{a}{{ x as y,{b}z }} from \"m\"")),
        (trivia(), expression()).prop_map(|(a, e)| format!("export {{ x,{a}y as z }}\nexport default {e}")),
        (trivia(), expression()).prop_map(|(a, e)| format!("agents {{ w: Agent {{ model: {e} }},{a}c: {{}} }}")),
        (trivia(), expression()).prop_map(|(a, e)| format!("uncertain if {e} {{{a}high {{ x() }}{a}low {{}} }}")),
        (trivia(), expression()).prop_map(|(a, e)| format!("try {{ {e} }}{a}catch (err) {{}}{a}finally {{ done() }}")),
        (trivia(), expression()).prop_map(|(a, e)| format!("do {{ n-- }}{a}while ({e})")),
        (trivia(), expression()).prop_map(|(a, e)| format!("in context C {{{a}{e} }} -> D")),
        (trivia(), expression()).prop_map(|(a, e)| format!("let g = async ({a}p = 1,{a}...r) => {{ return {e} }}")),
        (trivia(), expression()).prop_map(|(a, e)| format!("for (let i = 0;{a}i < 3; i++) {e}")),
    ];
    (simple, trivia()).prop_map(|(s, t)| format!("{s}{t}"))
}

/// Statements nested in bodies, with trivia between them.
fn nested_statement() -> impl Strategy<Value = String> {
    statement().prop_recursive(2, 16, 3, |inner| {
        (
            prop::collection::vec((trivia(), inner), 0..3),
            trivia(),
            prop_oneof![
                Just("function nested() {"),
                Just("if (c) {"),
                Just("while (c) {"),
                Just("let l = x => {"),
                Just("try {"),
                Just("{"),
            ],
        )
            .prop_map(|(body, end, open)| {
                let body: String = body
                    .into_iter()
                    .map(|(trivia, statement)| format!("{trivia}{statement}"))
                    .collect();
                let close = if open == "try {" { "} finally {}" } else { "}" };
                format!("{open}{body}{end}{close}\n")
            })
    })
}

fn join(items: &[(String, String)]) -> String {
    items
        .iter()
        .map(|(trivia, item)| format!("{trivia}{item}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Runs the generated cases. Generating and shrinking nested recursive strategies is deep
/// recursion inside proptest, so the runner gets a large stack; each check runs on a thread with
/// the ordinary 2 MiB stack of a test thread, so the formatter is held to that.
#[test]
fn generated_programs_keep_the_guarantees() {
    let runner = std::thread::Builder::new()
        .name("proptest-runner".to_string())
        .stack_size(256 << 20)
        .spawn(|| {
            // 64 cases keep the suite quick in debug builds; PROPTEST_CASES asks for more.
            let cases = std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|text| text.parse().ok())
                .unwrap_or(64);
            let config = ProptestConfig {
                cases,
                ..ProptestConfig::default()
            };
            let mut runner = proptest::test_runner::TestRunner::new(config);
            let strategy = prop::collection::vec(nested_statement(), 1..6);
            runner
                .run(&strategy, |statements| {
                    let source = statements.concat();
                    let checked = source.clone();
                    let outcome = std::thread::Builder::new()
                        .name("format-check".to_string())
                        .stack_size(2 << 20)
                        .spawn(move || common::check_guarantees(&checked))
                        .map_err(|error| TestCaseError::fail(error.to_string()))?
                        .join()
                        .map_err(|_| TestCaseError::fail(format!("panicked on\n{source}")))?;
                    match outcome {
                        Ok(parsed) => prop_assume!(parsed, "does not parse"),
                        Err(failure) => prop_assert!(false, "{failure}\n--- source\n{source}"),
                    }
                    Ok(())
                })
                .map_err(|error| error.to_string())
        })
        .expect("the runner thread starts");
    if let Err(failure) = runner.join().expect("the runner does not panic") {
        panic!("{failure}");
    }
}
