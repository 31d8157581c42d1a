//! The run's random generator (builtins §8): SplitMix64 seeds one xoshiro256** generator per
//! stream, so seeded runs agree across implementations.

/// The random streams of one run: 0 for `Math.random`, `shuffle`, `sample`; 1 for retry
/// jitter; 2 for the mock provider's failure injection.
#[derive(Clone, Debug)]
pub struct RandomStreams {
    streams: [[u64; 4]; 3],
}

impl RandomStreams {
    pub fn new(seed: u64) -> RandomStreams {
        let mut state = seed;
        let mut next_seed = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut r = state;
            r = (r ^ (r >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            r = (r ^ (r >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            r ^ (r >> 31)
        };
        let mut streams = [[0u64; 4]; 3];
        for stream in &mut streams {
            for word in stream.iter_mut() {
                *word = next_seed();
            }
        }
        RandomStreams { streams }
    }

    /// The next 64-bit output of stream `stream` (0, 1 or 2; larger numbers use stream 2).
    pub fn next_u64(&mut self, stream: usize) -> u64 {
        let last = self.streams.len() - 1;
        let s = &mut self.streams[stream.min(last)];
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A number in [0, 1): `(next ≫ 11) × 2^−53` (what `Math.random()` returns on stream 0).
    pub fn next_f64(&mut self, stream: usize) -> f64 {
        (self.next_u64(stream) >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
}
