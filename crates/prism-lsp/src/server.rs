//! The main loop: the `initialize` handshake, document synchronisation, debounced diagnostics,
//! request dispatch to worker threads, `$/cancelRequest`, `shutdown` and `exit` (cli §8).
//!
//! The loop itself never analyses: it only edits texts, so it always reads the next message at
//! once. Each request runs on a thread of its own with a snapshot of the documents; whichever of
//! the worker (with the answer) and a cancel notification (with `RequestCancelled`) comes first
//! answers, the other is dropped.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{select, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self, Notification as _};
use lsp_types::InitializeParams;

use crate::capabilities::{initialize_result, ClientChoices};
use crate::document::Document;
use crate::features::{self, Snapshot};
use crate::workspace::{EditorFiles, Workspace};

/// How the server behaves, beyond what the client negotiates.
#[derive(Clone, Debug)]
pub struct Options {
    /// The quiet time that batches a burst of changes (cli §8: debounced). The first change after
    /// a quiet period is checked at once; a change that follows another within this time is
    /// checked this long after the last one. Documents being opened are checked at once.
    pub debounce: Duration,
    /// The configuration every document is checked with (`prism lsp --config`, an absolute
    /// path); `None` finds each file's own `prism.toml` from its directory upwards.
    pub config: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            debounce: Duration::from_millis(120),
            config: None,
        }
    }
}

/// Runs the server on `connection` until `exit` (or until the client goes away). Returns the exit
/// code of cli §8: 0 after `shutdown` and `exit`, 1 otherwise.
pub fn serve(connection: Connection, options: Options) -> u8 {
    let Some(mut server) = Server::initialize(&connection, options) else {
        return 1;
    };
    server.run(&connection.receiver)
}

/// Requests not answered yet: the first of the worker and a cancellation takes the id.
#[derive(Default)]
struct Pending(Mutex<HashSet<RequestId>>);

impl Pending {
    fn insert(&self, id: RequestId) {
        if let Ok(mut ids) = self.0.lock() {
            ids.insert(id);
        }
    }

    /// True for the one caller that may answer `id`.
    fn take(&self, id: &RequestId) -> bool {
        self.0.lock().map(|mut ids| ids.remove(id)).unwrap_or(false)
    }
}

/// Results coming back to the main loop.
enum Event {
    Diagnostics {
        uri: String,
        version: i32,
        diagnostics: Option<Vec<lsp_types::Diagnostic>>,
    },
}

struct Server {
    sender: Sender<Message>,
    options: Options,
    choices: ClientChoices,
    workspace: Arc<Workspace>,
    documents: Arc<HashMap<String, Document>>,
    pending: Arc<Pending>,
    events: (Sender<Event>, Receiver<Event>),
    /// Documents whose diagnostics are due, and when.
    due: HashMap<String, Instant>,
    /// Documents whose diagnostics are being computed (one computation per document at a time).
    checking: HashSet<String>,
    /// When each document last changed: a change soon after another is part of a burst.
    last_change: HashMap<String, Instant>,
    shut_down: bool,
}

impl Server {
    /// Waits for `initialize` and answers it. Requests before it are refused as the protocol
    /// says; `exit` ends the server.
    fn initialize(connection: &Connection, options: Options) -> Option<Server> {
        loop {
            match connection.receiver.recv().ok()? {
                Message::Request(request) if request.method == "initialize" => {
                    let params: InitializeParams =
                        match serde_json::from_value(request.params.clone()) {
                            Ok(params) => params,
                            Err(error) => {
                                let response = Response::new_err(
                                    request.id,
                                    ErrorCode::InvalidParams as i32,
                                    format!("invalid initialize parameters: {error}"),
                                );
                                let _ = connection.sender.send(response.into());
                                continue;
                            }
                        };
                    let choices = ClientChoices::from_params(&params);
                    let response = Response::new_ok(request.id, initialize_result(&choices));
                    let _ = connection.sender.send(response.into());
                    let workspace = Arc::new(Workspace::new(&params, options.config.clone()));
                    return Some(Server {
                        sender: connection.sender.clone(),
                        options,
                        workspace,
                        choices,
                        documents: Arc::default(),
                        pending: Arc::default(),
                        events: crossbeam_channel::unbounded(),
                        due: HashMap::new(),
                        checking: HashSet::new(),
                        last_change: HashMap::new(),
                        shut_down: false,
                    });
                }
                Message::Request(request) => {
                    let response = Response::new_err(
                        request.id,
                        ErrorCode::ServerNotInitialized as i32,
                        "the server is not initialized".to_string(),
                    );
                    let _ = connection.sender.send(response.into());
                }
                Message::Notification(note) if note.method == notification::Exit::METHOD => {
                    return None;
                }
                Message::Notification(_) | Message::Response(_) => {}
            }
        }
    }

