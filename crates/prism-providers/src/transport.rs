//! One attempt on the wire, on the background runtime: send, map the status, then read either
//! the whole JSON body or the event stream, handing fragments to a [`Post`] as they arrive.
use std::time::Duration;

use prism_runtime::agents::{ErrorKind, Outcome, ProviderError, Response};
use serde_json::Value as Json;

use crate::errors::{from_status, from_transport, protocol};
use crate::settings::Vendor;
use crate::sse::Decoder;
use crate::wire::{self, HttpCall, StreamState};

/// Where an attempt's fragments and outcome go (the run's inbox, or a local channel when the
/// run has no scheduler).
pub trait Post: Send + 'static {
    fn chunk(&self, text: &str);
    fn finish(self, outcome: Outcome);
}

impl Post for prism_runtime::agents::inbox::Poster {
    fn chunk(&self, text: &str) {
        prism_runtime::agents::inbox::Poster::chunk(self, text);
    }

    fn finish(self, outcome: Outcome) {
        prism_runtime::agents::inbox::Poster::finish(self, outcome);
    }
}

/// Everything one attempt needs on the background thread.
pub struct Job {
    pub vendor: Vendor,
    pub call: HttpCall,
    pub stream: bool,
    /// A client-side limit, used only when the run has no scheduler to time the attempt.
    pub timeout: Option<Duration>,
    /// Strings redacted from every message (runtime §13.3).
    pub secrets: Vec<String>,
}

/// Performs the attempt and posts its outcome, with secrets redacted from any error message.
pub async fn run(client: reqwest::Client, job: Job, post: impl Post) {
    let outcome = perform(&client, &job, &post).await;
    let secrets = job.secrets;
    post.finish(outcome.map_err(|error| crate::errors::redact(error, &secrets)));
}

async fn perform(client: &reqwest::Client, job: &Job, post: &impl Post) -> Outcome {
    let body = serde_json::to_vec(&job.call.body).unwrap_or_default();
    let mut builder = client
        .post(&job.call.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body);
    for (name, value) in &job.call.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if job.stream {
        builder = builder.header("accept", "text/event-stream");
    }
    if let Some(timeout) = job.timeout {
        builder = builder.timeout(timeout);
    }
    let response = builder.send().await.map_err(|e| from_transport(&e))?;
    let status = response.status().as_u16();
    if !response.status().is_success() {
        let headers = response.headers().clone();
        // The body only improves the message; a failure to read it keeps the status.
        let body = response.text().await.unwrap_or_default();
        return Err(from_status(job.vendor, status, &headers, &body));
    }
    let is_event_stream = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    let wire = wire::of(job.vendor);
    if job.stream && is_event_stream {
        return read_stream(response, wire.stream(), post).await;
    }
    let bytes = response.bytes().await.map_err(|e| from_transport(&e))?;
    let body: Json = serde_json::from_slice(&bytes)
        .map_err(|error| protocol(format!("the response body is not valid JSON: {error}")))?;
    let response = wire.response(&body)?;
    if job.stream && !response.content.is_empty() {
        // A server that ignored `stream: true`: its answer is one fragment (runtime §6.6).
        post.chunk(&response.content);
    }
    Ok(response)
}

async fn read_stream(
    mut response: reqwest::Response,
    mut state: Box<dyn StreamState>,
    post: &impl Post,
) -> Result<Response, ProviderError> {
    let mut decoder = Decoder::new();
    loop {
        let chunk = response.chunk().await.map_err(|e| from_transport(&e))?;
        let events = match &chunk {
            Some(bytes) => decoder.feed(bytes),
            None => decoder.finish().into_iter().collect(),
        };
        for event in &events {
            for fragment in state.event(event)? {
                post.chunk(&fragment);
            }
            if state.ended() {
                return state.response();
            }
        }
        if chunk.is_none() {
            break;
        }
    }
    if state.complete() {
        return state.response();
    }
    Err(ProviderError::new(
        ErrorKind::Network,
        "the stream ended before the response was complete",
    ))
}
