//! Strings (language §4.3, §6.2.3, builtins §5) and booleans (§4.12, §6.8, §6.9).

use crate::gen::Gen;
use crate::scope::Ty;

const STRINGS: [&str; 14] = [
    "\"\"",
    "\"a\"",
    "\"b\"",
    "\"hello\"",
    "\"x y z\"",
    "\"ab,cd\"",
    "\" pad \"",
    "\"é😀\"",
    "\"tab\\tquote\\\"\"",
    "'single ${raw}'",
    "\"line\\nbreak\"",
    "\"Prism\"",
    "\"42\"",
    "\"a-b-a\"",
];

impl Gen<'_> {
    pub(crate) fn str_literal(&mut self) -> String {
        self.pick(&STRINGS).to_owned()
    }

    pub(crate) fn text(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.atom(Ty::Str);
        }
        let d = depth - 1;
        // 0 literal, 1 variable, 2 template, 3 concatenation, 4 method, 5 conversion, 6 join,
        // 7 conditional, 8 confidence, 9 call, 10 index, 11 field, 12 match.
        match self.weighted(&[2, 5, 5, 5, 8, 4, 2, 2, 5, 2, 2, 1, 1]) {
            0 => self.str_literal(),
            1 => self.atom(Ty::Str),
            2 => {
                let ty = self.pick(&Ty::ALL);
                let (a, b) = (self.expr(ty, d), self.num(d));
                format!("\"<${{{a}}}|${{{b}}}>\"")
            }
            3 => {
                let (a, b) = (self.text(d), self.text(d));
                if self.chance(30) {
                    format!("({a} + {})", self.num(d))
                } else {
                    format!("({a} + {b})")
                }
            }
            4 => self.string_method(d),
            5 => match self.below(6) {
                0 => format!("String({})", self.num(d)),
                1 => format!("({}).toFixed({})", self.num(d), self.small_int(4)),
                2 => format!("typeof {}", self.any_expr(d)),
                3 => format!("level({})", self.any_expr(d)),
                4 => format!("JSON.stringify({})", self.any_expr(d)),
                _ => format!("String({})", self.any_expr(d)),
            },
            6 => {
                let sep = self.pick(&["\", \"", "\"\"", "\"-\""]);
                if self.chance(50) {
                    format!("({}).join({sep})", self.strs(d))
                } else {
                    format!("({}).join({sep})", self.nums(d))
                }
            }
            7 => {
                let (c, a, b) = (self.boolean(d), self.text(d), self.text(d));
                format!("({c} ? {a} : {b})")
            }
            8 => self.confident_any(Ty::Str, d),
            9 => self.call(Ty::Str, d),
            10 => format!("({}[{}] ?? \"?\")", self.text(d), self.num(d)),
            11 => format!("{}.s", self.object(d.min(1))),
            _ => {
                let scrutinee = self.text(d);
                let (a, b) = (self.text(d), self.text(d));
                format!("(match {scrutinee} {{ \"a\" => {a}, \"\" => \"empty\", _ => {b} }})")
            }
        }
    }

    pub(crate) fn pick_ty(&mut self) -> Ty {
        self.pick(&Ty::ALL)
    }

    /// An expression of a random type.
    pub(crate) fn any_expr(&mut self, d: u32) -> String {
        let ty = self.pick_ty();
        self.expr(ty, d)
    }

    pub(crate) fn string_method(&mut self, d: u32) -> String {
        let s = self.text(d);
        match self.below(12) {
            0 => format!("({s}).toUpperCase()"),
            1 => format!("({s}).toLowerCase()"),
            2 => format!("({s}).slice({}, {})", self.num(d), self.small_int(6)),
            3 => format!("({s}).repeat({})", self.small_int(3)),
            4 => format!("({s}).trim()"),
            5 => format!("({s}).padStart({}, \"*\")", self.small_int(9)),
            6 => format!("({s}).replace(\"a\", {})", self.str_literal()),
            7 => format!("({s}).replaceAll(\"a\", \"A\")"),
            8 => format!("({s}).charAt({})", self.num(d)),
            9 => format!("({s}).concat({}, {})", self.num(d), self.text(d)),
            10 => format!("({s}).substring({}, {})", self.num(d), self.num(d)),
            _ => format!("({s}).padEnd({}, \"-\")", self.small_int(9)),
        }
    }

    pub(crate) fn boolean(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.atom(Ty::Bool);
        }
        let d = depth - 1;
        // 0 literal, 1 variable, 2 numeric comparison, 3 equality, 4 string test, 5 not,
        // 6 and/or, 7 number test, 8 confident comparison/logic, 9 array test, 10 instanceof,
        // 11 call, 12 field.
        let weights = if self.scalar {
            [2, 4, 10, 0, 0, 2, 4, 0, 5, 0, 0, 2, 0]
        } else {
            [2, 4, 10, 4, 3, 2, 4, 2, 5, 3, 1, 2, 1]
        };
        match self.weighted(&weights) {
            0 => self.literal(Ty::Bool),
            1 => self.atom(Ty::Bool),
            2 => {
                let op = self.pick(&["<", "<=", ">", ">="]);
                let (a, b) = (self.num(d), self.num(d));
                format!("({a} {op} {b})")
            }
            3 => {
                let ty = self.pick_ty();
                let op = self.pick(&["==", "!=", "===", "!=="]);
                let (a, b) = (self.expr(ty, d), self.expr(ty, d));
                format!("({a} {op} {b})")
            }
            4 => {
                let (s, t) = (self.text(d), self.text(d));
                match self.below(4) {
                    0 => format!("({s}).includes({t})"),
                    1 => format!("({s}).startsWith({t})"),
                    2 => format!("({s}).endsWith({t})"),
                    _ => format!("({s} < {t})"),
                }
            }
            5 if self.scalar => format!("(!{})", self.num(d)),
            5 => format!("(!{})", self.any_expr(d)),
            6 => {
                let op = self.pick(&["&&", "||", "??"]);
                let (a, b) = (self.boolean(d), self.boolean(d));
                format!("({a} {op} {b})")
            }
            7 => {
                let f = self.pick(&["isNaN", "isInteger", "isFinite", "isSafeInteger"]);
                format!("Number.{f}({})", self.num(d))
            }
            8 => {
                let op = self.pick(&["~<", "~<=", "~>=", "~==", "~!="]);
                if self.chance(70) {
                    let (a, b) = (self.num(d), self.num(d));
                    format!("({a} {op} {b})")
                } else {
                    let op = self.pick(&["~&&", "~||"]);
                    let (a, b) = (self.boolean(d), self.boolean(d));
                    format!("({a} {op} {b})")
                }
            }
            9 => {
                let xs = self.nums(d);
                match self.below(3) {
                    0 => format!("({xs}).includes({})", self.num(d)),
                    1 => {
                        let body = self.callback(Ty::Bool, &[("x", Ty::Num)], d);
                        format!("({xs}).{}({body})", self.pick(&["some", "every"]))
                    }
                    _ => format!("Array.isArray({xs})"),
                }
            }
            10 => {
                let ty = self.pick_ty();
                let name = self.pick(&["\"number\"", "\"string\"", "Array", "\"object\"", "Error"]);
                format!("({} instanceof {name})", self.expr(ty, d))
            }
            11 => self.call(Ty::Bool, d),
            _ => format!("{}.ok", self.object(d.min(1))),
        }
    }
}
