//! The environment of a run (runtime §2.4): variables, `.env`, automatic providers and secrets.
//!
//! The core never reads the process environment: the CLI passes a snapshot as an [`Environment`],
//! and tests pass a literal map. Values may be API keys, so `Environment`'s `Debug` prints names
//! only, and no diagnostic of this crate ever contains a value (runtime §13.3).

use std::collections::BTreeMap;

use crate::model::Config;

/// A snapshot of environment variables.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Environment {
    vars: BTreeMap<String, String>,
}

impl std::fmt::Debug for Environment {
    // Names only: values may be secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Environment {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Environment {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

impl Environment {
    pub fn new() -> Environment {
        Environment::default()
    }

    /// The value of `name`; an empty value counts as set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.vars.insert(name.into(), value.into());
    }

    /// Adds the variables of a `.env` file (runtime §2.4). Variables already set are kept.
    pub fn merge_dotenv(&mut self, text: &str) {
        for (name, value) in parse_dotenv(text) {
            self.vars.entry(name).or_insert(value);
        }
    }

    /// The settings the runtime takes from the environment (runtime §2.4, cli §13).
    pub fn settings(&self) -> EnvSettings {
        let non_empty = |name: &str| self.get(name).filter(|v| !v.is_empty()).map(str::to_owned);
        EnvSettings {
            provider: non_empty("PRISM_PROVIDER"),
            config: non_empty("PRISM_CONFIG"),
            backend: non_empty("PRISM_BACKEND"),
            trace: non_empty("PRISM_TRACE"),
            no_color: non_empty("NO_COLOR").is_some(),
        }
    }

    /// The automatic providers of runtime §2.4: `openai`, `anthropic` and `gemini` exist with
    /// default settings when the file has no table of that name and the key variable is set.
    pub fn automatic_providers(&self, config: &Config) -> Vec<AutomaticProvider> {
        AUTOMATIC
            .iter()
            .filter(|auto| config.provider(auto.name).is_none())
            .filter_map(|auto| {
                let key_var = auto
                    .key_vars
                    .iter()
                    .copied()
                    .find(|var| self.get(var).is_some())?;
                Some(AutomaticProvider {
                    name: auto.name,
                    provider_type: auto.name,
                    api_key_env: key_var,
                    model: self.get(auto.model_var).map(str::to_owned),
                })
            })
            .collect()
    }

    /// The secret set of runtime §13.3: values of at least 8 characters of the variables named
    /// by a provider's `api_key_env`, the automatic providers' variables, and every variable whose
    /// name ends in `_API_KEY`, `_TOKEN`, `_SECRET` or `_PASSWORD`, plus `[trace] redact`.
    pub fn secrets(&self, config: &Config) -> Vec<String> {
        let mut names: Vec<&str> = AUTOMATIC
            .iter()
            .flat_map(|auto| auto.key_vars.iter().copied())
            .collect();
        for provider in &config.providers {
            if let crate::model::ProviderSettings::Http(http) = &provider.settings {
                names.extend(http.api_key_env.as_deref());
            }
        }
        let suffixes = ["_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD"];
        let mut secrets: Vec<String> = self
            .vars
            .iter()
            .filter(|(name, _)| {
                names.contains(&name.as_str()) || suffixes.iter().any(|s| name.ends_with(s))
            })
            .map(|(_, value)| value.clone())
            .chain(config.trace.redact.iter().cloned())
            .filter(|value| value.chars().count() >= 8)
            .collect();
        secrets.sort();
        secrets.dedup();
        secrets
    }
}

/// Environment variables the runtime reads directly (runtime §2.4, cli §13); empty means unset.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EnvSettings {
    pub provider: Option<String>,
    pub config: Option<String>,
    pub backend: Option<String>,
    pub trace: Option<String>,
    pub no_color: bool,
}

/// A provider that exists because its API key variable is set (runtime §2.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutomaticProvider {
    pub name: &'static str,
    pub provider_type: &'static str,
    /// The variable that holds the key (its *name*; the value stays in the environment).
    pub api_key_env: &'static str,
    /// From `OPENAI_MODEL` / `ANTHROPIC_MODEL` / `GEMINI_MODEL`; a call without any model is `R0901`.
    pub model: Option<String>,
}

struct Automatic {
    name: &'static str,
    key_vars: &'static [&'static str],
    model_var: &'static str,
}

const AUTOMATIC: &[Automatic] = &[
    Automatic {
        name: "openai",
        key_vars: &["OPENAI_API_KEY"],
        model_var: "OPENAI_MODEL",
    },
    Automatic {
        name: "anthropic",
        key_vars: &["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"],
        model_var: "ANTHROPIC_MODEL",
    },
    Automatic {
        name: "gemini",
        key_vars: &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
        model_var: "GEMINI_MODEL",
    },
];

/// Parses a `.env` file (runtime §2.4): each non-empty line not starting with `#` is
/// `[export ]KEY=VALUE`; one pair of surrounding single or double quotes is removed from the
/// value. Lines without `=` or with an empty key are skipped.
pub fn parse_dotenv(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map_or(line, str::trim_start);
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        pairs.push((key.to_owned(), unquote(value.trim()).to_owned()));
    }
    pairs
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_forms() {
        let text = "# comment\n\nexport A=1\nB = \"two words\"\nC='x'\nnot a pair\n=empty\n";
        let pairs = parse_dotenv(text);
        let expected = [("A", "1"), ("B", "two words"), ("C", "x")];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }

    #[test]
    fn dotenv_does_not_override() {
        let mut env: Environment = [("A", "outer")].into_iter().collect();
        env.merge_dotenv("A=inner\nB=new");
        assert_eq!(env.get("A"), Some("outer"));
        assert_eq!(env.get("B"), Some("new"));
    }

    #[test]
    fn debug_never_shows_values() {
        let env: Environment = [("OPENAI_API_KEY", "sk-very-secret-value")]
            .into_iter()
            .collect();
        let shown = format!("{env:?}");
        assert!(shown.contains("OPENAI_API_KEY") && !shown.contains("sk-very"));
    }

    #[test]
    fn automatic_providers_need_a_key_and_no_table() {
        let env: Environment = [("CLAUDE_API_KEY", "k"), ("ANTHROPIC_MODEL", "m")]
            .into_iter()
            .collect();
        let auto = env.automatic_providers(&Config::default());
        assert_eq!(auto.len(), 1);
        assert_eq!(
            (auto[0].name, auto[0].api_key_env),
            ("anthropic", "CLAUDE_API_KEY")
        );
        assert_eq!(auto[0].model.as_deref(), Some("m"));
    }

    #[test]
    fn secrets_follow_runtime_13_3() {
        let env: Environment = [
            ("OPENAI_API_KEY", "sk-12345678"),
            ("GITHUB_TOKEN", "ghp_abcdefgh"),
            ("SHORT_TOKEN", "abc"),
            ("HOME", "/home/someone"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            env.secrets(&Config::default()),
            ["ghp_abcdefgh", "sk-12345678"]
        );
    }
}
