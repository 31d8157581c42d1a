//! HTTP and transport failures as the error kinds of runtime §8.3 (mapping of §9.3, shared by
//! §9.4 and §9.5), and the redaction of secrets from every message (§13.3).
use prism_runtime::agents::{ErrorKind, ProviderError};
use reqwest::header::HeaderMap;
use serde_json::Value as Json;

use crate::settings::Vendor;

/// The error for a response with a failure status. `body` is the response text (possibly
/// empty or not JSON).
pub fn from_status(vendor: Vendor, status: u16, headers: &HeaderMap, body: &str) -> ProviderError {
    let json: Option<Json> = serde_json::from_str(body).ok();
    let detail = json.as_ref().and_then(|json| json.get("error"));
    let code = detail
        .and_then(|error| error.get("code").or_else(|| error.get("type")))
        .and_then(Json::as_str)
        .unwrap_or("");
    let kind = match status {
        // A refusal reported as a failed request (decision: OpenAI-compatible servers use these
        // codes for moderation, which §8.3 calls `content_filter`).
        400 if matches!(code, "content_filter" | "content_policy_violation") => {
            ErrorKind::ContentFilter
        }
        400 | 422 => ErrorKind::BadRequest,
        413 if vendor == Vendor::Anthropic => ErrorKind::BadRequest,
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        408 => ErrorKind::Timeout,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Other,
    };
    let message = detail
        .and_then(|error| error.get("message"))
        .and_then(Json::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| status_line(status));
    ProviderError {
        kind,
        message,
        status: Some(f64::from(status)),
        retry_after_ms: retry_after_ms(headers),
    }
}

/// `HTTP 429 Too Many Requests`.
fn status_line(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason());
    match reason {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

/// The wait the server asked for: `retry-after-ms` (milliseconds), else `retry-after`
/// (seconds; the HTTP-date form is not honoured).
pub fn retry_after_ms(headers: &HeaderMap) -> Option<u64> {
    let number = |name: &str| {
        headers
            .get(name)?
            .to_str()
            .ok()?
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    let ms = number("retry-after-ms").or_else(|| number("retry-after").map(|s| s * 1000.0))?;
    Some(ms.ceil() as u64)
}

/// A failure below HTTP: `timeout` for a timed-out request, `network` for everything else
/// (refused, reset, closed mid-body).
pub fn from_transport(error: &reqwest::Error) -> ProviderError {
    if error.is_timeout() {
        return ProviderError::new(ErrorKind::Timeout, "the request timed out");
    }
    // The source chain says what happened (connection refused, reset by peer, …).
    let mut message = String::from("connection failed");
    let mut source: Option<&dyn std::error::Error> = Some(error);
    let mut last = String::new();
    while let Some(cause) = source {
        last = cause.to_string();
        source = cause.source();
    }
    if !last.is_empty() {
        message.push_str(": ");
        message.push_str(&last);
    }
    ProviderError::new(ErrorKind::Network, message)
}

/// An answer that is not what the vendor's format promises.
pub fn protocol(message: impl Into<String>) -> ProviderError {
    ProviderError::new(ErrorKind::Protocol, message)
}

/// Replaces every occurrence of each secret in `error`'s message with `[REDACTED]`.
pub fn redact(mut error: ProviderError, secrets: &[String]) -> ProviderError {
    for secret in secrets {
        if error.message.contains(secret.as_str()) {
            error.message = error.message.replace(secret.as_str(), "[REDACTED]");
        }
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn statuses_map_to_the_kinds_of_section_9_3() {
        let none = HeaderMap::new();
        let kind = |status| from_status(Vendor::OpenAi, status, &none, "").kind;
        assert_eq!(kind(400), ErrorKind::BadRequest);
        assert_eq!(kind(422), ErrorKind::BadRequest);
        assert_eq!(kind(401), ErrorKind::Auth);
        assert_eq!(kind(403), ErrorKind::Auth);
        assert_eq!(kind(404), ErrorKind::NotFound);
        assert_eq!(kind(408), ErrorKind::Timeout);
        assert_eq!(kind(429), ErrorKind::RateLimited);
        assert_eq!(kind(500), ErrorKind::Server);
        assert_eq!(kind(503), ErrorKind::Server);
        assert_eq!(kind(413), ErrorKind::Other);
        let claude = |status| from_status(Vendor::Anthropic, status, &none, "").kind;
        assert_eq!(claude(413), ErrorKind::BadRequest);
        assert_eq!(claude(529), ErrorKind::Server);
    }

    #[test]
    fn the_message_is_the_body_error_else_the_status_line() {
        let none = HeaderMap::new();
        let body = r#"{"error":{"message":"model overloaded","type":"server_error"}}"#;
        assert_eq!(
            from_status(Vendor::OpenAi, 503, &none, body).message,
            "model overloaded"
        );
        let error = from_status(Vendor::OpenAi, 429, &none, "<html>");
        assert_eq!(error.message, "HTTP 429 Too Many Requests");
        assert_eq!(error.status, Some(429.0));
        let body = r#"{"error":{"message":"flagged","code":"content_filter"}}"#;
        let error = from_status(Vendor::OpenAi, 400, &none, body);
        assert_eq!(error.kind, ErrorKind::ContentFilter);
    }

    #[test]
    fn retry_after_prefers_milliseconds() {
        assert_eq!(
            retry_after_ms(&headers(&[("retry-after", "2")])),
            Some(2000)
        );
        assert_eq!(
            retry_after_ms(&headers(&[("retry-after", "0.5")])),
            Some(500)
        );
        let both = headers(&[("retry-after", "2"), ("retry-after-ms", "150")]);
        assert_eq!(retry_after_ms(&both), Some(150));
        let date = headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]);
        assert_eq!(retry_after_ms(&date), None);
    }

    #[test]
    fn redaction_hides_every_secret() {
        let error = ProviderError::new(
            ErrorKind::Auth,
            "Incorrect API key provided: sk-abcdefgh1234",
        );
        let shown = redact(error, &["sk-abcdefgh1234".to_owned()]);
        assert_eq!(shown.message, "Incorrect API key provided: [REDACTED]");
    }
}
