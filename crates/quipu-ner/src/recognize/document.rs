//! The document-level passes of the recognizer, run after each sentence
//! is tagged: vessels named in the document (`propagate_ships`), vessels by
//! their syntax (`ship_context`), persons named elsewhere in the document
//! (`propagate_persons`), epithets (`resolve_epithets`) and surname
//! particles (`surname_particles`).

use super::*;

impl Recognizer {
    /// One sense per document: a capitalized name no layer marked, that
    /// is a form of a person named in full or with a title elsewhere in the
    /// document (`La Serna` after `José de la Serna`), is that person.
    /// One sense per document for vessels (rule `ship-in-document`): a
    /// name a rule made a ship (`the frigate Esmeralda`) is that ship again
    ///
    /// * after an article (`the Esmeralda`, `la Esmeralda`), where no other
    ///   layer marked it; a name found as a ship only in italics is carried
    ///   to plain mentions only when the document has more ships of that
    ///   name than plain mentions of it (books that italicize ships write
    ///   the river or the person plain: `the frigate _Maipo_`, `the left
    ///   bank of the Maipó`);
    /// * in Gutenberg italics after an article or joined to another ship
    ///   (`the _Esmeralda_`, `the _O'Higgins_ and _Lautaro_`), and in
    ///   italics anywhere (`_Pedro Primiero_, July 27, 1823.`) when at least
    ///   half of the name's italic mentions are ships (books italicize
    ///   titles, saints and towns too: `la advocación de _Santiago_`).
    ///
    /// In italics the model's guess and the weak person readings give way.
    /// Without the article or the italics the name may be the person it
    /// honours (`O'Higgins`).
    pub(super) fn propagate_ships(
        &self,
        text: &str,
        doc: &DocToks,
        lower_all: &[&str],
        out: &mut Vec<Mention>,
    ) {
        use rustc_hash::{FxHashMap, FxHashSet};
        if !out.iter().any(|m| m.label == "SHIP") {
            return;
        }
        let sentences: Vec<Span> = doc.sents.iter().map(|(s, _, _)| *s).collect();
        // In italics: an odd number of marks before it in its sentence
        // (runs of italics do not cross sentences here).
        let in_italics = |span: Span| {
            let k = sentences.partition_point(|s| s.end <= span.start);
            sentences.get(k).is_some_and(|s| {
                s.start <= span.start
                    && text[s.start..span.start]
                        .bytes()
                        .filter(|&b| b == b'_')
                        .count()
                        % 2
                        == 1
            })
        };
        let mut plain: FxHashSet<String> = Default::default();
        let mut italic: FxHashSet<String> = Default::default();
        for m in out.iter().filter(|m| m.label == "SHIP") {
            // (`the Spanish ships`, `the Patriot army`: not names.)
            if self.lex.word(&m.text.to_lowercase()) & class::DEMONYM != 0 {
                continue;
            }
            let key = canonical::fold(&m.text);
            if !in_italics(m.span) {
                plain.insert(key.clone());
            }
            italic.insert(key);
        }
        if italic.is_empty() {
            return;
        }
        let firsts: FxHashSet<&str> = italic
            .iter()
            .filter_map(|k| k.split(char::is_whitespace).next())
            .collect();
        struct Seen {
            key: String,
            span: Span,
            over: Vec<usize>,
            italic: bool,
            /// After an article, or (italics) joined to another ship.
            marked: bool,
            /// Italics after a possessive: a book's title (`Mitre's _San
            /// Martin_`), never a ship here.
            title: bool,
            ship: bool,
        }
        let covered = SpanIndex::new(out.iter().map(|m| m.span));
        let mut seen: Vec<Seen> = Vec::new();
        for (_, _, r) in &doc.sents {
            let t = &doc.toks[r.clone()];
            let lower = &lower_all[r.clone()];
            let name_span = |a: usize, end: usize| vessel_span(t, a, end);
            let mut see =
                |span: Span, italic_run: bool, marked: bool, title: bool| -> Option<bool> {
                    let key = canonical::fold(&text[span.start..span.end]);
                    if !italic.contains(&key) {
                        return None;
                    }
                    let over: Vec<usize> = covered.overlapping(span).collect();
                    let ship = over.iter().any(|&k| out[k].label == "SHIP");
                    seen.push(Seen {
                        key,
                        span,
                        over,
                        italic: italic_run,
                        marked,
                        title,
                        ship,
                    });
                    Some(ship)
                };
            // The token after the last run of italics that held a ship's name.
            let mut last_ship = None;
            let mut i = 0;
            while i < t.len() {
                if t[i].text == "_"
                    && let Some((names, after)) = self.italic_names(t, lower, i)
                {
                    let mut b = i;
                    while b > 0 && t[b - 1].cls & class::AND != 0 {
                        b -= 1;
                    }
                    let art = i > 0 && self.lex.ship_articles.contains(lower[i - 1]);
                    let joined = b < i && last_ship == Some(b);
                    let title = i > 0 && is_possessive(t[i - 1].text);
                    let mut any = false;
                    for (a, end) in names {
                        any |= see(name_span(a, end), true, art || joined, title).is_some();
                    }
                    if any {
                        last_ship = Some(after);
                    }
                    i = after;
                    continue;
                }
                let j = i;
                i += 1;
                if !t[j].cap || (j > 0 && t[j - 1].text == "_") {
                    continue;
                }
                // (Most capitalized words start no ship's name.)
                if !firsts.contains(canonical::fold(t[j].text).as_str()) {
                    continue;
                }
                let end = self.ship_name(t, lower, j);
                if end == j {
                    continue;
                }
                let art = j > 0 && self.lex.ship_articles.contains(lower[j - 1]);
                see(name_span(j, end), false, art, false);
            }
        }
        // The name's ships (found, or marked italics), italic mentions and
        // plain mentions.
        let mut ships: FxHashMap<&str, (usize, usize, usize)> = Default::default();
        for x in &seen {
            let c = ships.entry(x.key.as_str()).or_default();
            if x.ship || (x.italic && x.marked) {
                c.0 += 1;
            }
            if x.italic {
                c.1 += 1;
            } else if !x.ship {
                c.2 += 1;
            }
        }
        let weak = |m: &Mention| {
            m.layer == Layer::Model
                || matches!(
                    m.rule,
                    Some("person-context" | "person-in-document" | "label-in-document")
                )
        };
        let mut added = Vec::new();
        let mut relabel = Vec::new();
        let mut replaced = Vec::new();
        for x in &seen {
            if x.ship || x.title {
                continue;
            }
            let (n_ships, n_italic, n_plain) = ships[x.key.as_str()];
            let name = &text[x.span.start..x.span.end];
            let mention = Mention {
                span: x.span,
                text: name.to_string(),
                label: "SHIP".into(),
                layer: Layer::Rule,
                rule: Some("ship-in-document"),
                title: None,
                canonical: None,
            };
            if x.italic {
                if (x.marked || 2 * n_ships >= n_italic) && x.over.iter().all(|&k| weak(&out[k])) {
                    replaced.extend(x.over.iter().copied());
                    added.push(mention);
                }
                continue;
            }
            if !x.marked || !(plain.contains(&x.key) || n_ships > n_plain) {
                continue;
            }
            // The model's own guess there (`LOC`) gives way; so does a
            // person read from the name alone (a hint, one sense per
            // document: `the convoy of the Maria Isabel` in a document that
            // writes `the frigate, Maria Isabel`: a person's name takes no
            // article); any other layer's reading stays.
            if x.over.is_empty() {
                added.push(mention);
            } else if x
                .over
                .iter()
                .all(|&k| out[k].layer == Layer::Model && out[k].label != "PER")
            {
                relabel.extend(x.over.iter().copied());
            } else if n_ships > 0
                && x.over
                    .iter()
                    .all(|&k| out[k].span == x.span && weak(&out[k]))
            {
                replaced.extend(x.over.iter().copied());
                added.push(mention);
            }
        }
        for k in relabel {
            let m = &mut out[k];
            m.label = "SHIP".into();
            m.layer = Layer::Rule;
            m.rule = Some("ship-in-document");
        }
        if !replaced.is_empty() {
            replaced.sort_unstable();
            replaced.dedup();
            let mut k = 0;
            let mut idx = 0;
            out.retain(|_| {
                let drop = replaced.get(k) == Some(&idx);
                if drop {
                    k += 1;
                }
                idx += 1;
                !drop
            });
        }
        added.sort_by_key(|m| (m.span.start, m.span.end));
        added.dedup_by_key(|m| m.span);
        out.extend(added);
    }

