//! A signature for every builtin of builtins.md: the globals of the prelude (§3), the members of
//! the namespaces, and the methods of each receiver type (arrays §4, strings §5, numbers and
//! booleans §6). The table is data, written in the notation of builtins §1.1 and parsed once.
//!
//! Notation: `name(a: T, b?: T, ...rest: T) -> R` for functions and `name: T` for constants. An
//! optional parameter (`b?` or `c = default` in builtins.md) also accepts `null`, which counts as
//! absent (builtins §1.1). `any` accepts everything and, as a result, is the type `unknown`; `self`
//! as a result is the receiver's own type. Argument types are only listed where builtins.md says
//! that another type is a TypeError (`R0216`, or the builtin's own error), so `E0315` never fires on
//! a call that works; where builtins.md leaves the type of an argument open, it is `any`.
//!
//! Keys: `print`, `Math.sqrt` (namespace members), `array.map`, `string.split`, `number.toFixed`,
//! `boolean.toString` (methods by receiver type), `agents.get` (the registry, runtime §5.3).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::ty::{FunctionType, ParamType, Tag, Type};

/// Every builtin, in the order of builtins.md.
const SIGNATURES: &[&str] = &[
    // §2 Output
    "print(...values: any) -> null",
    "console.log(...values: any) -> null",
    "console.info(...values: any) -> null",
    "console.debug(...values: any) -> null",
    "console.warn(...values: any) -> null",
    "console.error(...values: any) -> null",
    // §4 Arrays
    "array.length: number",
    "array.at(i: number) -> any",
    "array.push(...items: any) -> self",
    "array.pop() -> any",
    "array.shift() -> any",
    "array.unshift(...items: any) -> self",
    "array.slice(start?: number, end?: number) -> self",
    "array.splice(start: number, count?: number, ...items: any) -> array",
    "array.concat(...items: any) -> array",
    "array.indexOf(x: any, from?: number) -> number",
    "array.lastIndexOf(x: any, from?: number) -> number",
    "array.includes(x: any) -> boolean",
    "array.find(fn: function) -> any",
    "array.findIndex(fn: function) -> number",
    "array.findLast(fn: function) -> any",
    "array.findLastIndex(fn: function) -> number",
    "array.filter(fn: function) -> self",
    "array.map(fn: function) -> array",
    "array.flatMap(fn: function) -> array",
    "array.forEach(fn: function) -> null",
    "array.reduce(fn: function, init?: any) -> any",
    "array.reduceRight(fn: function, init?: any) -> any",
    "array.some(fn: function) -> boolean",
    "array.every(fn: function) -> boolean",
    "array.sort(cmp?: function) -> self",
    "array.toSorted(cmp?: function) -> self",
    "array.reverse() -> self",
    "array.toReversed() -> self",
    "array.join(sep?: string) -> string",
    "array.flat(depth?: number) -> array",
    "array.fill(value: any, start?: number, end?: number) -> array",
    // §5 Strings
    "string.length: number",
    "string.at(i: number) -> string|null",
    "string.charAt(i?: number) -> string",
    "string.codePointAt(i: number) -> number|null",
    "string.concat(...values: any) -> string",
    "string.includes(sub: string, from?: number) -> boolean",
    "string.startsWith(sub: string, pos?: number) -> boolean",
    "string.endsWith(sub: string, end?: number) -> boolean",
    "string.indexOf(sub: string, from?: number) -> number",
    "string.lastIndexOf(sub: string, from?: number) -> number",
    "string.slice(start?: number, end?: number) -> string",
    "string.substring(start?: number, end?: number) -> string",
    "string.split(sep?: string, limit?: number) -> array<string>",
    "string.trim() -> string",
    "string.trimStart() -> string",
    "string.trimEnd() -> string",
    "string.toUpperCase() -> string",
    "string.toLowerCase() -> string",
    "string.replace(pattern: string, replacement: string|function) -> string",
    "string.replaceAll(pattern: string, replacement: string|function) -> string",
    "string.padStart(length: number, fill?: string) -> string",
    "string.padEnd(length: number, fill?: string) -> string",
    "string.repeat(n: number) -> string",
    "string.toString() -> string",
    // §6 Numbers
    "number.toFixed(digits?: number) -> string",
    "number.toString(radix?: number) -> string",
    "boolean.toString() -> string",
    "Number(x: any) -> number",
    "Number.isInteger(x: any) -> boolean",
    "Number.isFinite(x: any) -> boolean",
    "Number.isNaN(x: any) -> boolean",
    "Number.isSafeInteger(x: any) -> boolean",
    "Number.parseFloat(s: any) -> number",
    "Number.parseInt(s: any, radix?: any) -> number",
    "Number.EPSILON: number",
    "Number.MAX_SAFE_INTEGER: number",
    "Number.MIN_SAFE_INTEGER: number",
    "Number.MAX_VALUE: number",
    "Number.MIN_VALUE: number",
    // Not in builtins.md, but provided by the runtime: accepting them can only avoid errors.
    "Number.NaN: number",
    "Number.POSITIVE_INFINITY: number",
    "Number.NEGATIVE_INFINITY: number",
    "Infinity: number",
    "NaN: number",
    // §7 Objects
    "keys(o: object) -> array<string>",
    "values(o: object) -> array",
    "entries(o: object) -> array<array>",
    "has(o: object, key: any) -> boolean",
    "merge(...objs: any) -> object",
    "assign(target: object, ...sources: any) -> object",
    "fromEntries(pairs: array) -> object",
    "pick(o: object, ...keys: any) -> object",
    "omit(o: object, ...keys: any) -> object",
    "Object.keys(o: object) -> array<string>",
    "Object.values(o: object) -> array",
    "Object.entries(o: object) -> array<array>",
    "Object.assign(target: object, ...sources: any) -> object",
    "Object.fromEntries(pairs: array) -> object",
    "Object.hasOwn(o: object, key: any) -> boolean",
    // §8 Math
    "Math.abs(x: number) -> number",
    "Math.sign(x: number) -> number",
    "Math.floor(x: number) -> number",
    "Math.ceil(x: number) -> number",
    "Math.trunc(x: number) -> number",
    "Math.round(x: number) -> number",
    "Math.pow(x: number, y: number) -> number",
    "Math.sqrt(x: number) -> number",
    "Math.cbrt(x: number) -> number",
    "Math.exp(x: number) -> number",
    "Math.log(x: number) -> number",
    "Math.log2(x: number) -> number",
    "Math.log10(x: number) -> number",
    "Math.sin(x: number) -> number",
    "Math.cos(x: number) -> number",
    "Math.tan(x: number) -> number",
    "Math.asin(x: number) -> number",
    "Math.acos(x: number) -> number",
    "Math.atan(x: number) -> number",
    "Math.atan2(y: number, x: number) -> number",
    "Math.hypot(...xs: number) -> number",
    "Math.clamp(x: number, lo: number, hi: number) -> number",
    "Math.max(...xs: number) -> number",
    "Math.min(...xs: number) -> number",
    "Math.random() -> number",
    "Math.PI: number",
    "Math.E: number",
    "Math.LN2: number",
    "Math.LN10: number",
    "Math.SQRT2: number",
    // §9 JSON
    "JSON.parse(text: any) -> any",
    "JSON.stringify(value: any, replacer?: null, indent?: number|string) -> string",
    "JSON.extract(text: any) -> any",
    // §10 Conversion and type helpers
    "String(x: any) -> string",
    "Boolean(x: any) -> boolean",
    "parseInt(s: any, radix?: any) -> number",
    "parseFloat(s: any) -> number",
    "isNaN(x: any) -> boolean",
    "isFinite(x: any) -> boolean",
    "Array.isArray(x: any) -> boolean",
    "Array.from(x: array|string, fn?: function) -> array",
    // §11 Collections (the curried forms take anything first and may return a function)
    "len(x: string|array|object) -> number",
    "range(a: number, b?: number, step?: number) -> array<number>",
    "sum(xs: array) -> number",
    "mean(xs: array) -> number|null",
    "first(xs: any) -> any",
    "last(xs: any) -> any",
    "sortBy(xs: any, key?: any, dir?: any) -> any",
    "groupBy(xs: any, key?: any) -> any",
    "countBy(xs: any, key?: any) -> any",
    "maxBy(xs: any, key?: any) -> any",
    "minBy(xs: any, key?: any) -> any",
    "unique(xs: array) -> self",
    "zip(...arrays: any) -> array<array>",
    "chunk(xs: array, size: number) -> array<array>",
    "partition(xs: array, fn: function) -> array<array>",
    "shuffle(xs: array) -> array",
    "sample(xs: array, n?: number) -> array",
    "max(...xs: number) -> number",
    "min(...xs: number) -> number",
    "map(xs: array, fn: function) -> array",
    "filter(xs: array, fn: function) -> array",
    "reduce(xs: array, fn: function, init?: any) -> any",
    // §12 Confidence helpers
    "confidence(c: number) -> function",
    "threshold(xs: any, t?: any) -> any",
    "consensus(xs: array, opts?: object) -> any",
    "aggregate(xs: array, opts?: object) -> any",
    "average(xs: array) -> number|null",
    "weightedAverage(values: array, weights: array) -> number|null",
    "majorityVote(xs: array, keyFn?: function) -> any",
    "best(xs: array) -> any",
    "coalesce(xs: array, t?: number) -> any",
    "gate(x: any, t: number, fn?: function) -> any",
    "calibrate(x: any, points: array) -> any",
    "level(x: any) -> string",
    // §13 Tasks
    "spawn(f: function, ...args: any) -> task",
    "delay(ms: number, value?: any) -> task",
    "sleep(ms: number) -> task",
    "timeout(x: task|function, ms: number) -> task",
    "parallel(items: array, fn: function, opts?: object) -> array",
    "Promise.resolve(v: any) -> task",
    "Promise.reject(x: any) -> task",
    "Promise.all(xs: array) -> task",
    "Promise.allSettled(xs: array) -> task",
    "Promise.race(xs: array) -> task",
    "Promise.any(xs: array) -> task",
    // §14 Time
    "now() -> number",
    "Date.now() -> number",
    // §15 Errors and assertions
    "Error(message: any, kind?: string, data?: any) -> error",
    "assert(cond: any, message?: any) -> null",
    "assertEqual(actual: any, expected: any, message?: any) -> null",
    "assertClose(actual: any, expected: any, tolerance?: any) -> null",
    "assertConfidence(x: any, expected: any, tolerance?: any) -> null",
    "assertThrows(fn: function, kind?: string) -> any",
    // §16 Agents, models, patterns and context
    "llm(prompt: any, opts?: any) -> any",
    "agent(name: any) -> agent",
    "agents.get(name: any) -> any",
    "agents.select(query: any) -> array<agent>",
    "runPattern(path: any, input?: any, opts?: any) -> any",
    "contextStack() -> array<string>",
    // §17 Test mode
    "test(name: string, fn: function) -> null",
    "test.skip(name: string, fn: function) -> null",
    "mock.script(target: any, responses: array) -> null",
    "mock.calls(filter?: any) -> array",
    "mock.reset() -> null",
];

