//! The codec under every file: the header frame, LEB128 varints, strings,
//! front coding and the checksum.
//!
//! ```text
//! header   magic "PSFT" | version u16 LE | kind u8 | flags u8 (0) |
//!          payload length u32 LE | FNV-1a 64 checksum of the payload u64 LE
//! varint   LEB128: 7 bits a byte, low first, high bit set on all but the last
//! string   varint byte length | UTF-8 bytes
//! front    varint count of bytes shared with the previous entry | string
//! ```

use super::{FormatError, FORMAT_VERSION};

/// The first bytes of every index file.
pub const MAGIC: [u8; 4] = *b"PSFT";
/// Header size in bytes.
pub const HEADER_LEN: usize = 20;

/// FNV-1a, 64 bits: enough to catch damage, small enough for the wasm.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Bytes `a` and `b` share at the start, on a character boundary of both.
pub fn shared_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&i| b.is_char_boundary(i)).unwrap_or(0)
}

/// A payload behind its header.
pub fn frame(kind: u8, payload: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[kind, 0]);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The kind and payload of a framed file, its header and checksum checked.
pub fn unframe(bytes: &[u8]) -> Result<(u8, &[u8]), FormatError> {
    if bytes.len() < 4 || bytes[..4] != MAGIC {
        return Err(FormatError::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(FormatError::Truncated);
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != FORMAT_VERSION {
        return Err(FormatError::UnsupportedVersion { found: version });
    }
    if bytes[7] != 0 {
        return Err(FormatError::Corrupt("unknown flags"));
    }
    let len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    let mut sum = [0u8; 8];
    sum.copy_from_slice(&bytes[12..20]);
    let payload = &bytes[HEADER_LEN..];
    if payload.len() < len {
        return Err(FormatError::Truncated);
    }
    if payload.len() > len {
        return Err(FormatError::Corrupt("trailing bytes after the payload"));
    }
    if checksum(payload) != u64::from_le_bytes(sum) {
        return Err(FormatError::ChecksumMismatch);
    }
    Ok((bytes[6], payload))
}

/// Appends varints, strings and front-coded strings.
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// An LEB128 varint.
    pub fn uint(&mut self, mut v: usize) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    /// A varint byte length, then the UTF-8 bytes.
    pub fn str(&mut self, s: &str) {
        self.uint(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    /// `s` as the number of bytes it shares with `prev`, then the rest.
    pub fn front_coded(&mut self, prev: &str, s: &str) {
        let shared = shared_prefix(prev, s);
        self.uint(shared);
        self.str(&s[shared..]);
    }
}

/// Reads what [`Writer`] wrote, checking every length against the bytes
/// left.
pub struct Reader<'a> {
    /// The bytes not read yet.
    pub bytes: &'a [u8],
}

impl Reader<'_> {
    /// One byte.
    pub fn byte(&mut self) -> Result<u8, FormatError> {
        let (&b, rest) = self.bytes.split_first().ok_or(FormatError::Truncated)?;
        self.bytes = rest;
        Ok(b)
    }

    /// An LEB128 varint.
    pub fn uint(&mut self) -> Result<usize, FormatError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return usize::try_from(v).map_err(|_| FormatError::Corrupt("integer too large"));
            }
        }
        Err(FormatError::Corrupt("varint too long"))
    }

    /// A varint that fits in 32 bits.
    pub fn u32(&mut self) -> Result<u32, FormatError> {
        u32::try_from(self.uint()?).map_err(|_| FormatError::Corrupt("integer too large"))
    }

    /// A count of items that take at least `min_bytes` each: checked against
    /// the bytes left, so a bad count cannot make us allocate wildly.
    pub fn len(&mut self, min_bytes: usize) -> Result<usize, FormatError> {
        let n = self.uint()?;
        if n.saturating_mul(min_bytes) > self.bytes.len() {
            return Err(FormatError::Corrupt("count larger than the data"));
        }
        Ok(n)
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&[u8], FormatError> {
        if n > self.bytes.len() {
            return Err(FormatError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    /// A string written by [`Writer::str`].
    pub fn string(&mut self) -> Result<String, FormatError> {
        let n = self.uint()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| FormatError::Corrupt("invalid UTF-8"))
    }

    /// A string written by [`Writer::front_coded`] after `prev`.
    pub fn front_coded(&mut self, prev: &str) -> Result<String, FormatError> {
        let shared = self.uint()?;
        if shared > prev.len() || !prev.is_char_boundary(shared) {
            return Err(FormatError::Corrupt("bad shared prefix"));
        }
        let mut s = String::with_capacity(shared + 8);
        s.push_str(&prev[..shared]);
        s.push_str(&self.string()?);
        Ok(s)
    }
}
