//! Step 1 of the run lifecycle (runtime §1.2) in one call: discover `prism.toml` (§2.1), add the
//! project's `.env` to the environment (§2.4), read and validate the file (§2.2–§2.6) and make
//! its relative paths absolute. Files are read through [`ProjectFiles`], so this stays pure.

use std::path::{Path, PathBuf};

use prism_diagnostics::Diagnostic;
use prism_span::SourceMap;

use crate::discovery::{cannot_read, discover, ConfigFiles, Discovered};
use crate::env::Environment;
use crate::model::Config;
use crate::parse::{parse_config, ConfigContext, ProviderTypes};

/// File access for loading a project: existence (for discovery) and reading text.
pub trait ProjectFiles: ConfigFiles {
    /// The file's text, or a short description of why it cannot be read (for `E0708`).
    fn read_to_string(&self, path: &Path) -> Result<String, String>;
}

/// What [`load_project`] needs.
pub struct LoadRequest<'a> {
    /// `--config PATH`, if given.
    pub flag: Option<&'a Path>,
    /// The directory where the search starts: the main program's directory, or the current
    /// directory for the REPL, `-e` and `prism test` without paths (runtime §2.1).
    pub start_dir: &'a Path,
    /// The current directory: relative paths are relative to it, and `prism.toml` is displayed
    /// relative to it when inside it (cli §2.2).
    pub cwd: &'a Path,
    pub provider_types: &'a dyn ProviderTypes,
}

/// A loaded project configuration.
#[derive(Debug)]
pub struct LoadedProject {
    /// The configuration, paths resolved against the project root; the defaults when there is no
    /// file or when it has errors.
    pub config: Config,
    pub discovered: Discovered,
    /// `E07xx` and `W0701`, pointing into the `prism.toml` registered in the `SourceMap`.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedProject {
    /// Whether the run must stop with exit code 2 (runtime §1.2).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads the configuration of a run. `env` gains the variables of `.env` in the project root
/// (those already set are kept, runtime §2.4). `prism.toml` is added to `sources` so that its
/// diagnostics can be rendered.
pub fn load_project(
    request: &LoadRequest<'_>,
    env: &mut Environment,
    files: &dyn ProjectFiles,
    sources: &mut SourceMap,
) -> LoadedProject {
    let discovered = match discover(request.flag, env, request.start_dir, request.cwd, files) {
        Ok(discovered) => discovered,
        Err(error) => {
            let discovered = Discovered {
                path: None,
                origin: None,
                project_root: request.cwd.join(request.start_dir),
            };
            return LoadedProject {
                config: Config::default(),
                discovered,
                diagnostics: vec![*error],
            };
        }
    };
    let dotenv = discovered.project_root.join(".env");
    if files.is_file(&dotenv) {
        if let Ok(text) = files.read_to_string(&dotenv) {
            env.merge_dotenv(&text);
        }
    }
    let Some(path) = discovered.path.clone() else {
        return LoadedProject {
            config: Config::default(),
            discovered,
            diagnostics: Vec::new(),
        };
    };
    let text = match files.read_to_string(&path) {
        Ok(text) => text,
        Err(detail) => {
            let shown = PathBuf::from(display_path(&path, request.cwd));
            let diagnostics = vec![cannot_read(&shown, &detail)];
            return LoadedProject {
                config: Config::default(),
                discovered,
                diagnostics,
            };
        }
    };
    let file = sources.add(display_path(&path, request.cwd), text.as_str());
    let context = ConfigContext {
        env,
        provider_types: request.provider_types,
    };
    let parsed = parse_config(&text, file, &context);
    let mut config = if parsed.has_errors() {
        Config::default()
    } else {
        parsed.config
    };
    config.resolve_paths(&discovered.project_root);
    LoadedProject {
        config,
        discovered,
        diagnostics: parsed.diagnostics,
    }
}

/// A path as cli §2.2 shows it: relative to `cwd` when inside it, otherwise as given, always
/// with `/` separators.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let parts: Vec<String> = shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    if path.has_root() && !path.starts_with(cwd) {
        // `components` yields the root as "/", which `join` would double.
        joined.replacen("//", "/", 1)
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::parse::BuiltinProviderTypes;

    struct Memory(BTreeMap<PathBuf, String>);

    impl ConfigFiles for Memory {
        fn is_file(&self, path: &Path) -> bool {
            self.0.contains_key(path)
        }
    }

    impl ProjectFiles for Memory {
        fn read_to_string(&self, path: &Path) -> Result<String, String> {
            self.0
                .get(path)
                .cloned()
                .ok_or_else(|| "permission denied".to_owned())
        }
    }

    fn memory(files: &[(&str, &str)]) -> Memory {
        Memory(
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
                .collect(),
        )
    }

    fn request<'a>(start: &'a str) -> LoadRequest<'a> {
        LoadRequest {
            flag: None,
            start_dir: Path::new(start),
            cwd: Path::new("/w"),
            provider_types: &BuiltinProviderTypes,
        }
    }

    #[test]
    fn loads_config_and_dotenv_from_the_project_root() {
        let files = memory(&[
            (
                "/w/prism.toml",
                "[agents.a]\nprovider = \"openai\"\n[modules]\npaths = [\"lib\"]\n",
            ),
            ("/w/.env", "OPENAI_API_KEY=from-dotenv\n"),
        ]);
        let mut env = Environment::new();
        let mut sources = SourceMap::new();
        let loaded = load_project(&request("app"), &mut env, &files, &mut sources);
        // The automatic openai provider comes from `.env`, so the agent's provider resolves.
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        assert_eq!(env.get("OPENAI_API_KEY"), Some("from-dotenv"));
        assert_eq!(loaded.config.modules.paths, [PathBuf::from("/w/lib")]);
        assert_eq!(
            sources
                .iter()
                .map(|(_, f)| f.name.as_str())
                .collect::<Vec<_>>(),
            ["prism.toml"]
        );
    }

    #[test]
    fn errors_leave_defaults_and_point_into_the_file() {
        let files = memory(&[("/w/prism.toml", "[runtime]\nbackend = 1\n")]);
        let mut sources = SourceMap::new();
        let loaded = load_project(&request("."), &mut Environment::new(), &files, &mut sources);
        assert!(loaded.has_errors());
        // The default learning store is still placed under the project root.
        let mut expected = Config::default();
        expected.learn.path = "/w/./.prism/learn.db".into();
        assert_eq!(loaded.config, expected);
    }

    #[test]
    fn unreadable_file_is_e0708() {
        struct Unreadable;
        impl ConfigFiles for Unreadable {
            fn is_file(&self, path: &Path) -> bool {
                path == Path::new("/w/prism.toml")
            }
        }
        impl ProjectFiles for Unreadable {
            fn read_to_string(&self, _path: &Path) -> Result<String, String> {
                Err("permission denied".to_owned())
            }
        }
        let loaded = load_project(
            &request("."),
            &mut Environment::new(),
            &Unreadable,
            &mut SourceMap::new(),
        );
        assert_eq!(
            loaded.diagnostics[0].message,
            "cannot read 'prism.toml': permission denied"
        );
    }

    #[test]
    fn display_paths() {
        assert_eq!(
            display_path(Path::new("/w/a/b.toml"), Path::new("/w")),
            "a/b.toml"
        );
        assert_eq!(
            display_path(Path::new("/x/b.toml"), Path::new("/w")),
            "/x/b.toml"
        );
    }
}
