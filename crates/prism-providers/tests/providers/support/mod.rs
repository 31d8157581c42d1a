//! A small HTTP/1.1 server on 127.0.0.1 for the provider tests: each connection is answered by
//! a scripted [`Reply`], and every request is recorded. One thread per connection; every wait is
//! bounded, so a test never hangs on the server.
#![allow(dead_code)]

pub mod direct;
pub mod programs;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How the server answers one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response with a body.
    Body {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// `text/event-stream`: each event's text is written as is (including its blank line),
    /// `gap` apart; then the connection closes.
    Events { events: Vec<String>, gap: Duration },
    /// Reads the request, then closes the connection without answering.
    Reset,
    /// Reads the request and never answers; waits until the client hangs up (at most
    /// `limit`).
    Silent { limit: Duration },
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Body {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_owned(),
        }
    }

    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Body {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.to_owned(), value.to_owned()));
                Reply::Body {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }

    /// SSE events from their `data:` payloads (and optional `event:` names).
    pub fn sse(events: &[(Option<&str>, &str)], gap: Duration) -> Reply {
        let events = events
            .iter()
            .map(|(name, data)| match name {
                Some(name) => format!("event: {name}\ndata: {data}\n\n"),
                None => format!("data: {data}\n\n"),
            })
            .collect();
        Reply::Events { events, gap }
    }
}

/// One received request.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    replies: Vec<Reply>,
    requests: Vec<Recorded>,
    /// How long after its start each `Events` or `Silent` reply saw the client hang up.
    hangups: Vec<Duration>,
}

/// The server; it stops accepting when dropped (its threads end on their own).
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Server {
    /// Answers the n-th request with `replies[n]` (the last one repeats).
    pub fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State {
            replies,
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let shared = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &shared));
            }
        });
        Server { addr, state }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state
            .lock()
            .map(|s| s.requests.clone())
            .unwrap_or_default()
    }

    /// Waits (up to two seconds) until `n` hang-ups were seen; returns them.
    pub fn hangups(&self, n: usize) -> Vec<Duration> {
        let until = Instant::now() + Duration::from_secs(2);
        loop {
            let seen = self
                .state
                .lock()
                .map(|s| s.hangups.clone())
                .unwrap_or_default();
            if seen.len() >= n || Instant::now() > until {
                return seen;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

fn serve(mut stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let reply = {
        let Ok(mut state) = state.lock() else { return };
        let n = state.requests.len();
        state.requests.push(request);
        let last = state.replies.len().saturating_sub(1);
        state.replies.get(n.min(last)).cloned()
    };
    let started = Instant::now();
    match reply {
        Some(Reply::Body {
            status,
            headers,
            body,
        }) => {
            let mut head = format!("HTTP/1.1 {status} Scripted\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!(
                "content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            ));
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
        Some(Reply::Events { events, gap }) => {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
            let mut ok = stream.write_all(head.as_bytes()).is_ok();
            for event in events {
                if !ok {
                    break;
                }
                thread::sleep(gap);
                ok = stream
                    .write_all(event.as_bytes())
                    .and_then(|()| stream.flush())
                    .is_ok()
                    && !peer_closed(&mut stream);
            }
            if !ok {
                record_hangup(state, started);
            }
        }
        Some(Reply::Reset) | None => {}
        Some(Reply::Silent { limit }) => {
            let _ = stream.set_read_timeout(Some(Duration::from_millis(5)));
            while started.elapsed() < limit {
                if peer_closed(&mut stream) {
                    record_hangup(state, started);
                    return;
                }
            }
        }
    }
}

fn record_hangup(state: &Mutex<State>, started: Instant) {
    if let Ok(mut state) = state.lock() {
        state.hangups.push(started.elapsed());
    }
}

/// Whether the client closed its end (a read returns end of file or an error other than the
/// short read timeout).
fn peer_closed(stream: &mut TcpStream) -> bool {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(5)));
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => !matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = find(&data, b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some(Recorded {
        path,
        headers,
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