/// Builtin values that have members: namespaces, and callable builtins with members. The value
/// `agents` is the registry, an array with two more methods (runtime §5.3).
const NAMESPACES: &[(&str, Tag)] = &[
    ("console", Tag::Object),
    ("Array", Tag::Object),
    ("Object", Tag::Object),
    ("Math", Tag::Object),
    ("JSON", Tag::Object),
    ("Promise", Tag::Object),
    ("Date", Tag::Object),
    ("mock", Tag::Object),
    ("Number", Tag::Function),
    ("String", Tag::Function),
    ("Boolean", Tag::Function),
    ("test", Tag::Function),
    ("agents", Tag::Array),
];

/// What a parameter accepts: a set of run-time tags, or anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepts {
    any: bool,
    tags: u16,
}

impl Accepts {
    const ANY: Accepts = Accepts { any: true, tags: 0 };

    fn bit(tag: Tag) -> u16 {
        1 << (tag as u16)
    }

    pub fn allows(self, member: &Type) -> bool {
        self.any
            || member
                .tag()
                .is_some_and(|tag| self.tags & Accepts::bit(tag) != 0)
    }

    fn with(self, tag: Tag) -> Accepts {
        Accepts {
            any: self.any,
            tags: self.tags | Accepts::bit(tag),
        }
    }

