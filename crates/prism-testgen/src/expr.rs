//! Expressions by type, and numbers (language §4.2, §6.6, §6.7): edge values, every arithmetic
//! operator, `Math`, lengths, calls of generated functions, `match`. Every compound expression is
//! fully parenthesised, so precedence (§3.6) never changes what a generated program means.

use crate::gen::Gen;
use crate::scope::{Access, Ty};

/// Number literals: small integers most of the time, edge values otherwise.
const SMALL: [&str; 10] = ["0", "1", "2", "3", "4", "5", "7", "10", "12", "100"];
const EDGE: [&str; 30] = [
    "0.5",
    "0.1",
    "0.25",
    "1.5",
    "2.5",
    "3.0",
    "(-0)",
    "(-1)",
    "(-7)",
    "(-2.5)",
    "255",
    "1_000",
    "123456789",
    "1e21",
    "1e-7",
    "1e308",
    "5e-324",
    "9007199254740993",
    "0.30000000000000004",
    "Infinity",
    "(-Infinity)",
    "NaN",
    "Number.MAX_SAFE_INTEGER",
    "Number.EPSILON",
    "Number.MIN_VALUE",
    "Number.MAX_VALUE",
    "(0 / 0)",
    "(1 / 0)",
    "(-1 / 0)",
    "(2 ** 53)",
];
/// Confidence literals around the level boundaries of language §7.8.
pub(crate) const CONFIDENCES: [&str; 13] = [
    "0", "0.1", "0.3", "0.49", "0.5", "0.51", "0.6", "0.69", "0.7", "0.75", "0.9", "0.99", "1",
];

