//! ECMAScript `Number.prototype.toString` for finite doubles (ECMA-262 Number::toString,
//! radix 10), as RFC 8785 section 3.2.2.3 requires.

use std::fmt::{self, Write as _};

/// A fixed buffer for the shortest round-trip digits (at most 17 digits, a point, an
/// exponent of at most 4 characters: `d.dddddddddddddddde-324`).
struct Digits {
    buf: [u8; 32],
    len: usize,
}

impl fmt::Write for Digits {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Appends `value` as ECMAScript writes it (`1e+21`, `0.000001`, `1e-7`, `-0` as `0`).
///
/// `value` must be finite; NaN and infinities are written `NaN`, `Infinity`, `-Infinity`
/// as ECMAScript does, which is not JSON: callers reject them first.
pub fn write_number(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("NaN");
        return;
    }
    if value == 0.0 {
        out.push('0');
        return;
    }
    let mut value = value;
    if value < 0.0 {
        out.push('-');
        value = -value;
    }
    if value.is_infinite() {
        out.push_str("Infinity");
        return;
    }
    // Rust's `{:e}` prints the shortest digits that round-trip: `d[.ddd]e[-]x`.
    let mut text = Digits {
        buf: [0; 32],
        len: 0,
    };
    if write!(text, "{value:e}").is_err() {
        // Cannot happen for a finite f64 (at most 24 bytes); fall back to Display.
        let _ = write!(out, "{value}");
        return;
    }
    let text = &text.buf[..text.len];
    let e_at = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
    let (mantissa, exponent) = text.split_at(e_at);
    let exponent: i32 = std::str::from_utf8(exponent.get(1..).unwrap_or(b"0"))
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let mut digits = [0u8; 24];
    let mut k = 0usize;
    for &b in mantissa {
        if b.is_ascii_digit() {
            digits[k] = b;
            k += 1;
        }
    }
    let digits = &mut digits[..k];
    // ECMA-262 breaks a tie between two equally near shortest digit strings towards the
    // even one; Rust's shortest formatting may pick the odd one.
    break_tie_to_even(value, digits, exponent + 1);
    let digits = &*digits;
    // ECMA-262: value = s × 10^(n−k) with s the k digits; here n = exponent + 1.
    let n = exponent + 1;
    let k = k as i32;
    let push_digits = |out: &mut String, d: &[u8]| {
        for &b in d {
            out.push(char::from(b));
        }
    };
    if k <= n && n <= 21 {
        push_digits(out, digits);
        for _ in 0..(n - k) {
            out.push('0');
        }
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        push_digits(out, int);
        out.push('.');
        push_digits(out, frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        for _ in 0..(-n) {
            out.push('0');
        }
        push_digits(out, digits);
    } else {
        push_digits(out, &digits[..1]);
        if k > 1 {
            out.push('.');
            push_digits(out, &digits[1..]);
        }
        out.push('e');
        let e = n - 1;
        out.push(if e < 0 { '-' } else { '+' });
        let _ = write!(out, "{}", e.unsigned_abs());
    }
}

/// If the exact value of `value` lies halfway between `digits` (whose last digit is odd) and
/// a neighbour one unit away in the last place, replaces `digits` by that even neighbour.
/// `n` is ECMA-262's exponent: `value ≈ 0.digits × 10^n`.
fn break_tie_to_even(value: f64, digits: &mut [u8], n: i32) {
    let Some(&last) = digits.last() else {
        return;
    };
    if (last - b'0').is_multiple_of(2) || digits.len() > 17 {
        return;
    }
    let mut d: u64 = 0;
    for &b in digits.iter() {
        d = d * 10 + u64::from(b - b'0');
    }
    // The midpoints have k + 1 digits; their last digit has weight 10^j.
    let j = n - digits.len() as i32 - 1;
    for (mid, neighbour) in [(d * 10 - 5, d - 1), (d * 10 + 5, d + 1)] {
        if neighbour == 0 || !equals_decimal(value, u128::from(mid), j) {
            continue;
        }
        let text = neighbour.to_string();
        if text.len() != digits.len() {
            continue;
        }
        // The neighbour must also denote `value` when read back.
        let check = format!("{text}e{}", n - digits.len() as i32);
        if check.parse::<f64>().ok() == Some(value) {
            digits.copy_from_slice(text.as_bytes());
            return;
        }
    }
}

/// True when the positive finite `value` equals exactly `c × 10^j` for an odd `c`.
fn equals_decimal(value: f64, c: u128, j: i32) -> bool {
    let bits = value.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mantissa, exp2) = if exp_bits == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), exp_bits - 1075)
    };
    if mantissa == 0 {
        return false;
    }
    let zeros = mantissa.trailing_zeros();
    let odd = u128::from(mantissa >> zeros);
    let exp2 = exp2 + zeros as i32;
    // odd × 2^exp2 = c × 2^j × 5^j with odd and c odd: the powers of two must match.
    if exp2 != j {
        return false;
    }
    let power = j.unsigned_abs();
    let Some(five) = 5u128.checked_pow(power) else {
        return false;
    };
    if j >= 0 {
        c.checked_mul(five) == Some(odd)
    } else {
        odd.checked_mul(five) == Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(value: f64) -> String {
        let mut out = String::new();
        write_number(&mut out, value);
        out
    }

    fn bits(hex: u64) -> String {
        es(f64::from_bits(hex))
    }

    #[test]
    fn rfc8785_appendix_b_samples() {
        assert_eq!(bits(0x0000000000000000), "0");
        assert_eq!(bits(0x8000000000000000), "0");
        assert_eq!(bits(0x0000000000000001), "5e-324");
        assert_eq!(bits(0x8000000000000001), "-5e-324");
        assert_eq!(bits(0x7fefffffffffffff), "1.7976931348623157e+308");
        assert_eq!(bits(0xffefffffffffffff), "-1.7976931348623157e+308");
        assert_eq!(bits(0x4340000000000000), "9007199254740992");
        assert_eq!(bits(0xc340000000000000), "-9007199254740992");
        assert_eq!(bits(0x4430000000000000), "295147905179352830000");
        assert_eq!(bits(0x44b52d02c7e14af5), "9.999999999999997e+22");
        assert_eq!(bits(0x44b52d02c7e14af6), "1e+23");
        assert_eq!(bits(0x44b52d02c7e14af7), "1.0000000000000001e+23");
        assert_eq!(bits(0x444b1ae4d6e2ef4e), "999999999999999700000");
        assert_eq!(bits(0x444b1ae4d6e2ef4f), "999999999999999900000");
        assert_eq!(bits(0x444b1ae4d6e2ef50), "1e+21");
        assert_eq!(bits(0x3eb0c6f7a0b5ed8c), "9.999999999999997e-7");
        assert_eq!(bits(0x3eb0c6f7a0b5ed8d), "0.000001");
        assert_eq!(bits(0x41b3de4355555553), "333333333.3333332");
        assert_eq!(bits(0x41b3de4355555554), "333333333.33333325");
        assert_eq!(bits(0x41b3de4355555555), "333333333.3333333");
        assert_eq!(bits(0x41b3de4355555556), "333333333.3333334");
        assert_eq!(bits(0x41b3de4355555557), "333333333.33333343");
        assert_eq!(bits(0xbecbf647612f3696), "-0.0000033333333333333333");
        assert_eq!(bits(0x43143ff3c1cb0959), "1424953923781206.2");
    }

    #[test]
    fn readme_samples_and_forms() {
        assert_eq!(bits(0x4340000000000001), "9007199254740994");
        assert_eq!(bits(0x4340000000000002), "9007199254740996");
        assert_eq!(es(1.5), "1.5");
        assert_eq!(es(-123.0), "-123");
        assert_eq!(es(1e-7), "1e-7");
        assert_eq!(es(1.25e-7), "1.25e-7");
        assert_eq!(es(123e20), "1.23e+22");
        assert_eq!(es(1e21), "1e+21");
        assert_eq!(es(1e20), "100000000000000000000");
        assert_eq!(es(f64::NAN), "NaN");
        assert_eq!(es(f64::NEG_INFINITY), "-Infinity");
    }
}
