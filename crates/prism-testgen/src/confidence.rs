//! The confidence operators of language §7.3: attaching (`~>`), reading (`<~`), stripping (`~`),
//! confident arithmetic (`~+ ~- ~* ~/`), chaining (`~~`), the selecting operators (`~?? ~||> ~@>`),
//! gates (`~?>`), the confident conditional (`~?`), confident pipelines (`~|>`), confident access
//! (`~.`) and confident functions (§10.5).

use crate::gen::Gen;
use crate::scope::Ty;

impl Gen<'_> {
    /// A confidence: a literal in [0, 1], or one read from a value (never NaN, so never `R0503`).
    pub(crate) fn confidence(&mut self, d: u32) -> String {
        if self.chance(75) {
            self.confidence_literal()
        } else {
            let ty = self.pick(&Ty::ALL);
            format!("(<~ ({}))", self.expr(ty, d))
        }
    }

    /// `value ~> c`.
    pub(crate) fn annotate(&mut self, value: String, d: u32) -> String {
        let c = self.confidence(d);
        format!("({value} ~> {c})")
    }

    pub(crate) fn confident_num(&mut self, d: u32) -> String {
        match self.below(9) {
            0 | 1 => {
                let x = self.num(d);
                self.annotate(x, d)
            }
            2 | 3 => {
                let op = self.pick(&["~+", "~-", "~*", "~/"]);
                let (a, b) = (self.num(d), self.num(d));
                format!("({a} {op} {b})")
            }
            4 => {
                let ty = self.pick(&Ty::ALL);
                format!("(<~ ({}))", self.expr(ty, d))
            }
            5 => format!("(~({}))", self.num(d)),
            6 => {
                let x = self.num(d);
                match self.below(3) {
                    0 => format!("({x} |> (_ * 2))"),
                    1 => format!("({x} ~|> ((v) => (v + 1)))"),
                    _ => format!("({x} |> Math.abs)"),
                }
            }
            7 => format!("({}~.n)", self.object(d.min(1))),
            _ => self.confident_any(Ty::Num, d),
        }
    }

    /// Operators valid for operands of any one type, whose result has that type.
    pub(crate) fn confident_any(&mut self, ty: Ty, d: u32) -> String {
        match self.below(8) {
            0 | 1 => {
                let x = self.expr(ty, d);
                self.annotate(x, d)
            }
            2 => {
                let other = self.pick(&Ty::ALL);
                let (a, b) = (self.expr(other, d), self.expr(ty, d));
                format!("({a} ~~ {b})")
            }
            3 => {
                let op = self.pick(&["~??", "~||>", "~@>"]);
                let (a, b) = (self.expr(ty, d), self.expr(ty, d));
                format!("({a} {op} {b})")
            }
            4 => {
                let (a, t, default) = (
                    self.expr(ty, d),
                    self.confidence_literal(),
                    self.expr(ty, d),
                );
                if self.chance(50) {
                    format!("({a} ~?> [{t}, {default}])")
                } else {
                    format!("(({a} ~?> {t}) ?? {default})")
                }
            }
            5 => {
                let (c, a, b) = (self.boolean(d), self.expr(ty, d), self.expr(ty, d));
                format!("({c} ~? {a} : {b})")
            }
            6 => {
                let x = self.expr(ty, d);
                let c = self.confidence_literal();
                format!("confidence({c})({x})")
            }
            _ => {
                let x = self.expr(ty, d);
                let (t, default) = (self.confidence_literal(), self.expr(ty, d));
                format!("(gate({x}, {t}) ?? {default})")
            }
        }
    }
}
