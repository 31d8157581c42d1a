//! Where the generator's choices come from: a seeded pseudo-random stream for tests, or the bytes
//! of a fuzzer input. Every choice is "pick one of `n`", and choice 0 is always the smallest
//! program (a literal, no more statements), so an exhausted byte input ends generation quickly.

/// A stream of choices.
pub trait Source {
    /// A number in `0..n` (`n >= 1`).
    fn below(&mut self, n: u32) -> u32;
}

/// SplitMix64 over a seed: reproducible from the seed alone, which the tests print on failure.
pub struct SeededSource {
    state: u64,
}

impl SeededSource {
    pub fn new(seed: u64) -> SeededSource {
        SeededSource { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Source for SeededSource {
    fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % u64::from(n.max(1))) as u32
    }
}

/// The bytes of a fuzzer input, one byte (two for large ranges) per choice; zeros once exhausted.
pub struct ByteSource<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> ByteSource<'a> {
    pub fn new(bytes: &'a [u8]) -> ByteSource<'a> {
        ByteSource { bytes, at: 0 }
    }

    fn byte(&mut self) -> u32 {
        let byte = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        u32::from(byte)
    }
}

impl Source for ByteSource<'_> {
    fn below(&mut self, n: u32) -> u32 {
        let n = n.max(1);
        let raw = if n > 256 {
            (self.byte() << 8) | self.byte()
        } else {
            self.byte()
        };
        raw % n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_choices_repeat_for_a_seed_and_stay_in_range() {
        let mut a = SeededSource::new(7);
        let mut b = SeededSource::new(7);
        for n in 1..200 {
            let x = a.below(n);
            assert_eq!(x, b.below(n));
            assert!(x < n);
        }
    }

    #[test]
    fn exhausted_bytes_choose_zero() {
        let mut source = ByteSource::new(&[5]);
        assert_eq!(source.below(3), 2);
        assert_eq!(source.below(3), 0);
        assert_eq!(source.below(1000), 0);
    }
}
