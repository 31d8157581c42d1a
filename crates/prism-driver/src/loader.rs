//! File access behind a trait (STYLE rule 1). Placeholder: the CLI engineer fills it.
