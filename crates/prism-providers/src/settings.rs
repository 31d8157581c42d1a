//! The settings of one HTTP provider (runtime §9.3–§9.5), resolved from its table and the
//! environment once, when the run's providers are built.
use prism_config::{Environment, HttpSettings};

/// The wire format a provider speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    /// OpenAI-compatible Chat Completions (§9.3).
    OpenAi,
    /// The Anthropic Messages API (§9.4).
    Anthropic,
    /// Google's Gemini `generateContent` (§9.5).
    Gemini,
}

impl Vendor {
    pub fn from_type(provider_type: &str) -> Option<Vendor> {
        match provider_type {
            "openai" => Some(Vendor::OpenAi),
            "anthropic" => Some(Vendor::Anthropic),
            "gemini" => Some(Vendor::Gemini),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::OpenAi => "openai",
            Vendor::Anthropic => "anthropic",
            Vendor::Gemini => "gemini",
        }
    }

    fn default_key_env(self) -> &'static str {
        match self {
            Vendor::OpenAi => "OPENAI_API_KEY",
            Vendor::Anthropic => "ANTHROPIC_API_KEY",
            Vendor::Gemini => "GEMINI_API_KEY",
        }
    }
}

/// A value that must never be shown: an API key or a header value (runtime §13.3). `Debug`
/// prints `[REDACTED]`, so no panic message or log line can leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// Everything a provider needs to reach its API.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub vendor: Vendor,
    /// Without a trailing `/`.
    pub base_url: String,
    /// The variable the key comes from (for messages; never its value).
    pub api_key_env: String,
    pub api_key: Option<Secret>,
    /// Extra headers (`headers`); their values may be credentials.
    pub headers: Vec<(String, Secret)>,
    pub model: Option<String>,
    pub anthropic_version: String,
    pub max_tokens: u64,
    pub api_version: String,
}

impl Endpoint {
    /// The endpoint of a table's settings, with the defaults of §9.3–§9.5. An empty key variable
    /// counts as unset.
    pub fn from_table(
        vendor: Vendor,
        model: Option<String>,
        settings: &HttpSettings,
        env: &Environment,
    ) -> Endpoint {
        let base_url = settings
            .base_url
            .clone()
            .or_else(|| match vendor {
                Vendor::OpenAi => env.get("OPENAI_BASE_URL").map(str::to_owned),
                _ => None,
            })
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| default_base_url(vendor).to_owned());
        let api_key_env = settings
            .api_key_env
            .clone()
            .unwrap_or_else(|| vendor.default_key_env().to_owned());
        let api_key = env
            .get(&api_key_env)
            .filter(|key| !key.is_empty())
            .map(Secret::new);
        Endpoint {
            vendor,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key_env,
            api_key,
            headers: settings
                .headers
                .0
                .iter()
                .map(|(name, value)| (name.clone(), Secret::new(value.clone())))
                .collect(),
            model,
            anthropic_version: settings
                .anthropic_version
                .clone()
                .unwrap_or_else(|| "2023-06-01".to_owned()),
            max_tokens: settings.max_tokens.unwrap_or(1024),
            api_version: settings
                .api_version
                .clone()
                .unwrap_or_else(|| "v1beta".to_owned()),
        }
    }

    /// The strings that must never appear in a message: the key and the header values of at
    /// least 8 characters (runtime §13.3).
    pub fn secrets(&self) -> Vec<String> {
        self.api_key
            .iter()
            .chain(self.headers.iter().map(|(_, value)| value))
            .map(|secret| secret.expose().to_owned())
            .filter(|value| value.chars().count() >= 8)
            .collect()
    }
}

fn default_base_url(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::OpenAi => "https://api.openai.com/v1",
        Vendor::Anthropic => "https://api.anthropic.com",
        Vendor::Gemini => "https://generativelanguage.googleapis.com",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_spec() {
        let env: Environment = [("OPENAI_BASE_URL", "http://127.0.0.1:9/v1/")]
            .into_iter()
            .collect();
        let openai = Endpoint::from_table(Vendor::OpenAi, None, &HttpSettings::default(), &env);
        assert_eq!(openai.base_url, "http://127.0.0.1:9/v1");
        assert_eq!(openai.api_key_env, "OPENAI_API_KEY");
        assert!(openai.api_key.is_none());
        let gemini = Endpoint::from_table(Vendor::Gemini, None, &HttpSettings::default(), &env);
        assert_eq!(gemini.base_url, "https://generativelanguage.googleapis.com");
        assert_eq!(gemini.api_version, "v1beta");
        let claude = Endpoint::from_table(Vendor::Anthropic, None, &HttpSettings::default(), &env);
        assert_eq!(
            (claude.max_tokens, claude.anthropic_version.as_str()),
            (1024, "2023-06-01")
        );
    }

    #[test]
    fn the_key_comes_from_the_named_variable_and_never_shows() {
        let env: Environment = [("MY_KEY", "sk-test-0123456789")].into_iter().collect();
        let settings = HttpSettings {
            api_key_env: Some("MY_KEY".to_owned()),
            ..HttpSettings::default()
        };
        let endpoint = Endpoint::from_table(Vendor::OpenAi, None, &settings, &env);
        assert_eq!(
            endpoint.api_key.as_ref().map(Secret::expose),
            Some("sk-test-0123456789")
        );
        assert!(!format!("{endpoint:?}").contains("sk-test"));
        assert_eq!(endpoint.secrets(), ["sk-test-0123456789"]);
    }
}
