//! Robustness (issue 7): 10,000 random edits — insertions of Prism tokens and of random characters
//! (non-ASCII included), deletions of random ranges — replayed on a realistic file through
//! incremental `didChange` (with a full-text change back to the start every 1,000 edits), with
//! requests of every kind interleaved. Every request must be answered
//! within a time limit and never with an internal error, and once the edits stop the published
//! diagnostics must be exactly those of `prism check` on the final text. The generator is seeded,
//! so a failure replays identically.

mod support;

use std::collections::HashSet;
use std::time::Duration;

use lsp_server::{ErrorCode, Message, RequestId};
use serde_json::{json, Value};
use support::{check_like_the_cli, position, published_like_the_cli, Client, Setup};

const URI: &str = "file:///w/robust.prism";
const EDITS: usize = 10_000;
/// How long any single answer may take before the server counts as hung.
const ANSWER_LIMIT: Duration = Duration::from_secs(30);

/// A realistic starting point: doc comments, functions, agents, confidence operators,
/// `uncertain if`, objects, loops, template strings, non-ASCII text.
const START: &str = r#"/**
 * Triage incoming reviews.
 * @name triage
 */
/** How sure a verdict must be to act on it. */
const threshold = 0.7

agents {
  reviewer: {
    provider: "mock",
    system: "You review code changes. Answer approve or reject.",
  }
}

/** Scores a review by length and weight. */
function score(text, weight = 0.5) {
  let base = text.length * weight
  return base ~> 0.8
}

let notes = ["🙂 fine", "naïve but ok", "needs work"]
let scored = notes.map(note => ({ note, value: score(note.trim(), 2) }))
let verdict = reviewer.ask("Review: ${notes[0]}")
let summary = llm("Summarise ${len(notes)} notes") ~?? "no summary"

for (let i = 0; i < len(scored); i++) {
  if (scored[i].value > threshold) {
    print("keep", scored[i].note)
  } else {
    print("drop", scored[i].note)
  }
}

uncertain if (verdict) {
  high {
    print("merge", <~verdict)
  }
  medium {
    let second = llm("Second opinion?")
    print(<~second > <~verdict ? "merge later" : "ask again")
  }
  low {
    print(-summary.length ** 2)
  }
}
let report = { verdict, summary, count: len(scored) }
report
"#;

/// Tokens the editor user might type. Imports reach other files: the document itself (a cycle),
/// a bundled module and a missing one, read the way `prism check` reads them.
const TOKENS: &[&str] = &[
    "import ",
    "export ",
    "from ",
    "* as ",
    "\"./robust\"",
    "\"./nowhere\"",
    "\"std/patterns\"",
    "\"std/unknown\"",
    "import { known } from \"./robust\"\n",
    "import { known } from \"std/patterns\"\n",
    "export const known = 1\n",
    "let ",
    "const ",
    "function ",
    "return ",
    "if ",
    "else ",
    "for ",
    "while ",
    "uncertain ",
    "high ",
    "medium ",
    "low ",
    "default ",
    "agents ",
    "try ",
    "catch ",
    "throw ",
    "null",
    "true",
    "x",
    "score",
    "verdict",
    "notes",
    ".",
    ",",
    ";",
    ":",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "=",
    "==",
    "=>",
    "+",
    "-",
    "*",
    "**",
    "/",
    "~>",
    "<~",
    "~??",
    "??",
    "?",
    "!",
    "&&",
    "||",
    "\"",
    "'",
    "`",
    "${",
    "/*",
    "*/",
    "//",
    "/**",
    "\n",
    "  ",
    "0.5",
    "42",
    "🙂",
    "é",
    "日本",
    "@name ",
];

/// A small deterministic generator (xorshift64*), so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    /// A random character: mostly ASCII, some Latin, CJK, emoji (surrogate pairs in utf-16),
    /// control characters.
    fn character(&mut self) -> char {
        let code = match self.below(5) {
            0 => self.below(0x80),
            1 => 0x80 + self.below(0x780),
            2 => 0x3000 + self.below(0x6000),
            3 => 0x1F300 + self.below(0x300),
            _ => 0x20 + self.below(0x5F),
        };
        char::from_u32(code as u32).unwrap_or('\u{FFFD}')
    }
}