    /// English vessels by their syntax (rule `ship-context`): `the` + a
    /// name after a phrase that takes vessels as objects (`fell in with`,
    /// `captured`, `the capture of`: `ship_object` of `rules.toml`), or
    /// before one that makes it a vessel's subject (`put to sea`, `struck
    /// her colours`: `ship_subject`), is a ship when a word of seafaring
    /// (a vessel type or a word of `[ship] context`) stands in its sentence,
    /// outside the phrase itself, or in the sentence before or after. Those
    /// phrases also take forts, towns and armies, which the seafaring words
    /// around tell apart; the model's reading there gives way, another
    /// rule's stays.
    pub(super) fn ship_context(&self, doc: &DocToks, lower_all: &[&str], out: &mut Vec<Mention>) {
        if self.lex.ship_object.is_empty() && self.lex.ship_subject.is_empty() {
            return;
        }
        let text = doc.text;
        let sea_word = |t: &Tok, l: &str| {
            t.kind == TokenKind::Word
                && ((!t.cap
                    && (self.lex.ship_context.contains(l) || t.cls & class::SHIP_BEFORE != 0))
                    || t.cls & class::SHIP != 0)
        };
        let sea: Vec<bool> = doc
            .sents
            .iter()
            .map(|(_, _, r)| {
                doc.toks[r.clone()]
                    .iter()
                    .zip(&lower_all[r.clone()])
                    .any(|(t, l)| sea_word(t, l))
            })
            .collect();
        // The names the document writes with a title (lowercased): surely
        // persons, and a vessel named after one shares the name — none of
        // whose words the document also writes in lower case (`the Supreme
        // Government … she`: a common noun). Built only when a sentence
        // has a `the X … she`.
        let persons: std::cell::OnceCell<rustc_hash::FxHashSet<String>> = Default::default();
        let persons = || {
            persons.get_or_init(|| {
                let lower_words: rustc_hash::FxHashSet<&str> = doc
                    .toks
                    .iter()
                    .zip(lower_all)
                    .filter(|(t, _)| t.kind == TokenKind::Word && !t.cap)
                    .map(|(_, l)| *l)
                    .collect();
                out.iter()
                    .filter(|m| m.label == "PER" && m.title.is_some())
                    .map(|m| text[m.span.start..m.span.end].to_lowercase())
                    .filter(|n| n.split_whitespace().all(|w| !lower_words.contains(w)))
                    .collect()
            })
        };
        let mut found: Vec<Span> = Vec::new();
        // Spans whose evidence (the article and `she`) beats a person read
        // from the name alone elsewhere in the document.
        let mut over_persons: Vec<Span> = Vec::new();
        for (si, (_, lang, r)) in doc.sents.iter().enumerate() {
            let en = *lang == Lang::En;
            if !en && self.lex.ship_armament.is_empty() {
                continue;
            }
            let t = &doc.toks[r.clone()];
            let lower = &lower_all[r.clone()];
            let n = t.len();
            let near = |skip: std::ops::Range<usize>| {
                (si > 0 && sea[si - 1])
                    || sea.get(si + 1).copied().unwrap_or(false)
                    || (0..n).any(|k| !skip.contains(&k) && sea_word(&t[k], lower[k]))
            };
            // A vessel's name at `j` (after `the`): its end, or `j`.
            let name_at = |j: usize| -> usize {
                if j >= n || !t[j].cap {
                    return j;
                }
                let end = self.ship_name(t, lower, j);
                // (A name before a lowercase word of seafaring, a vessel or
                // unit word modifies it: `the Baltic convoy`.)
                let modifier = end < n
                    && !t[end].cap
                    && (self.lex.ship_context.contains(lower[end])
                        || t[end].cls & (class::SHIP | class::MIL) != 0);
                let bad = modifier
                    || (j..end).any(|k| {
                        t[k].cls & (class::DEMONYM | class::TITLE | class::MIL | class::SHIP) != 0
                            && end == j + 1
                    })
                    || (j..end).any(|k| self.lex.not_names.contains(lower[k]));
                if bad || end - j > 4 { j } else { end }
            };
            let span_of = |a: usize, b: usize| vessel_span(t, a, b);
            // `the San Martin of sixty-four guns, and the Lantaro of
            // forty-four`, `la Esmeralda de 44 cañones`: an article, a
            // name, `of` and a number of guns (the armament word may be left
            // to the first of a list), with seafaring near.
            let number_end = |mut k: usize| -> usize {
                let a = k;
                while k < n
                    && k < a + 5
                    && !t[k].cap
                    && (t[k].kind == TokenKind::Number
                        || (t[k].text == "-" && k > a)
                        || (t[k].kind == TokenKind::Word
                            && !self.lex.ship_armament.contains(lower[k])
                            && !matches!(lower[k], "and" | "y" | "the" | "la" | "el")))
                {
                    k += 1;
                }
                k
            };
            let mut armed = false;
            for i in 0..n {
                if !self.lex.ship_articles.contains(lower[i]) {
                    continue;
                }
                let end = name_at(i + 1);
                if end == i + 1 || end + 2 >= n || !matches!(lower[end], "of" | "de") {
                    continue;
                }
                let k = number_end(end + 1);
                if k == end + 1 {
                    continue;
                }
                let rated = k < n && self.lex.ship_armament.contains(lower[k]);
                // Elided after a rated one: `and the Lantaro of forty-four`.
                let listed = armed
                    && i > 0
                    && matches!(lower[i - 1], "and" | "y" | ",")
                    && (k == n || !t[k].cap && t[k].kind != TokenKind::Word);
                if (rated || listed) && near(i..k + 1) {
                    found.push(span_of(i + 1, end));
                    armed = true;
                }
            }
            if !en {
                continue;
            }
            for i in 0..n {
                // `fell in with the Boxer`, `engaged the San Josef and the
                // San Nicolas`.
                if !t[i].cap {
                    let k = Lexicon::rule_phrase_at(&self.lex.ship_object, lower, i);
                    if k > 0 && i + k + 1 < n && lower[i + k] == "the" {
                        let mut j = i + k + 1;
                        let mut names = Vec::new();
                        loop {
                            let end = name_at(j);
                            if end == j {
                                break;
                            }
                            names.push((j, end));
                            if end + 1 < n && lower[end] == "and" {
                                j = end + 1 + usize::from(lower[end + 1] == "the");
                                continue;
                            }
                            break;
                        }
                        if !names.is_empty() && near(i..i + k) {
                            found.extend(names.iter().map(|&(a, b)| span_of(a, b)));
                        }
                    }
                }
                // `The Chesapeake put to sea` (not after a preposition: `a
                // gunboat on the Bio-Bio was captured`).
                if lower[i] == "the" && !(i > 0 && self.lex.agent_not_before.contains(lower[i - 1]))
                {
                    let end = name_at(i + 1);
                    if end > i + 1 {
                        let k = Lexicon::rule_phrase_at(&self.lex.ship_subject, lower, end);
                        if k > 0 && !t[end].cap && near(end..end + k) {
                            found.push(span_of(i + 1, end));
                        } else if end < n
                            && !t[end].cap
                            && lower[end + 1..].contains(&"she")
                            && near(end..end)
                        {
                            // `the San Martin was ordered to the said port,
                            // which she entered`: a person's name with an
                            // article, that the sentence then calls `she`,
                            // is a vessel named after the person (the
                            // document writes the person with a title
                            // elsewhere: `General San Martin`).
                            let span = span_of(i + 1, end);
                            let name = text[span.start..span.end].to_lowercase();
                            if persons().contains(name.as_str()) {
                                found.push(span);
                                over_persons.push(span);
                            }
                        }
                    }
                }
            }
        }
        if found.is_empty() {
            return;
        }
        found.sort_by_key(|s| (s.start, s.end));
        found.dedup();
        let index = SpanIndex::new(out.iter().map(|m| m.span));
        let mut drop = vec![false; out.len()];
        let mut added = Vec::new();
        for span in found {
            let over: Vec<usize> = index.overlapping(span).collect();
            let propagated = |m: &Mention| {
                over_persons.contains(&span)
                    && m.label == "PER"
                    && matches!(
                        m.rule,
                        Some("person-context" | "person-in-document" | "label-in-document")
                    )
            };
            if over
                .iter()
                .any(|&k| out[k].layer != Layer::Model && !propagated(&out[k]))
            {
                continue;
            }
            for k in over {
                drop[k] = true;
            }
            added.push(Mention {
                span,
                text: text[span.start..span.end].to_string(),
                label: "SHIP".into(),
                layer: Layer::Rule,
                rule: Some("ship-context"),
                title: None,
                canonical: None,
            });
        }
        let mut k = 0;
        out.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
        out.extend(added);
    }

