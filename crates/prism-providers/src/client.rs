//! The one background thread that performs every HTTP request of the process: a
//! single-threaded Tokio runtime with a shared `reqwest` client (connection pooling across
//! calls and runs). Requests are Tokio tasks, so cancelling an attempt aborts its task and
//! drops its connection at once — a blocking client on worker threads could only abandon it.
use std::sync::OnceLock;

use tokio::runtime::Handle;

/// The runtime's handle and the client, created on first use.
pub struct Background {
    pub handle: Handle,
    pub client: reqwest::Client,
}

static BACKGROUND: OnceLock<Result<Background, String>> = OnceLock::new();

/// The background runtime, started on first use; `Err` (with the reason) if it cannot start.
pub fn background() -> Result<&'static Background, String> {
    BACKGROUND.get_or_init(start).as_ref().map_err(Clone::clone)
}

fn start() -> Result<Background, String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("prism-http".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            let runtime = match runtime {
                Ok(runtime) => runtime,
                Err(error) => {
                    let _ = sender.send(Err(error.to_string()));
                    return;
                }
            };
            let client = runtime.block_on(async { reqwest::Client::builder().build() });
            let background = client
                .map(|client| Background {
                    handle: runtime.handle().clone(),
                    client,
                })
                .map_err(|error| error.to_string());
            let _ = sender.send(background);
            // The thread lives as long as the process; its tasks are the requests in flight.
            runtime.block_on(std::future::pending::<()>());
        })
        .map_err(|error| error.to_string())?;
    receiver
        .recv()
        .map_err(|_| "the HTTP thread stopped while starting".to_owned())?
}
