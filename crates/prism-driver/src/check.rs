//! `prism check`: the compile phases over files (cli §5). Placeholder: the CLI engineer fills it.