    pub(super) fn propagate_persons(
        &self,
        doc: &DocToks,
        lower_all: &[&str],
        out: &mut Vec<Mention>,
    ) {
        let mut evidence = canonical::person_evidence(out, &self.lex);
        evidence.sort_by_key(|(p, _)| *p);
        if evidence.is_empty() {
            return;
        }
        // Case memory: words the document writes in lowercase more often
        // than capitalized (other than at a sentence start) are not names.
        // (Counted per written word first, then folded once per word.)
        let counts = doc.word_counts(|tk, k| {
            if tk.text.chars().next().is_some_and(char::is_lowercase) {
                Some((1, 0))
            } else if k > 0 {
                Some((0, 1))
            } else {
                None
            }
        });
        let mut case: rustc_hash::FxHashMap<String, (u32, u32)> = Default::default();
        let mut key = String::new();
        for (w, (lo, cap)) in counts {
            key.clear();
            canonical::fold_into(w, &mut key);
            match case.get_mut(key.as_str()) {
                Some(e) => {
                    e.0 += lo;
                    e.1 += cap;
                }
                None => {
                    case.insert(key.clone(), (lo, cap));
                }
            }
        }
        let mostly_lower = |w: &str| case.get(w).is_some_and(|&(lo, cap)| lo > cap);
        let mut covered: Vec<(usize, usize)> =
            out.iter().map(|m| (m.span.start, m.span.end)).collect();
        covered.sort();
        let is_covered = |covered: &[(usize, usize)], a: usize, b: usize| {
            let k = covered.partition_point(|c| c.1 <= a);
            covered.get(k).is_some_and(|c| c.0 < b)
        };
        let text = doc.text;
        let mut added = Vec::new();
        for (_, _, r) in &doc.sents {
            let t = &doc.toks[r.clone()];
            let lower = &lower_all[r.clone()];
            let mut i = 0;
            while i < t.len() {
                let end = self.name_run(t, lower, i);
                if end == i || end - i > 5 {
                    i = end.max(i + 1);
                    continue;
                }
                // The longest compatible tail of the run (`Later La Serna`
                // → `La Serna`).
                let mut found = None;
                for k in i..end {
                    if !t[k].cap {
                        continue;
                    }
                    let mut span = Span::new(t[k].span.start, t[end - 1].span.end);
                    if is_possessive(t[end - 1].text) && t[end - 1].text.len() > 3 {
                        span.end -= if t[end - 1].text.ends_with("\u{2019}s") {
                            4
                        } else {
                            2
                        };
                    }
                    let name = canonical::parse(&text[span.start..span.end], &self.lex);
                    // Evidence near enough (a book is not one story).
                    let full: Vec<&canonical::Name> =
                        canonical::near_slice(&evidence, span.start, EVIDENCE_WINDOW)
                            .iter()
                            .map(|(_, n)| n)
                            .collect();
                    // Every word must be a word of some known name
                    // (`Later La Serna` is not a form of `Laserna`), and
                    // not one the document mostly writes in lowercase…
                    let known = || {
                        name.words.iter().all(|w| {
                            w.chars().count() > 1
                                && !mostly_lower(w)
                                && full
                                    .iter()
                                    .any(|f| f.words.contains(w) || f.glued.contains(w.as_str()))
                        })
                    };
                    // …and end in a surname of that person (`Indias` is
                    // not `Consejo de Indias`'s family name). (This test
                    // first: it fails for most names, and cheaply.)
                    let surname = |f: &canonical::Name| {
                        name.words.last() == f.words.last() || name.glued == f.surname_glued
                    };
                    if full
                        .iter()
                        .any(|f| surname(f) && canonical::compatible(&name, f))
                        && known()
                    {
                        found = Some(span);
                        break;
                    }
                }
                if let Some(span) = found
                    && !is_covered(&covered, span.start, span.end)
                {
                    added.push(Mention {
                        span,
                        text: text[span.start..span.end].to_string(),
                        label: "PER".into(),
                        layer: Layer::Rule,
                        rule: Some("person-in-document"),
                        title: None,
                        canonical: None,
                    });
                }
                i = end;
            }
        }
        for m in &added {
            let k = covered.partition_point(|c| *c < (m.span.start, m.span.end));
            covered.insert(k, (m.span.start, m.span.end));
        }
        out.extend(added);
    }
}

