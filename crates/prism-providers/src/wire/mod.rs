//! The three wire formats (runtime §9.3–§9.5): how a [`Request`] becomes an HTTP request, and
//! how the vendor's JSON body or event stream becomes a [`Response`].
mod anthropic;
mod gemini;
mod openai;

use prism_runtime::agents::{ProviderError, Request, Response};
use serde_json::{Map, Value as Json};

use crate::settings::{Endpoint, Vendor};
use crate::sse::Event;

/// One HTTP request, ready to send: always a `POST` with a JSON body. No `Debug`: the headers
/// hold credentials.
#[derive(Clone)]
pub struct HttpCall {
    pub url: String,
    /// Header values may be credentials: they are sent, never shown.
    pub headers: Vec<(String, String)>,
    pub body: Json,
}

/// A vendor's wire format.
pub trait Wire: Sync {
    /// The HTTP request for one attempt; `stream` asks for server-sent events.
    fn call(&self, endpoint: &Endpoint, request: &Request, model: &str) -> HttpCall;

    /// The response of a whole (non-streamed) JSON body.
    fn response(&self, body: &Json) -> Result<Response, ProviderError>;

    /// A fresh decoder for one streamed response.
    fn stream(&self) -> Box<dyn StreamState>;
}

/// The state of one streamed response.
pub trait StreamState: Send {
    /// One event: the text fragments it carries, or the error it reports.
    fn event(&mut self, event: &Event) -> Result<Vec<String>, ProviderError>;

    /// Whether the event that ends the stream has arrived.
    fn ended(&self) -> bool;

    /// Whether the stream said enough to be a whole response even without its end marker
    /// (a finish reason arrived).
    fn complete(&self) -> bool;

    /// The response assembled from the events.
    fn response(&mut self) -> Result<Response, ProviderError>;
}

/// The wire format of `vendor`.
pub fn of(vendor: Vendor) -> &'static dyn Wire {
    match vendor {
        Vendor::OpenAi => &openai::OpenAi,
        Vendor::Anthropic => &anthropic::Anthropic,
        Vendor::Gemini => &gemini::Gemini,
    }
}

/// Parses one event's data as JSON (a body that is not JSON is a `protocol` error).
fn event_json(event: &Event) -> Result<Json, ProviderError> {
    serde_json::from_str(&event.data).map_err(|error| {
        crate::errors::protocol(format!("a streamed event is not valid JSON: {error}"))
    })
}

/// The credential and extra headers every vendor sends.
fn headers(endpoint: &Endpoint, key_header: Option<(&str, String)>) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some((name, value)) = key_header {
        headers.push((name.to_owned(), value));
    }
    for (name, value) in &endpoint.headers {
        headers.push((name.clone(), value.expose().to_owned()));
    }
    headers
}

/// Inserts `key: value` when `value` is set.
fn put<T: Into<Json>>(body: &mut Map<String, Json>, key: &str, value: Option<T>) {
    if let Some(value) = value {
        body.insert(key.to_owned(), value.into());
    }
}

fn text_at<'a>(json: &'a Json, key: &str) -> Option<&'a str> {
    json.get(key).and_then(Json::as_str)
}
