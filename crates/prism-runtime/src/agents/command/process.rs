//! One running agent process (runtime §9.6) and the threads that talk to it: a writer (so the
//! run thread never blocks on a full pipe), a reader for standard output, and a reader for
//! standard error. Completions go to the run thread through the inbox's posters.
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::wire::{self, Incoming};
use super::LogLine;
use crate::agents::inbox::Poster;
use crate::agents::provider::{ErrorKind, ProviderError};
use crate::trace::Redactor;

/// How a process is started.
#[derive(Clone)]
pub struct Launch {
    pub name: String,
    pub program: Vec<String>,
    pub cwd: Option<std::path::PathBuf>,
    pub env: Vec<(String, String)>,
    pub run_id: String,
    pub redactor: Redactor,
    pub logs: Sender<LogLine>,
}

impl Launch {
    /// Starts the program with piped standard streams (not through a shell).
    pub fn spawn(&self) -> Result<Child, ProviderError> {
        let (program, args) = self
            .program
            .split_first()
            .ok_or_else(|| ProviderError::new(ErrorKind::Unavailable, "empty command"))?;
        let mut command = Command::new(program);
        command
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("PRISM_PROVIDER_NAME", &self.name)
            .env("PRISM_RUN_ID", &self.run_id)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(cwd) = &self.cwd {
            command.current_dir(cwd);
        }
        command.spawn().map_err(|error| {
            let message = format!("cannot start '{program}': {error}");
            ProviderError::new(ErrorKind::Unavailable, self.redactor.text(&message))
        })
    }

    /// Copies the process's standard error to ours, each line prefixed with `[NAME] `, and to
    /// the trace as `log` events.
    pub fn copy_stderr(&self, child: &mut Child) {
        let Some(stderr) = child.stderr.take() else {
            return;
        };
        let launch = self.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let line = launch.redactor.text(&line);
                eprintln!("[{}] {line}", launch.name);
                let _ = launch.logs.send(LogLine::new("info", line));
            }
        });
    }
}

/// What the run thread and the process threads share.
#[derive(Default)]
pub struct State {
    /// Attempts sent or queued, by request id.
    pub pending: HashMap<String, Poster>,
    /// Request lines not yet written, with their ids.
    pub queue: VecDeque<(String, String)>,
    /// Cancellations and the shutdown, written before any request.
    pub urgent: VecDeque<String>,
    pub ready: bool,
    pub concurrent: bool,
    /// The request written and not yet answered (when the process is not concurrent).
    pub busy: Option<String>,
    pub dead: bool,
    /// The end of the run: after the urgent lines, standard input is closed.
    pub closing: bool,
}

impl State {
    /// Fails every pending attempt with `error` (a protocol failure or an exit).
    fn fail_all(&mut self, error: &ProviderError) {
        self.queue.clear();
        self.busy = None;
        for (_, poster) in self.pending.drain() {
            poster.finish(Err(error.clone()));
        }
    }
}

pub type Shared = Arc<(Mutex<State>, Condvar)>;

pub fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    // A poisoned lock only means another thread panicked mid-update; the state stays usable.
    shared
        .0
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A long-lived process.
pub struct Process {
    pub shared: Shared,
    pub child: Arc<Mutex<Child>>,
}

impl Process {
    /// Starts the process, says `hello`, and starts its threads; the ready message must come
    /// within `startup_timeout_ms`.
    pub fn start(launch: &Launch, startup_timeout_ms: u64) -> Result<Process, ProviderError> {
        let mut child = launch.spawn()?;
        launch.copy_stderr(&mut child);
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let shared: Shared = Arc::default();
        let child = Arc::new(Mutex::new(child));
        let process = Process {
            shared: shared.clone(),
            child: child.clone(),
        };
        if let Some(stdin) = stdin {
            let hello = wire::hello(&launch.name, &launch.run_id);
            let deadline = Instant::now() + Duration::from_millis(startup_timeout_ms);
            let (shared, child) = (shared.clone(), child.clone());
            std::thread::spawn(move || write_loop(stdin, hello, deadline, &shared, &child));
        }
        if let Some(stdout) = stdout {
            let launch = launch.clone();
            std::thread::spawn(move || read_loop(stdout, &launch, &shared, &child));
        }
        Ok(process)
    }

    pub fn is_dead(&self) -> bool {
        lock(&self.shared).dead
    }

    /// The end of the run: `shutdown`, close standard input, wait up to `timeout_ms`, kill.
    pub fn shut_down(&self, timeout_ms: u64) {
        {
            let mut state = lock(&self.shared);
            state.closing = true;
            state.urgent.push_back(wire::shutdown());
        }
        self.shared.1.notify_all();
        let deadline = Instant::now() + Duration::from_millis(timeout_ms);
        wait_or_kill(&self.child, deadline);
    }
}

