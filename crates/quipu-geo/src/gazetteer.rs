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

use crate::codec::{Cursor, Table, Truncated, put_varint, unzigzag, zigzag};
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

/// The built-in artifact, inflated at build time (`build.rs`): loading
/// only decodes it.
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.raw"));
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

#[derive(Clone, Debug)]
pub struct Entry {
    /// GeoNames id, or 0 for curated and user rows (see `slug`).
    pub geonameid: u32,
    /// Curated/user row id (`rio-de-la-plata`); empty for GeoNames rows.
    pub slug: String,
    pub name: String,
    /// Other names (exonyms, historical names).
    pub alternates: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// ISO 3166 alpha-2, or empty (shared: the entries of a country hold
    /// one string, so loading allocates none per entry).
    pub country: std::sync::Arc<str>,
    pub class: Class,
    pub origin: Origin,
    /// Radius in km of what a representative point stands for (areas,
    /// rivers); 0 for points.
    pub radius_km: f64,
}

impl Entry {
    /// `geonames:3936456`, `quipu:rio-de-la-plata`, `user:…`.
    pub fn id(&self) -> String {
        match self.origin {
            Origin::GeoNames => format!("geonames:{}", self.geonameid),
            Origin::Curated => format!("quipu:{}", self.slug),
            Origin::User => format!("user:{}", self.slug),
        }
    }
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

#[derive(Default)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
    /// Skeletons of every name → postings `entry << 1 | alternate`.
    skels: Table,
    /// Single-word keys that are mostly common lower-case words in the
    /// reference corpora (`deal`, `march`, `union`).
    common: FxHashSet<String>,
    /// Lower-case words of the reference corpora: a capitalized word that
    /// is one of them matches a place only by its exact name, never by a
    /// spelling rule (`Seven` is not `Seben`).
    vocabulary: FxHashSet<String>,
    /// Curated and user skeletons → postings (same packing as `skels`).
    extra: FxHashMap<String, Vec<u32>>,
    /// Keys a user file defines: built-in entries are not offered for them.
    overridden: FxHashSet<String>,
    /// Hashes of every built-in skeleton: most looked-up keys are not
    /// names, and this answers them without a binary search.
    skel_hashes: FxHashSet<u64>,
}

fn hash_str(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Size in bytes of the artifact file (`data/gazetteer.qgz`, deflated;
/// the binary embeds it inflated).
pub fn builtin_artifact_len() -> usize {
    env!("QUIPU_GAZETTEER_PACKED_LEN").parse().unwrap_or(0)
}

/// The built-in gazetteer (artifact + curated table), loaded once.
pub fn builtin() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load_builtin().unwrap_or_default())
}

/// One entry's fixed fields in the artifact, as coded (deltas).
struct EntryFields {
    id_delta: u64,
    lat_delta: i64,
    lon_delta: i64,
    pop: u8,
    cc: u8,
    class: Class,
    radius_km: f64,
}

impl EntryFields {
    /// Past one entry's fields, as [`EntryFields::read`] reads them
    /// (the thread that decodes what follows the entries only skims them).
    fn skip(c: &mut Cursor) -> Result<(), Truncated> {
        c.skip_varint()?;
        c.skip_varint()?;
        c.skip_varint()?;
        c.bytes(2)?;
        if !Class::from_code(c.u8()?).is_settlement() {
            c.skip_varint()?;
        }
        Ok(())
    }

    fn read(c: &mut Cursor) -> Result<EntryFields, Truncated> {
        let id_delta = c.varint()?;
        let lat_delta = unzigzag(c.varint()?);
        let lon_delta = unzigzag(c.varint()?);
        let pop = c.u8()?;
        let cc = c.u8()?;
        let class = Class::from_code(c.u8()?);
        let radius_km = if class.is_settlement() {
            0.0
        } else {
            c.varint()? as f64
        };
        Ok(EntryFields {
            id_delta,
            lat_delta,
            lon_delta,
            pop,
            cc,
            class,
            radius_km,
        })
    }
}

impl Gazetteer {
    /// Load the embedded artifact and the curated table.
    pub fn load_builtin() -> Result<Gazetteer, LoadError> {
        let mut g = Gazetteer::from_artifact(BUILTIN)?;
        g.add_rows(CURATED, Origin::Curated)?;
        Ok(g)
    }

