//! The gazetteer laid out for use in place: fixed-size entry records,
//! string lists with `u32` offsets, and open-addressing hash slots over
//! the skeletons, the common words and the vocabulary. Nothing is decoded
//! when the gazetteer loads: [`crate::Gazetteer`] reads entries, names and
//! postings out of these bytes when asked.
//!
//! The build script lays the embedded artifact out with [`lay_out`] (it
//! includes this file and `codec.rs` with `#[path]`), so the binary embeds
//! the layout and start-up does no work for it; an artifact read at run
//! time (`Gazetteer::from_artifact`) goes through the same function.
//!
//! All integers are little endian. The file: `QGF1`, then `SECTIONS`
//! pairs of `u32` (start, end) byte offsets, then the sections. A string
//! list is a `u32` count `n`, `n + 1` `u32` offsets into its blob, and the
//! blob.

use crate::codec::{Cursor, Table, Truncated};

pub const FLAT_MAGIC: &[u8; 4] = b"QGF1";

/// Country codes (string list; the last one is empty, for codes out of
/// range).
pub const S_CCS: usize = 0;
/// Entry names (string list).
pub const S_NAMES: usize = 1;
/// Entry records, [`RECORD`] bytes each.
pub const S_RECORDS: usize = 2;
/// `u32` × (entries + 1): entry `i`'s alternate names are
/// `S_ALTS[alt_start[i]..alt_start[i + 1]]`.
pub const S_ALT_START: usize = 3;
/// Alternate names (string list).
pub const S_ALTS: usize = 4;
/// Skeletons, sorted (string list).
pub const S_SKELS: usize = 5;
/// Hash slots over the skeletons.
pub const S_SKEL_SLOTS: usize = 6;
/// `u32` × (skeletons + 1): skeleton `i`'s postings are
/// `S_POST[post_start[i]..post_start[i + 1]]`.
pub const S_POST_START: usize = 7;
/// Postings (`u32`: `entry << 1 | alternate`).
pub const S_POST: usize = 8;
/// Common words (string list) and their hash slots.
pub const S_COMMON: usize = 9;
pub const S_COMMON_SLOTS: usize = 10;
/// Vocabulary (string list) and its hash slots.
pub const S_VOCAB: usize = 11;
pub const S_VOCAB_SLOTS: usize = 12;
/// `u32` indices of the entries of class country, in entry order.
pub const S_COUNTRIES: usize = 13;
pub const SECTIONS: usize = 14;

/// An entry record: GeoNames id `u32`, latitude and longitude `i32` (in
/// thousandths of a degree), radius `u32` (km), population code `u8`,
/// country index `u8`, class code `u8`, one byte of padding.
pub const RECORD: usize = 20;

/// The artifact's class codes (`Class::ALL` order) this file needs.
pub const CODE_COUNTRY: u8 = 2;
/// City and capital: no radius is stored for them.
pub fn is_settlement_code(c: u8) -> bool {
    c <= 1
}