    pub fn is_any(self) -> bool {
        self.any
    }
}

/// A result type of the table: `self` is the receiver's type.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultType {
    Receiver,
    Simple(String),
}

#[derive(Clone, Debug)]
pub struct BuiltinParam {
    pub name: &'static str,
    pub accepts: Accepts,
    /// The accepted types as written, for messages.
    pub written: &'static str,
    pub optional: bool,
}

#[derive(Clone, Debug)]
pub struct Signature {
    pub params: Vec<BuiltinParam>,
    pub rest: Option<BuiltinParam>,
    pub result: ResultType,
    /// A constant (`Math.PI: number`) rather than a function.
    pub constant: bool,
    /// The types built from the written text, once: every read of `print` or `len` asks for
    /// them, and parsing the text each time was a tenth of a check.
    parsed: ParsedTypes,
}

#[derive(Clone, Debug, Default)]
struct ParsedTypes {
    value: OnceLock<Type>,
    simple_result: OnceLock<Type>,
}

impl Signature {
    /// The parameter that takes argument `index` (0-based).
    pub fn param(&self, index: usize) -> Option<&BuiltinParam> {
        self.params.get(index).or(self.rest.as_ref())
    }

    /// The static type of the builtin's value.
    pub fn value_type(&self) -> Type {
        self.parsed
            .value
            .get_or_init(|| self.build_value_type())
            .clone()
    }

