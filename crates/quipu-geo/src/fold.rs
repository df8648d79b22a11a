//! Folding and orthographic skeletons.
//!
//! Matching never works on the document text itself: a name is a sequence of
//! tokens (`quipu_text::tokenize`), each token keeps its byte span in the
//! document, and only the *key* built from the tokens is folded. The spans
//! are the offset map back to the original bytes.
//!
//! * [`fold`]: lower case, diacritics removed (`Popayán` → `popayan`,
//!   `Agüero` → `aguero`), typographic apostrophes made plain.
//! * [`skeleton`]: the folded key rewritten by general rules of older
//!   Spanish and English spellings of American and Iberian names, so that
//!   variants share one skeleton. Each rule has a name ([`Rule`]) so a match
//!   can say which rule made two spellings equal.

/// Fold one character: lower case without diacritics. Returns the folded
/// text (one or two characters) through `out`.
fn fold_char(c: char, out: &mut String) {
    let s = match c {
        'A'..='Z' => {
            out.push(c.to_ascii_lowercase());
            return;
        }
        'a'..='z' | '0'..='9' | ' ' | '\'' => {
            out.push(c);
            return;
        }
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'Ā' | 'ā' | 'Ă'
        | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' | 'Ð' | 'ð' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'è' | 'é' | 'ê' | 'ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě'
        | 'ě' => "e",
        'Ğ' | 'ğ' | 'Ģ' | 'ģ' => "g",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'ì' | 'í' | 'î' | 'ï' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => {
            "i"
        }
        'Ł' | 'ł' | 'Ľ' | 'ľ' | 'Ĺ' | 'ĺ' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ō' | 'ō' | 'Ő'
        | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ť' | 'ť' | 'Ţ' | 'ţ' | 'Ț' | 'ț' => "t",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'ù' | 'ú' | 'û' | 'ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => {
            "u"
        }
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        'Þ' | 'þ' => "th",
        '\u{2019}' | '\u{2018}' | '`' | '´' => "'",
        '\u{0300}'..='\u{036f}' => return, // combining marks
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(s);
}

/// Lower case without diacritics.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] appending to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'\'')
    {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    out.reserve(s.len());
    for c in s.chars() {
        fold_char(c, out);
    }
}

/// The matching key of a name: its word tokens folded and joined by one
/// space (`Sant Julià de Lòria` → `sant julia de loria`, `Saint-Denis` →
/// `saint denis`). Other punctuation ends nothing here: a gazetteer name is
/// one name. Text and gazetteer are keyed by the same function.
pub fn key(name: &str) -> String {
    // Fast path: plain ASCII words separated by single spaces.
    let b = name.as_bytes();
    if !b.is_empty()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b' ')
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && !name.contains("  ")
    {
        return name.to_ascii_lowercase();
    }
    let mut toks = Vec::new();
    quipu_text::tokenize(name, 0, &mut toks);
    let mut out = String::with_capacity(name.len());
    for t in &toks {
        if t.kind == quipu_text::TokenKind::Punct {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        fold_into(&name[t.span.start..t.span.end], &mut out);
    }
    out
}

/// The orthographic rules that make spellings share a skeleton.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Same letters, other accents or case (`Popayan` / `Popayán`).
    Accents,
    /// `x` / `j` / soft `g` (`Xauxa` / `Jauja`, `Gerónimo` / `Jerónimo`).
    XJ,
    /// `gu` / `hu` / `w` before a vowel (`Guaylas` / `Huaylas`).
    GuHu,
    /// `v` / `b` (`Cordova` / `Córdoba`).
    VB,
    /// `y` / `i` (`Yahuachi` / `Iahuachi`, `Paytá` / `Paitá`).
    YI,
    /// soft `c` / `z` / `s` (`Cuzco` / `Cusco`).
    CZS,
    /// hard `c` / `qu` / `k` (`Quito` / `Kito`).
    CQK,
    /// a silent `h` (`Habana` / `Avana`), `ph` / `f`, `th` / `t`.
    H,
    /// doubled letters (`Callao` / `Calao`, `Cartagenna`).
    Double,
    /// split or joined words (`Rio Bamba` / `Riobamba`).
    Spacing,
    /// the long s of older printing read as `f` (`Carlifle` / `Carlisle`).
    LongS,
    /// the guarded edit-distance fallback.
    EditDistance,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::Accents => "accents",
            Rule::XJ => "x/j",
            Rule::GuHu => "gu/hu",
            Rule::VB => "v/b",
            Rule::YI => "y/i",
            Rule::CZS => "c/z/s",
            Rule::CQK => "c/qu/k",
            Rule::H => "h",
            Rule::Double => "double-letters",
            Rule::Spacing => "split-joined",
            Rule::LongS => "long-s",
            Rule::EditDistance => "edit-distance",
        }
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The skeleton of a folded key, and the rules that changed something.
/// Two keys with the same skeleton are spelling variants; the rules that
/// fired on either side say how.
pub fn skeleton_with_rules(key: &str, rules: &mut Vec<Rule>) -> String {
    let b = key.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let fire = |r: Rule, rules: &mut Vec<Rule>| {
        if !rules.contains(&r) {
            rules.push(r);
        }
    };
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let n = at(i + 1);
        match c {
            b' ' | b'\'' | b'-' => {
                fire(Rule::Spacing, rules);
                i += 1;
                continue;
            }
            b'x' => {
                fire(Rule::XJ, rules);
                out.push(b'j');
            }
            b'g' if n == b'e' || n == b'i' => {
                fire(Rule::XJ, rules);
                out.push(b'j');
            }
            b'g' | b'h' if n == b'u' && is_vowel(at(i + 2)) && at(i + 2) != b'u' => {
                // `gua`, `hua`, `gue`: the u is a glide.
                if c == b'g' && matches!(at(i + 2), b'e' | b'i') {
                    // `gue` / `gui`: a hard g, the u is silent.
                    out.push(b'g');
                    i += 2;
                    continue;
                }
                fire(Rule::GuHu, rules);
                out.push(b'w');
                i += 2;
                continue;
            }
            b'w' => {
                fire(Rule::GuHu, rules);
                out.push(b'w');
            }
            b'v' => {
                fire(Rule::VB, rules);
                out.push(b'b');
            }
            b'y' => {
                fire(Rule::YI, rules);
                out.push(b'i');
            }
            b'z' => {
                fire(Rule::CZS, rules);
                out.push(b's');
            }
            b'c' if n == b'e' || n == b'i' => {
                fire(Rule::CZS, rules);
                out.push(b's');
            }
            b'c' if n == b'h' => {
                out.extend_from_slice(b"ch");
                i += 2;
                continue;
            }
            b'c' => {
                fire(Rule::CQK, rules);
                out.push(b'k');
            }
            b'q' if n == b'u' => {
                fire(Rule::CQK, rules);
                out.push(b'k');
                i += 2;
                continue;
            }
            b'q' | b'k' => {
                fire(Rule::CQK, rules);
                out.push(b'k');
            }
            b'p' if n == b'h' => {
                fire(Rule::H, rules);
                out.push(b'f');
                i += 2;
                continue;
            }
            b't' if n == b'h' => {
                fire(Rule::H, rules);
                out.push(b't');
                i += 2;
                continue;
            }
            b'h' if !matches!(out.last(), Some(b's') | Some(b'c')) => {
                fire(Rule::H, rules);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    // Doubled letters count once.
    let before = out.len();
    out.dedup();
    if out.len() != before {
        fire(Rule::Double, rules);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// [`skeleton_with_rules`] without the rules.
pub fn skeleton(key: &str) -> String {
    let mut r = Vec::new();
    skeleton_with_rules(key, &mut r)
}

/// The rules that make `a` and `b` (two folded keys with the same skeleton)
/// equal: those that fired on one side and not in the same way on the other
/// are what differ; reported as the rules whose letters actually differ.
pub fn explain(a: &str, b: &str) -> Vec<Rule> {
    if a == b {
        return vec![];
    }
    let (mut ra, mut rb) = (Vec::new(), Vec::new());
    skeleton_with_rules(a, &mut ra);
    skeleton_with_rules(b, &mut rb);
    let mut out = Vec::new();
    let aj: String = a.chars().filter(|c| *c != ' ').collect();
    let bj: String = b.chars().filter(|c| *c != ' ').collect();
    if a.contains(' ') != b.contains(' ') || (aj == bj && a != b) {
        out.push(Rule::Spacing);
    }
    if aj == bj {
        return out;
    }
    // A rule explains the difference when applying it alone to both sides
    // brings them closer; approximated by: the rule fired on exactly one
    // side, or the letters it rewrites occur differently on the two sides.
    for r in [
        Rule::XJ,
        Rule::GuHu,
        Rule::VB,
        Rule::YI,
        Rule::CZS,
        Rule::CQK,
        Rule::H,
        Rule::Double,
    ] {
        let letters: &[u8] = match r {
            Rule::XJ => b"xjg",
            Rule::GuHu => b"guhw",
            Rule::VB => b"vb",
            Rule::YI => b"yi",
            Rule::CZS => b"czs",
            Rule::CQK => b"cqk",
            Rule::H => b"h",
            Rule::Double => b"",
            _ => b"",
        };
        let differs = if r == Rule::Double {
            has_double(&aj) != has_double(&bj)
        } else {
            letters.iter().any(|l| count(&aj, *l) != count(&bj, *l))
        };
        if differs && (ra.contains(&r) || rb.contains(&r)) {
            out.push(r);
        }
    }
    out
}

fn count(s: &str, l: u8) -> usize {
    s.bytes().filter(|b| *b == l).count()
}

fn has_double(s: &str) -> bool {
    s.as_bytes().windows(2).any(|w| w[0] == w[1])
}

/// Levenshtein distance, giving up (returning `max + 1`) past `max`.
///
/// Only the band of cells within `max` of the diagonal is computed: a cell
/// further out is more than `max` anyway, and reads as `max + 1`.
pub fn bounded_levenshtein(a: &[u8], b: &[u8], max: usize) -> usize {
    let big = max + 1;
    if a.len().abs_diff(b.len()) > max {
        return big;
    }
    // Names are short: rows on the stack, longer ones give up.
    const N: usize = 64;
    if b.len() >= N {
        return big;
    }
    // A common prefix or suffix changes no distance (the fuzzy lookup's
    // candidates all share the name's first letters).
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    let n = b.len();
    let (mut row_a, mut row_b) = ([big; N], [big; N]);
    // (Swapping the references, not the rows.)
    let (mut prev, mut cur) = (&mut row_a, &mut row_b);
    for (j, p) in prev.iter_mut().enumerate().take(n.min(max) + 1) {
        *p = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let i = i + 1;
        let lo = i.saturating_sub(max);
        let hi = (i + max).min(n);
        let mut row_min = big;
        if lo == 0 {
            cur[0] = i.min(big);
            row_min = cur[0];
        } else {
            cur[lo - 1] = big;
        }
        for j in lo.max(1)..=hi {
            let cost = usize::from(ca != b[j - 1]);
            let v = (prev[j - 1] + cost)
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(big);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < n {
            cur[hi + 1] = big;
        }
        if row_min > max {
            return big;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[n].min(big)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Popayán"), "popayan");
        assert_eq!(key("Sant Julià de Lòria"), "sant julia de loria");
        assert_eq!(key("Saint-Denis"), "saint denis");
        assert_eq!(key("O’Higgins"), "o'higgins");
    }

    #[test]
    fn skeletons_join_variants() {
        for (a, b) in [
            ("cuzco", "cusco"),
            ("rio bamba", "riobamba"),
            ("xauxa", "jauja"),
            ("guaylas", "huaylas"),
            ("cordova", "cordoba"),
            ("callao", "calao"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} {b}");
        }
        assert_ne!(skeleton("lima"), skeleton("loja"));
        assert_eq!(explain("cuzco", "cusco"), vec![Rule::CZS]);
        assert_eq!(explain("rio bamba", "riobamba"), vec![Rule::Spacing]);
    }

    #[test]
    fn levenshtein() {
        assert_eq!(bounded_levenshtein(b"babahoyos", b"babahoyo", 2), 1);
        assert_eq!(bounded_levenshtein(b"abc", b"xyz", 1), 2);
    }

    /// The plain dynamic programme, for comparison.
    fn full_levenshtein(a: &[u8], b: &[u8]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != cb);
                cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn bounded_levenshtein_is_exact_within_the_bound() {
        // Every pair of words of up to 5 letters over a 3-letter alphabet.
        let mut words: Vec<Vec<u8>> = vec![vec![]];
        for len in 1..=5 {
            let mut w = vec![b'a'; len];
            loop {
                words.push(w.clone());
                let mut k = 0;
                while k < len && w[k] == b'c' {
                    w[k] = b'a';
                    k += 1;
                }
                if k == len {
                    break;
                }
                w[k] += 1;
            }
        }
        for a in &words {
            for b in &words {
                let d = full_levenshtein(a, b);
                for max in 0..4 {
                    let want = if d <= max { d } else { max + 1 };
                    assert_eq!(bounded_levenshtein(a, b, max), want, "{a:?} {b:?} {max}");
                }
            }
        }
    }
}
