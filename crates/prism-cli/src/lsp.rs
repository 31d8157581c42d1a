//! `prism lsp` (cli §8): the language server on standard input and output.

use prism_diagnostics::{render, Diagnostic};
use prism_driver::check::editor_config_report;

use crate::args::{Common, UsageError};
use crate::output::{stderr, stderr_color};
use crate::EXIT_COMPILE;

/// Serves until `exit`. A `--config` file (cli §2.1) is made absolute, so that every document
/// finds it whatever its own directory, and is read once before serving: a file that
/// cannot be read or has errors is reported like any configuration error (exit 2) instead of
/// being silently replaced by the defaults in every document.
pub fn lsp(common: &Common) -> Result<u8, UsageError> {
    let cwd = std::env::current_dir().map_err(|error| {
        let message = format!("cannot read the current directory: {error}");
        UsageError::new(Some("lsp"), message)
    })?;
    let config = common.config.as_ref().map(|path| cwd.join(path));
    if let Some(given) = &common.config {
        let report = editor_config_report(given, &cwd);
        if report.diagnostics.iter().any(Diagnostic::is_error) {
            let color = stderr_color(common.color);
            let text: String = report
                .diagnostics
                .iter()
                .map(|diagnostic| render(diagnostic, &report.files, color))
                .collect();
            stderr(&text);
            return Ok(EXIT_COMPILE);
        }
    }
    let options = prism_lsp::Options {
        config,
        ..prism_lsp::Options::default()
    };
    Ok(prism_lsp::run_stdio(options))
}