    fn build_value_type(&self) -> Type {
        let result = self.result_type(&Type::Unknown);
        if self.constant {
            return result;
        }
        let param_type = |param: &BuiltinParam| ParamType {
            ty: accepts_type(param.written),
            optional: param.optional,
        };
        Type::Function(std::sync::Arc::new(FunctionType {
            params: self.params.iter().map(param_type).collect(),
            rest: self.rest.as_ref().map(|rest| accepts_type(rest.written)),
            result,
        }))
    }

    pub fn result_type(&self, receiver: &Type) -> Type {
        match &self.result {
            ResultType::Receiver => match receiver {
                Type::Array(_) => receiver.clone(),
                _ => Type::array(Type::Unknown),
            },
            ResultType::Simple(text) => self
                .parsed
                .simple_result
                .get_or_init(|| parse_type(text))
                .clone(),
        }
    }
}

/// The type a parameter's accepted set stands for (for hover).
fn accepts_type(written: &str) -> Type {
    parse_type(written)
}

/// Parses `number`, `string|null`, `array<string>`, `any`, … into a type.
fn parse_type(text: &str) -> Type {
    let mut result = Type::Never;
    for part in text.split('|') {
        let part = part.trim();
        let member = match part {
            "any" => Type::Unknown,
            "null" => Type::Null,
            "boolean" => Type::Boolean,
            "number" => Type::Number,
            "string" => Type::String,
            "object" => Type::open_object(),
            "function" => Type::any_function(),
            "task" => Type::task(Type::Unknown),
            "agent" => Type::Agent,
            "error" => Type::Error,
            _ => match part
                .strip_prefix("array")
                .map(|rest| rest.trim_start_matches('<').trim_end_matches('>'))
            {
                Some("") => Type::array(Type::Unknown),
                Some(element) => Type::array(parse_type(element)),
                None => Type::Unknown,
            },
        };
        result = result.union(&member);
    }
    result
}

fn parse_accepts(text: &str) -> Accepts {
    let mut accepts = Accepts {
        any: false,
        tags: 0,
    };
    for part in text.split('|') {
        let part = part.trim();
        if part == "any" {
            return Accepts::ANY;
        }
        let tag = if part.starts_with("array") {
            Some(Tag::Array)
        } else {
            Tag::from_typeof(part)
        };
        match tag {
            Some(tag) => accepts = accepts.with(tag),
            None => return Accepts::ANY,
        }
    }
    accepts
}

fn parse_param(text: &'static str) -> Option<(BuiltinParam, bool)> {
    let (name, written) = text.split_once(':')?;
    let name = name.trim();
    let written = written.trim();
    let rest = name.starts_with("...");
    let optional = name.ends_with('?');
    let name = name.trim_start_matches("...").trim_end_matches('?');
    let mut accepts = parse_accepts(written);
    if optional {
        accepts = accepts.with(Tag::Null);
    }
    Some((
        BuiltinParam {
            name,
            accepts,
            written,
            optional,
        },
        rest,
    ))
}

fn parse_signature(line: &'static str) -> Option<(&'static str, Signature)> {
    if let Some((head, tail)) = line.split_once('(') {
        let (params_text, result) = tail.split_once(") -> ")?;
        let mut params = Vec::new();
        let mut rest = None;
        for param in params_text.split(", ").filter(|param| !param.is_empty()) {
            let (param, is_rest) = parse_param(param)?;
            if is_rest {
                rest = Some(param);
            } else {
                params.push(param);
            }
        }
        let result = match result {
            "self" => ResultType::Receiver,
            other => ResultType::Simple(other.to_string()),
        };
        Some((
            head,
            Signature {
                params,
                rest,
                result,
                constant: false,
                parsed: ParsedTypes::default(),
            },
        ))
    } else {
        let (name, ty) = line.split_once(": ")?;
        Some((
            name,
            Signature {
                params: Vec::new(),
                rest: None,
                result: ResultType::Simple(ty.to_string()),
                constant: true,
                parsed: ParsedTypes::default(),
            },
        ))
    }
}

