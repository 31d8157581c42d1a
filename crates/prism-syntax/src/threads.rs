//! How many threads the front end spreads one large file over.
//!
//! Lexing and parsing are pure functions of the text, so a large file can be cut into chunks that
//! are processed at the same time and joined (`lexer/split.rs`, `parser/split.rs`). Small files,
//! which are nearly all files, stay on one thread: starting a thread costs tens of microseconds.

use std::num::NonZeroUsize;
use std::sync::OnceLock;

/// At most this many chunks, however many cores the machine has: beyond a few, joining the
/// results and the threads' start-up cost more than they save.
const MAX_CHUNKS: usize = 8;

/// The number of chunks for `amount` units of work, each at least `min_chunk` units; 1 means
/// "do not split".
pub(crate) fn chunk_count(amount: usize, min_chunk: usize) -> usize {
    let by_size = amount / min_chunk.max(1);
    by_size.min(cores()).clamp(1, MAX_CHUNKS)
}

/// The cores this process may use, asked once (the answer costs a few system calls).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map(NonZeroUsize::get)
            .unwrap_or(1)
    })
}

/// Cut points that divide `0..len` into `chunks` nearly equal parts: `len * k / chunks` for
/// `k` in `1..chunks`, for the caller to move to a place where a cut is allowed.
pub(crate) fn even_cuts(len: usize, chunks: usize) -> impl Iterator<Item = usize> {
    (1..chunks).map(move |k| len / chunks * k + (len % chunks) * k / chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_amounts_are_not_split() {
        assert_eq!(chunk_count(10, 100), 1);
        assert_eq!(chunk_count(0, 0), 1);
    }

    #[test]
    fn chunks_never_exceed_the_cores_or_the_cap() {
        let chunks = chunk_count(usize::MAX / 2, 1);
        assert!(chunks >= 1 && chunks <= cores().min(MAX_CHUNKS));
    }

    #[test]
    fn even_cuts_divide_the_range() {
        assert_eq!(even_cuts(10, 2).collect::<Vec<_>>(), vec![5]);
        assert_eq!(even_cuts(10, 3).collect::<Vec<_>>(), vec![3, 6]);
        assert_eq!(even_cuts(7, 1).count(), 0);
    }
}
