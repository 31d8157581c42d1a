//! Scalar functions: bodies that use only numbers and booleans (plain or confident), their own
//! variables, loops and calls of other scalar functions — what the JIT compiles to native code
//! (docs/jit.md). In scalar mode the expression generators skip strings, arrays, objects, builtins
//! and lambdas, and no outer variable is visible, so the function captures nothing.

use crate::gen::Gen;
use crate::scope::{Access, Func, Ty};

impl Gen<'_> {
    /// Runs `body` as a scalar function body; its result and cost.
    pub(crate) fn scalar_body<T>(&mut self, body: impl FnOnce(&mut Self) -> T) -> (T, u64) {
        let saved = (self.scopes.barrier, self.scopes.scalar_only, self.scalar);
        self.scopes.barrier = self.scopes.depth();
        self.scopes.scalar_only = true;
        self.scalar = true;
        let result = self.function_body(body);
        (self.scopes.barrier, self.scopes.scalar_only, self.scalar) = saved;
        result
    }

    pub(crate) fn scalar_function(&mut self) {
        let name = self.fresh("s");
        let params: Vec<String> = (0..self.below(4)).map(|_| self.fresh("p")).collect();
        let ret = if self.chance(75) { Ty::Num } else { Ty::Bool };
        self.open(&format!("function {name}({}) {{", params.join(", ")));
        let ((), cost) = self.scalar_body(|g| {
            for p in &params {
                g.declare(p, Ty::Num, Access::Mutable);
            }
            let count = 1 + g.below(4);
            for _ in 0..count {
                g.scalar_statement();
            }
            let value = g.expr(ret, 3);
            g.line(&format!("return {value};"));
        });
        self.close("}");
        self.declare_func(Func {
            name,
            params: vec![Ty::Num; params.len()],
            ret,
            cost,
            scalar: true,
        });
    }

    /// A statement of a scalar body.
    pub(crate) fn scalar_statement(&mut self) {
        let nested = self.block_depth < self.config.max_block_depth;
        let weights = [
            4,
            4,
            if nested { 2 } else { 0 },
            if nested { 2 } else { 0 },
            if nested { 1 } else { 0 },
            if self.loops() > 0 { 1 } else { 0 },
            1,
        ];
        match self.weighted(&weights) {
            0 => {
                let ty = if self.chance(75) { Ty::Num } else { Ty::Bool };
                let name = self.fresh("v");
                let value = self.expr(ty, 2);
                self.line(&format!("let {name} = {value};"));
                self.declare(&name, ty, Access::Mutable);
            }
            1 => match self.var_of(Ty::Num, true) {
                Some(name) => {
                    let op = self.pick(&["=", "+=", "-=", "*=", "/=", "%=", "~+=", "~*=", "||="]);
                    let value = self.num(2);
                    self.line(&format!("{name} {op} {value};"));
                }
                None => {
                    let value = self.num(2);
                    let name = self.fresh("v");
                    self.line(&format!("let {name} = {value};"));
                    self.declare(&name, Ty::Num, Access::Mutable);
                }
            },
            2 => self.scalar_if(),
            3 => {
                let (i, count) = (self.fresh("i"), self.below(self.config.max_loop_count + 1));
                self.open(&format!("for (let {i} = 0; {i} < {count}; {i} += 1) {{"));
                self.block_depth += 1;
                self.in_loop(u64::from(count), |g| {
                    g.scoped(|g| {
                        g.declare(&i, Ty::Num, Access::ReadOnly);
                        g.scalar_statements(3);
                    })
                });
                self.block_depth -= 1;
                self.close("}");
            }
            4 => {
                let (w, count) = (self.fresh("w"), self.below(self.config.max_loop_count + 1));
                self.line(&format!("let {w} = 0;"));
                self.open(&format!("while ({w} < {count}) {{"));
                self.line(&format!("{w} += 1;"));
                self.block_depth += 1;
                self.in_loop(u64::from(count), |g| g.scoped(|g| g.scalar_statements(3)));
                self.block_depth -= 1;
                self.close("}");
                self.declare(&w, Ty::Num, Access::ReadOnly);
            }
            5 => {
                let condition = self.boolean(1);
                let word = self.pick(&["break", "continue"]);
                self.line(&format!("if ({condition}) {{ {word}; }}"));
            }
            _ => {
                let (condition, value) = (self.boolean(1), self.num(2));
                self.line(&format!("if ({condition}) {{ return {value}; }}"));
            }
        }
    }

    fn scalar_statements(&mut self, most: u32) {
        let count = 1 + self.below(most);
        for _ in 0..count {
            self.scalar_statement();
        }
    }

    fn scalar_if(&mut self) {
        let condition = self.boolean(2);
        self.open(&format!("if ({condition}) {{"));
        self.block_depth += 1;
        self.scoped(|g| g.scalar_statements(2));
        if self.chance(40) {
            self.close("} else {");
            self.reopen();
            self.scoped(|g| g.scalar_statements(2));
        }
        self.block_depth -= 1;
        self.close("}");
    }

    /// Confidence operators on numbers that stay scalar (no lambdas, arrays or builtins).
    pub(crate) fn scalar_confident(&mut self, d: u32) -> String {
        let (a, b) = (self.num(d), self.num(d));
        match self.below(8) {
            0 | 1 => {
                let c = if self.chance(75) {
                    self.confidence_literal()
                } else {
                    format!("(<~ ({b}))")
                };
                format!("({a} ~> {c})")
            }
            2 | 3 => format!("({a} {} {b})", self.pick(&["~+", "~-", "~*", "~/"])),
            4 => format!("({}({a}))", self.pick(&["<~ ", "~"])),
            5 => format!("({a} {} {b})", self.pick(&["~~", "~??", "~||>", "~@>"])),
            6 => format!("(({a} ~?> {}) ?? {b})", self.confidence_literal()),
            _ => {
                let c = self.boolean(d);
                format!("({c} ~? {a} : {b})")
            }
        }
    }
}
