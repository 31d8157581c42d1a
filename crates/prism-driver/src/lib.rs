//! Loads Prism files and modules, runs the phases and executes programs.
#![forbid(unsafe_code)]
