//! The Prism language server (cli §8): the Language Server Protocol 3.17 over standard input and
//! output, on top of the protocol-neutral editor features of `prism-ide`.
//!
//! * [`serve`] runs the server on any [`lsp_server::Connection`] (stdio for `prism lsp`, in-memory
//!   pairs for the tests); [`run_stdio`] is what the command calls.
//! * The main loop (`server`) owns the open documents and never analyses anything itself: every
//!   request runs on its own worker thread against a snapshot of the documents, so `$/cancelRequest`
//!   and requests about other documents are answered while a long check runs (no head-of-line
//!   blocking). A document version is analysed once (`document::Document::analysis`), shared by
//!   every request and by the diagnostics.
//! * Positions are converted at the edge (`convert`), in the negotiated encoding (utf-8 when the
//!   client offers it, otherwise utf-16).
//! * Diagnostics are exactly those of `prism check` (`diagnostics`); cross-file definition,
//!   references and rename follow imports into other files and the bundled `std/` modules
//!   (`workspace`, `navigation`).
//! * A panic inside a feature is caught and answered as an internal error; the server keeps
//!   running.
//!
//! The server never executes programs, never contacts providers and reads no secrets: it does not
//! depend on the runtime, the interpreter or the providers. Design notes: `docs/lsp.md`.
#![forbid(unsafe_code)]

mod capabilities;
mod convert;
mod diagnostics;
mod document;
mod features;
mod navigation;
mod server;
mod uri;
mod workspace;

pub use server::{serve, Options};

/// `prism lsp`: serves standard input and output until `exit`. Returns the exit code of cli §8:
/// 0 after `shutdown` and `exit`, 1 otherwise.
pub fn run_stdio(options: Options) -> u8 {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let code = serve(connection, options);
    // The reader stops after `exit`; the writer after the last sender is gone.
    let _ = io_threads.join();
    code
}