    /// Read an artifact: `QGZD` + the deflated encoding (see [`pack`]), or
    /// the encoding itself (the embedded one, inflated at build time).
    ///
    /// Start-up time: the entries are decoded on this thread while another
    /// skims past them and decodes the skeleton table and the word sets
    /// that follow them.
    pub fn from_artifact(bytes: &[u8]) -> Result<Gazetteer, LoadError> {
        let raw = unpack(bytes)?;
        let mut c = Cursor::new(&raw[..]);
        if c.bytes(4)? != MAGIC {
            return Err(LoadError("not a quipu gazetteer artifact".into()));
        }
        let ncc = c.usize()?;
        let mut ccs = Vec::with_capacity(ncc);
        for _ in 0..ncc {
            let b = c.bytes(2)?;
            ccs.push(std::sync::Arc::<str>::from(String::from_utf8_lossy(b)));
        }
        let n = c.usize()?;
        let names_len = c.usize()?;
        let names = std::str::from_utf8(c.bytes(names_len)?)
            .map_err(|_| LoadError("gazetteer names are not UTF-8".into()))?;
        let entries_at = c.pos;
        let buf = c.buf;
        let (entries, tail) = std::thread::scope(|s| {
            let tail = s.spawn(|| {
                // Skim past the entries' fields and the alternate names.
                let mut c = Cursor {
                    buf,
                    pos: entries_at,
                };
                for _ in 0..n {
                    EntryFields::skip(&mut c)?;
                }
                for _ in 0..c.usize()? {
                    c.usize()?;
                    for _ in 0..c.usize()? {
                        let l = c.usize()?;
                        c.bytes(l)?;
                    }
                }
                Gazetteer::decode_tail(c)
            });
            let entries = Gazetteer::decode_entries(
                Cursor {
                    buf,
                    pos: entries_at,
                },
                n,
                names,
                &ccs,
            );
            let tail = tail.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (entries, tail)
        });
        let (skels, common, vocabulary, skel_hashes) = tail?;
        Ok(Gazetteer {
            entries: entries?,
            skel_hashes,
            skels,
            common,
            vocabulary,
            ..Default::default()
        })
    }

    /// The entries and their alternate names, from `c` at the first entry.
    fn decode_entries(
        mut c: Cursor,
        n: usize,
        names: &str,
        ccs: &[std::sync::Arc<str>],
    ) -> Result<Vec<Entry>, Truncated> {
        // Population codes are one byte: compute the 256 values once.
        let pops: Vec<u64> = (0..=255).map(pop_from_code).collect();
        let mut names = memchr::Memchr::new(b'\n', names.as_bytes())
            .chain(std::iter::once(names.len()))
            .scan(0, |start, end| {
                let name = names.get(*start..end).unwrap_or("");
                *start = end + 1;
                Some(name)
            });
        let mut entries = Vec::with_capacity(n);
        let (mut id, mut lat, mut lon) = (0u64, 0i64, 0i64);
        for _ in 0..n {
            let f = EntryFields::read(&mut c)?;
            id += f.id_delta;
            lat += f.lat_delta;
            lon += f.lon_delta;
            entries.push(Entry {
                geonameid: id as u32,
                slug: String::new(),
                name: names.next().unwrap_or("").to_owned(),
                alternates: Vec::new(),
                lat: lat as f64 / COORD_SCALE,
                lon: lon as f64 / COORD_SCALE,
                population: pops[f.pop as usize],
                country: ccs.get(f.cc as usize).cloned().unwrap_or_default(),
                class: f.class,
                origin: Origin::GeoNames,
                radius_km: f.radius_km,
            });
        }
        let nalt = c.usize()?;
        let mut at = 0usize;
        for _ in 0..nalt {
            at += c.usize()?;
            let k = c.usize()?;
            let mut v = Vec::with_capacity(k);
            for _ in 0..k {
                let l = c.usize()?;
                v.push(String::from_utf8_lossy(c.bytes(l)?).into_owned());
            }
            if let Some(e) = entries.get_mut(at) {
                e.alternates = v;
            }
        }
        Ok(entries)
    }

    /// The skeleton table, the common words and the vocabulary, from `c`
    /// after the alternate names; and the skeletons' hashes.
    #[allow(clippy::type_complexity)]
    fn decode_tail(
        mut c: Cursor,
    ) -> Result<(Table, FxHashSet<String>, FxHashSet<String>, FxHashSet<u64>), Truncated> {
        let skels = Table::decode(&mut c)?;
        let read_set = |c: &mut Cursor| -> Result<FxHashSet<String>, Truncated> {
            let n = c.usize()?;
            let mut set = FxHashSet::default();
            for _ in 0..n {
                let l = c.usize()?;
                set.insert(String::from_utf8_lossy(c.bytes(l)?).into_owned());
            }
            Ok(set)
        };
        let common = read_set(&mut c)?;
        let vocabulary = read_set(&mut c)?;
        let skel_hashes = (0..skels.len()).map(|i| hash_str(skels.key(i))).collect();
        Ok((skels, common, vocabulary, skel_hashes))
    }

