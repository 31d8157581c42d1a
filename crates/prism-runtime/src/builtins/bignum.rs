//! A small unsigned big integer, just enough for the exact number conversions of builtins §6:
//! `toFixed` on the exact binary value, `toString(radix)` of large integers, and radix
//! strings rounded once to binary64 (§6.3, `parseInt`).

/// Little-endian base-2^32 limbs, no trailing zero limbs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BigUint {
    limbs: Vec<u32>,
}

impl BigUint {
    pub fn from_u64(n: u64) -> BigUint {
        let mut big = BigUint {
            limbs: vec![n as u32, (n >> 32) as u32],
        };
        big.normalize();
        big
    }

    fn normalize(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    pub fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// `self × factor + addend`.
    pub fn mul_add_small(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.limbs {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
        self.normalize();
    }

    /// Divides in place by `divisor` (non-zero) and returns the remainder.
    pub fn div_rem_small(&mut self, divisor: u32) -> u32 {
        let divisor = u64::from(divisor.max(1));
        let mut remainder = 0u64;
        for limb in self.limbs.iter_mut().rev() {
            let current = (remainder << 32) | u64::from(*limb);
            *limb = (current / divisor) as u32;
            remainder = current % divisor;
        }
        self.normalize();
        remainder as u32
    }

    pub fn shl(&self, bits: usize) -> BigUint {
        let (words, shift) = (bits / 32, bits % 32);
        let mut limbs = vec![0u32; words];
        let mut carry = 0u32;
        for &limb in &self.limbs {
            if shift == 0 {
                limbs.push(limb);
            } else {
                limbs.push((limb << shift) | carry);
                carry = limb >> (32 - shift);
            }
        }
        if carry > 0 {
            limbs.push(carry);
        }
        let mut big = BigUint { limbs };
        big.normalize();
        big
    }

    pub fn shr(&self, bits: usize) -> BigUint {
        let (words, shift) = (bits / 32, bits % 32);
        let rest = self.limbs.get(words..).unwrap_or_default();
        let mut limbs = Vec::with_capacity(rest.len());
        for (i, &limb) in rest.iter().enumerate() {
            let high = rest.get(i + 1).copied().unwrap_or(0);
            limbs.push(if shift == 0 {
                limb
            } else {
                (limb >> shift) | (high << (32 - shift))
            });
        }
        let mut big = BigUint { limbs };
        big.normalize();
        big
    }

    /// Bit `index` (0 is the least significant).
    pub fn bit(&self, index: usize) -> bool {
        self.limbs
            .get(index / 32)
            .is_some_and(|limb| limb >> (index % 32) & 1 == 1)
    }

    pub fn bit_len(&self) -> usize {
        match self.limbs.last() {
            Some(top) => self.limbs.len() * 32 - top.leading_zeros() as usize,
            None => 0,
        }
    }

    /// Whether any of the bits below `index` is set.
    fn any_below(&self, index: usize) -> bool {
        (0..index.min(self.limbs.len() * 32)).any(|i| self.bit(i))
    }

    /// The digits in `radix` (2…36), lowercase letters above 9.
    pub fn to_string_radix(&self, radix: u32) -> String {
        if self.is_zero() {
            return "0".to_string();
        }
        let mut rest = self.clone();
        let mut digits = Vec::new();
        while !rest.is_zero() {
            let digit = rest.div_rem_small(radix);
            digits.push(char::from_digit(digit, radix).unwrap_or('0'));
        }
        digits.iter().rev().collect()
    }

    /// The nearest binary64 (ties to even), +Infinity when too large.
    pub fn to_f64(&self) -> f64 {
        let bits = self.bit_len();
        if bits <= 64 {
            return self.low_u64() as f64;
        }
        // Keep 64 bits and fold everything below into the last one (a sticky bit): converting
        // that to f64 rounds exactly as the full number would.
        let drop = bits - 64;
        let mut top = self.shr(drop).low_u64();
        if self.any_below(drop) {
            top |= 1;
        }
        let scale = i32::try_from(drop).unwrap_or(i32::MAX);
        top as f64 * 2f64.powi(scale)
    }

    fn low_u64(&self) -> u64 {
        let low = u64::from(self.limbs.first().copied().unwrap_or(0));
        let high = u64::from(self.limbs.get(1).copied().unwrap_or(0));
        low | (high << 32)
    }
}

/// A finite binary64 as `mantissa × 2^exponent` with an integer mantissa.
pub fn decompose(x: f64) -> (u64, i32) {
    let bits = x.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    }
}

/// A non-negative integral binary64 as a big integer.
pub fn from_integral_f64(x: f64) -> BigUint {
    let (mantissa, exponent) = decompose(x);
    let big = BigUint::from_u64(mantissa);
    if exponent >= 0 {
        big.shl(exponent as usize)
    } else {
        big.shr(exponent.unsigned_abs() as usize)
    }
}

/// The digits of the integer `n` closest to `x × 10^digits` for a finite `x ≥ 0`, the larger on
/// a tie, computed on the exact binary value (the rounding of `Number.toFixed`, §6.1).
pub fn scaled_round(x: f64, digits: u32) -> String {
    let (mantissa, exponent) = decompose(x);
    let mut n = BigUint::from_u64(mantissa);
    for _ in 0..digits {
        n.mul_add_small(10, 0);
    }
    let n = if exponent >= 0 {
        n.shl(exponent as usize)
    } else {
        let shift = exponent.unsigned_abs() as usize;
        let mut quotient = n.shr(shift);
        // The remainder is at least one half exactly when the bit below the point is set.
        if n.bit(shift - 1) {
            quotient.mul_add_small(1, 1);
        }
        quotient
    };
    n.to_string_radix(10)
}