/// FNV-1a: the hash of the slots.
pub fn hash(s: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in s {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[inline]
pub fn u32_at(b: &[u8], i: usize) -> u32 {
    match b.get(i..i + 4) {
        Some(x) => u32::from_le_bytes([x[0], x[1], x[2], x[3]]),
        None => 0,
    }
}

/// A string list in the layout.
#[derive(Clone, Copy, Default, Debug)]
pub struct Strs<'a> {
    offs: &'a [u8],
    blob: &'a [u8],
}

impl<'a> Strs<'a> {
    pub fn new(sec: &'a [u8]) -> Strs<'a> {
        let n = u32_at(sec, 0) as usize;
        let end = 4 + 4 * (n + 1);
        match (sec.get(4..end), sec.get(end..)) {
            (Some(offs), Some(blob)) if sec.len() >= 4 => Strs { offs, blob },
            _ => Strs::default(),
        }
    }
    pub fn len(&self) -> usize {
        (self.offs.len() / 4).saturating_sub(1)
    }
    #[inline]
    pub fn bytes(&self, i: usize) -> &'a [u8] {
        let (a, b) = (u32_at(self.offs, 4 * i), u32_at(self.offs, 4 * i + 4));
        self.blob.get(a as usize..b as usize).unwrap_or(&[])
    }
    pub fn get(&self, i: usize) -> &'a str {
        std::str::from_utf8(self.bytes(i)).unwrap_or("")
    }
    /// Index of `key` through the hash slots built over this list.
    pub fn find(&self, slots: &[u8], key: &[u8]) -> Option<usize> {
        let n = slots.len() / 4;
        if n == 0 {
            return None;
        }
        let mask = n - 1;
        let mut i = hash(key) as usize & mask;
        for _ in 0..n {
            let v = u32_at(slots, 4 * i) as usize;
            if v == 0 {
                return None;
            }
            if self.bytes(v - 1) == key {
                return Some(v - 1);
            }
            i = (i + 1) & mask;
        }
        None
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32_of(v: usize) -> Result<u32, &'static str> {
    u32::try_from(v).map_err(|_| "gazetteer too large for its layout")
}

fn string_list<S: AsRef<str>>(items: &[S]) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::new();
    put_u32(&mut out, u32_of(items.len())?);
    let mut at = 0usize;
    put_u32(&mut out, 0);
    for s in items {
        at += s.as_ref().len();
        put_u32(&mut out, u32_of(at)?);
    }
    for s in items {
        out.extend_from_slice(s.as_ref().as_bytes());
    }
    Ok(out)
}

/// Open addressing, linear probing, twice as many slots as strings
/// (a power of two); a slot holds index + 1, 0 when empty.
fn slots<S: AsRef<str>>(items: &[S]) -> Result<Vec<u8>, &'static str> {
    let n = (items.len() * 2).next_power_of_two().max(2);
    let mut t = vec![0u32; n];
    for (k, s) in items.iter().enumerate() {
        let mut i = hash(s.as_ref().as_bytes()) as usize & (n - 1);
        while t[i] != 0 {
            i = (i + 1) & (n - 1);
        }
        t[i] = u32_of(k + 1)?;
    }
    let mut out = Vec::with_capacity(4 * n);
    for v in t {
        put_u32(&mut out, v);
    }
    Ok(out)
}

/// Lay out an inflated artifact (`gazetteer::write_artifact`'s encoding).
pub fn lay_out(raw: &[u8]) -> Result<Vec<u8>, &'static str> {
    lay_out_inner(raw).map_err(|e| e.unwrap_or("gazetteer artifact is truncated or damaged"))
}

