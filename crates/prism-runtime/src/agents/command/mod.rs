//! The `command` provider (runtime §9.6): an external program speaking the `prism.command/1`
//! JSON-lines protocol on its standard input and output, so any CLI agent plugs in without
//! recompiling. It accepts tasks natively.
//!
//! The process I/O runs on background threads ([`process`], [`per_call`]); completions reach
//! the run thread through the agent runtime's inbox (an `ExternalEvents` source), so a call
//! never blocks other tasks. Cancelling an attempt (runtime §7.3, or its timeout) writes a
//! `cancel` message in long-lived mode and kills the process in per-call mode.
//!
//! Decisions where §9.6 is silent: standard-error lines are `log` events of level `info`; a
//! cancelled request no longer counts as in flight, so a process that ignores `cancel` cannot
//! hold back the next request of a non-concurrent process; log events reach the trace when the
//! run thread next hears from the provider (an answer, a fragment, a new request, the end of
//! the run), in the order they were produced.
mod per_call;
mod process;
pub mod wire;

use std::cell::{Cell, RefCell};
use std::process::Child;
use std::rc::Rc;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};

use prism_config::CommandSettings;

use self::process::{lock, Launch, Process, Shared};
use super::delivery::Relayed;
use super::inbox::Inbox;
use super::provider::{
    Capabilities, Delivery, ErrorKind, InFlight, Provider, ProviderError, Request, StartContext,
};
use crate::tasks::Scheduler;
use crate::trace;

/// A log line from the process, on its way to the trace.
pub struct LogLine {
    level: String,
    message: String,
}

impl LogLine {
    fn new(level: &str, message: String) -> LogLine {
        LogLine {
            level: level.to_owned(),
            message,
        }
    }
}

/// The command provider of one `[providers.NAME]` table.
pub struct CommandProvider {
    name: String,
    model: Option<String>,
    settings: CommandSettings,
    process: RefCell<Option<Process>>,
    /// Processes started so far (the first start is not a restart).
    starts: Cell<u64>,
    logs: Rc<Logs>,
}

/// The receiving end of the processes' log lines.
struct Logs {
    source: String,
    sender: std::sync::mpsc::Sender<LogLine>,
    receiver: Receiver<LogLine>,
}

impl Logs {
    /// Writes the lines received so far as `log` events.
    fn drain(&self) {
        while let Ok(line) = self.receiver.try_recv() {
            trace::events::log(&self.source, &line.level, &line.message);
        }
    }
}

impl CommandProvider {
    pub fn new(name: &str, model: Option<&str>, settings: &CommandSettings) -> CommandProvider {
        let (sender, receiver) = channel();
        CommandProvider {
            name: name.to_owned(),
            model: model.map(str::to_owned),
            settings: settings.clone(),
            process: RefCell::new(None),
            starts: Cell::new(0),
            logs: Rc::new(Logs {
                source: name.to_owned(),
                sender,
                receiver,
            }),
        }
    }

    fn launch(&self) -> Launch {
        Launch {
            name: self.name.clone(),
            program: self.settings.command.clone(),
            cwd: self.settings.cwd.clone(),
            env: self.settings.env.0.clone(),
            run_id: super::runtime::current().run_id.clone(),
            redactor: trace::redactor(),
            logs: self.logs.sender.clone(),
        }
    }

    /// Counts a process start; `Err` once the restarts are used up (`max_restarts`).
    fn count_start(&self) -> Result<(), ProviderError> {
        let starts = self.starts.get();
        if starts > self.settings.max_restarts {
            let message = format!(
                "the process of '{}' was restarted {} times; no more restarts in this run",
                self.name, self.settings.max_restarts
            );
            return Err(ProviderError::new(ErrorKind::Unavailable, message));
        }
        self.starts.set(starts + 1);
        Ok(())
    }

    /// The live long-lived process, started (or restarted) as needed.
    fn live_process(&self) -> Result<Shared, ProviderError> {
        let mut slot = self.process.borrow_mut();
        if let Some(process) = slot.as_ref().filter(|p| !p.is_dead()) {
            return Ok(process.shared.clone());
        }
        self.count_start()?;
        let process = Process::start(&self.launch(), self.settings.startup_timeout_ms)?;
        let shared = process.shared.clone();
        *slot = Some(process);
        Ok(shared)
    }

