//! Secret redaction (runtime §13.3). The driver computes the **secret set** (values of key
//! variables, `*_API_KEY`/`_TOKEN`/`_SECRET`/`_PASSWORD` variables and `[trace] redact`, see
//! `prism_config::Environment::secrets`); everything written to a trace, a replay cassette, a
//! diagnostic, the CLI's JSON output or a provider log line goes through a [`Redactor`] first.
use serde_json::Value as Json;

/// What replaces a secret.
pub const REDACTED: &str = "[REDACTED]";

/// Object keys whose string values are always replaced (compared case-insensitively).
const SECRET_KEYS: &[&str] = &[
    "api_key",
    "apikey",
    "authorization",
    "x-api-key",
    "password",
    "secret",
    "token",
];

/// Strings shorter than this are never secrets (§13.3), so a short common word in the
/// environment cannot blank out ordinary text.
const MIN_SECRET_CHARS: usize = 8;

/// Replaces the secret set's strings.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Longest first, so a secret containing another is replaced whole.
    secrets: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    // The secrets themselves must not reach a log through `Debug`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Redactor {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.chars().count() >= MIN_SECRET_CHARS)
            .collect();
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        Redactor { secrets }
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// `text` with every occurrence of a secret replaced.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }

    /// Redacts a JSON value in place: every string (and object key) has its secrets
    /// replaced, and the string values of secret-named keys become `[REDACTED]`.
    pub fn json(&self, value: &mut Json) {
        match value {
            Json::String(text) => {
                let redacted = self.text(text);
                *text = redacted;
            }
            Json::Array(items) => items.iter_mut().for_each(|item| self.json(item)),
            Json::Object(map) => {
                let keys_leak = map.keys().any(|k| self.text(k) != *k);
                if keys_leak {
                    let entries = std::mem::take(map);
                    for (key, item) in entries {
                        map.insert(self.text(&key), item);
                    }
                }
                for (key, item) in map.iter_mut() {
                    let lower = key.to_ascii_lowercase();
                    if item.is_string() && SECRET_KEYS.contains(&lower.as_str()) {
                        *item = Json::String(REDACTED.to_owned());
                    } else {
                        self.json(item);
                    }
                }
            }
            Json::Null | Json::Bool(_) | Json::Number(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Redactor;

    #[test]
    fn secrets_and_secret_keys_are_replaced_everywhere() {
        let redactor = Redactor::new(["sk-test-12345678".to_owned(), "short".to_owned()]);
        let mut value = json!({
            "message": "bad key sk-test-12345678 (short)",
            "nested": [{ "Authorization": "Bearer abc", "token": 5 }],
            "sk-test-12345678": true,
        });
        redactor.json(&mut value);
        assert_eq!(
            value,
            json!({
                "message": "bad key [REDACTED] (short)",
                "nested": [{ "Authorization": "[REDACTED]", "token": 5 }],
                "[REDACTED]": true,
            })
        );
    }

    #[test]
    fn a_longer_secret_containing_a_shorter_one_is_replaced_whole() {
        let redactor = Redactor::new(["abcdefgh".to_owned(), "abcdefgh-ijkl".to_owned()]);
        assert_eq!(redactor.text("x abcdefgh-ijkl y"), "x [REDACTED] y");
        assert!(!format!("{redactor:?}").contains("abcdefgh"));
    }
}
