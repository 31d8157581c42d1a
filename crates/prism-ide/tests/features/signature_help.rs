use crate::at;

/// The label with the active parameter in brackets, or what went wrong.
fn help(marked: &str) -> String {
    let (analysis, offset) = at(marked);
    let Some(help) = analysis.signature_help(offset) else {
        return "no help".to_string();
    };
    let label = &help.signature.label;
    match help.active_parameter {
        Some(active) => {
            let (start, end) = help.signature.parameters[active as usize].label;
            let (start, end) = (start as usize, end as usize);
            format!(
                "{}[{}]{}",
                &label[..start],
                &label[start..end],
                &label[end..]
            )
        }
        None => format!("{label} (no active parameter)"),
    }
}

#[test]
fn builtin_arguments() {
    assert_eq!(
        help("print(map([1], @@))\n"),
        "map(xs: array, [fn: function]) -> array"
    );
    assert_eq!(
        help("print(map(@@[1], f))\n"),
        "map([xs: array], fn: function) -> array"
    );
    assert_eq!(
        help("let m = max(1, 2, 3@@"),
        "max([...xs: number]) -> number"
    );
    assert_eq!(
        help("len(1, 2, @@)\n"),
        "len(x: string|array|object) -> number (no active parameter)"
    );
}

#[test]
fn nested_calls_and_literals() {
    assert_eq!(
        help("print(len([1, 2, 3]), range(1, @@\n"),
        "range(a: number, [b?: number], step?: number) -> array<number>"
    );
    assert_eq!(
        help("print(gate({ a: 1, b: 2@@ }, 0.5))\n"),
        "gate([x: any], t: number, fn?: function) -> any"
    );
}

#[test]
fn user_functions_and_documentation() {
    let source = "/** Adds the tax. */\nfunction withTax(price, rate = 0.2) { price * (1 + rate) }\nprint(withTax(10, @@))\n";
    assert_eq!(help(source), "withTax(price, [rate = 0.2]) -> number");
    let (analysis, offset) = at(source);
    let doc = analysis
        .signature_help(offset)
        .and_then(|h| h.signature.documentation);
    assert_eq!(doc.as_deref(), Some("Adds the tax."));
    assert_eq!(
        help("const add = (a, ...more) => a\nadd(1, 2, @@)\n"),
        "add(a, [...more]) -> unknown"
    );
}

#[test]
fn methods_by_receiver_type() {
    assert_eq!(
        help("let s = \"a,b\"\nprint(s.split(\",\", @@))\n"),
        "String.split(sep?: string, [limit?: number]) -> array<string>"
    );
    assert_eq!(
        help("agents {\n  r: { model: \"m\" }\n}\nr.ask(@@)\n"),
        "Agent.ask([prompt], opts = {}) -> any"
    );
}

#[test]
fn no_help_outside_calls() {
    assert_eq!(help("let x = (1 + @@2)\n"), "no help");
    assert_eq!(help("function f(a, @@) {}\n"), "no help");
    assert_eq!(help("if (@@x) {}\n"), "no help");
    assert_eq!(help("print(1); @@\n"), "no help");
}