/// Waits for the child to exit until `deadline`, then kills it; its exit status.
pub fn wait_or_kill(child: &Mutex<Child>, deadline: Instant) -> Option<i32> {
    loop {
        let mut child = child.lock().unwrap_or_else(|p| p.into_inner());
        match child.try_wait() {
            Ok(Some(status)) => return status.code(),
            Ok(None) if Instant::now() < deadline => {}
            _ => {
                let _ = child.kill();
                return child.wait().ok().and_then(|status| status.code());
            }
        }
        drop(child);
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn kill(child: &Mutex<Child>) {
    let mut child = child.lock().unwrap_or_else(|p| p.into_inner());
    let _ = child.kill();
}

/// Writes `hello`, waits for `ready` (killing the process if it does not come in time), then
/// writes urgent lines and requests as the protocol allows.
fn write_loop(
    mut stdin: ChildStdin,
    hello: String,
    deadline: Instant,
    shared: &Shared,
    child: &Mutex<Child>,
) {
    if stdin
        .write_all(hello.as_bytes())
        .and_then(|()| stdin.flush())
        .is_err()
    {
        return;
    }
    let changed = &shared.1;
    let mut state = lock(shared);
    loop {
        if state.dead {
            return;
        }
        if !state.ready {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                state.dead = true;
                let message = "the process sent no 'ready' message in time";
                state.fail_all(&ProviderError::new(ErrorKind::Protocol, message));
                drop(state);
                kill(child);
                return;
            }
            state = changed
                .wait_timeout(state, left)
                .map(|(guard, _)| guard)
                .unwrap_or_else(|p| p.into_inner().0);
            continue;
        }
        let line = if let Some(line) = state.urgent.pop_front() {
            Some(line)
        } else if state.concurrent || state.busy.is_none() {
            state.queue.pop_front().map(|(id, line)| {
                state.busy = Some(id);
                line
            })
        } else {
            None
        };
        match line {
            Some(line) => {
                drop(state);
                if stdin
                    .write_all(line.as_bytes())
                    .and_then(|()| stdin.flush())
                    .is_err()
                {
                    return;
                }
                state = lock(shared);
            }
            None if state.closing => return,
            None => {
                state = changed.wait(state).unwrap_or_else(|p| p.into_inner());
            }
        }
    }
}

/// Reads the process's messages until it closes standard output.
fn read_loop(
    stdout: std::process::ChildStdout,
    launch: &Launch,
    shared: &Shared,
    child: &Mutex<Child>,
) {
    let mut reader = BufReader::new(stdout);
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        if let Err(reason) = handle(wire::parse(line), launch, shared) {
            let mut state = lock(shared);
            state.dead = true;
            let message = launch.redactor.text(&format!("protocol failure: {reason}"));
            state.fail_all(&ProviderError::new(ErrorKind::Protocol, message));
            drop(state);
            shared.1.notify_all();
            kill(child);
            return;
        }
    }
    // Standard output closed: the process exited (or is about to).
    let status = wait_or_kill(child, Instant::now() + Duration::from_millis(500));
    let mut state = lock(shared);
    state.dead = true;
    let code = status.map_or_else(|| "unknown".to_owned(), |code| code.to_string());
    let error = ProviderError {
        status: status.map(f64::from),
        ..ProviderError::new(
            ErrorKind::Unavailable,
            format!("process exited with status {code}"),
        )
    };
    state.fail_all(&error);
    drop(state);
    shared.1.notify_all();
}

/// Acts on one message; `Err` is a protocol failure.
fn handle(message: Incoming, launch: &Launch, shared: &Shared) -> Result<(), String> {
    let mut state = lock(shared);
    match message {
        Incoming::Garbage(reason) => return Err(reason),
        Incoming::Ready {
            protocol,
            concurrent,
        } => {
            if protocol.as_deref() != Some(wire::PROTOCOL) {
                let got = protocol.unwrap_or_else(|| "none".to_owned());
                return Err(format!("'ready' names protocol '{got}'"));
            }
            state.ready = true;
            state.concurrent = concurrent;
        }
        Incoming::Chunk { id, text } => {
            if let Some(poster) = state.pending.get(&id) {
                poster.chunk(&launch.redactor.text(&text));
            }
        }
        Incoming::Response { id, response } => {
            settle(&mut state, &id, Ok(*response));
        }
        Incoming::Error { id, error } => settle(&mut state, &id, Err(error)),
        Incoming::Log { level, message } => {
            let _ = launch
                .logs
                .send(LogLine::new(&level, launch.redactor.text(&message)));
        }
        Incoming::Unknown(kind) => {
            let message = format!("ignored a message of unknown type '{kind}'");
            let _ = launch.logs.send(LogLine::new("warn", message));
        }
    }
    drop(state);
    shared.1.notify_all();
    Ok(())
}

fn settle(state: &mut State, id: &str, outcome: Result<crate::agents::Response, ProviderError>) {
    if state.busy.as_deref() == Some(id) {
        state.busy = None;
    }
    if let Some(poster) = state.pending.remove(id) {
        poster.finish(outcome);
    }
}