impl Gen<'_> {
    /// An expression of static type `ty`; `depth` bounds its nesting.
    pub(crate) fn expr(&mut self, ty: Ty, depth: u32) -> String {
        self.charge(1);
        match ty {
            Ty::Num => self.num(depth),
            Ty::Str => self.text(depth),
            Ty::Bool => self.boolean(depth),
            Ty::Nums => self.nums(depth),
            Ty::Strs => self.strs(depth),
            Ty::Obj => self.object(depth),
        }
    }

    /// A literal or a variable of `ty`.
    pub(crate) fn atom(&mut self, ty: Ty) -> String {
        if self.chance(50) {
            if let Some(name) = self.var_of(ty, false) {
                return name;
            }
        }
        self.literal(ty)
    }

    pub(crate) fn literal(&mut self, ty: Ty) -> String {
        match ty {
            Ty::Num => self.num_literal(),
            Ty::Str => self.str_literal(),
            Ty::Bool => self.pick(&["false", "true"]).to_owned(),
            Ty::Nums => {
                let count = 1 + self.below(4);
                let items: Vec<String> = (0..count).map(|_| self.num_literal()).collect();
                format!("[{}]", items.join(", "))
            }
            Ty::Strs => {
                let count = 1 + self.below(3);
                let items: Vec<String> = (0..count).map(|_| self.str_literal()).collect();
                format!("[{}]", items.join(", "))
            }
            Ty::Obj => {
                let (n, s, ok, xs) = (
                    self.literal(Ty::Num),
                    self.literal(Ty::Str),
                    self.literal(Ty::Bool),
                    self.literal(Ty::Nums),
                );
                format!("({{ n: {n}, s: {s}, ok: {ok}, xs: {xs} }})")
            }
        }
    }

    pub(crate) fn num_literal(&mut self) -> String {
        if self.chance(30) {
            let edge = self.pick(&EDGE);
            // Globals such as `Infinity` or `Number.EPSILON` are no scalar code: spell them out.
            if self.scalar && edge.contains(|c: char| c.is_ascii_uppercase()) {
                return self
                    .pick(&[
                        "(1 / 0)",
                        "(-1 / 0)",
                        "(0 / 0)",
                        "1e308",
                        "2.220446049250313e-16",
                    ])
                    .to_owned();
            }
            edge.to_owned()
        } else {
            self.pick(&SMALL).to_owned()
        }
    }

    pub(crate) fn confidence_literal(&mut self) -> String {
        self.pick(&CONFIDENCES).to_owned()
    }

    /// A small non-negative integer literal, for counts and indices.
    pub(crate) fn small_int(&mut self, below: u32) -> String {
        self.below(below).to_string()
    }

    pub(crate) fn num(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.atom(Ty::Num);
        }
        let d = depth - 1;
        // 0 literal, 1 variable, 2 binary, 3 unary, 4 Math, 5 lengths, 6 conditional, 7 call,
        // 8 confidence, 9 reductions, 10 match, 11 object field, 12 safe index, 13 increment.
        let weights = if self.scalar {
            [3, 6, 10, 2, 0, 0, 2, 4, 6, 0, 0, 0, 0, 1]
        } else {
            [3, 6, 10, 2, 4, 3, 2, 4, 8, 2, 2, 2, 2, 1]
        };
        match self.weighted(&weights) {
            0 => self.num_literal(),
            1 => self.atom(Ty::Num),
            2 => {
                let op = self.pick(&["+", "-", "*", "/", "%", "**", "+", "-", "*"]);
                let (a, b) = (self.num(d), self.num(d));
                format!("({a} {op} {b})")
            }
            3 => format!("(-({}))", self.num(d)),
            4 => self.math(d),
            5 => self.length(d),
            6 => {
                let (c, a, b) = (self.boolean(d), self.num(d), self.num(d));
                format!("({c} ? {a} : {b})")
            }
            7 => self.call(Ty::Num, d),
            8 if self.scalar => self.scalar_confident(d),
            8 => self.confident_num(d),
            9 => self.reduction(d),
            10 => self.match_num(d),
            11 => format!("{}.n", self.object(d.min(1))),
            12 => {
                let (xs, i, default) = (self.nums(d), self.num(d), self.num_literal());
                format!("({xs}[{i}] ?? {default})")
            }
            _ => match self.var_of(Ty::Num, true) {
                Some(name) => format!("({name}{})", self.pick(&["++", "--"])),
                None => self.num_literal(),
            },
        }
    }

    pub(crate) fn math(&mut self, d: u32) -> String {
        let x = self.num(d);
        match self.below(8) {
            0 => {
                let f = self.pick(&["abs", "floor", "ceil", "round", "trunc", "sign", "sqrt"]);
                format!("Math.{f}({x})")
            }
            1 => {
                let f = self.pick(&["exp", "log", "sin", "cos", "cbrt", "log2", "atan"]);
                format!("Math.{f}({x})")
            }
            2 | 3 => {
                let f = self.pick(&["max", "min", "pow", "hypot", "atan2"]);
                format!("Math.{f}({x}, {})", self.num(d))
            }
            4 => format!("Math.clamp({x}, 0, 10)"),
            5 => format!("{}({x}, {})", self.pick(&["max", "min"]), self.num(d)),
            6 => format!(
                "Number({})",
                self.pick(&[
                    "\"12\"",
                    "\" 3.5 \"",
                    "\"x\"",
                    "\"\"",
                    "true",
                    "null",
                    "\"0x1F\""
                ])
            ),
            _ => format!(
                "parseInt({})",
                self.pick(&["\"42px\"", "\"-7\"", "\"abc\""])
            ),
        }
    }

    pub(crate) fn length(&mut self, d: u32) -> String {
        match self.below(6) {
            0 => format!("({}).length", self.text(d)),
            1 => format!("({}).length", self.nums(d)),
            2 => format!("len({})", self.strs(d)),
            3 => format!("({}).indexOf({})", self.text(d), self.str_literal()),
            4 => format!("({}).indexOf({})", self.nums(d), self.num(d)),
            _ => format!("len({})", self.text(d)),
        }
    }

    pub(crate) fn reduction(&mut self, d: u32) -> String {
        self.charge(20);
        let xs = self.nums(d);
        match self.below(4) {
            0 => format!("sum({xs})"),
            1 => format!("({xs}).reduce((acc, x) => (acc + x), 0)"),
            2 => {
                let body = self.callback(Ty::Num, &[("acc", Ty::Num), ("x", Ty::Num)], d);
                let init = self.num_literal();
                format!("({xs}).reduce({body}, {init})")
            }
            _ => format!("(mean({xs}) ?? 0)"),
        }
    }

    /// A call of a generated function or closure returning `ty`, when the budget allows it.
    pub(crate) fn call(&mut self, ty: Ty, d: u32) -> String {
        let funcs: Vec<_> = self
            .scopes
            .funcs_returning(ty)
            .into_iter()
            .cloned()
            .collect();
        if !funcs.is_empty() {
            let func = funcs[self.below(funcs.len() as u32) as usize].clone();
            if self.affordable(func.cost) {
                self.charge(func.cost);
                let args: Vec<String> = func.params.iter().map(|ty| self.expr(*ty, d)).collect();
                return format!("{}({})", func.name, args.join(", "));
            }
        }
        self.literal(ty)
    }

    pub(crate) fn match_num(&mut self, d: u32) -> String {
        match self.below(3) {
            0 => {
                let scrutinee = self.num(d);
                let bound = self.fresh("m");
                let (a, b) = (self.num(d), self.num(d));
                let guarded = self.scoped(|g| {
                    g.declare(&bound, Ty::Num, Access::ReadOnly);
                    g.num(d)
                });
                let rest = self.num(d);
                format!(
                    "(match {scrutinee} {{ 0 => {a}, -1 => {b}, {bound} if ({bound} > 3) => {guarded}, _ => {rest} }})"
                )
            }
            1 => {
                let xs = self.nums(d);
                let threshold = self.confidence_literal();
                let fallback = self.num_literal();
                format!(
                    "(match {xs} {{ [] => 0, [a] => a, [a ~> {threshold}, b, ..._] => (a - b), _ => {fallback} }})"
                )
            }
            _ => {
                let o = self.object(d.min(1));
                let threshold = self.confidence_literal();
                format!("(match {o} {{ {{ n ~> {threshold} }} => n, _ => (-1) }})")
            }
        }
    }

    /// A lambda `(params) => body` whose body is an expression of `ret`, run once per element.
    pub(crate) fn callback(&mut self, ret: Ty, params: &[(&str, Ty)], d: u32) -> String {
        self.in_callback += 1;
        let names: Vec<String> = params.iter().map(|(p, _)| self.fresh(p)).collect();
        let body = self.repeated(12, |g| {
            g.scoped(|g| {
                for (name, (_, ty)) in names.iter().zip(params) {
                    g.declare(name, *ty, Access::ReadOnly);
                }
                g.expr(ret, d)
            })
        });
        self.in_callback -= 1;
        format!("({}) => {body}", names.join(", "))
    }
}
