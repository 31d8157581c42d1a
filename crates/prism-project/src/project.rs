//! What checking takes from a project's `prism.toml` (runtime §2): the Parallax mode and where bare
//! module specifiers are looked up. `prism check` loads it as `prism run` does; the language
//! server loads it without secrets (cli §8: it never reads them), so no `.env` and no environment.

use std::path::Path;

use crate::check::{sort_diagnostics, CheckReport};
use crate::loader::FsLoader;
use crate::modules::ModuleRoots;

/// The settings of a project that change how its files are checked.
#[derive(Clone, Debug, Default)]
pub struct ProjectSettings {
    /// `[runtime] compat = "parallax"`.
    pub parallax: bool,
    pub roots: ModuleRoots,
}

/// Loads and validates the project's `prism.toml` (cli §5, runtime §2.6): the one given with
/// `--config`, else `PRISM_CONFIG`, else the first found from `start_dir` upwards. Its
/// diagnostics join the report, which stays sorted; its settings are returned for the check.
pub fn check_project_config(
    report: &mut CheckReport,
    files: &dyn prism_config::ProjectFiles,
    flag: Option<&Path>,
    start_dir: &Path,
    cwd: &Path,
    mut env: prism_config::Environment,
) -> ProjectSettings {
    let request = prism_config::LoadRequest {
        flag,
        start_dir,
        cwd,
        provider_types: &prism_config::BuiltinProviderTypes,
    };
    let mut project = prism_config::load_project(&request, &mut env, files, &mut report.files);
    if !project.diagnostics.is_empty() {
        report.diagnostics.append(&mut project.diagnostics);
        sort_diagnostics(&mut report.diagnostics, &report.files);
    }
    settings_of(&project)
}

/// The settings of the project a file in `start_dir` belongs to, for an editor: the absolute
/// `config` the server was started with (`prism lsp --config`), else the first `prism.toml` from
/// `start_dir` upwards, read without `.env` and without the environment. A file with errors gives
/// the defaults, as it does for `prism run`.
pub fn editor_project_settings(start_dir: &Path, config: Option<&Path>) -> ProjectSettings {
    let mut scratch = prism_span::SourceMap::new();
    settings_of(&load_for_editor(start_dir, start_dir, config, &mut scratch))
}

/// The diagnostics of the `config` an editor session is started with (relative to `cwd`, which
/// is how its path is shown), so that `prism lsp --config` can refuse a file it cannot read or
/// that has errors before the editor connects.
pub fn editor_config_report(config: &Path, cwd: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let mut project = load_for_editor(cwd, cwd, Some(config), &mut report.files);
    report.diagnostics.append(&mut project.diagnostics);
    sort_diagnostics(&mut report.diagnostics, &report.files);
    report
}

fn load_for_editor(
    start_dir: &Path,
    cwd: &Path,
    config: Option<&Path>,
    files: &mut prism_span::SourceMap,
) -> prism_config::LoadedProject {
    let mut no_environment = prism_config::Environment::default();
    let request = prism_config::LoadRequest {
        flag: config,
        start_dir,
        cwd,
        provider_types: &prism_config::BuiltinProviderTypes,
    };
    prism_config::load_project(&request, &mut no_environment, &WithoutDotenv, files)
}

fn settings_of(project: &prism_config::LoadedProject) -> ProjectSettings {
    ProjectSettings {
        parallax: project.config.runtime.compat == prism_config::Compat::Parallax,
        roots: ModuleRoots::of_project(&project.config, &project.discovered.project_root),
    }
}

/// The disk, where `.env` files do not exist: they hold secrets.
struct WithoutDotenv;

fn is_dotenv(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == ".env")
}

impl prism_config::ConfigFiles for WithoutDotenv {
    fn is_file(&self, path: &Path) -> bool {
        !is_dotenv(path) && prism_config::ConfigFiles::is_file(&FsLoader, path)
    }
}

impl prism_config::ProjectFiles for WithoutDotenv {
    fn read_to_string(&self, path: &Path) -> Result<String, String> {
        if is_dotenv(path) {
            return Err("not read: it may hold secrets".to_string());
        }
        prism_config::ProjectFiles::read_to_string(&FsLoader, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_reads_compat_and_module_paths_but_never_dotenv() {
        let dir = std::env::temp_dir().join(format!("prism-project-{}", std::process::id()));
        let nested = dir.join("src");
        std::fs::create_dir_all(&nested).expect("temp dir");
        std::fs::write(
            dir.join("prism.toml"),
            "[runtime]\ncompat = \"parallax\"\n[modules]\npaths = [\"lib\"]\n",
        )
        .expect("write");
        std::fs::write(dir.join(".env"), "SECRET=1\n").expect("write");
        assert!(!prism_config::ConfigFiles::is_file(
            &WithoutDotenv,
            &dir.join(".env")
        ));
        let settings = editor_project_settings(&nested, None);
        assert!(settings.parallax);
        assert_eq!(settings.roots.paths, [dir.join("lib")]);
        assert_eq!(settings.roots.project_root.as_deref(), Some(dir.as_path()));
        let _ = std::fs::remove_dir_all(&dir);
        // No `prism.toml` anywhere up from a fresh directory under /tmp: the defaults.
        let bare = editor_project_settings(Path::new("/"), None);
        assert!(!bare.parallax && bare.roots.paths.is_empty());
    }

    #[test]
    fn an_editor_started_with_a_config_uses_it_for_every_file() {
        let dir = std::env::temp_dir().join(format!("prism-editor-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let config = dir.join("elsewhere.toml");
        std::fs::write(&config, "[runtime]\ncompat = \"parallax\"\n").expect("write");
        assert!(editor_project_settings(Path::new("/"), Some(&config)).parallax);
        assert!(editor_config_report(&config, &dir).diagnostics.is_empty());

        let missing = editor_config_report(Path::new("missing.toml"), &dir);
        let codes: Vec<_> = missing.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0708"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