    /// A delivery that writes pending log lines before passing each event on.
    fn logging(&self, delivery: &Delivery) -> Delivery {
        let outer = delivery.clone();
        let logs = self.logs.clone();
        Delivery::relay(move |event, scheduler| {
            logs.drain();
            match event {
                Relayed::Chunk(text) => outer.chunk(scheduler, text),
                Relayed::Finish(outcome) => outer.finish(scheduler, outcome),
            }
        })
    }
}

fn failed(delivery: &Delivery, error: ProviderError) -> Box<dyn InFlight> {
    delivery.finish(None, Err(error));
    Box::new(Nothing)
}

struct Nothing;

impl InFlight for Nothing {
    fn cancel(&self, _: Option<&Scheduler>) {}
}

impl Provider for CommandProvider {
    fn provider_type(&self) -> &str {
        "command"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            tasks: true,
            json: true,
            json_schema: true,
            logprobs: true,
            streaming: true,
            virtual_clock: false,
        }
    }

    fn default_model(&self) -> Option<String> {
        Some(self.model.clone().unwrap_or_else(|| self.name.clone()))
    }

    fn start(
        &self,
        request: &Request,
        _: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        self.logs.drain();
        let inbox = super::runtime::current().inbox.clone();
        let line = wire::request(request);
        if self.settings.per_call {
            if let Err(error) = self.count_start_per_call() {
                return failed(&delivery, error);
            }
            let poster = inbox.register(self.logging(&delivery));
            let attempt = poster.attempt();
            let timeout = self.settings.shutdown_timeout_ms;
            return match per_call::start(&self.launch(), line, request.id.clone(), poster, timeout)
            {
                Ok(child) => Box::new(PerCallAttempt {
                    child,
                    inbox,
                    attempt,
                    delivery,
                }),
                Err((error, poster)) => {
                    poster.finish(Err(error));
                    Box::new(Nothing)
                }
            };
        }
        let shared = match self.live_process() {
            Ok(shared) => shared,
            Err(error) => return failed(&delivery, error),
        };
        let poster = inbox.register(self.logging(&delivery));
        let attempt = poster.attempt();
        {
            let mut state = lock(&shared);
            if state.dead {
                drop(state);
                let error = ProviderError::new(ErrorKind::Unavailable, "the process exited");
                poster.finish(Err(error));
            } else {
                state.pending.insert(request.id.clone(), poster);
                state.queue.push_back((request.id.clone(), line));
            }
        }
        shared.1.notify_all();
        Box::new(LongLivedAttempt {
            id: request.id.clone(),
            shared,
            inbox,
            attempt,
            delivery,
        })
    }
}

impl CommandProvider {
    /// Per-call processes are not restarts (§9.6 limits restarts of a long-lived process).
    fn count_start_per_call(&self) -> Result<(), ProviderError> {
        if self.settings.command.is_empty() {
            return Err(ProviderError::new(ErrorKind::Unavailable, "empty command"));
        }
        Ok(())
    }
}

impl Drop for CommandProvider {
    /// The end of the run (§9.6 step 6).
    fn drop(&mut self) {
        if let Some(process) = self.process.borrow_mut().take() {
            if !process.is_dead() {
                process.shut_down(self.settings.shutdown_timeout_ms);
            }
        }
        self.logs.drain();
    }
}

struct LongLivedAttempt {
    id: String,
    shared: Shared,
    inbox: Rc<Inbox>,
    attempt: u64,
    delivery: Delivery,
}

impl InFlight for LongLivedAttempt {
    fn cancel(&self, _: Option<&Scheduler>) {
        self.inbox.forget(self.attempt);
        self.delivery.close();
        let mut state = lock(&self.shared);
        let queued = state.queue.iter().position(|(id, _)| *id == self.id);
        match queued {
            // Never written: it is enough to take it back.
            Some(index) => {
                state.queue.remove(index);
            }
            None if state.pending.contains_key(&self.id) => {
                state.urgent.push_back(wire::cancel(&self.id));
                if state.busy.as_deref() == Some(self.id.as_str()) {
                    state.busy = None;
                }
            }
            None => {}
        }
        state.pending.remove(&self.id);
        drop(state);
        self.shared.1.notify_all();
    }
}

struct PerCallAttempt {
    child: Arc<Mutex<Child>>,
    inbox: Rc<Inbox>,
    attempt: u64,
    delivery: Delivery,
}

impl InFlight for PerCallAttempt {
    fn cancel(&self, _: Option<&Scheduler>) {
        self.inbox.forget(self.attempt);
        self.delivery.close();
        let mut child = self.child.lock().unwrap_or_else(|p| p.into_inner());
        let _ = child.kill();
    }
}