fn lay_out_inner(raw: &[u8]) -> Result<Vec<u8>, Option<&'static str>> {
    let t = |_: Truncated| None;
    let mut c = Cursor::new(raw);
    if c.bytes(4).map_err(t)? != b"QGZ1" {
        return Err(Some("not a quipu gazetteer artifact"));
    }
    let ncc = c.usize().map_err(t)?;
    let mut ccs = Vec::with_capacity(ncc + 1);
    for _ in 0..ncc {
        ccs.push(String::from_utf8_lossy(c.bytes(2).map_err(t)?).into_owned());
    }
    ccs.push(String::new());
    let n = c.usize().map_err(t)?;
    let names_len = c.usize().map_err(t)?;
    let names = std::str::from_utf8(c.bytes(names_len).map_err(t)?)
        .map_err(|_| Some("gazetteer names are not UTF-8"))?;
    let mut names_it = names.split('\n');
    let mut name_list: Vec<&str> = Vec::with_capacity(n);
    let mut records = Vec::with_capacity(n * RECORD);
    let mut countries = Vec::new();
    let (mut id, mut lat, mut lon) = (0u64, 0i64, 0i64);
    for i in 0..n {
        id += c.varint().map_err(t)?;
        lat += crate::codec::unzigzag(c.varint().map_err(t)?);
        lon += crate::codec::unzigzag(c.varint().map_err(t)?);
        let pop = c.u8().map_err(t)?;
        let cc = c.u8().map_err(t)?;
        let class = c.u8().map_err(t)?;
        let radius = if is_settlement_code(class) {
            0
        } else {
            c.varint().map_err(t)?
        };
        name_list.push(names_it.next().unwrap_or(""));
        let cc = if (cc as usize) < ncc { cc } else { ncc as u8 };
        let big = Some("gazetteer value out of range");
        put_u32(&mut records, id as u32);
        records.extend_from_slice(&i32::try_from(lat).map_err(|_| big)?.to_le_bytes());
        records.extend_from_slice(&i32::try_from(lon).map_err(|_| big)?.to_le_bytes());
        put_u32(&mut records, u32::try_from(radius).map_err(|_| big)?);
        records.extend_from_slice(&[pop, cc, class, 0]);
        if class == CODE_COUNTRY {
            countries.push(u32_of(i).map_err(Some)?);
        }
    }
    let mut alts: Vec<Vec<String>> = vec![Vec::new(); n];
    let nalt = c.usize().map_err(t)?;
    let mut at = 0usize;
    for _ in 0..nalt {
        at += c.usize().map_err(t)?;
        let k = c.usize().map_err(t)?;
        let mut v = Vec::with_capacity(k.min(1 << 16));
        for _ in 0..k {
            let l = c.usize().map_err(t)?;
            v.push(String::from_utf8_lossy(c.bytes(l).map_err(t)?).into_owned());
        }
        if let Some(e) = alts.get_mut(at) {
            *e = v;
        }
    }
    let skels = Table::decode(&mut c).map_err(t)?;
    let read_set = |c: &mut Cursor| -> Result<Vec<String>, Truncated> {
        let n = c.usize()?;
        let mut set = Vec::new();
        for _ in 0..n {
            let l = c.usize()?;
            set.push(String::from_utf8_lossy(c.bytes(l)?).into_owned());
        }
        Ok(set)
    };
    let common = read_set(&mut c).map_err(t)?;
    let vocabulary = read_set(&mut c).map_err(t)?;

    let mut alt_start = Vec::with_capacity(4 * (n + 1));
    let mut alt_list: Vec<&str> = Vec::new();
    for v in &alts {
        put_u32(&mut alt_start, u32_of(alt_list.len()).map_err(Some)?);
        alt_list.extend(v.iter().map(String::as_str));
    }
    put_u32(&mut alt_start, u32_of(alt_list.len()).map_err(Some)?);
    let skel_keys: Vec<&str> = (0..skels.len()).map(|i| skels.key(i)).collect();
    let mut post_start = Vec::with_capacity(4 * (skels.len() + 1));
    let mut post = Vec::new();
    put_u32(&mut post_start, 0);
    for i in 0..skels.len() {
        for &p in skels.postings(i) {
            put_u32(&mut post, p);
        }
        put_u32(&mut post_start, u32_of(post.len() / 4).map_err(Some)?);
    }
    let mut country_bytes = Vec::new();
    for i in countries {
        put_u32(&mut country_bytes, i);
    }
    let sections: [Vec<u8>; SECTIONS] = [
        string_list(&ccs).map_err(Some)?,
        string_list(&name_list).map_err(Some)?,
        records,
        alt_start,
        string_list(&alt_list).map_err(Some)?,
        string_list(&skel_keys).map_err(Some)?,
        slots(&skel_keys).map_err(Some)?,
        post_start,
        post,
        string_list(&common).map_err(Some)?,
        slots(&common).map_err(Some)?,
        string_list(&vocabulary).map_err(Some)?,
        slots(&vocabulary).map_err(Some)?,
        country_bytes,
    ];
    let mut out = FLAT_MAGIC.to_vec();
    let mut at = 4 + 8 * SECTIONS;
    for s in &sections {
        put_u32(&mut out, u32_of(at).map_err(Some)?);
        at += s.len();
        put_u32(&mut out, u32_of(at).map_err(Some)?);
    }
    for s in &sections {
        out.extend_from_slice(s);
    }
    Ok(out)
}

/// The section bounds of a layout, checked against its length.
pub fn sections(b: &[u8]) -> Option<[(usize, usize); SECTIONS]> {
    if b.get(..4)? != FLAT_MAGIC {
        return None;
    }
    let mut secs = [(0, 0); SECTIONS];
    for (k, s) in secs.iter_mut().enumerate() {
        let (a, e) = (u32_at(b, 4 + 8 * k) as usize, u32_at(b, 8 + 8 * k) as usize);
        if a > e || e > b.len() {
            return None;
        }
        *s = (a, e);
    }
    Some(secs)
}
