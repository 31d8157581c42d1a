//! The HTTP providers against real HTTP servers on 127.0.0.1 speaking each vendor's wire
//! format, JSON and server-sent events, through the fault matrix of issue 5: unit-level (one
//! attempt through the provider) and end to end (Prism programs run by the driver).
mod support;

mod anthropic;
mod gemini;
mod openai;
mod runs;
mod streams;