/// Who an epithet (`the Liberator`, `el Libertador`) stands for, when the
/// text says it. One epithet names one person in a document; each of its
/// mentions votes:
///
/// * a person in apposition counts 3 (`Bolívar, the Liberator`, `the
///   Liberator Simón Bolívar`);
/// * the first person named in the sentence before and in the sentence
///   after count 1 each, and so does a person that opens the epithet's own
///   sentence (its subject: `San Martín, while in Peru as its Protector`);
///   a person named later in the epithet's sentence is usually someone
///   else (`Santander replied to the Liberator`) and does not count;
/// * outside apposition, persons the document gives another title
///   (`Viceroy Laserna`, `vicepresidente Santander`) do not count.
///
/// The person with most votes, if there is one, is the canonical of every
/// mention of the epithet; otherwise it stays `null`.
/// The span of a vessel's name over tokens `a..end`, without a final
/// possessive (`the Esmeralda's boats`: `Esmeralda`).
fn vessel_span(t: &[Tok], a: usize, end: usize) -> Span {
    let mut span = Span::new(t[a].span.start, t[end - 1].span.end);
    let last = t[end - 1].text;
    if is_possessive(last) && last.len() > 3 {
        span.end -= 2 + usize::from(last.contains('\u{2019}')) * 2;
    }
    span
}

