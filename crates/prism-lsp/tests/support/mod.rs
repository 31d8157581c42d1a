//! An in-process client: the server runs on a thread, connected by memory channels, with no
//! debounce so that every change is checked at once.
#![allow(dead_code)] // Each test file uses part of the client.

use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use prism_span::LineIndex;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(60);

pub struct Client {
    connection: Connection,
    server: Option<JoinHandle<u8>>,
    next_id: i32,
    /// Notifications received and not consumed yet.
    pub notifications: Vec<Notification>,
    pub initialize_result: Value,
}

#[derive(Default)]
pub struct Setup<'a> {
    pub utf8: bool,
    pub inlay_hints: bool,
    pub root: Option<&'a Path>,
    /// The server's debounce; none (every change checked at once) unless a test sets it.
    pub debounce: Duration,
    /// The configuration the server is started with (`prism lsp --config`).
    pub config: Option<&'a Path>,
}

impl Client {
    pub fn start(setup: Setup) -> Client {
        let (client, server) = Connection::memory();
        let options = prism_lsp::Options {
            debounce: setup.debounce,
            config: setup.config.map(Path::to_path_buf),
        };
        let handle = std::thread::spawn(move || prism_lsp::serve(server, options));
        let mut this = Client {
            connection: client,
            server: Some(handle),
            next_id: 0,
            notifications: Vec::new(),
            initialize_result: Value::Null,
        };
        let encodings: Vec<&str> = if setup.utf8 {
            vec!["utf-16", "utf-8"]
        } else {
            vec!["utf-16"]
        };
        let mut capabilities = json!({ "general": { "positionEncodings": encodings } });
        if setup.inlay_hints {
            capabilities["textDocument"] = json!({ "inlayHint": {} });
        }
        let root = setup.root.map(|root| format!("file://{}", root.display()));
        let params = json!({
            "processId": null,
            "rootUri": root,
            "capabilities": capabilities,
        });
        this.initialize_result = this.request("initialize", params);
        this.notify("initialized", json!({}));
        this
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.connection
            .sender
            .send(Message::Request(request))
            .expect("the server is listening");
        id
    }

    /// The next message from the server, or `None` when none comes within `wait`.
    pub fn receive(&self, wait: Duration) -> Option<Message> {
        self.connection.receiver.recv_timeout(wait).ok()
    }

    /// The response to request `id`, keeping notifications that arrive before it.
    pub fn response(&mut self, id: &RequestId) -> Response {
        loop {
            match self.connection.receiver.recv_timeout(WAIT) {
                Ok(Message::Response(response)) if response.id == *id => return response,
                Ok(Message::Response(_)) => {}
                Ok(Message::Notification(note)) => self.notifications.push(note),
                Ok(Message::Request(request)) => panic!("unexpected request {request:?}"),
                Err(error) => panic!("no response to {id:?}: {error}"),
            }
        }
    }

    /// The result of a request that must succeed.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        match self.response(&id).response_result {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {error:?}"),
        }
    }

    pub fn notify(&self, method: &str, params: Value) {
        let note = Notification::new(method.to_string(), params);
        self.connection
            .sender
            .send(Message::Notification(note))
            .expect("the server is listening");
    }

    pub fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "prism", "version": 1, "text": text } }),
        );
    }

    pub fn change(&self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// The diagnostics published for `version` of `uri` (earlier versions are skipped).
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Value {
        loop {
            let position = self.notifications.iter().position(|note| {
                note.method == "textDocument/publishDiagnostics"
                    && note.params["uri"] == uri
                    && note.params["version"] == version
            });
            if let Some(position) = position {
                let note = self.notifications.remove(position);
                return note.params["diagnostics"].clone();
            }
            match self.connection.receiver.recv_timeout(WAIT) {
                Ok(Message::Notification(note)) => self.notifications.push(note),
                Ok(other) => panic!("unexpected message {other:?}"),
                Err(error) => panic!("no diagnostics for {uri} version {version}: {error}"),
            }
        }
    }

    /// `shutdown`, `exit`, and the server's exit code.
    pub fn shutdown(mut self) -> u8 {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.server
            .take()
            .expect("running")
            .join()
            .expect("the server thread ends")
    }
}

/// A protocol position (utf-16) of a byte offset.
pub fn position(text: &str, offset: usize) -> Value {
    let (line, character) = LineIndex::new(text).utf16_position(text, offset as u32);
    json!({ "line": line, "character": character })
}

/// The position of the `nth` (0-based) occurrence of `needle`, plus `shift` bytes.
pub fn position_of(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .map(|(offset, _)| offset)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the text"));
    position(text, offset + shift)
}

pub fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

/// What `prism check` reports for `text` saved as `name`: (code, severity, utf-16 range, message
/// with help lines), the way the server must publish it.
pub fn check_like_the_cli(name: &str, text: &str) -> Vec<Value> {
    check_with_files_like_the_cli(name, text, &[])
}

/// [`check_like_the_cli`] with `others` (`(name, text)`) saved beside the file, for its imports.
pub fn check_with_files_like_the_cli(
    name: &str,
    text: &str,
    others: &[(&str, &str)],
) -> Vec<Value> {
    use prism_project::check::check_paths;
    use prism_project::loader::MemoryLoader;
    let mut loader = MemoryLoader::new();
    loader.insert(format!("/w/{name}"), text);
    for (other, text) in others {
        loader.insert(format!("/w/{other}"), *text);
    }
    let report = check_paths(
        &loader,
        &[name.into()],
        Path::new("/w"),
        false,
        &Default::default(),
    )
    .expect("readable");
    // `prism check` also checks the imported files (cli §5); the server publishes per document.
    report
        .diagnostics
        .iter()
        .filter(|diagnostic| {
            diagnostic
                .file()
                .is_some_and(|file| report.files.name(file) == name)
        })
        .map(|diagnostic| {
            let span = diagnostic.primary().expect("a primary label").at.span;
            let mut message = diagnostic.message.clone();
            for help in &diagnostic.help {
                message.push('\n');
                message.push_str(help);
            }
            let severity = match diagnostic.severity {
                prism_diagnostics::Severity::Error => 1,
                prism_diagnostics::Severity::Warning => 2,
                prism_diagnostics::Severity::Info => 3,
            };
            json!({
                "code": diagnostic.code,
                "severity": severity,
                "range": { "start": position(text, span.start as usize), "end": position(text, span.end as usize) },
                "message": message,
            })
        })
        .collect()
}

/// The published diagnostics reduced to what [`check_like_the_cli`] gives.
pub fn published_like_the_cli(published: &Value) -> Vec<Value> {
    published
        .as_array()
        .expect("an array")
        .iter()
        .map(|diagnostic| {
            assert_eq!(diagnostic["source"], "prism");
            json!({
                "code": diagnostic["code"],
                "severity": diagnostic["severity"],
                "range": diagnostic["range"],
                "message": diagnostic["message"],
            })
        })
        .collect()
}
