//! The benchmark programs of issue 3 (crates/prism-interp/benches/programs/): each Prism program,
//! its Lua 5.4 equivalent and the final value `prism run` must print.

pub struct Program {
    /// File stem in the programs directory (`NAME.prism`, `NAME.lua`).
    pub stem: &'static str,
    pub label: &'static str,
    /// The display of the final value (language §5), the last line `prism run` prints.
    pub expected: &'static str,
    /// The number the Lua program prints first, to check it computes the same thing.
    pub lua_expected: f64,
}

pub const PROGRAMS: [Program; 6] = [
    Program {
        stem: "fib",
        label: "fib(30)",
        expected: "832040",
        lua_expected: 832040.0,
    },
    Program {
        stem: "sum_loop",
        label: "10M summing loop",
        expected: "49999995000000",
        lua_expected: 49999995000000.0,
    },
    Program {
        stem: "confidence_loop",
        label: "1M `acc = (acc ~+ step) ~* scale`",
        expected: "525855.7205209438 (~80.0%)",
        lua_expected: 525855.7205209438,
    },
    Program {
        stem: "array",
        label: "100k push, map/filter/reduce",
        expected: "3333366666",
        lua_expected: 3333366666.0,
    },
    Program {
        stem: "strings",
        label: "100k string concatenations",
        expected: "988890",
        lua_expected: 988890.0,
    },
    Program {
        stem: "objects",
        label: "100k small objects",
        expected: "14999850000",
        lua_expected: 14999850000.0,
    },
];
