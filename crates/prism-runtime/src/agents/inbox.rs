//! Completions from providers that do real I/O (runtime §8.4, language §14.1): such a provider
//! runs its request on a background thread with a [`Poster`], which sends fragments and the
//! outcome over a channel; the run thread's [`Inbox`] — the scheduler's
//! [`ExternalEvents`] source — receives them while no task can run and hands them to the
//! attempt's [`Delivery`], waking the waiting task.
//!
//! The driver installs it with `scheduler.set_external(agents::external_events())`.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::provider::{Delivery, Outcome};
use crate::tasks::{ExternalEvents, Scheduler};

/// What a background thread sends for one attempt.
enum Posted {
    Chunk(u64, String),
    Done(u64, Box<Outcome>),
}

/// The sending end for one attempt; `Send`, so it can move to the thread doing the I/O.
pub struct Poster {
    attempt: u64,
    sender: Sender<Posted>,
}

impl Poster {
    /// The attempt number the inbox knows this poster by (for [`Inbox::forget`]).
    pub fn attempt(&self) -> u64 {
        self.attempt
    }

    /// A streamed fragment. Sending fails only when the run has ended; then nobody listens.
    pub fn chunk(&self, text: &str) {
        let _ = self
            .sender
            .send(Posted::Chunk(self.attempt, text.to_owned()));
    }

    /// The attempt's outcome; consumes the poster (exactly one outcome per attempt, §8.4).
    pub fn finish(self, outcome: Outcome) {
        let _ = self
            .sender
            .send(Posted::Done(self.attempt, Box::new(outcome)));
    }
}

/// The receiving end, owned by the run thread.
pub struct Inbox {
    sender: Sender<Posted>,
    receiver: Receiver<Posted>,
    waiting: RefCell<HashMap<u64, Delivery>>,
    next: Cell<u64>,
}

impl Default for Inbox {
    fn default() -> Inbox {
        let (sender, receiver) = channel();
        Inbox {
            sender,
            receiver,
            waiting: RefCell::default(),
            next: Cell::new(0),
        }
    }
}

impl Inbox {
    /// Registers an attempt's delivery and returns the poster for its background thread.
    pub fn register(&self, delivery: Delivery) -> Poster {
        let attempt = self.next.get() + 1;
        self.next.set(attempt);
        self.waiting.borrow_mut().insert(attempt, delivery);
        Poster {
            attempt,
            sender: self.sender.clone(),
        }
    }

    /// Forgets a cancelled attempt: whatever its thread still sends is dropped (§8.4).
    pub fn forget(&self, poster_attempt: u64) {
        self.waiting.borrow_mut().remove(&poster_attempt);
    }

    fn deliver(&self, scheduler: &Scheduler, posted: Posted) {
        match posted {
            Posted::Chunk(attempt, text) => {
                let delivery = self.waiting.borrow().get(&attempt).cloned();
                if let Some(delivery) = delivery {
                    delivery.chunk(Some(scheduler), &text);
                }
            }
            Posted::Done(attempt, outcome) => {
                let delivery = self.waiting.borrow_mut().remove(&attempt);
                if let Some(delivery) = delivery {
                    delivery.finish(Some(scheduler), *outcome);
                }
            }
        }
    }
}

/// The [`ExternalEvents`] source over the run's inbox.
pub struct InboxEvents(pub Rc<Inbox>);

impl ExternalEvents for InboxEvents {
    fn pending(&self) -> bool {
        !self.0.waiting.borrow().is_empty()
    }

    fn wait(&mut self, scheduler: &Scheduler, until_ms: Option<f64>) {
        let first = match until_ms {
            Some(until) => {
                let left = (until - scheduler.elapsed_ms()).max(0.0);
                match self
                    .0
                    .receiver
                    .recv_timeout(Duration::from_millis(left as u64))
                {
                    Ok(posted) => posted,
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
                }
            }
            None => match self.0.receiver.recv() {
                Ok(posted) => posted,
                Err(_) => return,
            },
        };
        self.0.deliver(scheduler, first);
        while let Ok(posted) = self.0.receiver.try_recv() {
            self.0.deliver(scheduler, posted);
        }
    }
}