/// A byte offset on a character boundary of `text`.
fn boundary(text: &str, rng: &mut Rng) -> usize {
    let mut offset = rng.below(text.len() + 1);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One random edit of `text`, applied to it, as a protocol change (utf-16 range).
fn random_edit(text: &mut String, rng: &mut Rng) -> Value {
    let start = boundary(text, rng);
    let (end, inserted) = match rng.below(10) {
        // Deletions, more of them when the text has grown well past its start.
        0..=2 => {
            let mut end =
                (start + 1 + rng.below(if text.len() > 3 * START.len() { 80 } else { 12 }))
                    .min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (end, String::new())
        }
        3..=6 => (start, TOKENS[rng.below(TOKENS.len())].to_string()),
        7 => (
            start,
            (0..1 + rng.below(4)).map(|_| rng.character()).collect(),
        ),
        // Replacements of a short range.
        _ => {
            let mut end = (start + rng.below(6)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (end, TOKENS[rng.below(TOKENS.len())].to_string())
        }
    };
    let change = json!({
        "range": { "start": position(text, start), "end": position(text, end) },
        "text": inserted,
    });
    text.replace_range(start..end, &inserted);
    change
}

/// A request of a random kind at a random position of `text`.
fn random_request(text: &str, rng: &mut Rng) -> (&'static str, Value) {
    let at = position(text, boundary(text, rng));
    let document = json!({ "uri": URI });
    let point = json!({ "textDocument": document, "position": at });
    let range = json!({ "start": at, "end": position(text, boundary(text, rng)) });
    match rng.below(11) {
        0 => ("textDocument/hover", point),
        1 => ("textDocument/completion", point),
        2 => (
            "textDocument/documentSymbol",
            json!({ "textDocument": document }),
        ),
        3 => ("textDocument/signatureHelp", point),
        4 => ("textDocument/definition", point),
        5 => {
            let mut params = point;
            params["context"] = json!({ "includeDeclaration": true });
            ("textDocument/references", params)
        }
        6 => (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": document }),
        ),
        7 => (
            "textDocument/formatting",
            json!({ "textDocument": document, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
        8 => {
            let mut params = point;
            params["newName"] = json!("renamed");
            ("textDocument/rename", params)
        }
        9 => (
            "textDocument/codeAction",
            json!({ "textDocument": document, "range": ordered(range), "context": { "diagnostics": [] } }),
        ),
        _ => (
            "textDocument/inlayHint",
            json!({ "textDocument": document, "range": ordered(range) }),
        ),
    }
}

fn ordered(range: Value) -> Value {
    let key = |p: &Value| (p["line"].as_u64(), p["character"].as_u64());
    if key(&range["start"]) <= key(&range["end"]) {
        range
    } else {
        json!({ "start": range["end"], "end": range["start"] })
    }
}

/// Reads messages until every request in `outstanding` is answered; a missing answer, or an
/// internal error (a panic caught in a feature), fails the test.
fn answer_all(
    client: &mut Client,
    outstanding: &mut HashSet<RequestId>,
    methods: &[(RequestId, &str)],
) {
    while !outstanding.is_empty() {
        let Some(message) = client.receive(ANSWER_LIMIT) else {
            panic!(
                "the server stopped answering: {} requests pending",
                outstanding.len()
            );
        };
        match message {
            Message::Response(response) => {
                let method = methods
                    .iter()
                    .find(|(id, _)| *id == response.id)
                    .map_or("?", |(_, method)| *method);
                if let Err(error) = &response.response_result {
                    assert_ne!(
                        error.code,
                        ErrorCode::InternalError as i32,
                        "{method}: {}",
                        error.message
                    );
                    // Rename may refuse (invalid position, would change meaning); nothing else may fail.
                    assert!(
                        method == "textDocument/rename"
                            && error.code == ErrorCode::RequestFailed as i32,
                        "{method} failed: {error:?}"
                    );
                }
                outstanding.remove(&response.id);
            }
            Message::Notification(note) => {
                assert_ne!(note.method, "window/logMessage", "{:?}", note.params);
                client.notifications.push(note);
            }
            Message::Request(request) => panic!("unexpected request {request:?}"),
        }
    }
}

#[test]
fn ten_thousand_random_edits_never_crash_or_hang_and_end_like_prism_check() {
    let mut client = Client::start(Setup::default());
    client.open(URI, START);
    let mut rng = Rng(0x005E_ED0F_7A15_u64);
    let mut text = START.to_string();
    let mut version = 1;
    let mut outstanding = HashSet::new();
    let mut methods = Vec::new();
    let mut edits = 0;
    let mut next_restart = 1000;
    while edits < EDITS {
        let count = (1 + rng.below(3)).min(EDITS - edits);
        let mut changes: Vec<Value> = Vec::new();
        // Every 1,000 edits the text starts over from the realistic file, by a full-text change
        // (so the checker sees mostly-valid programs again, and full synchronisation is used).
        if edits >= next_restart {
            next_restart += 1000;
            text = START.to_string();
            changes.push(json!({ "text": START }));
        }
        changes.extend((0..count).map(|_| random_edit(&mut text, &mut rng)));
        edits += count;
        version += 1;
        client.change(URI, version, Value::Array(changes));
        if rng.below(8) == 0 {
            let (method, params) = random_request(&text, &mut rng);
            let id = client.send_request(method, params);
            outstanding.insert(id.clone());
            methods.push((id, method));
        }
        if version % 200 == 0 {
            answer_all(&mut client, &mut outstanding, &methods);
            // Diagnostics of old versions are of no interest any more.
            client.notifications.clear();
        }
    }
    answer_all(&mut client, &mut outstanding, &methods);
    assert!(
        methods.len() > 300,
        "only {} requests were made",
        methods.len()
    );

    let published = client.diagnostics(URI, version);
    println!(
        "{} versions, {} requests, final text {} bytes with {} diagnostics",
        version,
        methods.len(),
        text.len(),
        published.as_array().map_or(0, Vec::len)
    );
    assert_eq!(
        published_like_the_cli(&published),
        check_like_the_cli("robust.prism", &text),
        "final text:\n{text}"
    );

    // The final text rarely parses, so the module phase is compared once more on the realistic
    // file with imports of itself, a bundled module and a missing one.
    let imports = "import { itself } from \"./robust\"\nimport { nope } from \"std/patterns\"\n\
                   import \"./nowhere\"\nexport const known = 1\n";
    let text = format!("{imports}{START}");
    client.change(URI, version + 1, json!([{ "text": text }]));
    let published = client.diagnostics(URI, version + 1);
    let codes: Vec<&str> = published
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|diagnostic| diagnostic["code"].as_str())
        .filter(|code| code.starts_with("E05"))
        .collect();
    assert_eq!(codes, ["E0504", "E0502", "E0501"], "{published:#}");
    assert_eq!(
        published_like_the_cli(&published),
        check_like_the_cli("robust.prism", &text)
    );
    assert_eq!(client.shutdown(), 0);
}