pub(super) fn resolve_epithets(text: &str, sentences: &[(Span, Lang)], out: &mut [Mention]) {
    let is_epithet = |m: &Mention| m.rule == Some("epithet");
    if !out.iter().any(is_epithet) {
        return;
    }
    let sentence_of = |p: usize| sentences.partition_point(|(s, _)| s.end <= p);
    // The first person of each sentence, and whether it opens it.
    let mut first: rustc_hash::FxHashMap<usize, (usize, bool)> = Default::default();
    for (i, m) in out.iter().enumerate() {
        if m.label != "PER" || is_epithet(m) || m.canonical.is_none() {
            continue;
        }
        let si = sentence_of(m.span.start);
        let opens = sentences.get(si).is_some_and(|(s, _)| {
            text.get(s.start..m.span.start)
                .is_some_and(|b| b.chars().all(|c| !c.is_alphanumeric()))
        });
        first.entry(si).or_insert((i, opens));
    }
    let titled: rustc_hash::FxHashSet<&str> = out
        .iter()
        .filter(|m| m.label == "PER" && m.title.is_some() && !is_epithet(m))
        .filter_map(|m| m.canonical.as_deref())
        .collect();
    let mut votes: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>> =
        Default::default();
    // Apposition needs a person within a few bytes: look only there.
    let index = SpanIndex::new(out.iter().map(|m| m.span));
    for e in out.iter().filter(|m| is_epithet(m)) {
        let key = canonical::fold(strip_possessive(&e.text));
        let v = votes.entry(key).or_default();
        let sp = e.span;
        let around = Span::new(sp.start.saturating_sub(16), sp.end + 3);
        for k in index.overlapping(around) {
            let m = &out[k];
            if m.label != "PER" || is_epithet(m) {
                continue;
            }
            let Some(c) = &m.canonical else { continue };
            let between = if m.span.end <= sp.start {
                text.get(m.span.end..sp.start).map(|b| {
                    let b = b.trim();
                    let b = ["the", "The", "el", "El", "la", "La"]
                        .iter()
                        .find_map(|d| b.strip_suffix(d))
                        .unwrap_or(b);
                    (b.trim(), true)
                })
            } else if m.span.start >= sp.end {
                text.get(sp.end..m.span.start).map(|b| (b.trim(), false))
            } else {
                None
            };
            let apposition = between.is_some_and(|(b, before)| {
                if before {
                    b == ","
                } else {
                    b.is_empty() && m.span.start - sp.end <= 2
                }
            });
            if apposition {
                *v.entry(c.clone()).or_default() += 3;
            }
        }
        let si = sentence_of(sp.start);
        let mut near = Vec::new();
        if si > 0
            && let Some(&(i, _)) = first.get(&(si - 1))
        {
            near.push(i);
        }
        if let Some(&(i, _)) = first.get(&(si + 1)) {
            near.push(i);
        }
        if let Some(&(i, true)) = first.get(&si)
            && out[i].span.end <= sp.start
        {
            near.push(i);
        }
        for i in near {
            if let Some(c) = &out[i].canonical
                && !titled.contains(c.as_str())
            {
                *v.entry(c.clone()).or_default() += 1;
            }
        }
    }
    if std::env::var_os("QUIPU_DEBUG_EPITHETS").is_some() {
        eprintln!("epithet votes: {votes:?}");
    }
    let winners: rustc_hash::FxHashMap<String, String> = votes
        .into_iter()
        .filter_map(|(k, v)| {
            let mut ranked: Vec<(String, u32)> = v.into_iter().collect();
            ranked.sort_by_key(|b| std::cmp::Reverse(b.1));
            let best = ranked.first()?;
            (ranked.get(1).is_none_or(|r| r.1 < best.1)).then(|| (k, best.0.clone()))
        })
        .collect();
    for e in out.iter_mut().filter(|m| m.rule == Some("epithet")) {
        e.canonical = winners
            .get(&canonical::fold(strip_possessive(&e.text)))
            .cloned();
    }
}

