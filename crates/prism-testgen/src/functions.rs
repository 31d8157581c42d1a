//! Functions (language §10): declarations and lambdas, confident functions (§10.5), recursion
//! whose depth is bounded by the function itself (whatever its argument, even NaN or Infinity),
//! closures that capture and mutate variables (§9.6), `return` through `finally` (§8.8) and
//! `async` functions awaited on the virtual clock (§14).

use crate::gen::Gen;
use crate::scope::{Access, Func, Ty};

const RETURNS: [Ty; 4] = [Ty::Num, Ty::Num, Ty::Str, Ty::Bool];

impl Gen<'_> {
    pub(crate) fn function(&mut self) {
        match self.weighted(&[5, 3, 2, 1, 2, 2, 1, 1, 5]) {
            8 => self.scalar_function(),
            0 => self.plain_function(),
            1 => self.lambda_const(),
            2 => self.recursive(),
            3 => self.double_recursive(),
            4 => self.counter_closure(),
            5 => self.closure_factory(),
            6 => self.finally_function(),
            _ => self.async_function(),
        }
    }

    fn params(&mut self) -> Vec<(String, Ty)> {
        let count = self.below(4);
        (0..count)
            .map(|_| {
                let ty = if self.chance(75) { Ty::Num } else { Ty::Str };
                (self.fresh("p"), ty)
            })
            .collect()
    }

    fn plain_function(&mut self) {
        let name = self.fresh("f");
        let params = self.params();
        let ret = self.pick(&RETURNS);
        let confident = if self.chance(25) {
            format!(" ~> {}", self.confidence_literal())
        } else {
            String::new()
        };
        let list: Vec<&str> = params.iter().map(|(p, _)| p.as_str()).collect();
        self.open(&format!(
            "function {name}({}){confident} {{",
            list.join(", ")
        ));
        let ((), cost) = self.function_body(|g| {
            for (p, ty) in &params {
                g.declare(p, *ty, Access::Mutable);
            }
            let count = g.below_statements();
            g.statements(count);
            let value = g.expr(ret, 2);
            g.line(&format!("return {value};"));
        });
        self.close("}");
        self.declare_func(Func {
            name,
            params: params.iter().map(|(_, ty)| *ty).collect(),
            ret,
            cost,
            scalar: false,
        });
    }

    fn below_statements(&mut self) -> u32 {
        1 + self.below(4)
    }

    fn lambda_const(&mut self) {
        let name = self.fresh("f");
        let params = self.params();
        let ret = self.pick(&RETURNS);
        let list: Vec<&str> = params.iter().map(|(p, _)| p.as_str()).collect();
        let (body, cost) = self.function_body(|g| {
            for (p, ty) in &params {
                g.declare(p, *ty, Access::ReadOnly);
            }
            g.expr(ret, 3)
        });
        let wrapped = if self.chance(20) {
            format!(
                "(({}) => {body}) ~> {}",
                list.join(", "),
                self.confidence_literal()
            )
        } else {
            format!("({}) => {body}", list.join(", "))
        };
        self.line(&format!("const {name} = {wrapped};"));
        self.declare_func(Func {
            name,
            params: params.iter().map(|(_, ty)| *ty).collect(),
            ret,
            cost,
            scalar: false,
        });
    }

    /// Linear recursion: at most 12 levels whatever `k` is.
    fn recursive(&mut self) {
        let (name, k, acc) = (self.fresh("r"), self.fresh("k"), self.fresh("acc"));
        self.open(&format!("function {name}({k}, {acc}) {{"));
        let ((), cost) = self.scalar_body(|g| {
            g.declare(&k, Ty::Num, Access::ReadOnly);
            g.declare(&acc, Ty::Num, Access::ReadOnly);
            g.line(&format!("if (!({k} > 0) || {k} > 12) {{ return {acc}; }}"));
            if g.chance(40) {
                g.scalar_statement();
            }
            let next = g.num(2);
            g.line(&format!("return {name}(({k} - 1), {next});"));
        });
        self.close("}");
        self.declare_func(Func {
            name,
            params: vec![Ty::Num, Ty::Num],
            ret: Ty::Num,
            cost: cost.saturating_mul(13),
            scalar: true,
        });
    }

    /// Tree recursion (Fibonacci-shaped): at most fib(10) calls.
    fn double_recursive(&mut self) {
        let (name, k) = (self.fresh("t"), self.fresh("k"));
        let op = self.pick(&["+", "*", "-"]);
        self.line(&format!(
            "function {name}({k}) {{ if (!({k} > 1) || {k} > 10) {{ return {k}; }} return ({name}({k} - 1) {op} {name}({k} - 2)); }}"
        ));
        self.declare_func(Func {
            name,
            params: vec![Ty::Num],
            ret: Ty::Num,
            cost: 180 * 4,
            scalar: true,
        });
    }

    fn counter_closure(&mut self) {
        let (count, inc, d) = (self.fresh("c"), self.fresh("inc"), self.fresh("d"));
        let start = self.num_literal();
        let op = self.pick(&["+=", "~+=", "*="]);
        self.line(&format!("let {count} = {start};"));
        self.line(&format!(
            "const {inc} = ({d}) => {{ {count} {op} {d}; return {count}; }};"
        ));
        self.declare(&count, Ty::Num, Access::Mutable);
        self.declare_func(Func {
            name: inc,
            params: vec![Ty::Num],
            ret: Ty::Num,
            cost: 3,
            scalar: false,
        });
    }

    fn closure_factory(&mut self) {
        let (maker, start, total, d, made) = (
            self.fresh("mk"),
            self.fresh("s"),
            self.fresh("total"),
            self.fresh("d"),
            self.fresh("acc"),
        );
        self.open(&format!("function {maker}({start}) {{"));
        self.line(&format!("let {total} = {start};"));
        self.line(&format!(
            "return ({d}) => {{ {total} = (({total} * 2) + {d}); return {total}; }};"
        ));
        self.close("}");
        let initial = self.num(1);
        self.line(&format!("const {made} = {maker}({initial});"));
        self.declare_func(Func {
            name: made,
            params: vec![Ty::Num],
            ret: Ty::Num,
            cost: 3,
            scalar: false,
        });
    }

    fn finally_function(&mut self) {
        let (name, a) = (self.fresh("tf"), self.fresh("a"));
        self.open(&format!("function {name}({a}) {{"));
        let ((), cost) = self.function_body(|g| {
            g.declare(&a, Ty::Num, Access::ReadOnly);
            g.open("try {");
            g.line(&format!("if ({a} > 2) {{ return ({a} * 2); }}"));
            g.body(2);
            g.close("} finally {");
            g.reopen();
            g.line(&format!("print(\"finally {name}\", {a});"));
            g.close("}");
            g.line(&format!("return {a};"));
        });
        self.close("}");
        self.declare_func(Func {
            name,
            params: vec![Ty::Num],
            ret: Ty::Num,
            cost,
            scalar: false,
        });
    }

    fn async_function(&mut self) {
        let (name, a) = (self.fresh("as"), self.fresh("a"));
        let wait = self.small_int(20);
        self.line(&format!(
            "async function {name}({a}) {{ await delay({wait}); return ({a} + 1); }}"
        ));
        let (x, y) = (self.num(1), self.num(1));
        match self.below(3) {
            0 => self.line(&format!("print(await {name}({x}));")),
            1 => self.line(&format!(
                "print(await Promise.all([{name}({x}), {name}({y})]));"
            )),
            _ => {
                let task = self.fresh("task");
                self.line(&format!("const {task} = {name}({x});"));
                self.line(&format!("print(typeof {task}, await {task});"));
            }
        }
    }
}
