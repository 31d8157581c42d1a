//! [`HttpProvider`]: the provider contract of runtime §8 over the wire formats of §9.3–§9.5.
use std::rc::Rc;
use std::sync::mpsc;
use std::time::Duration;

use prism_runtime::agents::inbox::Inbox;
use prism_runtime::agents::{
    Capabilities, Delivery, ErrorKind, InFlight, Outcome, Provider, ProviderError, Request,
    StartContext,
};
use prism_runtime::tasks::Scheduler;
use tokio::task::AbortHandle;

use crate::client::background;
use crate::settings::{Endpoint, Vendor};
use crate::transport::{run, Job, Post};
use crate::wire;

/// An `openai`, `anthropic` or `gemini` provider.
pub struct HttpProvider {
    endpoint: Endpoint,
}

impl HttpProvider {
    pub fn new(endpoint: Endpoint) -> HttpProvider {
        HttpProvider { endpoint }
    }

    fn job(&self, request: &Request) -> Job {
        let model = request
            .model
            .clone()
            .or_else(|| self.endpoint.model.clone())
            .unwrap_or_default();
        Job {
            vendor: self.endpoint.vendor,
            call: wire::of(self.endpoint.vendor).call(&self.endpoint, request, &model),
            stream: request.stream,
            timeout: None,
            secrets: self.endpoint.secrets(),
        }
    }
}

impl Provider for HttpProvider {
    fn provider_type(&self) -> &str {
        self.endpoint.vendor.as_str()
    }

    fn capabilities(&self) -> Capabilities {
        let vendor = self.endpoint.vendor;
        // Anthropic has no JSON mode (the provider asks by instruction) and no
        // log-probabilities (runtime §9.4).
        let native_json = vendor != Vendor::Anthropic;
        Capabilities {
            tasks: false,
            json: native_json,
            json_schema: native_json,
            logprobs: native_json,
            streaming: true,
            virtual_clock: false,
        }
    }

    fn default_model(&self) -> Option<String> {
        self.endpoint.model.clone()
    }

    fn start(
        &self,
        request: &Request,
        cx: &mut StartContext<'_>,
        delivery: Delivery,
    ) -> Box<dyn InFlight> {
        if self.endpoint.api_key.is_none() && self.endpoint.vendor != Vendor::OpenAi {
            // Only OpenAI-compatible local servers work without a key (runtime §9.3).
            let message = format!("no API key: set {}", self.endpoint.api_key_env);
            delivery.finish(
                cx.scheduler,
                Err(ProviderError::new(ErrorKind::Auth, message)),
            );
            return Box::new(Settled);
        }
        let background = match background() {
            Ok(background) => background,
            Err(reason) => {
                let message = format!("the HTTP client cannot start: {reason}");
                let error = ProviderError::new(ErrorKind::Unavailable, message);
                delivery.finish(cx.scheduler, Err(error));
                return Box::new(Settled);
            }
        };
        let mut job = self.job(request);
        let client = background.client.clone();
        if cx.scheduler.is_none() {
            // No scheduler to wait on: the outcome must be there when `start` returns.
            job.timeout = request
                .timeout_ms
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis);
            let (sender, receiver) = mpsc::channel();
            let task = background.handle.spawn(run(client, job, Channel(sender)));
            deliver_from(&receiver, &delivery);
            task.abort();
            return Box::new(Settled);
        }
        let inbox = prism_runtime::agents::current().inbox.clone();
        let poster = inbox.register(delivery);
        let attempt = poster.attempt();
        let task = background.handle.spawn(run(client, job, poster));
        Box::new(Running {
            task: task.abort_handle(),
            inbox,
            attempt,
        })
    }
}

/// An attempt whose outcome is already delivered.
struct Settled;

impl InFlight for Settled {
    fn cancel(&self, _: Option<&Scheduler>) {}
}

/// An attempt running on the background runtime.
struct Running {
    task: AbortHandle,
    inbox: Rc<Inbox>,
    attempt: u64,
}

impl InFlight for Running {
    /// Aborts the request's task, which drops its connection (runtime §7.3), and forgets the
    /// attempt so that nothing more is delivered for it (§8.4).
    fn cancel(&self, _: Option<&Scheduler>) {
        self.task.abort();
        self.inbox.forget(self.attempt);
    }
}

impl Drop for Running {
    /// An attempt abandoned without a cancel (the run ended) must not keep its connection.
    fn drop(&mut self) {
        self.cancel(None);
    }
}

enum Message {
    Chunk(String),
    Done(Box<Outcome>),
}

/// The sending end used when the run has no scheduler.
struct Channel(mpsc::Sender<Message>);

impl Post for Channel {
    fn chunk(&self, text: &str) {
        let _ = self.0.send(Message::Chunk(text.to_owned()));
    }

    fn finish(self, outcome: Outcome) {
        let _ = self.0.send(Message::Done(Box::new(outcome)));
    }
}

/// Blocks until the attempt's outcome arrives, delivering fragments on the way.
fn deliver_from(receiver: &mpsc::Receiver<Message>, delivery: &Delivery) {
    loop {
        match receiver.recv() {
            Ok(Message::Chunk(text)) => delivery.chunk(None, &text),
            Ok(Message::Done(outcome)) => return delivery.finish(None, *outcome),
            Err(_) => {
                let error = ProviderError::new(ErrorKind::Other, "the request was dropped");
                return delivery.finish(None, Err(error));
            }
        }
    }
}