/// The signatures by receiver (`""` for globals, `Math`, `array`, …), then by member name, so
/// that a lookup needs no allocation.
type Table = HashMap<&'static str, HashMap<&'static str, Signature>>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Table = HashMap::new();
        for (key, signature) in SIGNATURES.iter().filter_map(|line| parse_signature(line)) {
            let (receiver, member) = key.split_once('.').unwrap_or(("", key));
            table.entry(receiver).or_default().insert(member, signature);
        }
        table
    })
}

/// The signature of a builtin by its key (`print`, `Math.sqrt`, `array.map`, …).
pub fn signature(key: &str) -> Option<&'static Signature> {
    let (receiver, member) = key.split_once('.').unwrap_or(("", key));
    member_signature(receiver, member)
}

/// The signature of `member` of `receiver` (`""` for a global).
pub fn member_signature(receiver: &str, member: &str) -> Option<&'static Signature> {
    table().get(receiver)?.get(member)
}

/// Every member of `receiver` (`""` for the globals) with its signature, in no particular order.
pub fn members_of(receiver: &str) -> impl Iterator<Item = (&'static str, &'static Signature)> {
    table()
        .get(receiver)
        .into_iter()
        .flat_map(|members| members.iter().map(|(name, sig)| (*name, sig)))
}

/// The namespace name as a one-element `'static` slice (empty for a name that is no namespace).
pub(crate) fn namespace_prefix(name: &str) -> &'static [&'static str] {
    NAMESPACE_NAMES
        .iter()
        .position(|namespace| *namespace == name)
        .map_or(&[], |index| &NAMESPACE_NAMES[index..=index])
}

/// The names of [`NAMESPACES`], in the same order.
const NAMESPACE_NAMES: &[&str] = &[
    "console", "Array", "Object", "Math", "JSON", "Promise", "Date", "mock", "Number", "String",
    "Boolean", "test", "agents",
];

/// The static type of a prelude name.
pub fn prelude_type(name: &str) -> Type {
    if let Some((name, _)) = NAMESPACES.iter().find(|(namespace, _)| *namespace == name) {
        return Type::Namespace(name);
    }
    signature(name).map_or(Type::Unknown, Signature::value_type)
}

/// Whether a namespace value is itself callable (`Number(x)`, `test(…)`).
pub fn namespace_is_callable(name: &str) -> bool {
    NAMESPACES
        .iter()
        .any(|(namespace, tag)| *namespace == name && *tag == Tag::Function)
}

/// The run-time tag of a namespace value.
pub fn namespace_tag(name: &str) -> Tag {
    NAMESPACES
        .iter()
        .find(|(namespace, _)| *namespace == name)
        .map_or(Tag::Object, |(_, tag)| *tag)
}

/// The qualified name of a builtin for messages (builtins §1.2): `Array.map`, `Math.sqrt`, `len`.
pub fn qualified_name(key: &str) -> String {
    match key.split_once('.') {
        Some((receiver, member)) => {
            let mut receiver_chars = receiver.chars();
            let capital: String = receiver_chars
                .next()
                .map(|first| first.to_uppercase().chain(receiver_chars).collect())
                .unwrap_or_default();
            match receiver {
                "array" | "string" | "number" | "boolean" => format!("{capital}.{member}"),
                _ => key.to_string(),
            }
        }
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_parses() {
        for line in SIGNATURES {
            assert!(parse_signature(line).is_some(), "{line}");
        }
        let count: usize = table().values().map(HashMap::len).sum();
        assert_eq!(count, SIGNATURES.len());
    }

    #[test]
    fn namespace_names_match_the_namespaces() {
        let names: Vec<&str> = NAMESPACES.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, NAMESPACE_NAMES);
    }

    #[test]
    fn every_prelude_name_has_a_type() {
        for name in crate::prelude::PRELUDE
            .iter()
            .chain(crate::prelude::TEST_PRELUDE)
        {
            assert!(!prelude_type(name).is_unknown(), "{name}");
        }
    }

    #[test]
    fn optional_parameters_accept_null() {
        let split = signature("string.split").expect("split");
        assert!(split.params[0].accepts.allows(&Type::Null));
        let repeat = signature("string.repeat").expect("repeat");
        assert!(!repeat.params[0].accepts.allows(&Type::String));
        assert_eq!(qualified_name("string.repeat"), "String.repeat");
    }
}
