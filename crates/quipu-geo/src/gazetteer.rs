//! The gazetteer: entries (a point, a population, a class, a country) and
//! two indexes over their names — the folded key and its orthographic
//! skeleton ([`crate::fold`]).
//!
//! Three layers, looked up together:
//! 1. the built-in artifact (`data/gazetteer.qgz`, built by
//!    `cargo xtask gazetteer` from GeoNames), embedded in the binary;
//! 2. the curated table (`data/curated.tsv`, embedded), for what GeoNames
//!    populated places lack: rivers, ranges, volcanoes, passes, valleys,
//!    regions, historical polities, countries by historical names;
//! 3. user files (same TSV format, [`Gazetteer::add_tsv`]): their rows are
//!    added, and a user row's names *override* the built-in ones — the
//!    built-in candidates for a name a user file defines are not offered.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use std::borrow::Cow;

use crate::codec::{Table, Truncated, put_varint, zigzag};
use crate::flat::{self, Strs};
use crate::fold::{key, skeleton};

pub const MAGIC: &[u8; 4] = b"QGZ1";

/// Coordinates are stored in thousandths of a degree (about 110 m).
const COORD_SCALE: f64 = 1e3;

/// Populations are stored as one byte on a log scale (steps of 10%):
/// resolution needs their order of magnitude, not the census figure.
fn pop_code(p: u64) -> u8 {
    if p == 0 {
        0
    } else {
        ((p as f64).ln() / 1.1f64.ln()).round().clamp(1.0, 255.0) as u8
    }
}

fn pop_from_code(c: u8) -> u64 {
    if c == 0 {
        0
    } else {
        1.1f64.powi(i32::from(c)).round() as u64
    }
}

/// The built-in artifact, inflated and laid out at build time (`build.rs`,
/// [`crate::flat`]): loading does not decode it.
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.flat"));
static CURATED: &str = include_str!("../data/curated.tsv");

/// What kind of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    City,
    Capital,
    Country,
    Continent,
    Region,
    Polity,
    River,
    Lake,
    Sea,
    Mountain,
    Range,
    Pass,
    Valley,
    Island,
    Other,
}

impl Class {
    pub const ALL: [Class; 15] = [
        Class::City,
        Class::Capital,
        Class::Country,
        Class::Continent,
        Class::Region,
        Class::Polity,
        Class::River,
        Class::Lake,
        Class::Sea,
        Class::Mountain,
        Class::Range,
        Class::Pass,
        Class::Valley,
        Class::Island,
        Class::Other,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Class::City => "city",
            Class::Capital => "capital",
            Class::Country => "country",
            Class::Continent => "continent",
            Class::Region => "region",
            Class::Polity => "polity",
            Class::River => "river",
            Class::Lake => "lake",
            Class::Sea => "sea",
            Class::Mountain => "mountain",
            Class::Range => "range",
            Class::Pass => "pass",
            Class::Valley => "valley",
            Class::Island => "island",
            Class::Other => "other",
        }
    }
    pub fn from_name(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == s)
    }
    fn code(self) -> u8 {
        Class::ALL.iter().position(|c| *c == self).unwrap_or(14) as u8
    }
    fn from_code(c: u8) -> Class {
        Class::ALL.get(c as usize).copied().unwrap_or(Class::Other)
    }
    /// Settlements (a point is the place).
    pub fn is_settlement(self) -> bool {
        matches!(self, Class::City | Class::Capital)
    }
    /// Areas and long features: the point is only representative.
    pub fn is_extent(self) -> bool {
        matches!(
            self,
            Class::Country
                | Class::Continent
                | Class::Region
                | Class::Polity
                | Class::River
                | Class::Range
                | Class::Sea
                | Class::Valley
        )
    }
}

/// Where an entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    GeoNames,
    Curated,
    User,
}

/// One entry, as [`Gazetteer::entry`] gives it: built-in entries are read
/// out of the laid-out artifact ([`crate::flat`]) when asked.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// GeoNames id, or 0 for curated and user rows (see `slug`).
    pub geonameid: u32,
    /// Curated/user row id (`rio-de-la-plata`); empty for GeoNames rows.
    pub slug: &'a str,
    pub name: &'a str,
    /// Other names (exonyms, historical names).
    pub alternates: Alternates<'a>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// ISO 3166 alpha-2, or empty.
    pub country: &'a str,
    pub class: Class,
    pub origin: Origin,
    /// Radius in km of what a representative point stands for (areas,
    /// rivers); 0 for points.
    pub radius_km: f64,
}

