//! Runtime errors (language §12): statements that raise each kind of catchable error, `try` with
//! `catch` and `finally`, errors thrown from inside functions (so the Prism call stack matters),
//! and, for some programs, an error that escapes and ends the run. Values whose static type would
//! let the checker prove the error (§15.5) come from `JSON.parse`, which is `unknown`.

use crate::gen::Gen;
use crate::scope::Ty;

impl Gen<'_> {
    /// A statement that raises; returns whether the thrown value is an error object.
    fn raising_statement(&mut self) -> bool {
        let s = self.text(1);
        let x = self.num(1);
        let line = match self.below(22) {
            0 => "print(JSON.parse(\"null\") + 1);".to_owned(),
            1 => "print(JSON.parse(\"null\").x);".to_owned(),
            2 => "print(JSON.parse(\"5\")());".to_owned(),
            3 => match self.var_of(Ty::Nums, false) {
                Some(xs) => format!("{xs}[{xs}.length + 2] = {x};"),
                None => format!("JSON.parse(\"[1]\")[3] = {x};"),
            },
            4 => format!("throw Error((\"boom \" + {s}), \"CustomError\");"),
            5 => {
                self.line(&format!("throw {s};"));
                return false;
            }
            6 => {
                self.line(&format!("throw {x};"));
                return false;
            }
            7 => {
                self.line(&format!("throw {{ code: {x} }};"));
                return false;
            }
            8 => "print(JSON.parse(\"[]\").reduce((a, b) => (a + b)));".to_owned(),
            9 => format!("print(({x} ~> JSON.parse(\"\\\"a\\\"\")));"),
            10 => format!("print(({x} ~> (0 / 0)));"),
            11 => "print(\"ab\".repeat(JSON.parse(\"-1\")));".to_owned(),
            12 => format!("assertEqual({x}, {});", self.num(1)),
            13 => "for (const q of JSON.parse(\"3\")) { print(q); }".to_owned(),
            14 => "print(JSON.parse(\"{bad\"));".to_owned(),
            15 => "print(((1 ~> 0.5) ~?> JSON.parse(\"2\")));".to_owned(),
            16 => "print(JSON.parse(\"[1]\").foo);".to_owned(),
            17 => "print(JSON.parse(\"7\")[0]);".to_owned(),
            18 => "print([...JSON.parse(\"5\")]);".to_owned(),
            19 => "print(-JSON.parse(\"\\\"s\\\"\"));".to_owned(),
            20 => "JSON.parse(\"\\\"abc\\\"\").x = 1;".to_owned(),
            _ => {
                let thrower = self.thrower();
                format!("print({thrower}({x}));")
            }
        };
        self.line(&line);
        true
    }

    /// A function that throws an error object for large arguments, declared here; its name.
    fn thrower(&mut self) -> String {
        let (name, a) = (self.fresh("th"), self.fresh("a"));
        let limit = self.small_int(6);
        self.line(&format!(
            "function {name}({a}) {{ if ({a} > {limit}) {{ throw Error(\"too big: \" + String({a}), \"RangeCheck\"); }} return ({a} * 2); }}"
        ));
        name
    }

    pub(crate) fn try_statement(&mut self) {
        self.block_depth += 1;
        self.open("try {");
        let raises = self.chance(75);
        let mut error_object = true;
        self.scoped(|g| {
            let before = g.below(3);
            g.statements(before);
            if raises {
                error_object = g.raising_statement();
            }
            if g.chance(30) {
                g.statement();
            }
        });
        let e = self.fresh("e");
        self.close(&format!("}} catch ({e}) {{"));
        self.reopen();
        // `e` is not declared to the generator: an error object has no type it tracks.
        self.scoped(|g| {
            let report = if error_object {
                match g.below(5) {
                    0 => format!("print(\"caught\", {e}.kind, {e}.message);"),
                    1 => format!("print({e});"),
                    2 => format!("print([{e}], {e} instanceof Error, typeof {e});"),
                    3 => format!("print({e}.kind, {e}.line, {e}.column);"),
                    _ => format!("print(\"caught\", {e}.message);"),
                }
            } else {
                format!("print(\"caught\", {e});")
            };
            g.line(&report);
        });
        if self.chance(30) {
            self.close("} finally {");
            self.reopen();
            self.line("print(\"finally\");");
        }
        self.close("}");
        self.block_depth -= 1;
    }

    /// An error that is not caught: the run ends here with the error's code and span.
    pub(crate) fn uncaught_error(&mut self) {
        self.raising_statement();
    }
}
