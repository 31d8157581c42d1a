//! Control flow (language §8): `if`, every loop form with a bound fixed before the loop starts,
//! and the `uncertain` statements of §8.7. Loop counters are read-only to the generator, and
//! `while` loops count at the top of the body, so `continue` can never skip the step.

use crate::gen::Gen;
use crate::scope::{Access, Ty};

impl Gen<'_> {
    pub(crate) fn control(&mut self) {
        self.block_depth += 1;
        match self.weighted(&[5, 4, 3, 2, 1, 3, 1, 1, 1]) {
            0 => self.if_statement(),
            1 => self.for_loop(),
            2 => self.for_in(),
            3 => self.while_loop(),
            4 => self.do_while(),
            5 => self.uncertain_if(),
            6 => self.uncertain_for(),
            7 => self.uncertain_while(),
            _ => {
                self.open("{");
                self.body(3);
                self.close("}");
            }
        }
        self.block_depth -= 1;
    }

    /// Up to `most` statements in a fresh scope.
    pub(crate) fn body(&mut self, most: u32) {
        let count = 1 + self.below(most);
        self.scoped(|g| g.statements(count));
    }

    fn loop_count(&mut self) -> u32 {
        self.below(self.config.max_loop_count + 1)
    }

    fn if_statement(&mut self) {
        let condition = self.boolean(2);
        self.open(&format!("if ({condition}) {{"));
        self.body(3);
        match self.below(3) {
            0 => self.close("}"),
            1 => {
                self.close("} else {");
                self.reopen();
                self.body(3);
                self.close("}");
            }
            _ => {
                let other = self.boolean(2);
                self.close(&format!("}} else if ({other}) {{"));
                self.reopen();
                self.body(2);
                self.close("}");
            }
        }
    }

    fn for_loop(&mut self) {
        let count = self.loop_count();
        let i = self.fresh("i");
        let step = self.pick(&["+= 1", "++", "= i + 1"]);
        let step = step.replace("i + 1", &format!("{i} + 1"));
        let step = if step == "++" {
            format!("{i}++")
        } else {
            format!("{i} {step}")
        };
        // Closures made in different iterations see different copies of the counter (§8.5.1).
        let closures = self.chance(25).then(|| self.fresh("fs"));
        if let Some(fs) = &closures {
            self.line(&format!("let {fs} = [() => (-1)];"));
        }
        self.open(&format!("for (let {i} = 0; {i} < {count}; {step}) {{"));
        self.in_loop(u64::from(count), |g| {
            g.scoped(|g| {
                g.declare(&i, Ty::Num, Access::ReadOnly);
                if let Some(fs) = &closures {
                    g.line(&format!("{fs}.push(() => ({i} * 10));"));
                }
                let count = 1 + g.below(3);
                g.statements(count);
            })
        });
        self.close("}");
        if let Some(fs) = &closures {
            self.line(&format!("print({fs}.map((f) => f()));"));
        }
    }

    fn for_in(&mut self) {
        let depth = 1 + self.below(2);
        let (x, i) = (self.fresh("x"), self.fresh("k"));
        let keyword = self.pick(&["in", "of"]);
        let binding = self.pick(&["const ", "let ", ""]);
        let (ty, source, times) = match self.below(3) {
            0 => (Ty::Num, format!("({}).slice(0, 6)", self.nums(depth)), 6),
            1 => (Ty::Str, format!("({}).slice(0, 6)", self.text(depth)), 6),
            _ => (Ty::Str, format!("keys({})", self.object(1)), 4),
        };
        self.open(&format!("for ({binding}{x}, {i} {keyword} {source}) {{"));
        self.in_loop(times, |g| {
            g.scoped(|g| {
                g.declare(&x, ty, Access::ReadOnly);
                g.declare(&i, Ty::Num, Access::ReadOnly);
                let count = 1 + g.below(3);
                g.statements(count);
            })
        });
        self.close("}");
    }

    fn while_loop(&mut self) {
        let count = self.loop_count();
        let w = self.fresh("w");
        self.line(&format!("let {w} = 0;"));
        self.open(&format!("while ({w} < {count}) {{"));
        self.line(&format!("{w} += 1;"));
        self.in_loop(u64::from(count), |g| {
            g.scoped(|g| {
                g.declare(&w, Ty::Num, Access::ReadOnly);
                let count = 1 + g.below(3);
                g.statements(count);
            })
        });
        self.close("}");
        self.declare(&w, Ty::Num, Access::ReadOnly);
    }

    fn do_while(&mut self) {
        let count = self.loop_count().max(1);
        let w = self.fresh("w");
        self.line(&format!("let {w} = 0;"));
        self.open("do {");
        self.line(&format!("{w} += 1;"));
        self.in_loop(u64::from(count), |g| g.body(2));
        self.close(&format!("}} while ({w} < {count});"));
    }

    /// A branch set (§8.7): a non-empty subset of the four names, in a random order. `times` is
    /// the iteration bound of an uncertain loop (`None` for `uncertain if`, which is no loop).
    fn branches(&mut self, step: Option<&str>, times: Option<u64>) {
        let mut names = vec!["high", "medium", "low", "default"];
        let mut chosen = Vec::new();
        while !names.is_empty() && (chosen.is_empty() || self.chance(60)) {
            let index = self.below(names.len() as u32) as usize;
            chosen.push(names.remove(index));
        }
        for name in chosen {
            self.open(&format!("{name} {{"));
            if let Some(step) = step {
                self.line(step);
            }
            self.line(&format!("print(\"branch {name}\");"));
            match times {
                Some(times) => self.in_loop(times, |g| g.body(2)),
                None => self.body(2),
            }
            self.close("}");
        }
    }

    fn uncertain_if(&mut self) {
        let ty = self.pick(&Ty::ALL);
        let value = self.expr(ty, 2);
        let condition = if self.chance(70) {
            self.annotate(value, 1)
        } else {
            value
        };
        self.open(&format!("uncertain if {condition} {{"));
        self.branches(None, None);
        self.close("}");
    }

    fn uncertain_for(&mut self) {
        let count = self.loop_count();
        let u = self.fresh("u");
        let c = self.confidence_literal();
        self.open(&format!(
            "uncertain for (let {u} = 0; ({u} < {count}) ~> {c}; {u} += 1) {{"
        ));
        self.scoped(|g| {
            g.declare(&u, Ty::Num, Access::ReadOnly);
            g.branches(None, Some(u64::from(count)));
        });
        self.close("}");
    }

    fn uncertain_while(&mut self) {
        let count = self.loop_count();
        let u = self.fresh("u");
        let c = self.confidence(1);
        self.line(&format!("let {u} = 0;"));
        self.open(&format!("uncertain while (({u} < {count}) ~> {c}) {{"));
        let step = format!("{u} += 1;");
        self.branches(Some(&step), Some(u64::from(count)));
        self.close("}");
        self.declare(&u, Ty::Num, Access::ReadOnly);
    }
}
