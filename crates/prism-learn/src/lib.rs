//! The learning store of `std/learn` (issue #6): the outcomes of compositions, recorded under
//! a key, persisted in an embedded SQLite database so that later runs can pick the
//! configuration that worked best.
//!
//! Design (docs/stdlib.md, "std/learn"): SQLite stays out of `prism-runtime`; this crate holds
//! the [`store`] and the three natives of the module ([`natives`]), which the driver exposes
//! only inside the bundled `std/learn` module. The database path comes from `prism.toml`
//! (`[learn] path`, default `.prism/learn.db` in the project root); the driver calls
//! [`install`] with it before each run.
#![forbid(unsafe_code)]

pub mod natives;
pub mod store;

use std::cell::RefCell;
use std::path::PathBuf;

pub use store::{Outcome, Stats, Store};

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// Makes the database at `path` the learning store of the runs on this thread.
pub fn install(path: impl Into<PathBuf>) {
    STORE.with(|store| *store.borrow_mut() = Some(Store::new(path)));
}

/// The store of this thread's run (`.prism/learn.db` relative to the working directory when
/// the driver installed none).
pub fn current() -> Store {
    STORE.with(|store| {
        store
            .borrow()
            .clone()
            .unwrap_or_else(|| Store::new(".prism/learn.db"))
    })
}
