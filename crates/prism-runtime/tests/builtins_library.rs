//! Tests of the builtin library (builtins §4–§12, §14, §15), calling builtins directly through a
//! small [`Machine`](prism_runtime::Machine) whose callbacks are builtins.
#[path = "builtins_library/arrays.rs"]
mod arrays;
#[path = "builtins_library/collections.rs"]
mod collections;
#[path = "builtins_library/confidence.rs"]
mod confidence;
#[path = "builtins_library/errors.rs"]
mod errors;
#[path = "builtins_library/json.rs"]
mod json;
#[path = "builtins_library/machine.rs"]
mod machine;
#[path = "builtins_library/numbers.rs"]
mod numbers;
#[path = "builtins_library/objects.rs"]
mod objects;
#[path = "builtins_library/properties.rs"]
mod properties;
#[path = "builtins_library/robustness.rs"]
mod robustness;
#[path = "builtins_library/strings.rs"]
mod strings;