    /// Add rows of a gazetteer TSV (the curated table's format, see
    /// `data/curated.tsv`). User rows override built-in names.
    pub fn add_tsv(&mut self, text: &str) -> Result<usize, LoadError> {
        self.add_rows(text, Origin::User)
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
                        self.entries
                            .iter()
                            .position(|e| e.origin == Origin::GeoNames && e.geonameid == id)
                    }
                    None => self
                        .entries
                        .iter()
                        .position(|e| e.class == Class::Country && &*e.country == code),
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
                let entry_origin = self.entries[idx].origin;
                for n in names {
                    self.index_name(idx as u32, &n, true, entry_origin);
                    self.entries[idx].alternates.push(n);
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
            let idx = self.entries.len() as u32;
            let alternates: Vec<String> = f[2]
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let names: Vec<(String, bool)> = std::iter::once((f[1].to_owned(), false))
                .chain(alternates.iter().map(|a| (a.clone(), true)))
                .collect();
            self.entries.push(Entry {
                geonameid: 0,
                slug: f[0].to_owned(),
                name: f[1].to_owned(),
                alternates,
                lat,
                lon,
                population: 0,
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

    /// Entries with a name whose skeleton is `skel`; `key` is the folded
    /// text the skeleton came from (a user file that defines `key`
    /// overrides the built-in entries).
    pub fn lookup(&self, key: &str, skel: &str, out: &mut Vec<Hit>) {
        let user_only = self.overridden.contains(key);
        if let Some(p) = self.extra.get(skel) {
            for &v in p {
                let e = &self.entries[(v >> 1) as usize];
                if !user_only || e.origin == Origin::User {
                    out.push(Hit {
                        entry: v >> 1,
                        alternate: v & 1 == 1,
                    });
                }
            }
        }
        if user_only || !self.skel_hashes.contains(&hash_str(skel)) {
            return;
        }
        if let Some(i) = self.skels.find(skel) {
            out.extend(self.skels.postings(i).iter().map(|&v| Hit {
                entry: v >> 1,
                alternate: v & 1 == 1,
            }));
        }
    }

    /// The entry's name (main or alternate) whose folded key is closest to
    /// `key`: `(name key, is alternate)`, exact ones first.
    pub fn best_name(&self, entry: u32, key_: &str) -> (String, bool) {
        let e = self.entry(entry);
        let main = key(&e.name);
        if main == key_ {
            return (main, false);
        }
        let target = skeleton(key_);
        let mut best: Option<(String, bool)> = None;
        for a in &e.alternates {
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
        for i in self.skels.prefix_range(prefix) {
            f(self.skels.key(i));
        }
        for k in self.extra.keys() {
            if k.starts_with(prefix) && self.skels.find(k).is_none() {
                f(k);
            }
        }
    }

    /// A one-word key that is mostly a common word in running text.
    pub fn is_common_word(&self, key: &str) -> bool {
        self.common.contains(key)
    }

    pub fn is_vocabulary(&self, word: &str) -> bool {
        self.vocabulary.contains(word)
    }

    pub fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    pub fn skeleton_count(&self) -> usize {
        self.skels.len() + self.extra.len()
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
        assert!(g.entries.len() > 200_000);
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
        assert!(Gazetteer::from_artifact(&BUILTIN[..BUILTIN.len() / 2]).is_err());
        let packed = include_bytes!("../data/gazetteer.qgz");
        assert!(Gazetteer::from_artifact(&packed[..packed.len() / 2]).is_err());
    }

    /// The committed, deflated artifact and the inflated one embedded in
    /// the binary decode to the same gazetteer.
    #[test]
    fn packed_and_embedded_artifacts_agree() {
        let packed = Gazetteer::from_artifact(include_bytes!("../data/gazetteer.qgz")).unwrap();
        let raw = Gazetteer::from_artifact(BUILTIN).unwrap();
        assert_eq!(packed.entries.len(), raw.entries.len());
        assert_eq!(packed.skeleton_count(), raw.skeleton_count());
        for i in (0..raw.entries.len()).step_by(997) {
            assert_eq!(
                format!("{:?}", packed.entries[i]),
                format!("{:?}", raw.entries[i])
            );
        }
        assert!(builtin_artifact_len() > 1_000_000);
    }
}