impl Entry<'_> {
    /// `geonames:3936456`, `quipu:rio-de-la-plata`, `user:…`.
    pub fn id(&self) -> String {
        match self.origin {
            Origin::GeoNames => format!("geonames:{}", self.geonameid),
            Origin::Curated => format!("quipu:{}", self.slug),
            Origin::User => format!("user:{}", self.slug),
        }
    }
}

/// An entry's alternate names: the artifact's, then those the curated
/// table or a user file added.
#[derive(Clone, Copy)]
pub struct Alternates<'a> {
    list: Strs<'a>,
    range: (usize, usize),
    extra: &'a [String],
}

impl<'a> Alternates<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let list = self.list;
        (self.range.0..self.range.1)
            .map(move |i| list.get(i))
            .chain(self.extra.iter().map(String::as_str))
    }
    pub fn len(&self) -> usize {
        self.range.1 - self.range.0 + self.extra.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Alternates<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A curated or user row (the built-in entries are not decoded).
#[derive(Clone, Debug)]
struct RowEntry {
    slug: String,
    name: String,
    alternates: Vec<String>,
    lat: f64,
    lon: f64,
    country: String,
    class: Class,
    origin: Origin,
    radius_km: f64,
}

/// One name hit: the entry and whether the name was an alternate one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub entry: u32,
    pub alternate: bool,
}

#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

impl From<Truncated> for LoadError {
    fn from(_: Truncated) -> Self {
        LoadError("gazetteer artifact is truncated or damaged".into())
    }
}

pub struct Gazetteer {
    /// The laid-out artifact ([`crate::flat`]): the embedded one, or one
    /// laid out at run time by [`Gazetteer::from_artifact`].
    flat: Cow<'static, [u8]>,
    secs: [(usize, usize); flat::SECTIONS],
    /// Built-in entries (the first `n` indices).
    n: usize,
    /// Population codes are one byte: their 256 values.
    pops: [u64; 256],
    /// Curated and user rows: entries `n..`.
    rows: Vec<RowEntry>,
    /// Alternate names curated or user rows gave built-in entries.
    row_alts: FxHashMap<u32, Vec<String>>,
    /// Curated and user skeletons → postings (same packing as the
    /// artifact's: `entry << 1 | alternate`).
    extra: FxHashMap<String, Vec<u32>>,
    /// Keys a user file defines: built-in entries are not offered for them.
    overridden: FxHashSet<String>,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer {
            flat: Cow::Borrowed(&[]),
            secs: [(0, 0); flat::SECTIONS],
            n: 0,
            pops: [0; 256],
            rows: Vec::new(),
            row_alts: FxHashMap::default(),
            extra: FxHashMap::default(),
            overridden: FxHashSet::default(),
        }
    }
}

/// Size in bytes of the artifact file (`data/gazetteer.qgz`, deflated;
/// the binary embeds it laid out).
pub fn builtin_artifact_len() -> usize {
    env!("QUIPU_GAZETTEER_PACKED_LEN").parse().unwrap_or(0)
}

/// The built-in gazetteer (artifact + curated table), loaded once.
pub fn builtin() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load_builtin().unwrap_or_default())
}

impl Gazetteer {
    /// Load the embedded artifact and the curated table.
    pub fn load_builtin() -> Result<Gazetteer, LoadError> {
        let mut g = Gazetteer::from_flat(Cow::Borrowed(BUILTIN))?;
        g.add_rows(CURATED, Origin::Curated)?;
        Ok(g)
    }

    /// Read an artifact: `QGZD` + the deflated encoding (see [`pack`]), or
    /// the encoding itself; it is laid out as the build script lays out
    /// the embedded one.
    pub fn from_artifact(bytes: &[u8]) -> Result<Gazetteer, LoadError> {
        let raw = unpack(bytes)?;
        let laid = flat::lay_out(&raw).map_err(|e| LoadError(e.into()))?;
        Gazetteer::from_flat(Cow::Owned(laid))
    }

