//! Shared by the differential tests: running one program under a backend and describing
//! everything observable about the run, so that two runs can be compared line by line.

pub mod cases;
pub mod observe;