/// Capitalized particles that open a compound surname (`Las Heras`, `La
/// Serna`, `Del Valle`, `Van Dyck`; not `Los`, which mostly opens plural
/// names of places and groups: `Los Patos`, `Los Carbonarios`). The articles may start a sentence
/// (`Las Heras rode among them`); `De`/`Del` there is a preposition (`De
/// Sucre se dijo…`), so they join only inside a sentence.
const SURNAME_PARTICLES: &[(&str, bool)] = &[
    ("La", true),
    ("Las", true),
    ("Le", true),
    ("De", false),
    ("Del", false),
    ("Van", true),
    ("Von", true),
    ("Du", false),
    ("Da", false),
    ("Dos", false),
];

/// A person's name that the tagger began after the capitalized particle of
/// its surname (`General Las` + `Heras`) takes the particle in, when no
/// other mention holds it.
pub(super) fn surname_particles(text: &str, out: &mut [Mention]) {
    let mut taken: Vec<Span> = out.iter().map(|m| m.span).collect();
    taken.sort();
    for m in out.iter_mut().filter(|m| m.label == "PER") {
        // One space or one line break between the particle and the name
        // (`San Martin and Las\nHeras`).
        let before = &text[..m.span.start];
        let Some(b) = before.strip_suffix(' ').or_else(|| {
            before
                .strip_suffix('\n')
                .map(|b| b.strip_suffix('\r').unwrap_or(b))
        }) else {
            continue;
        };
        let Some(&(p, anywhere)) = SURNAME_PARTICLES.iter().find(|(p, _)| {
            b.ends_with(p)
                && !b[..b.len() - p.len()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        }) else {
            continue;
        };
        let ps = b.len() - p.len();
        let prev = text[..ps].trim_end().chars().next_back();
        let sentence_start =
            prev.is_none_or(|c| ".!?:;\"“(\n".contains(c) || text[..ps].ends_with('\n'));
        if sentence_start && !anywhere {
            continue;
        }
        let i = taken.partition_point(|s| s.end <= ps);
        let free = taken.get(i).is_none_or(|s| s.start >= m.span.start);
        if !free {
            continue;
        }
        m.span = Span::new(ps, m.span.end);
        m.text = text[ps..m.span.end].to_string();
    }
}
