//! Objects (language §4.6) and their hidden marks (§12.2).
use indexmap::IndexMap;
use smol_str::SmolStr;

use super::Value;

/// The map of an object's properties: insertion-ordered, hashed with foldhash (seeded per
/// process; the order never depends on the hash).
pub type PropertyMap = IndexMap<SmolStr, Value, foldhash::fast::RandomState>;

/// The data of an object (language §4.6): insertion-ordered keys, plus the hidden marks.
#[derive(Default)]
pub struct ObjectData {
    pub map: PropertyMap,
    /// The error mark of §12.2: the diagnostic code of the error that created the object
    /// (`R0700` for `Error(…)`). Copies never carry it.
    pub error_code: Option<&'static str>,
    /// Set on read-only objects (module namespaces, `pattern`): the `{what}` of R0207's
    /// "{what} is read-only".
    pub read_only: Option<SmolStr>,
}

impl ObjectData {
    pub fn new() -> ObjectData {
        ObjectData::default()
    }

    pub fn with_capacity(capacity: usize) -> ObjectData {
        ObjectData {
            map: PropertyMap::with_capacity_and_hasher(capacity, Default::default()),
            ..ObjectData::default()
        }
    }

    pub fn is_error(&self) -> bool {
        self.error_code.is_some()
    }

    /// The value under `key`, or `None` if there is no such key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// Inserts or replaces; an existing key keeps its position (§4.6).
    pub fn insert(&mut self, key: impl Into<SmolStr>, value: Value) {
        self.map.insert(key.into(), value);
    }
}
