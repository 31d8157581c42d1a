//! Arrays and objects (language §4.5, §4.6, §6.2, builtins §4, §7, §11). Array expressions never
//! grow without bound: statements cap what they store (`stmt.rs`), and the only growth inside
//! loops is one `push` per iteration.

use crate::gen::Gen;
use crate::scope::Ty;

impl Gen<'_> {
    pub(crate) fn nums(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.atom(Ty::Nums);
        }
        let d = depth - 1;
        // 0 literal, 1 variable, 2 element expressions, 3 map, 4 filter, 5 slice, 6 concat/spread,
        // 7 range, 8 sort/reverse/unique, 9 confidence, 10 field, 11 call, 12 string lengths.
        match self.weighted(&[2, 6, 4, 4, 3, 2, 2, 2, 2, 3, 1, 2, 1]) {
            0 => self.literal(Ty::Nums),
            1 => self.atom(Ty::Nums),
            2 => {
                let count = 1 + self.below(4);
                let items: Vec<String> = (0..count).map(|_| self.num(d)).collect();
                format!("[{}]", items.join(", "))
            }
            3 => {
                self.charge(12);
                let xs = self.nums(d);
                let body = self.callback(Ty::Num, &[("x", Ty::Num), ("i", Ty::Num)], d);
                format!("({xs}).map({body})")
            }
            4 => {
                self.charge(12);
                let xs = self.nums(d);
                let body = self.callback(Ty::Bool, &[("x", Ty::Num)], d);
                format!("({xs}).filter({body})")
            }
            5 => {
                let xs = self.nums(d);
                let (a, b) = (self.num(d), self.small_int(5));
                format!("({xs}).slice({a}, {b})")
            }
            6 => {
                let (a, b) = (self.nums(d), self.nums(d));
                if self.chance(50) {
                    format!("({a}).concat({b}).slice(0, 8)")
                } else {
                    format!("[...{a}, {}].slice(0, 8)", self.num(d))
                }
            }
            7 => match self.below(3) {
                0 => format!("range({})", self.small_int(8)),
                1 => format!("range({}, {})", self.small_int(3), self.small_int(9)),
                _ => format!("range({}, 0, -{})", self.small_int(7), 1 + self.below(3)),
            },
            8 => {
                self.charge(12);
                let xs = self.nums(d);
                match self.below(4) {
                    0 => format!("({xs}).toSorted((a, b) => (a - b))"),
                    1 => format!("({xs}).toSorted()"),
                    2 => format!("({xs}).toReversed()"),
                    _ => format!("unique({xs})"),
                }
            }
            9 => self.confident_any(Ty::Nums, d),
            10 => format!("{}.xs", self.object(d.min(1))),
            11 => self.call(Ty::Nums, d),
            _ => format!("({}).map((w) => w.length)", self.strs(d)),
        }
    }

    pub(crate) fn strs(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.atom(Ty::Strs);
        }
        let d = depth - 1;
        match self.weighted(&[2, 5, 3, 3, 2, 2, 2, 1]) {
            0 => self.literal(Ty::Strs),
            1 => self.atom(Ty::Strs),
            2 => {
                let sep = self.pick(&["\" \"", "\",\"", "\"\"", "\"-\""]);
                format!("({}).split({sep})", self.text(d))
            }
            3 => {
                self.charge(12);
                let body = self.callback(Ty::Str, &[("x", Ty::Num)], d);
                format!("({}).map({body})", self.nums(d))
            }
            4 => {
                self.charge(12);
                let body = self.callback(Ty::Bool, &[("w", Ty::Str)], d);
                format!("({}).filter({body})", self.strs(d))
            }
            5 => format!("({}).toSorted()", self.strs(d)),
            6 => format!("keys({})", self.object(d.min(1))),
            _ => self.confident_any(Ty::Strs, d),
        }
    }

    pub(crate) fn object(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.atom(Ty::Obj);
        }
        let d = depth - 1;
        match self.weighted(&[2, 6, 4, 2, 2]) {
            0 => self.literal(Ty::Obj),
            1 => self.atom(Ty::Obj),
            2 => {
                let (n, s, ok, xs) = (self.num(d), self.text(d), self.boolean(d), self.nums(d));
                format!("({{ n: {n}, s: {s}, ok: {ok}, xs: {xs} }})")
            }
            3 => {
                let base = self.object(d);
                format!("({{ ...{base}, n: {} }})", self.num(d))
            }
            _ => self.confident_any(Ty::Obj, d),
        }
    }
}
