//! Varints and front-coded sorted string tables: the artifact's encoding.

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A cursor over the artifact; every read is checked, so a damaged artifact
/// gives an error, never a panic.
pub struct Cursor<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

#[derive(Debug)]
pub struct Truncated;

impl<'a> Cursor<'a> {
    pub fn new(buf: &'a [u8]) -> Cursor<'a> {
        Cursor { buf, pos: 0 }
    }
    pub fn varint(&mut self) -> Result<u64, Truncated> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.buf.get(self.pos).ok_or(Truncated)?;
            self.pos += 1;
            if shift > 63 {
                return Err(Truncated);
            }
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    pub fn usize(&mut self) -> Result<usize, Truncated> {
        usize::try_from(self.varint()?).map_err(|_| Truncated)
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        let end = self.pos.checked_add(n).ok_or(Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(Truncated)?;
        self.pos = end;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8, Truncated> {
        Ok(self.bytes(1)?[0])
    }
}

/// Sorted strings, each with a posting list of `u32`s.
#[derive(Default, Debug)]
pub struct Table {
    blob: String,
    /// `offs[i]..offs[i+1]` is key `i` in `blob`.
    offs: Vec<u32>,
    /// `post_offs[i]..post_offs[i+1]` is key `i`'s postings.
    post_offs: Vec<u32>,
    post: Vec<u32>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.offs.len().saturating_sub(1)
    }
    pub fn key(&self, i: usize) -> &str {
        &self.blob[self.offs[i] as usize..self.offs[i + 1] as usize]
    }
    pub fn postings(&self, i: usize) -> &[u32] {
        &self.post[self.post_offs[i] as usize..self.post_offs[i + 1] as usize]
    }
    /// Encode sorted `(key, postings)` pairs: front-coded keys, delta-coded
    /// sorted postings.
    pub fn encode(items: &[(String, Vec<u32>)], out: &mut Vec<u8>) {
        put_varint(out, items.len() as u64);
        let mut prev: &str = "";
        for (k, p) in items {
            let shared = prev
                .bytes()
                .zip(k.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            // Keep the split on a char boundary.
            let mut shared = shared;
            while !k.is_char_boundary(shared) {
                shared -= 1;
            }
            put_varint(out, shared as u64);
            put_varint(out, (k.len() - shared) as u64);
            out.extend_from_slice(&k.as_bytes()[shared..]);
            put_varint(out, p.len() as u64);
            let mut last = 0u32;
            for &v in p {
                put_varint(out, u64::from(v - last));
                last = v;
            }
            prev = k;
        }
    }

    pub fn decode(c: &mut Cursor) -> Result<Table, Truncated> {
        let n = c.usize()?;
        let mut t = Table {
            blob: String::new(),
            offs: Vec::with_capacity(n + 1),
            post_offs: Vec::with_capacity(n + 1),
            post: Vec::new(),
        };
        let mut blob: Vec<u8> = Vec::new();
        t.offs.push(0);
        t.post_offs.push(0);
        let mut prev_start = 0usize;
        for _ in 0..n {
            let shared = c.usize()?;
            let rest = c.usize()?;
            let start = blob.len();
            if shared > start - prev_start {
                return Err(Truncated);
            }
            blob.extend_from_within(prev_start..prev_start + shared);
            blob.extend_from_slice(c.bytes(rest)?);
            prev_start = start;
            t.offs.push(blob.len() as u32);
            let m = c.usize()?;
            let mut last = 0u32;
            for _ in 0..m {
                last = last.wrapping_add(c.varint()? as u32);
                t.post.push(last);
            }
            t.post_offs.push(t.post.len() as u32);
        }
        t.blob = String::from_utf8(blob).map_err(|_| Truncated)?;
        Ok(t)
    }
}
