//! The JSON form of the syntax tree (cli §11). Placeholder: the parser helper fills it.