    fn from_flat(bytes: Cow<'static, [u8]>) -> Result<Gazetteer, LoadError> {
        let secs = flat::sections(&bytes)
            .ok_or_else(|| LoadError("gazetteer layout is damaged".into()))?;
        let (a, b) = secs[flat::S_RECORDS];
        let mut pops = [0u64; 256];
        for (c, p) in pops.iter_mut().enumerate() {
            *p = pop_from_code(c as u8);
        }
        Ok(Gazetteer {
            n: (b - a) / flat::RECORD,
            flat: bytes,
            secs,
            pops,
            ..Default::default()
        })
    }

    #[inline]
    fn sec(&self, s: usize) -> &[u8] {
        let (a, b) = self.secs[s];
        self.flat.get(a..b).unwrap_or(&[])
    }

    fn strs(&self, s: usize) -> Strs<'_> {
        Strs::new(self.sec(s))
    }

    /// Number of entries (built-in, curated, user).
    pub fn len(&self) -> usize {
        self.n + self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry, in index order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.len() as u32).map(|i| self.entry(i))
    }

    /// Add rows of a gazetteer TSV (the curated table's format, see
    /// `data/curated.tsv`). User rows override built-in names.
    pub fn add_tsv(&mut self, text: &str) -> Result<usize, LoadError> {
        self.add_rows(text, Origin::User)
    }

    /// The first built-in or added entry of class country with this code.
    fn country_entry(&self, code: &str) -> Option<usize> {
        let list = self.sec(flat::S_COUNTRIES);
        (0..list.len() / 4)
            .map(|k| flat::u32_at(list, 4 * k))
            .chain(self.n as u32..self.len() as u32)
            .find(|&i| {
                let e = self.entry(i);
                e.class == Class::Country && e.country == code
            })
            .map(|i| i as usize)
    }

    /// The first built-in entry with this GeoNames id: the artifact's
    /// entries are sorted by id (`write_artifact`), so a binary search
    /// finds it; a scan, if the search misses, keeps any artifact right.
    fn geonames_entry(&self, id: u32) -> Option<usize> {
        let recs = self.sec(flat::S_RECORDS);
        let id_at = |k: usize| flat::u32_at(recs, k * flat::RECORD);
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if id_at(mid) < id {
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        if lo < self.n && id_at(lo) == id {
            return Some(lo);
        }
        (0..self.n).find(|&k| id_at(k) == id)
    }

    fn add_rows(&mut self, text: &str, origin: Origin) -> Result<usize, LoadError> {
        let mut added = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 8 {
                return Err(LoadError(format!(
                    "line {}: want 8 tab-separated columns (id, name, alternates, class, lat, lon, country, radius_km[, source]), got {}",
                    i + 1,
                    f.len()
                )));
            }
            if f[0] == "id" {
                continue; // header
            }
            if let Some(code) = f[0].strip_prefix('=') {
                // Names for a built-in entry: a country by its ISO code
                // (`=CL`) or any GeoNames entry by its id
                // (`=geonames:3435910`), for historical spellings of a
                // city (`Buenos Ayres`).
                let found = match code.strip_prefix("geonames:") {
                    Some(id) => {
                        let id: u32 = id.parse().map_err(|_| {
                            LoadError(format!("line {}: bad GeoNames id {id:?}", i + 1))
                        })?;
                        self.geonames_entry(id)
                    }
                    None => self.country_entry(code),
                };
                let Some(idx) = found else {
                    return Err(LoadError(format!("line {}: no entry {code:?}", i + 1)));
                };
                let names: Vec<String> = std::iter::once(f[1])
                    .chain(f[2].split('|'))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                // Names for a built-in entry do not hide the other
                // entries of that name (a user row would, see `lookup`).
                let entry_origin = self.entry(idx as u32).origin;
                for n in names {
                    self.index_name(idx as u32, &n, true, entry_origin);
                    match idx.checked_sub(self.n) {
                        Some(r) => self.rows[r].alternates.push(n),
                        None => self.row_alts.entry(idx as u32).or_default().push(n),
                    }
                }
                added += 1;
                continue;
            }
            let class = Class::from_name(f[3])
                .ok_or_else(|| LoadError(format!("line {}: unknown class {:?}", i + 1, f[3])))?;
            let num = |s: &str, what: &str| {
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| LoadError(format!("line {}: bad {what} {s:?}", i + 1)))
            };
            let (lat, lon) = (num(f[4], "latitude")?, num(f[5], "longitude")?);
            let radius_km = if f[7].trim().is_empty() {
                0.0
            } else {
                num(f[7], "radius")?
            };
            let idx = self.len() as u32;
            let alternates: Vec<String> = f[2]
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let names: Vec<(String, bool)> = std::iter::once((f[1].to_owned(), false))
                .chain(alternates.iter().map(|a| (a.clone(), true)))
                .collect();
            self.rows.push(RowEntry {
                slug: f[0].to_owned(),
                name: f[1].to_owned(),
                alternates,
                lat,
                lon,
                country: f[6].into(),
                class,
                origin,
                radius_km,
            });
            for (n, alt) in names {
                self.index_name(idx, &n, alt, origin);
            }
            added += 1;
        }
        Ok(added)
    }

    fn index_name(&mut self, idx: u32, name: &str, alt: bool, origin: Origin) {
        let k = key(name);
        if k.is_empty() {
            return;
        }
        if origin == Origin::User {
            self.overridden.insert(k.clone());
        }
        let post = self.extra.entry(skeleton(&k)).or_default();
        if !post.iter().any(|q| q >> 1 == idx) {
            post.push(idx << 1 | u32::from(alt));
        }
    }

    /// Index of a built-in skeleton.
    fn skel_find(&self, skel: &str) -> Option<usize> {
        self.strs(flat::S_SKELS)
            .find(self.sec(flat::S_SKEL_SLOTS), skel.as_bytes())
    }

    /// Entries with a name whose skeleton is `skel`; `key` is the folded
    /// text the skeleton came from (a user file that defines `key`
    /// overrides the built-in entries).
    pub fn lookup(&self, key: &str, skel: &str, out: &mut Vec<Hit>) {
        let user_only = self.overridden.contains(key);
        if let Some(p) = self.extra.get(skel) {
            for &v in p {
                if !user_only || self.entry(v >> 1).origin == Origin::User {
                    out.push(Hit {
                        entry: v >> 1,
                        alternate: v & 1 == 1,
                    });
                }
            }
        }
        if user_only {
            return;
        }
        if let Some(i) = self.skel_find(skel) {
            let starts = self.sec(flat::S_POST_START);
            let (a, b) = (
                flat::u32_at(starts, 4 * i) as usize,
                flat::u32_at(starts, 4 * i + 4) as usize,
            );
            let post = self.sec(flat::S_POST);
            out.extend((a..b).map(|k| {
                let v = flat::u32_at(post, 4 * k);
                Hit {
                    entry: v >> 1,
                    alternate: v & 1 == 1,
                }
            }));
        }
    }

    /// The entry's name (main or alternate) whose folded key is closest to
    /// `key`: `(name key, is alternate)`, exact ones first.
    pub fn best_name(&self, entry: u32, key_: &str) -> (String, bool) {
        let e = self.entry(entry);
        let main = key(e.name);
        if main == key_ {
            return (main, false);
        }
        let target = skeleton(key_);
        let mut best: Option<(String, bool)> = None;
        for a in e.alternates.iter() {
            let k = key(a);
            if k == key_ {
                return (k, true);
            }
            if best.is_none() && skeleton(&k) == target {
                best = Some((k, true));
            }
        }
        if skeleton(&main) == target {
            return (main, false);
        }
        best.unwrap_or((main, false))
    }

    /// Call `f` on every skeleton (built-in, curated, user) starting with
    /// `prefix` (for the edit-distance fallback).
    pub fn for_each_skeleton_with_prefix(&self, prefix: &str, mut f: impl FnMut(&str)) {
        let skels = self.strs(flat::S_SKELS);
        let lower = |strict: bool| {
            let (mut lo, mut hi) = (0, skels.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                let k = skels.get(mid);
                let less = if strict {
                    k < prefix || k.starts_with(prefix)
                } else {
                    k < prefix
                };
                if less { lo = mid + 1 } else { hi = mid }
            }
            lo
        };
        for i in lower(false)..lower(true) {
            f(skels.get(i));
        }
        for k in self.extra.keys() {
            if k.starts_with(prefix) && self.skel_find(k).is_none() {
                f(k);
            }
        }
    }

    /// A one-word key that is mostly a common word in running text.
    pub fn is_common_word(&self, key: &str) -> bool {
        self.strs(flat::S_COMMON)
            .find(self.sec(flat::S_COMMON_SLOTS), key.as_bytes())
            .is_some()
    }

    pub fn is_vocabulary(&self, word: &str) -> bool {
        self.strs(flat::S_VOCAB)
            .find(self.sec(flat::S_VOCAB_SLOTS), word.as_bytes())
            .is_some()
    }

    /// Entry `i` (panics when out of range, as indexing does).
    pub fn entry(&self, i: u32) -> Entry<'_> {
        let i = i as usize;
        if i >= self.n {
            let r = &self.rows[i - self.n];
            return Entry {
                geonameid: 0,
                slug: &r.slug,
                name: &r.name,
                alternates: Alternates {
                    list: Strs::default(),
                    range: (0, 0),
                    extra: &r.alternates,
                },
                lat: r.lat,
                lon: r.lon,
                population: 0,
                country: &r.country,
                class: r.class,
                origin: r.origin,
                radius_km: r.radius_km,
            };
        }
        let rec = &self.sec(flat::S_RECORDS)[i * flat::RECORD..(i + 1) * flat::RECORD];
        let int = |k: usize| flat::u32_at(rec, k);
        let starts = self.sec(flat::S_ALT_START);
        Entry {
            geonameid: int(0),
            slug: "",
            name: self.strs(flat::S_NAMES).get(i),
            alternates: Alternates {
                list: self.strs(flat::S_ALTS),
                range: (
                    flat::u32_at(starts, 4 * i) as usize,
                    flat::u32_at(starts, 4 * i + 4) as usize,
                ),
                extra: self.row_alts.get(&(i as u32)).map_or(&[], Vec::as_slice),
            },
            lat: int(4) as i32 as f64 / COORD_SCALE,
            lon: int(8) as i32 as f64 / COORD_SCALE,
            population: self.pops[rec[16] as usize],
            country: self.strs(flat::S_CCS).get(rec[17] as usize),
            class: Class::from_code(rec[18]),
            origin: Origin::GeoNames,
            radius_km: f64::from(int(12)),
        }
    }

    pub fn skeleton_count(&self) -> usize {
        self.strs(flat::S_SKELS).len() + self.extra.len()
    }
}

