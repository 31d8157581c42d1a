//! Strict RFC 8259 parsing for `JSON.parse` (builtins §9.1) and the scan of `JSON.extract`
//! (§9.3). Errors carry the 1-based line and column, in characters, of the offending
//! character.

use crate::error::{catalogue, Thrown};
use crate::value::{ObjectData, PropertyMap, Value};

/// Arrays and objects nested deeper than this are R0305.
const MAX_DEPTH: usize = 512;

/// Why a parse stopped.
enum Failure {
    /// One of the details of §9.1, at a character position.
    Syntax(String, usize),
    TooDeep,
}

type Parsed<T> = Result<T, Failure>;

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

/// `JSON.parse(text)`: one value, then only whitespace.
pub fn parse(text: &str) -> Result<Value, Thrown> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    let result = parser.value(0).and_then(|value| {
        parser.skip_whitespace();
        match parser.peek() {
            None => Ok(value),
            Some(_) => Err(Failure::Syntax(
                "unexpected text after the value".into(),
                parser.pos,
            )),
        }
    });
    result.map_err(|failure| parser.thrown(failure))
}

/// `JSON.extract(text)`: the first complete value starting at a `{` or `[`, or `null`.
pub fn extract(text: &str) -> Result<Value, Thrown> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    for start in 0..parser.chars.len() {
        if !matches!(parser.chars.get(start), Some('{' | '[')) {
            continue;
        }
        parser.pos = start;
        match parser.value(0) {
            Ok(value) => return Ok(value),
            // A structure too deep to read fails like any other attempt.
            Err(Failure::Syntax(..) | Failure::TooDeep) => continue,
        }
    }
    Ok(Value::NULL)
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    /// The error for the character at the current position.
    fn unexpected<T>(&self) -> Parsed<T> {
        let detail = match self.peek() {
            Some(c) => format!("unexpected character '{c}'"),
            None => "unexpected end of input".to_string(),
        };
        Err(Failure::Syntax(detail, self.pos))
    }

    fn expect(&mut self, expected: char) -> Parsed<()> {
        if self.peek() == Some(expected) {
            self.pos += 1;
            Ok(())
        } else {
            self.unexpected()
        }
    }

    fn value(&mut self, depth: usize) -> Parsed<Value> {
        self.skip_whitespace();
        match self.peek() {
            Some('{') => self.object(depth + 1),
            Some('[') => self.array(depth + 1),
            Some('"') => Ok(Value::string(&self.string()?)),
            Some('t') => self.literal("true", Value::TRUE),
            Some('f') => self.literal("false", Value::FALSE),
            Some('n') => self.literal("null", Value::NULL),
            Some('-' | '0'..='9') => self.number(),
            _ => self.unexpected(),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Parsed<Value> {
        for expected in word.chars() {
            self.expect(expected)?;
        }
        Ok(value)
    }

    fn array(&mut self, depth: usize) -> Parsed<Value> {
        if depth > MAX_DEPTH {
            return Err(Failure::TooDeep);
        }
        self.expect('[')?;
        let mut elements = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Value::array(elements));
        }
        loop {
            elements.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::array(elements));
                }
                _ => return self.unexpected(),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Parsed<Value> {
        if depth > MAX_DEPTH {
            return Err(Failure::TooDeep);
        }
        self.expect('{')?;
        let mut map = PropertyMap::default();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Value::object(ObjectData::new()));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some('"') {
                return self.unexpected();
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(':')?;
            let value = self.value(depth)?;
            // A duplicate key keeps its first position and takes the last value.
            map.insert(key.into(), value);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    return Ok(Value::object(ObjectData {
                        map,
                        ..ObjectData::default()
                    }));
                }
                _ => return self.unexpected(),
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, to the nearest binary64.
    fn number(&mut self) -> Parsed<Value> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        match self.peek() {
            Some('0') => self.pos += 1,
            Some('1'..='9') => self.digits(),
            _ => return self.invalid_number(),
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            if !matches!(self.peek(), Some('0'..='9')) {
                return self.invalid_number();
            }
            self.digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some('0'..='9')) {
                return self.invalid_number();
            }
            self.digits();
        }
        let text: String = self
            .chars
            .get(start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect();
        Ok(Value::number(text.parse::<f64>().unwrap_or(f64::NAN)))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some('0'..='9')) {
            self.pos += 1;
        }
    }

    fn invalid_number<T>(&self) -> Parsed<T> {
        Err(Failure::Syntax("invalid number".into(), self.pos))
    }

    /// A string literal; control characters are not allowed unescaped, and an escaped lone
    /// surrogate becomes U+FFFD (decision of §9.1).
    fn string(&mut self) -> Parsed<String> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return self.unexpected(),
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') => out.push(self.escape()?),
                Some(c) if c < ' ' => return self.unexpected(),
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn escape(&mut self) -> Parsed<char> {
        let backslash = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                self.pos += 1;
                let unit = self.hex4(backslash)?;
                return Ok(self.surrogate_pair(unit, backslash));
            }
            None => return self.unexpected(),
            Some(_) => return Err(Failure::Syntax("invalid escape".into(), backslash)),
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self, backslash: usize) -> Parsed<u32> {
        let mut unit = 0;
        for _ in 0..4 {
            let Some(digit) = self.peek().and_then(|c| c.to_digit(16)) else {
                return Err(Failure::Syntax("invalid escape".into(), backslash));
            };
            unit = unit * 16 + digit;
            self.pos += 1;
        }
        Ok(unit)
    }

    /// Combines a high surrogate with a following `\uDC00`–`\uDFFF` escape.
    fn surrogate_pair(&mut self, unit: u32, backslash: usize) -> char {
        if (0xD800..0xDC00).contains(&unit) {
            let after = self.pos;
            if self.chars.get(after) == Some(&'\\') && self.chars.get(after + 1) == Some(&'u') {
                self.pos += 2;
                match self.hex4(backslash) {
                    Ok(low @ 0xDC00..=0xDFFF) => {
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        return char::from_u32(code).unwrap_or('\u{FFFD}');
                    }
                    _ => self.pos = after,
                }
            }
        }
        char::from_u32(unit).unwrap_or('\u{FFFD}')
    }

    fn thrown(&self, failure: Failure) -> Thrown {
        match failure {
            Failure::TooDeep => catalogue::too_deep(),
            Failure::Syntax(detail, at) => {
                let (line, column) = self.line_column(at);
                catalogue::json_syntax(&detail, line, column)
            }
        }
    }

    /// 1-based line and column of a character position (LF, CR LF and a lone CR end lines).
    fn line_column(&self, at: usize) -> (usize, usize) {
        let (mut line, mut column) = (1, 1);
        let mut previous = None;
        for &c in self.chars.iter().take(at) {
            match c {
                '\n' if previous == Some('\r') => {}
                '\n' | '\r' => {
                    line += 1;
                    column = 1;
                }
                _ => column += 1,
            }
            previous = Some(c);
        }
        (line, column)
    }
}
