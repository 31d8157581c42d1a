//! The hash tables of the checker. Their keys are node addresses, binding ids, offsets and the
//! identifiers of one file: SipHash's protection against hash flooding buys nothing here and cost
//! a fifth of a check. foldhash with a fixed seed is much cheaper and keeps iteration order the
//! same from one run to the next.

use std::collections::{HashMap, HashSet};

pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
pub(crate) type FastSet<K> = HashSet<K, foldhash::fast::FixedState>;
