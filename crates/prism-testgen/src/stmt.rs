//! Simple statements: declarations (with destructuring and thresholds, language §8.2, §11),
//! assignments (§6.11), mutations of arrays and objects, and printing of intermediate values.
//! Every statement ends with `;`, so no line can continue the one before it (§3.8).

use crate::gen::Gen;
use crate::scope::{Access, Ty};

/// Longest string and array a declaration or assignment stores: keeps repeated doubling cheap.
const STRING_CAP: u32 = 60;
const ARRAY_CAP: u32 = 12;

impl Gen<'_> {
    /// A list of `count` statements at the current position.
    pub(crate) fn statements(&mut self, count: u32) {
        for _ in 0..count {
            self.statement();
        }
    }

    pub(crate) fn statement(&mut self) {
        let nested = self.block_depth < self.config.max_block_depth;
        // 0 print, 1 declaration, 2 assignment, 3 mutation, 4 destructuring, 5 control flow,
        // 6 function, 7 try, 8 break/continue.
        let weights = [
            5,
            6,
            5,
            3,
            1,
            if nested { 5 } else { 0 },
            if nested && self.in_callback == 0 {
                2
            } else {
                0
            },
            if nested { 2 } else { 0 },
            if self.loops() > 0 { 1 } else { 0 },
        ];
        match self.weighted(&weights) {
            0 => self.print(),
            1 => self.declaration(),
            2 => self.assignment(),
            3 => self.mutation(),
            4 => self.destructuring(),
            5 => self.control(),
            6 => self.function(),
            7 => self.try_statement(),
            _ => self.break_or_continue(),
        }
    }

    fn depth(&mut self) -> u32 {
        1 + self.below(self.config.max_expr_depth)
    }

    /// `expr` made safe to store: strings and arrays cut to a small size.
    pub(crate) fn capped(&mut self, ty: Ty, depth: u32) -> String {
        let value = self.expr(ty, depth);
        match ty {
            Ty::Str => format!("({value}).slice(0, {STRING_CAP})"),
            Ty::Nums | Ty::Strs => format!("({value}).slice(0, {ARRAY_CAP})"),
            _ => value,
        }
    }

    pub(crate) fn print(&mut self) {
        let count = 1 + self.below(3);
        let mut parts = Vec::new();
        for _ in 0..count {
            let depth = self.depth();
            parts.push(match self.below(8) {
                // Possibly null or out of range: printing is always safe.
                0 => format!("{}[{}]", self.nums(depth), self.num(depth)),
                1 => format!("({} ~?> {})", self.num(depth), self.confidence_literal()),
                2 => format!("{}.at({})", self.strs(depth), self.num(depth)),
                _ => {
                    let ty = self.pick(&Ty::ALL);
                    self.expr(ty, depth)
                }
            });
        }
        let callee = self.pick(&["print", "print", "print", "console.log"]);
        self.line(&format!("{callee}({});", parts.join(", ")));
    }

    pub(crate) fn declaration(&mut self) {
        let ty = self.pick(&Ty::ALL);
        let name = self.fresh("v");
        let depth = self.depth();
        let value = self.capped(ty, depth);
        if self.chance(15) {
            // A threshold makes the binding nullable (§11.3): printed, never computed with.
            let t = self.confidence_literal();
            self.line(&format!("let {name} ~> {t} = {value};"));
            self.line(&format!("print(\"{name}\", {name});"));
            return;
        }
        let constant = self.chance(30);
        let keyword = if constant { "const" } else { "let" };
        self.line(&format!("{keyword} {name} = {value};"));
        let access = if constant {
            Access::ReadOnly
        } else {
            Access::Mutable
        };
        self.declare(&name, ty, access);
    }

    fn assignment(&mut self) {
        let ty = self.pick(&Ty::ALL);
        let Some(name) = self.var_of(ty, true) else {
            return self.declaration();
        };
        let depth = self.depth();
        if ty == Ty::Num && self.chance(50) {
            let op = self.pick(&[
                "+=", "-=", "*=", "/=", "%=", "**=", "~+=", "~-=", "~*=", "~/=", "||=", "&&=",
                "??=",
            ]);
            let value = self.num(depth);
            self.line(&format!("{name} {op} {value};"));
        } else if ty == Ty::Num && self.chance(30) {
            let op = self.pick(&["++", "--"]);
            if self.chance(50) {
                self.line(&format!("{name}{op};"));
            } else {
                self.line(&format!("{op}{name};"));
            }
        } else {
            let value = self.capped(ty, depth);
            self.line(&format!("{name} = {value};"));
        }
    }

    fn mutation(&mut self) {
        let depth = self.depth();
        match self.below(6) {
            0..=2 => {
                let Some(xs) = self.var_of(Ty::Nums, false) else {
                    return self.print();
                };
                let value = self.num(depth);
                match self.below(5) {
                    0 | 1 => self.line(&format!("{xs}.push({value});")),
                    2 => self.line(&format!("{xs}[{xs}.length] = {value};")),
                    3 => self.line(&format!("if ({xs}.length > 1) {{ {xs}[1] = {value}; }}")),
                    _ => {
                        let method = self.pick(&["pop", "shift"]);
                        self.line(&format!("print({xs}.{method}());"));
                    }
                }
            }
            3 | 4 => {
                let Some(o) = self.var_of(Ty::Obj, false) else {
                    return self.print();
                };
                match self.below(4) {
                    0 => {
                        let value = self.num(depth);
                        self.line(&format!("{o}.n = {value};"));
                    }
                    1 => {
                        let value = self.capped(Ty::Str, depth);
                        self.line(&format!("{o}[\"s\"] = {value};"));
                    }
                    2 => {
                        let value = self.boolean(depth);
                        self.line(&format!("{o}.ok = {value};"));
                    }
                    _ => {
                        let value = self.num(depth);
                        self.line(&format!("{o}.xs.push({value});"));
                    }
                }
            }
            _ => {
                let Some(ss) = self.var_of(Ty::Strs, false) else {
                    return self.print();
                };
                let value = self.capped(Ty::Str, depth);
                self.line(&format!("{ss}.unshift({value});"));
            }
        }
    }

    fn destructuring(&mut self) {
        let depth = self.depth();
        match self.below(4) {
            0 => {
                let (a, b, rest) = (self.fresh("v"), self.fresh("v"), self.fresh("v"));
                let (da, db) = (self.num_literal(), self.num_literal());
                let xs = self.nums(depth);
                self.line(&format!(
                    "let [{a} = {da}, {b} = {db}, ...{rest}] = ({xs}).slice(0, {ARRAY_CAP});"
                ));
                self.declare(&a, Ty::Num, Access::Mutable);
                self.declare(&b, Ty::Num, Access::Mutable);
                self.declare(&rest, Ty::Nums, Access::Mutable);
            }
            1 => {
                let (n, s) = (self.fresh("v"), self.fresh("v"));
                let o = self.object(depth);
                self.line(&format!("let {{ n: {n}, s: {s} }} = {o};"));
                self.declare(&n, Ty::Num, Access::Mutable);
                self.declare(&s, Ty::Str, Access::Mutable);
            }
            2 => {
                let (p, q) = (self.fresh("v"), self.fresh("v"));
                let t = self.confidence_literal();
                let (x, y) = (self.num(depth), self.num(depth));
                let (cx, cy) = (self.confidence_literal(), self.confidence_literal());
                self.line(&format!(
                    "let [{p} = 0, {q} = (-1)] ~> {t} = [({x} ~> {cx}), ({y} ~> {cy})];"
                ));
                self.declare(&p, Ty::Num, Access::Mutable);
                self.declare(&q, Ty::Num, Access::Mutable);
            }
            _ => {
                // Swapping two numbers through an assignment pattern (§11.2).
                let Some(a) = self.var_of(Ty::Num, true) else {
                    return self.declaration();
                };
                let Some(b) = self.var_of(Ty::Num, true) else {
                    return self.declaration();
                };
                if a != b {
                    self.line(&format!("[{a}, {b}] = [{b}, {a}];"));
                }
            }
        }
    }

    fn break_or_continue(&mut self) {
        let condition = self.boolean(1);
        let word = self.pick(&["break", "continue"]);
        self.line(&format!("if ({condition}) {{ {word}; }}"));
    }
}