    fn run(&mut self, receiver: &Receiver<Message>) -> u8 {
        let events = self.events.1.clone();
        loop {
            let wait = self.next_due().map_or(Duration::from_secs(3600), |due| {
                due.saturating_duration_since(Instant::now())
            });
            select! {
                recv(receiver) -> message => match message {
                    Ok(message) => {
                        if let Some(code) = self.handle(message) {
                            return code;
                        }
                    }
                    // The client went away without `exit`.
                    Err(_) => return 1,
                },
                recv(events) -> event => {
                    if let Ok(event) = event {
                        self.event(event);
                    }
                },
                default(wait) => {},
            }
            self.start_due_checks();
        }
    }

    /// Handles one message; `Some(code)` ends the server.
    fn handle(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(note) => return self.notification(note),
            // The server sends no requests, so there are no responses to read.
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, request: Request) {
        if self.shut_down {
            self.reply(Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_string(),
            ));
            return;
        }
        if request.method == "shutdown" {
            self.shut_down = true;
            self.reply(Response::new_ok(request.id, ()));
            return;
        }
        if request.method == "initialize" {
            self.reply(Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is already initialized".to_string(),
            ));
            return;
        }
        self.pending.insert(request.id.clone());
        let snapshot = Snapshot {
            encoding: self.choices.encoding,
            documents: Arc::clone(&self.documents),
            workspace: Arc::clone(&self.workspace),
        };
        let pending = Arc::clone(&self.pending);
        let sender = self.sender.clone();
        let id = request.id.clone();
        let worker = std::thread::Builder::new()
            .name(format!("prism-lsp {}", request.method))
            .spawn(move || {
                let response = features::answer(&snapshot, request);
                if pending.take(&response.id) {
                    let _ = sender.send(response.into());
                }
            });
        if worker.is_err() && self.pending.take(&id) {
            self.reply(Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "the server could not start a worker".to_string(),
            ));
        }
    }

    fn notification(&mut self, note: Notification) -> Option<u8> {
        match note.method.as_str() {
            notification::Exit::METHOD => return Some(if self.shut_down { 0 } else { 1 }),
            notification::Cancel::METHOD => {
                if let Ok(params) = serde_json::from_value::<lsp_types::CancelParams>(note.params) {
                    let id: RequestId = match params.id {
                        lsp_types::NumberOrString::Number(number) => number.into(),
                        lsp_types::NumberOrString::String(text) => text.into(),
                    };
                    if self.pending.take(&id) {
                        self.reply(Response::new_err(
                            id,
                            ErrorCode::RequestCanceled as i32,
                            "cancelled".to_string(),
                        ));
                    }
                }
            }
            notification::DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(note.params)
                {
                    let item = params.text_document;
                    let key = item.uri.as_str().to_string();
                    let config = self.workspace.config.clone();
                    let document = Document::new(item.uri, item.version, item.text, config);
                    Arc::make_mut(&mut self.documents).insert(key.clone(), document);
                    self.due.insert(key.clone(), Instant::now());
                    self.recheck_importers(&key, Instant::now() + self.options.debounce);
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(note.params)
                {
                    let key = params.text_document.uri.as_str().to_string();
                    let encoding = self.choices.encoding;
                    let documents = Arc::make_mut(&mut self.documents);
                    if let Some(document) = documents.get_mut(&key) {
                        *document = document.changed(
                            params.text_document.version,
                            params.content_changes,
                            encoding,
                        );
                        let due = self.change_due(&key);
                        self.due.insert(key.clone(), due);
                        self.recheck_importers(&key, due);
                    }
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(note.params)
                {
                    let uri = params.text_document.uri;
                    let key = uri.as_str().to_string();
                    Arc::make_mut(&mut self.documents).remove(&key);
                    self.due.remove(&key);
                    self.last_change.remove(&key);
                    self.publish(uri, Vec::new(), None);
                    // Importers of the closed buffer now read the file on disk.
                    self.recheck_importers(&key, Instant::now() + self.options.debounce);
                }
            }
            // initialized, didSave, configuration changes, $/setTrace: nothing to do.
            _ => {}
        }
        None
    }

    /// When the diagnostics of a document that just changed are due. An isolated edit is checked
    /// at once, so its diagnostics arrive as soon as the analysis is done; while the author types
    /// (changes closer together than the debounce), the check waits for a pause, so diagnostics
    /// do not flicker through every half-typed word and checks do not pile up.
    fn change_due(&mut self, key: &str) -> Instant {
        let now = Instant::now();
        let previous = self.last_change.insert(key.to_string(), now);
        let in_burst =
            previous.is_some_and(|then| now.duration_since(then) < self.options.debounce);
        if in_burst {
            now + self.options.debounce
        } else {
            now
        }
    }

    /// Makes the diagnostics of every other open document that imports anything due by `due` (or
    /// sooner if already due): their module diagnostics may read the text of `changed`.
    fn recheck_importers(&mut self, changed: &str, due: Instant) {
        for (uri, document) in self.documents.iter() {
            let imports = document.text.contains("import") || document.text.contains("from");
            if uri != changed && imports {
                let when = self.due.entry(uri.clone()).or_insert(due);
                *when = (*when).min(due);
            }
        }
    }

    fn next_due(&self) -> Option<Instant> {
        self.due
            .iter()
            .filter(|(uri, _)| !self.checking.contains(*uri))
            .map(|(_, due)| *due)
            .min()
    }

    /// Starts the diagnostics of every document whose time has come, each on its own thread.
    fn start_due_checks(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(uri, due)| **due <= now && !self.checking.contains(*uri))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.due.remove(&uri);
            let Some(document) = self.documents.get(&uri).cloned() else {
                continue;
            };
            let sender = self.events.0.clone();
            let documents = Arc::clone(&self.documents);
            let encoding = self.choices.encoding;
            let version = document.version;
            let key = uri.clone();
            let started = std::thread::Builder::new()
                .name("prism-lsp diagnostics".to_string())
                .spawn(move || {
                    let files = EditorFiles {
                        documents: &documents,
                    };
                    let check = || crate::diagnostics::publish(&document, &files, encoding);
                    let diagnostics =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).ok();
                    let _ = sender.send(Event::Diagnostics {
                        uri: key,
                        version,
                        diagnostics,
                    });
                });
            if started.is_ok() {
                self.checking.insert(uri);
            }
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Diagnostics {
                uri,
                version,
                diagnostics,
            } => {
                self.checking.remove(&uri);
                let Some(document) = self.documents.get(&uri) else {
                    return;
                };
                // A newer version is due anyway; its diagnostics replace these.
                if document.version != version {
                    return;
                }
                match diagnostics {
                    Some(diagnostics) => {
                        let uri = document.uri.clone();
                        self.publish(uri, diagnostics, Some(version));
                    }
                    None => self.log_error(&format!(
                        "internal error while checking {uri}; diagnostics are out of date"
                    )),
                }
            }
        }
    }

    fn publish(
        &self,
        uri: lsp_types::Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = lsp_types::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let note = Notification::new(notification::PublishDiagnostics::METHOD.to_string(), params);
        let _ = self.sender.send(note.into());
    }

    fn log_error(&self, message: &str) {
        let params = lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: message.to_string(),
        };
        let note = Notification::new(notification::LogMessage::METHOD.to_string(), params);
        let _ = self.sender.send(note.into());
    }

    fn reply(&self, response: Response) {
        let _ = self.sender.send(response.into());
    }
}
