//! Name resolution, static types and checks of Prism programs (language §9, §15).
#![forbid(unsafe_code)]
