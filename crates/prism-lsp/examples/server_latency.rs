//! The language server's latency on a 5,000-line file (issue 7 targets: a `didChange` answered by
//! its `publishDiagnostics` under 30 ms, completion under 10 ms), measured through the protocol on
//! an in-memory connection, so JSON encoding, the main loop and the worker threads all count:
//!
//!     cargo run --release -p prism-lsp --example server_latency
//!
//! The debounce is set to zero for the "work" figures; the default debounce (`Options::default`)
//! is added on top of them in an editor, and measured separately here.

use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const URI: &str = "file:///bench/big.prism";
const ROUNDS: usize = 30;

/// Realistic Prism (doc comments, functions with defaults, confidence operators, `uncertain if`,
/// objects, arrays, arrow functions, loops, agents), repeated with fresh names up to `lines`.
fn program(lines: usize) -> String {
    let mut text = String::from(
        "/**\n * Generated for the latency benchmark.\n * @name latency\n */\nagents {\n  reviewer: { provider: \"mock\", system: \"Review.\" }\n}\n\n",
    );
    let mut index = 0;
    while text.lines().count() < lines {
        text.push_str(&format!(
            "/** Scores item {index}. */\n\
             function score{index}(item, weight = 0.5) {{\n  \
               let base = item.value * weight\n  \
               let sure = base ~> 0.8\n  \
               uncertain if (sure) {{\n    \
                 high {{ return {{ id: {index}, total: base + 1, label: \"ok 🙂\" }} }}\n    \
                 default {{ return null }}\n  \
               }}\n\
             }}\n\
             const items{index} = [1, 2, 3].map(x => ({{ value: x }}))\n\
             let results{index} = items{index}.map(i => score{index}(i))\n\
             for (let k = 0; k < len(results{index}); k++) {{ print(results{index}[k]) }}\n\n",
        ));
        index += 1;
    }
    text
}

struct Bench {
    connection: Connection,
    server: Option<std::thread::JoinHandle<u8>>,
    next_id: i32,
    /// Diagnostics that arrived while waiting for a response: (version, diagnostics).
    published: Vec<(Value, Value)>,
}

impl Bench {
    fn start(debounce: Duration) -> Bench {
        let (client, server) = Connection::memory();
        let options = prism_lsp::Options {
            debounce,
            ..prism_lsp::Options::default()
        };
        let handle = std::thread::spawn(move || prism_lsp::serve(server, options));
        let mut bench = Bench {
            connection: client,
            server: Some(handle),
            next_id: 0,
            published: Vec::new(),
        };
        let capabilities = json!({ "general": { "positionEncodings": ["utf-16"] } });
        bench.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        bench.notify("initialized", json!({}));
        bench
    }

    fn notify(&self, method: &str, params: Value) {
        let note = Notification::new(method.to_string(), params);
        self.connection.sender.send(note.into()).expect("listening");
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.connection
            .sender
            .send(request.into())
            .expect("listening");
        loop {
            match self.connection.receiver.recv().expect("an answer") {
                Message::Response(response) if response.id == id => {
                    return response.response_result.expect("a result");
                }
                Message::Notification(note) if note.method == "textDocument/publishDiagnostics" => {
                    self.published.push((
                        note.params["version"].clone(),
                        note.params["diagnostics"].clone(),
                    ));
                }
                _ => {}
            }
        }
    }

    /// Waits for the diagnostics of `version`.
    fn diagnostics(&mut self, version: i32) -> Value {
        if let Some(index) = self.published.iter().position(|(v, _)| *v == version) {
            return self.published.swap_remove(index).1;
        }
        loop {
            if let Message::Notification(note) = self.connection.receiver.recv().expect("a message")
            {
                if note.method == "textDocument/publishDiagnostics"
                    && note.params["version"] == version
                {
                    return note.params["diagnostics"].clone();
                }
            }
        }
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.server.take().map(|handle| handle.join());
    }
}

fn change(line: usize, character: usize, remove: usize, text: &str) -> Value {
    json!([{ "range": {
        "start": { "line": line, "character": character },
        "end": { "line": line, "character": character + remove } },
        "text": text }])
}

fn summary(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<52} median {:>7.2} ms   p90 {:>7.2} ms   min {:>7.2} ms",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 9 / 10]),
        ms(samples[0]),
    );
}

