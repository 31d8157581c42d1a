//! Unit tests of the agent runtime.