const PACKED: &[u8; 4] = b"QGZD";

/// Deflate the encoded artifact (about 40% smaller).
pub fn pack(raw: &[u8]) -> Vec<u8> {
    let mut out = PACKED.to_vec();
    out.extend(miniz_oxide::deflate::compress_to_vec(raw, 9));
    out
}

fn unpack(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, LoadError> {
    match bytes.strip_prefix(PACKED) {
        Some(z) => miniz_oxide::inflate::decompress_to_vec_with_limit(z, 1 << 28)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| LoadError(format!("gazetteer artifact does not inflate: {e:?}"))),
        None => Ok(std::borrow::Cow::Borrowed(bytes)),
    }
}

/// What the builder writes: entries sorted by GeoNames id.
pub struct ArtifactEntry {
    pub id: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub country: String,
    pub class: Class,
    pub radius_km: u32,
    /// Names other than `name`, any script (the builder filters them).
    pub alternates: Vec<String>,
}

/// Encode entries, their name index and the common-word list.
pub fn write_artifact(
    mut entries: Vec<ArtifactEntry>,
    common: &[String],
    vocabulary: &[String],
) -> Vec<u8> {
    entries.sort_by_key(|e| e.id);
    entries.dedup_by_key(|e| e.id);
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    let mut ccs: Vec<String> = entries.iter().map(|e| e.country.clone()).collect();
    ccs.sort();
    ccs.dedup();
    put_varint(&mut out, ccs.len() as u64);
    for c in &ccs {
        let b = c.as_bytes();
        out.push(*b.first().unwrap_or(&b' '));
        out.push(*b.get(1).unwrap_or(&b' '));
    }
    put_varint(&mut out, entries.len() as u64);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let names = names.join("\n");
    put_varint(&mut out, names.len() as u64);
    out.extend_from_slice(names.as_bytes());
    let (mut id, mut lat, mut lon) = (0u32, 0i64, 0i64);
    let mut index: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        put_varint(&mut out, u64::from(e.id - id));
        id = e.id;
        let la = (e.lat * COORD_SCALE).round() as i64;
        let lo = (e.lon * COORD_SCALE).round() as i64;
        put_varint(&mut out, zigzag(la - lat));
        put_varint(&mut out, zigzag(lo - lon));
        (lat, lon) = (la, lo);
        out.push(pop_code(e.population));
        out.push(ccs.binary_search(&e.country).unwrap_or(0) as u8);
        out.push(e.class.code());
        if !e.class.is_settlement() {
            put_varint(&mut out, u64::from(e.radius_km));
        }
        let i = i as u32;
        let main = key(&e.name);
        if !main.is_empty() {
            index.entry(skeleton(&main)).or_default().push(i << 1);
        }
        for a in &e.alternates {
            let k = key(a);
            if !k.is_empty() {
                index.entry(skeleton(&k)).or_default().push(i << 1 | 1);
            }
        }
    }
    let with_alt: Vec<usize> = (0..entries.len())
        .filter(|&i| !entries[i].alternates.is_empty())
        .collect();
    put_varint(&mut out, with_alt.len() as u64);
    let mut last = 0;
    for i in with_alt {
        put_varint(&mut out, (i - last) as u64);
        last = i;
        put_varint(&mut out, entries[i].alternates.len() as u64);
        for a in &entries[i].alternates {
            put_varint(&mut out, a.len() as u64);
            out.extend_from_slice(a.as_bytes());
        }
    }
    let mut skels: Vec<(String, Vec<u32>)> = index
        .into_iter()
        .map(|(k, mut p)| {
            p.sort_unstable();
            // One posting per entry, the main-name one if both.
            p.dedup_by_key(|v| *v >> 1);
            (k, p)
        })
        .collect();
    skels.sort_by(|a, b| a.0.cmp(&b.0));
    Table::encode(&skels, &mut out);
    for list in [common, vocabulary] {
        put_varint(&mut out, list.len() as u64);
        for w in list {
            put_varint(&mut out, w.len() as u64);
            out.extend_from_slice(w.as_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(g: &Gazetteer, name: &str) -> Vec<String> {
        let k = key(name);
        let mut hits = Vec::new();
        g.lookup(&k, &skeleton(&k), &mut hits);
        hits.iter()
            .map(|h| {
                let e = g.entry(h.entry);
                format!("{} {} {}", e.name, e.country, e.class.name())
            })
            .collect()
    }

    #[test]
    fn builtin_loads_and_finds() {
        let g = Gazetteer::load_builtin().expect("artifact loads");
        assert!(g.len() > 200_000);
        assert!(
            find(&g, "Popayán")
                .iter()
                .any(|s| s.starts_with("Popayán CO"))
        );
        assert!(find(&g, "Cuzco").iter().any(|s| s.contains(" PE ")));
        assert!(find(&g, "Upper Peru").iter().any(|s| s.contains("polity")));
        assert!(find(&g, "España").iter().any(|s| s.contains("country")));
    }

    #[test]
    fn user_rows_override() {
        let mut g = Gazetteer::load_builtin().expect("artifact loads");
        g.add_tsv("x-lima\tLima\t\tcity\t40.74\t-84.10\tUS\t\tuser test\n")
            .expect("row parses");
        assert_eq!(find(&g, "Lima"), vec!["Lima US city".to_string()]);
        assert!(g.add_tsv("bad\trow\n").is_err());
    }

    #[test]
    fn equals_rows_name_a_builtin_entry_by_id_or_country() {
        let mut g = Gazetteer::load_builtin().expect("artifact loads");
        // The row's other columns are not used: the names go to the entry.
        g.add_tsv("=geonames:3435910\tBuenos Aires\tQuux Ayres\tcity\t0\t0\tAR\t\ttest\n")
            .expect("row parses");
        assert!(
            find(&g, "Quux Ayres")
                .iter()
                .any(|s| s.starts_with("Buenos Aires AR"))
        );
        assert!(
            g.add_tsv("=geonames:1\tX\t\tcity\t0\t0\t\t\ttest\n")
                .is_err()
        );
        assert!(
            g.add_tsv("=geonames:x\tX\t\tcity\t0\t0\t\t\ttest\n")
                .is_err()
        );
        assert!(g.add_tsv("=ZZ\tX\t\tcountry\t0\t0\t\t\ttest\n").is_err());
    }

    #[test]
    fn damaged_artifact_is_an_error() {
        assert!(Gazetteer::from_artifact(b"QGZ1\x05").is_err());
        assert!(Gazetteer::from_artifact(b"nope").is_err());
        let packed = include_bytes!("../data/gazetteer.qgz");
        let raw = unpack(packed).unwrap();
        assert!(Gazetteer::from_artifact(&raw[..raw.len() / 2]).is_err());
        assert!(Gazetteer::from_artifact(&packed[..packed.len() / 2]).is_err());
        assert!(Gazetteer::from_flat(Cow::Borrowed(&BUILTIN[..100])).is_err());
    }

    /// The class codes the layout knows agree with [`Class::ALL`].
    #[test]
    fn layout_class_codes() {
        assert_eq!(Class::Country.code(), flat::CODE_COUNTRY);
        for c in Class::ALL {
            assert_eq!(c.is_settlement(), flat::is_settlement_code(c.code()));
        }
    }

    /// What `write_artifact` writes comes back, field by field, through
    /// the layout.
    #[test]
    fn artifact_round_trip() {
        let e = |id, name: &str, alts: &[&str], class, cc: &str| ArtifactEntry {
            id,
            name: name.into(),
            lat: -12.046,
            lon: -77.043 + f64::from(id),
            population: 8_000 * u64::from(id),
            country: cc.into(),
            class,
            radius_km: if class.is_settlement() { 0 } else { 300 + id },
            alternates: alts.iter().map(|s| s.to_string()).collect(),
        };
        let bytes = write_artifact(
            vec![
                e(7, "Lima", &["Ciudad de los Reyes"], Class::Capital, "PE"),
                e(3, "Perú", &["Peru", "Piru"], Class::Country, "PE"),
                e(9, "Cuzco", &[], Class::City, "PE"),
                e(5, "Deal", &[], Class::City, ""),
            ],
            &["deal".to_string()],
            &["seven".to_string(), "march".to_string()],
        );
        let mut g = Gazetteer::from_artifact(&pack(&bytes)).unwrap();
        assert_eq!(g.len(), 4);
        let names: Vec<&str> = g.entries().map(|e| e.name).collect();
        assert_eq!(names, ["Perú", "Deal", "Lima", "Cuzco"]);
        let peru = g.entry(0);
        assert_eq!(peru.geonameid, 3);
        assert_eq!(peru.alternates.iter().collect::<Vec<_>>(), ["Peru", "Piru"]);
        assert_eq!((peru.lat, peru.lon), (-12.046, -74.043));
        assert_eq!(peru.population, pop_from_code(pop_code(24_000)));
        assert_eq!(
            (peru.country, peru.class, peru.radius_km),
            ("PE", Class::Country, 303.0)
        );
        assert_eq!(g.entry(1).country, "  ");
        assert_eq!(find(&g, "Piru"), ["Perú PE country"]);
        assert_eq!(find(&g, "Ciudad de los Reyes"), ["Lima PE capital"]);
        assert!(find(&g, "Quito").is_empty());
        assert!(g.is_common_word("deal") && !g.is_common_word("lima"));
        assert!(g.is_vocabulary("march") && g.is_vocabulary("seven") && !g.is_vocabulary("deal"));
        let mut pre = Vec::new();
        g.for_each_skeleton_with_prefix("", |k| pre.push(k.to_owned()));
        assert_eq!(pre.len(), g.skeleton_count());
        g.add_tsv("=PE\tPirú\t\tcountry\t0\t0\t\t\n").unwrap();
        assert_eq!(g.entry(0).alternates.len(), 3);
    }

    /// The committed, deflated artifact laid out at run time and the
    /// layout the build script embedded are the same gazetteer.
    #[test]
    fn packed_and_embedded_artifacts_agree() {
        let packed = Gazetteer::from_artifact(include_bytes!("../data/gazetteer.qgz")).unwrap();
        let raw = Gazetteer::from_flat(Cow::Borrowed(BUILTIN)).unwrap();
        assert_eq!(packed.len(), raw.len());
        assert_eq!(packed.skeleton_count(), raw.skeleton_count());
        for i in (0..raw.len() as u32).step_by(997) {
            assert_eq!(
                format!("{:?}", packed.entry(i)),
                format!("{:?}", raw.entry(i))
            );
        }
        assert_eq!(*packed.flat, *raw.flat);
        assert!(builtin_artifact_len() > 1_000_000);
    }
}