/// A `didChange` typing one character inside a function body in the middle of the file (and the
/// next one taking it out again), timed until its diagnostics arrive. Each change follows the
/// previous diagnostics after `pause`: longer than the debounce, every change is an isolated edit;
/// zero, the changes come in a burst.
fn change_to_diagnostics(
    bench: &mut Bench,
    text: &str,
    version: &mut i32,
    pause: Duration,
) -> Vec<Duration> {
    let line = text
        .lines()
        .position(|l| l.contains("let base = item.value"))
        .expect("a body")
        + text.lines().count() / 2 / 13 * 13;
    let mut samples = Vec::new();
    for round in 0..ROUNDS {
        std::thread::sleep(pause);
        *version += 1;
        let edit = if round % 2 == 0 {
            change(line, 10, 0, "x")
        } else {
            change(line, 10, 1, "")
        };
        let started = Instant::now();
        bench.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": *version }, "contentChanges": edit }),
        );
        bench.diagnostics(*version);
        samples.push(started.elapsed());
    }
    samples
}

fn main() {
    let text = program(5000);
    println!("{} lines, {} bytes", text.lines().count(), text.len());
    let last_line = text.lines().count();

    // The share of the work that is analysis (lex, parse, check, the editor tables), outside the
    // server: what a `didChange` costs at least.
    let env = prism_ide::ResolveEnv::main();
    let analyses: Vec<Duration> = (0..ROUNDS / 3)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(prism_ide::Analysis::new(
                &text,
                prism_span::FileId(0),
                env.clone(),
            ));
            started.elapsed()
        })
        .collect();
    summary("Analysis::new alone (lex, parse, check, tables)", analyses);

    let mut bench = Bench::start(Duration::ZERO);
    let mut version = 1;
    let opened = Instant::now();
    bench.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "prism", "version": 1, "text": text } }),
    );
    let first = bench.diagnostics(1);
    println!(
        "didOpen to diagnostics: {:.2} ms ({} diagnostics)",
        opened.elapsed().as_secs_f64() * 1000.0,
        first.as_array().map_or(0, Vec::len)
    );

    summary(
        "didChange -> publishDiagnostics (no debounce)",
        change_to_diagnostics(&mut bench, &text, &mut version, Duration::ZERO),
    );

    // Completion of a member at the end of the file, on a version already analysed, then right
    // after a change (the request waits for the analysis of the new version).
    version += 1;
    let member = "print(results1.)\n";
    bench.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": version },
                "contentChanges": change(last_line, 0, 0, member) }),
    );
    bench.diagnostics(version);
    let at_dot = json!({ "textDocument": { "uri": URI }, "position": { "line": last_line, "character": 15 } });
    let at_start = json!({ "textDocument": { "uri": URI }, "position": { "line": last_line, "character": 2 } });
    let mut members = Vec::new();
    let mut names = Vec::new();
    let mut items = (0, 0);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        items.0 = bench
            .request("textDocument/completion", at_dot.clone())
            .as_array()
            .map_or(0, Vec::len);
        members.push(started.elapsed());
        let started = Instant::now();
        items.1 = bench
            .request("textDocument/completion", at_start.clone())
            .as_array()
            .map_or(0, Vec::len);
        names.push(started.elapsed());
    }
    summary(
        &format!("completion after `results1.` ({} items)", items.0),
        members,
    );
    summary(&format!("completion of names ({} items)", items.1), names);
    let mut hovers = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        bench.request("textDocument/hover", at_start.clone());
        hovers.push(started.elapsed());
    }
    summary("hover", hovers);

    let mut after_change = Vec::new();
    for round in 0..ROUNDS {
        version += 1;
        let edit = if round % 2 == 0 {
            change(last_line, 0, 0, " ")
        } else {
            change(last_line, 0, 1, "")
        };
        bench.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": edit }),
        );
        let started = Instant::now();
        bench.request("textDocument/completion", at_dot.clone());
        after_change.push(started.elapsed());
        bench.diagnostics(version);
    }
    summary("completion right after a didChange", after_change);
    bench.shutdown();

    // The server as an editor starts it: an isolated edit is checked at once, a burst of edits
    // (one right after the other's diagnostics) after the debounce.
    let debounce = prism_lsp::Options::default().debounce;
    let mut bench = Bench::start(debounce);
    let mut version = 1;
    bench.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "prism", "version": 1, "text": text } }),
    );
    bench.diagnostics(1);
    summary(
        &format!("isolated didChange -> publishDiagnostics (debounce {debounce:?})"),
        change_to_diagnostics(&mut bench, &text, &mut version, debounce * 2),
    );
    summary(
        &format!("didChange in a burst -> publishDiagnostics (debounce {debounce:?})"),
        change_to_diagnostics(&mut bench, &text, &mut version, Duration::ZERO),
    );
    bench.shutdown();
}
