//! Per-call mode of the command provider (runtime §9.6, `per_call = true`): one process per
//! attempt, one `request` on its standard input (then closed), fragments and one answer on its
//! standard output. No `hello`/`ready`.
use std::io::{BufRead, BufReader, Write};
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::process::{wait_or_kill, Launch};
use super::wire::{self, Incoming};
use super::LogLine;
use crate::agents::inbox::Poster;
use crate::agents::provider::{ErrorKind, ProviderError};

/// Starts the process for one attempt; the outcome goes to `poster`. Returns the child, which
/// cancelling kills.
pub fn start(
    launch: &Launch,
    request_line: String,
    id: String,
    poster: Poster,
    shutdown_timeout_ms: u64,
) -> Result<Arc<Mutex<Child>>, (ProviderError, Poster)> {
    let mut child = match launch.spawn() {
        Ok(child) => child,
        Err(error) => return Err((error, poster)),
    };
    launch.copy_stderr(&mut child);
    if let Some(mut stdin) = child.stdin.take() {
        // Dropping stdin after the write closes it.
        std::thread::spawn(move || {
            let _ = stdin.write_all(request_line.as_bytes());
        });
    }
    let stdout = child.stdout.take();
    let child = Arc::new(Mutex::new(child));
    let launch = launch.clone();
    let watched = child.clone();
    std::thread::spawn(move || {
        let answered = stdout.and_then(|stdout| read_answer(stdout, &launch, &id, &poster));
        match answered {
            Some(outcome) => {
                poster.finish(outcome);
                let deadline = Instant::now() + Duration::from_millis(shutdown_timeout_ms);
                wait_or_kill(&watched, deadline);
            }
            None => {
                let deadline = Instant::now() + Duration::from_millis(500);
                let status = wait_or_kill(&watched, deadline);
                let code = status.map_or_else(|| "unknown".to_owned(), |c| c.to_string());
                let message = format!("process exited with status {code} without an answer");
                poster.finish(Err(ProviderError {
                    status: status.map(f64::from),
                    ..ProviderError::new(ErrorKind::Unavailable, message)
                }));
            }
        }
    });
    Ok(child)
}

/// Reads until the answer for `id`; `None` when standard output closes first.
fn read_answer(
    stdout: std::process::ChildStdout,
    launch: &Launch,
    id: &str,
    poster: &Poster,
) -> Option<crate::agents::Outcome> {
    let mut reader = BufReader::new(stdout);
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        match wire::parse(line) {
            Incoming::Garbage(reason) => {
                let message = launch.redactor.text(&format!("protocol failure: {reason}"));
                return Some(Err(ProviderError::new(ErrorKind::Protocol, message)));
            }
            Incoming::Chunk { id: of, text } if of == id => {
                poster.chunk(&launch.redactor.text(&text));
            }
            Incoming::Response { id: of, response } if of == id => return Some(Ok(*response)),
            Incoming::Error { id: of, error } if of == id => return Some(Err(error)),
            Incoming::Log { level, message } => {
                let _ = launch
                    .logs
                    .send(LogLine::new(&level, launch.redactor.text(&message)));
            }
            _ => {}
        }
    }
}
